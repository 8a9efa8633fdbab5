"""Merging what the chunks found into one cast of actors and one set of quotes.

The same person appears in many chunks, documents and languages: "Trump",
"Donald Trump", "Дональд Трамп", "Kazakhstan's President Kassym-Jomart Tokayev".
People's names are stored without titles, roles and possessives (the role keeps the
title); countries take one name from a table of their abbreviations and other-language
names (countries.py), so "US", "U.S." and "США" are one actor. Names are then compared
by the phonetic keys of their words (names.py), without corporate suffixes. People
match on the surname (and the first name where both have one); organisations and
countries only on the whole name, since "Uzbekistan" and "Uzbekistan Airways" are
different actors. A one-word name ("Lula") joins the one multi-word person of the same
document it is a word of ("Luiz Inácio Lula da Silva"). Every spelling seen is kept as
an alias, when a source writes it letter for letter. Candidates are looked up by an index on the
surname's first consonant (names.initial, the same in every script), so merging stays near-linear
in the number of findings. What a model files as "other" (places, regions, products, groupings:
"Центральной Азии", "C5") is no actor unless a namesake is; a product's maker is ("Boeing 787
Dreamliner"). The name shown is the one a reader of the brief knows (naming.py).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..schema import Actor, ActorKind, Quote
from ..text import names
from .grounding import mention_in_text
from .naming import AskNames, basic_name, in_brief_script, mixed_script, names_china, shown_names, written_spellings
from .titles import clean_name, split_title, with_title

_SUFFIXES = {"llc", "inc", "ltd", "corp", "corporation", "co", "plc", "gmbh", "ag", "sa", "jsc", "the"}


@functools.lru_cache(maxsize=4096)  # the same few names are compared with every actor, quote and stake
def name_key(name: str) -> tuple[str, ...]:
    """Phonetic keys of a name's words, without corporate suffixes: "Wabtec Corp." -> ("vabtek",)."""
    folded = [w.casefold() for w in names.words(name)]
    return tuple(names.sound(w) for w in ([w for w in folded if w not in _SUFFIXES] or folded))


def _same_actor(a: tuple[str, ...], b: tuple[str, ...], kind: ActorKind) -> bool:
    if kind != "person":
        return len(a) == len(b) and all(names.close(x, y) for x, y in zip(a, b, strict=True))
    if not names.close(a[-1], b[-1]):
        return False
    if len(a) > 1 and len(b) > 1:  # both give a first name: it must agree ("Kris" ~ "Kristofer")
        agree = a[0].startswith(b[0]) or b[0].startswith(a[0]) or names.close(a[0], b[0])
        return agree or (a[0][:1] == b[0][:1] and _more_names_alike(a[1:], b[1:]))
    return True


def _more_names_alike(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two more names alike besides the first ("Luis Inasiu Lula da Silva", "Luiz Inácio Lula da Silva"):
    a transliterated first name a letter off is still one person; "Mark Smith" and "Mary Smith" are two."""
    return sum(1 for x in a if len(x) >= 4 and any(names.close(x, y) for y in b)) >= 2


@dataclass
class ActorFinding:
    """One actor as one chunk saw it."""

    name: str
    mention: str
    kind: ActorKind
    role: str
    source_id: str


@dataclass
class _Clean:
    """A finding with its name cleaned: what merging compares and stores."""

    name: str
    kind: ActorKind
    role: str
    spellings: list[str]  # what the model and the document wrote, for aliases
    source_id: str


@dataclass
class _Group:
    kind: ActorKind
    keys: set[tuple[str, ...]] = field(default_factory=set)
    findings: list[_Clean] = field(default_factory=list)


def _without_employer(name: str, title: str, organisations: Iterable[str]) -> tuple[str, str]:
    """A person's name without the organisation its title is of, which the title keeps.

    "глава Altyn Air Дана Серикова" leaves split_title "Altyn Air Дана Серикова": no title word
    marks where the firm ends, but the day's findings name "Altyn Air" as an organisation.
    """
    words = name.split()
    for organisation in organisations:
        firm = organisation.split()
        rest = words[len(firm) :]
        if rest and rest[0][:1].isupper() and all(names.same_word(a, b) for a, b in zip(words, firm, strict=False)):
            return " ".join(rest), f"{title} {organisation}".strip()
    return name, title


def _clean(finding: ActorFinding, organisations: Sequence[str] = ()) -> _Clean:
    name, kind, title = clean_name(finding.name, finding.kind)
    if kind == "person":
        name, title = _without_employer(name, title, organisations)
    spellings = [name]
    # A product ("Boeing 787 Dreamliner") stands for its maker, but is not one of the maker's names.
    product = finding.kind == "other" and kind == "organization"
    for raw in (finding.name, finding.mention):
        cleaned = clean_name(raw, finding.kind)[0] if raw else ""
        if kind == "person":
            spellings.append(_without_employer(cleaned, "", organisations)[0])
        else:
            spellings += [cleaned] if product else [cleaned, raw.strip()]
    return _Clean(name, kind, with_title(finding.role, title), spellings, finding.source_id)


def merge_actors(
    findings: Iterable[ActorFinding],
    language: str = "en",
    texts: Mapping[str, str] | None = None,
    ask_names: AskNames | None = None,
) -> list[Actor]:
    """The findings as one cast; `texts` (document id -> text) lets a short form meet its full name and
    keeps as aliases only what the texts write; `ask_names` is naming.py's call for foreign-script names."""
    findings = list(findings)
    named_firms = {clean_name(f.name, f.kind) for f in findings if f.kind == "organization"}
    # Longest first, so "Altyn Air Cargo" is taken off before "Altyn Air".
    organisations = sorted({n for n, kind, _ in named_firms if kind == "organization"}, key=len, reverse=True)
    groups: list[_Group] = []
    index: dict[tuple[bool, str], list[_Group]] = {}
    for finding in (_clean(f, organisations) for f in findings):
        key = name_key(finding.name)
        if not key:
            continue
        # People apart; any other kind meets its namesake: "Bloomberg" the organisation and the "other".
        person = finding.kind == "person"
        bucket = index.setdefault((person, names.initial(key[-1])), [])
        target = next((g for g in bucket if any(_same_actor(key, k, g.kind) for k in g.keys)), None)
        if target is None:
            target = _Group(kind=finding.kind)
            groups.append(target)
            bucket.append(target)
        elif target.kind == "other":
            target.kind = finding.kind
        target.keys.add(key)
        target.findings.append(finding)
    groups = [g for g in _join_short_forms(groups, texts or {}) if g.kind != "other"]
    actors = [(_spellings(g), [f.source_id for f in g.findings]) for g in groups]
    written: list[list[str] | None] = written_spellings(actors, texts) if texts else [None] * len(groups)
    named = [(_chosen_name(g, language), g.kind, forms) for g, forms in zip(groups, written, strict=True)]
    china = {doc for doc, text in (texts or {}).items() if names_china(text)}
    near_china = [any(f.source_id in china for f in g.findings) for g in groups]
    shown = shown_names(named, language, ask_names, near_china)
    return [_to_actor(g, name, forms) for g, name, forms in zip(groups, shown, written, strict=True)]


def _join_short_forms(groups: list[_Group], texts: Mapping[str, str]) -> list[_Group]:
    """A one-word person ("Lula") joins the one multi-word person of its documents it is a word of.

    The surname rule already joins "Trump" to "Donald Trump"; this catches the names a
    person is known by that are not the last word ("Lula" of "Luiz Inácio Lula da Silva").
    With two candidates ("Silva" of two Silvas) it stays apart: the documents do not say which.
    A short form whose documents' findings hold no full name joins the one full name those
    documents' texts still write (two of its words or more).
    """
    people = [g for g in groups if g.kind == "person"]
    full = [g for g in people if any(len(k) > 1 for k in g.keys)]
    absorbed: set[int] = set()
    for short in people:
        if any(len(k) > 1 for k in short.keys) or id(short) in absorbed:
            continue
        words = {k[0] for k in short.keys}
        holders = [
            g
            for g in full
            if id(g) not in absorbed and any(names.close(w, x) for k in g.keys if len(k) > 1 for x in k for w in words)
        ]
        # Per document: the one full name there the short form is a word of.
        chosen: list[_Group] = []
        ambiguous = False
        for doc in dict.fromkeys(f.source_id for f in short.findings):
            here = [g for g in holders if any(f.source_id == doc for f in g.findings)]
            if len(here) > 1:
                ambiguous = True
                break
            chosen += [g for g in here if g not in chosen]
        if ambiguous:
            continue
        if not chosen and texts:
            # Its own report gave no full name (a model listed only "Лула"), but the report's text
            # may still write it ("Луис Инасиу Лула да Силва"): then the documents connect them.
            own = [texts.get(doc, "") for doc in dict.fromkeys(f.source_id for f in short.findings)]
            connected = [g for g in holders if any(_writes_full_name(g, text) for text in own)]
            chosen = connected if len(connected) == 1 else []
        # "Лула" in a Russian report and "Lula" in an English one tie "Луис Инасиу Лула да Силва"
        # to "Luiz Inácio Lula da Silva" when both full names also end alike.
        if not chosen or any(not _same_surname(chosen[0], g) for g in chosen[1:]):
            continue
        target = chosen[0]
        for other in (short, *chosen[1:]):
            target.keys |= other.keys
            target.findings += other.findings
            absorbed.add(id(other))
    return [g for g in groups if id(g) not in absorbed]


def _writes_full_name(group: _Group, text: str) -> bool:
    """Whether a text writes two or more words of one of the group's full names (in any script)."""
    for finding in group.findings:
        parts = [w for w in names.words(finding.name) if len(w) > 2]
        if len(parts) > 1 and sum(mention_in_text(w, text) for w in parts) >= 2:
            return True
    return False


def _same_surname(a: _Group, b: _Group) -> bool:
    return any(len(x) > 1 and len(y) > 1 and names.close(x[-1], y[-1]) for x in a.keys for y in b.keys)


def display_name(name: str, language: str) -> str:
    """A name no actor holds (a speaker), as the brief shows it: a foreign script's basic form, transliterated."""
    base = basic_name(name, "person", language)
    return names.transliterate(base) if base else name


def find_actor(name: str, actors: list[Actor]) -> Actor | None:
    """The actor a name refers to, by the same rules that merged the actors."""
    for kind in ("person", "country"):  # a title or a country's other name is cleaned off as merging did
        cleaned = clean_name(name, kind)[0]
        if cleaned != name.strip():
            name = cleaned
            break
    key = name_key(name)
    if not key:
        return None
    for actor in actors:
        if any(_same_actor(key, name_key(n), actor.kind) for n in (actor.name, *actor.aliases)):
            return actor
    return None


def same_party(a: str, b: str) -> bool:
    """Whether two names, titles aside, are one party by the rules that merged the actors.

    Only names of as many words: "Trump" and "Eric Trump" may be two people.
    """
    first, second = name_key(split_title(a)[0]), name_key(split_title(b)[0])
    return bool(first) and len(first) == len(second) and _same_actor(first, second, "person")


def resolve_speakers(quotes: Iterable[Quote], actors: list[Actor], language: str) -> list[Quote]:
    """Name each quote's speaker as the actors table does, so "Кейт Маллинсон" reads "Kate Mallinson"."""
    resolved = []
    shown: dict[str, str] = {}  # a speaker is quoted many times; resolve each name once
    for quote in quotes:
        if quote.speaker:
            if quote.speaker not in shown:
                actor = find_actor(quote.speaker, actors)
                shown[quote.speaker] = actor.name if actor else display_name(quote.speaker, language)
            quote = quote.model_copy(update={"speaker": shown[quote.speaker]})
        resolved.append(quote)
    return resolved


def _chosen_name(group: _Group, language: str) -> str:
    """The reported name to show: one in the brief's script, then the fullest ("Donald Trump" over "Trump");
    a country's table name over the abbreviations ("United States" over "U.S."); then the most reported."""
    reported = [f.name for f in group.findings]
    if group.kind == "country":
        reported = list(dict.fromkeys(reported + sorted(_spellings(group))))
    canonical = set(f.name for f in group.findings) if group.kind == "country" else set()
    counts = Counter(f.name for f in group.findings)
    return max(
        reported,
        key=lambda n: (
            in_brief_script(n, language),
            not mixed_script(n),
            n in canonical,
            len(name_key(n)),
            counts[n],
            len(n),
        ),
    )


def _spellings(group: _Group) -> set[str]:
    return {s for f in group.findings for s in f.spellings if s}


def _to_actor(group: _Group, name: str, written: list[str] | None) -> Actor:
    spellings = written if written is not None else sorted(_spellings(group))
    aliases = sorted(s for s in spellings if s != name)
    role = max((f.role.strip() for f in group.findings), key=len)
    sources = list(dict.fromkeys(f.source_id for f in group.findings))
    return Actor(name=name, kind=group.kind, role=role, aliases=aliases, source_ids=sources)
