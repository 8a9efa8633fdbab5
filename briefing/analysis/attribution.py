"""Who said it: the speaker of a quotation, from the words around it.

Small models attribute a quote to whichever name is most salient: the analyst's
firm rather than the analyst, the expert rather than the outlet whose wording it
is. The words around a quotation usually say who spoke, so the model's answer is
checked against them and corrected by a few rules:

- reported attribution: "according to X", "по данным X" in the quote's sentence
  name X, unless the sentence also names the person who spoke ("Tokayev said,
  according to Steppe Wire"); a bare "as noted" / "как отмечается" points back to
  the last source the text named that way ("…, пишет Bloomberg", "По данным Bloomberg");
- a person the surrounding words name wins over their organisation
  ("— отметила партнер … PRISM Strategic Intelligence Ltd. Кейт Маллинсон");
- a name counts only if a reporting word ("said", "noted", "заявил", "по словам")
  stands near the quotation: a quoted phrase inside an agreement's description
  has no speaker;
- a speaker the model gives with an affiliation the actors table holds ("Dana Ospanova of the
  Almaty consultancy Qazaq Insight") is the person, without the firm;
- otherwise the quote stays unattributed rather than guessed.

Whatever the rules pick is a name that occurs near the quotation in the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from ..schema import Actor, Evidence, Quote
from ..text.reporting import REPORTING
from ..text.sentences import split_sentences
from .grounding import mention_in_text
from .merge import display_name, find_actor

WINDOW = 240  # characters either side of a quotation that may name its speaker
# "as noted" with no one named: the wording is the reporting source's own.
_PASSIVE = re.compile(
    r"\b(?:как отмечается|как сообщается|как говорится|it is noted|as noted|reportedly|it says)\b", re.IGNORECASE
)
# "…," he added: the speaker is the person named before, in the sentences that led up to it.
_PRONOUN = re.compile(r"^\W*(?:(?:he|she|он|она)\b|\w+\s+(?:he|she|er|sie|он|она)\b)", re.IGNORECASE)
_NAME = r"([A-ZА-ЯЁ][\w&-]*(?: [A-ZА-ЯЁ][\w&-]*){0,3})"
_SOURCE = re.compile(
    r"(?:\bпо данным|\baccording to|\bпишет|\bсообщает|\bсообщило|\breported by|\blaut)\s+"
    r"(?:агентства\s+|издания\s+|газеты\s+|the\s+)?" + _NAME
)
_SOURCE_AFTER = re.compile(_NAME + r"\s+(?:reported|reports|wrote|writes)\b")
_AFFILIATION = re.compile(r"^(.+?)(?:,\s*|\s+(?:of|from|at|из|von|bei)\s+)(?:the\s+)?(.+)$")


def _sentence_around(text: str, start: int, end: int) -> tuple[str, str]:
    """The words of the quotation's own sentence before it and after it (within WINDOW)."""
    # Up to the opening mark, which starts a sentence of its own when the one before it has ended.
    lead = text[max(0, start - 1 - WINDOW) : start]
    own = split_sentences(lead)
    before = lead[own[-1].start : -1] if own else ""
    after = text[end + 1 : end + 1 + WINDOW]
    pieces = split_sentences(after)
    # The quotation's sentence goes on after the closing mark up to the first sentence end.
    after = pieces[0].text if pieces and pieces[0].start < 3 else ""
    if "\n" in after:
        after = after.split("\n", 1)[0]
    return before, after


def _reported_source(text: str, start: int, before: str, after: str) -> str | None:
    for words in (before, after):
        named = _SOURCE.search(words)
        if named:
            return _clean(named.group(1))
    if _PASSIVE.search(before):
        earlier = text[:start]
        found = [m.group(1) for m in _SOURCE.finditer(earlier)] + [m.group(1) for m in _SOURCE_AFTER.finditer(earlier)]
        positions = [earlier.rfind(name) for name in found]
        if found:
            return _clean(max(zip(positions, found, strict=True))[1])
    return None


def _clean(name: str) -> str:
    return name.strip().rstrip(".,")


def _spellings(actor: Actor) -> list[str]:
    """The actor's names, and a person's surname alone: "Landau called the deal …", "По словам Ландау"."""
    spellings = [s for s in (actor.name, *actor.aliases) if len(s) > 2]
    if actor.kind == "person":
        spellings += [words[-1] for s in spellings if len(words := s.split()) > 1 and len(words[-1]) > 3]
    return spellings


def _named(actor: Actor, words: str) -> bool:
    return any(mention_in_text(spelling, words) for spelling in _spellings(actor))


def attribute(
    text: str, start: int, end: int, proposed: str | None, actors: Sequence[Actor], language: str
) -> str | None:
    """The speaker of text[start:end], a name the words around it give, or None."""
    proposed = _without_affiliation(proposed, actors)
    before, after = _sentence_around(text, start, end)
    around = f"{before} {after}"
    near = [a for a in actors if _named(a, around)] if REPORTING.search(around) else []
    people = [a for a in near if a.kind == "person"]
    # "X said, according to Steppe Wire": the person speaks; the outlet only carried it.
    reported = None if people else _reported_source(text, start, before, after)
    if reported is not None:
        return _as_shown(reported, actors, language)
    if not REPORTING.search(around):
        return None
    chosen = next((a for a in people if proposed and _same(a, proposed)), None)
    if chosen is None and people:
        # The person the attribution names (closest after the quote, else before it) over any firm.
        chosen = min(people, key=lambda a: _distance(a, before, after))
    if chosen is None and _PRONOUN.match(after):
        chosen = _last_person_before(text, start, actors)
    if chosen is None:
        chosen = next((a for a in near if proposed and _same(a, proposed)), None)
    if chosen is not None:
        return chosen.name
    if proposed and mention_in_text(proposed, around):
        return display_name(proposed, language)
    return None


def _without_affiliation(proposed: str | None, actors: Sequence[Actor]) -> str | None:
    """ "X of the Y" is X when Y is an organisation the actors table holds: the person, not where they work."""
    found = _AFFILIATION.match(proposed or "")
    if found is None:
        return proposed
    person, employer = found.groups()
    organisations = [a for a in actors if a.kind == "organization"]
    return person if find_actor(employer, organisations) is not None else proposed


def _last_person_before(text: str, start: int, actors: Sequence[Actor]) -> Actor | None:
    """The person whose name comes last in the text before a quotation (within three windows)."""
    before = text[max(0, start - 3 * WINDOW) : start]
    best, where = None, -1
    for actor in actors:
        if actor.kind != "person":
            continue
        found = max((before.rfind(s) for s in _spellings(actor)), default=-1)
        if found > where:
            best, where = actor, found
    return best


def _same(actor: Actor, name: str) -> bool:
    return find_actor(name, [actor]) is not None


def _distance(actor: Actor, before: str, after: str) -> int:
    spellings = _spellings(actor)
    after_hits = [after.find(s) for s in spellings if s in after]
    if after_hits:
        return min(after_hits)
    before_hits = [len(before) - before.rfind(s) for s in spellings if s in before]
    return min(before_hits) if before_hits else WINDOW * 2


def _as_shown(name: str, actors: Sequence[Actor], language: str) -> str:
    actor = find_actor(name, list(actors))
    return actor.name if actor else display_name(name, language)


def attributed(
    quotes: Sequence[Quote], actors: Sequence[Actor], texts: Mapping[str, str], language: str
) -> list[Quote]:
    """Each quote with its speaker from the words around it (texts by source id), as the actors table names them."""
    return [
        quote.model_copy(
            update={
                "speaker": attribute(
                    texts[quote.source_id],
                    quote.start,
                    quote.end,
                    quote.speaker,
                    # The same words carried by several reports are one statement: whoever any of them
                    # names may have said it (a reprint whose own actors the model missed), if named here.
                    [a for a in actors if {quote.source_id, *(e.source_id for e in quote.also_in)} & set(a.source_ids)],
                    language,
                )
            }
        )
        for quote in quotes
    ]


# Quotes shorter than this are phrases ("C5+1", "near abroad") that unrelated reports
# share by chance; longer identical words in two sources are one statement carried twice.
MIN_SHARED_QUOTE_WORDS = 4
# Quotation marks fold to one, and typographic apostrophes to the typewriter's: "We’re" and "We're" are one word.
_MARKS = str.maketrans({**{c: '"' for c in "«»“”„‟"}, **{c: "'" for c in "’‘‚ʼ`´"}})


def _quote_key(text: str) -> str:
    return " ".join(text.translate(_MARKS).casefold().split()).strip(" .,;:!?\"'—–-…")


def dedupe_quotes(quotes: Iterable[Quote]) -> list[Quote]:
    """One quote per source span, and one quote per statement carried by several sources.

    An attributed copy wins over an unattributed one. The same words (folded case, spaces
    and quotation marks) in several sources are one quote: the first attributed copy, in
    the order given, with the others' spans in `also_in`.
    """
    best: dict[tuple[str, int, int], Quote] = {}
    for quote in quotes:
        key = (quote.source_id, quote.start, quote.end)
        if key not in best or (best[key].speaker is None and quote.speaker):
            best[key] = quote
    carried: dict[str, list[Quote]] = {}
    for quote in best.values():
        text = _quote_key(quote.text)
        carried.setdefault(text if len(text.split()) >= MIN_SHARED_QUOTE_WORDS else f"{id(quote)}", []).append(quote)
    merged = []
    for copies in carried.values():
        main = next((q for q in copies if q.speaker), copies[0])
        others = [q for q in copies if q is not main]
        if others:
            update: dict = {
                "also_in": [
                    *main.also_in,
                    *(Evidence(source_id=q.source_id, start=q.start, end=q.end, text=q.text) for q in others),
                ]
            }
            if main.translation is None:
                update["translation"] = next((q.translation for q in others if q.translation), None)
            main = main.model_copy(update=update)
        merged.append(main)
    return sorted(merged, key=lambda q: (q.source_id, q.start))
