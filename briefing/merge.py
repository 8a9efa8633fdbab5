"""Merging what the chunks found into one cast of actors and one set of quotes.

The same person appears in many chunks, documents and languages: "Trump",
"Donald Trump", "Дональд Трамп". Names are compared by the phonetic keys of
their words (names.py), without corporate suffixes. People match on the surname
(and the first name where both have one); organisations and countries only on the whole
name, since "Uzbekistan" and "Uzbekistan Airways" are different actors. Every
spelling seen is kept as an alias. Candidates are looked up by an index on the
surname's first consonant (names.initial, the same in every script), so merging
stays near-linear in the number of findings.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import names
from .schema import Actor, ActorKind, Quote

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
        return a[0].startswith(b[0]) or b[0].startswith(a[0]) or names.close(a[0], b[0])
    return True


@dataclass
class ActorFinding:
    """One actor as one chunk saw it."""

    name: str
    mention: str
    kind: ActorKind
    role: str
    source_id: str


@dataclass
class _Group:
    kind: ActorKind
    keys: set[tuple[str, ...]] = field(default_factory=set)
    findings: list[ActorFinding] = field(default_factory=list)


def merge_actors(findings: Iterable[ActorFinding], language: str = "en") -> list[Actor]:
    groups: list[_Group] = []
    index: dict[tuple[ActorKind, str], list[_Group]] = {}
    for finding in findings:
        key = name_key(finding.name)
        if not key:
            continue
        bucket = index.setdefault((finding.kind, names.initial(key[-1])), [])
        target = next((g for g in bucket if any(_same_actor(key, k, g.kind) for k in g.keys)), None)
        if target is None:
            target = _Group(kind=finding.kind)
            groups.append(target)
            bucket.append(target)
        target.keys.add(key)
        target.findings.append(finding)
    return [_to_actor(g, language) for g in groups]


def _in_brief_script(name: str, language: str) -> bool:
    if language in names.CYRILLIC_LANGUAGES:
        return names.is_cyrillic(name)
    return not any("\u0400" <= ch <= "\u04ff" for ch in name)


def display_name(name: str, language: str) -> str:
    """The name as the brief shows it: Cyrillic letters transliterated for a Latin-script brief."""
    return name if _in_brief_script(name, language) else names.transliterate(name)


def find_actor(name: str, actors: list[Actor]) -> Actor | None:
    """The actor a name refers to, by the same rules that merged the actors."""
    key = name_key(name)
    if not key:
        return None
    for actor in actors:
        if any(_same_actor(key, name_key(n), actor.kind) for n in (actor.name, *actor.aliases)):
            return actor
    return None


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


def _to_actor(group: _Group, language: str) -> Actor:
    # Prefer a name in the brief's script, then the fullest ("Donald Trump" over "Trump").
    reported = [f.name.strip() for f in group.findings]
    name = max(reported, key=lambda n: (_in_brief_script(n, language), len(name_key(n)), len(n)))
    name = display_name(name, language)
    spellings = set(reported) | {f.mention.strip() for f in group.findings}
    aliases = sorted(s for s in spellings if s and s != name)
    role = max((f.role.strip() for f in group.findings), key=len)
    sources = list(dict.fromkeys(f.source_id for f in group.findings))
    return Actor(name=name, kind=group.kind, role=role, aliases=aliases, source_ids=sources)


def dedupe_quotes(quotes: Iterable[Quote]) -> list[Quote]:
    """One quote per source span; an attributed copy wins over an unattributed one."""
    best: dict[tuple[str, int, int], Quote] = {}
    for quote in quotes:
        key = (quote.source_id, quote.start, quote.end)
        if key not in best or (best[key].speaker is None and quote.speaker):
            best[key] = quote
    return sorted(best.values(), key=lambda q: (q.source_id, q.start))
