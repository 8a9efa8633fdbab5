"""Notes: what an excerpt states, each citing the sentences that state it.

The map stage sees each excerpt as numbered sentences and writes notes (facts,
stakes, risks) citing sentence numbers; here a note's numbers become `Evidence`,
the sentences' offsets and text, copied by us, never by the model. A note is kept
only when every number it cites exists, every amount and date it states is in
the sentences it cites, a stake's holder is named in the excerpt, and it is
written in the brief's language. Kept notes are numbered across the brief for
the synthesis to cite in turn (evidence.py), in the lines `note_line` writes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from string import Formatter

from ..replies import ChunkExtraction
from ..schema import Evidence
from ..text import names
from ..text.countries import canonical_country, country_of_capital
from ..text.numbers import NUMBER, canonical_number
from ..text.sentences import Sentence
from .grounding import mention_in_text
from .stated_risks import states_risk

MIN_STAKE_WORDS = 3


@dataclass(frozen=True)
class Note:
    """One thing an excerpt states, with the sentences that state it."""

    kind: str  # "fact", "stake" or "risk"
    text: str
    source_id: str
    evidence: tuple[Evidence, ...]
    holder: str | None = None
    direction: str | None = None
    likelihood: str | None = None
    impact: str | None = None
    foreign: bool = False  # written in the source's script, not the brief's: translated (in_language) or dropped
    untranslated: str | None = None  # the model's own words, when `text` is their translation


_STAKE_LABEL = "stake of {holder} ({direction})"
_RISK_LABEL = "risk (likelihood {likelihood}, impact {impact})"


def note_line(number: int, note: Note) -> str:
    """A note as the synthesis and the condense prompt read it: its number, its kind and what it says."""
    if note.kind == "stake":
        return f"[{number}] {_STAKE_LABEL.format(holder=note.holder, direction=note.direction)}: {note.text}"
    if note.kind == "risk":
        return f"[{number}] {_RISK_LABEL.format(likelihood=note.likelihood, impact=note.impact)}: {note.text}"
    return f"[{number}] {note.text}"


def numbers_in(text: str) -> set[str]:
    return {canonical_number(m.group()) for m in NUMBER.finditer(text)}


def numbers_kept(claim: str, evidence: Iterable[Evidence]) -> bool:
    """Every amount, percentage and date the claim states is in a sentence it cites."""
    stated = numbers_in(claim)
    if not stated:
        return True
    cited: set[str] = set()
    for item in evidence:
        cited |= numbers_in(item.text)
    return stated <= cited


def cite_sentences(numbers: Sequence[int], sentences: Sequence[Sentence], source_id: str) -> tuple[Evidence, ...]:
    """The cited sentences as evidence; empty when nothing is cited or any number does not exist."""
    if not numbers or any(not 1 <= n <= len(sentences) for n in numbers):
        return ()
    chosen = sorted({n for n in numbers})
    return tuple(
        Evidence(source_id=source_id, start=s.start, end=s.end, text=s.text) for s in (sentences[n - 1] for n in chosen)
    )


def chunk_notes(
    extraction: ChunkExtraction, sentences: Sequence[Sentence], source_id: str, chunk_text: str, language: str = "en"
) -> tuple[list[Note], int]:
    """The notes of one chunk that cite real sentences, and how many did not."""
    notes: list[Note] = []
    dropped = 0
    # A small model drifts into the source's language on some chunks: such a note is kept aside, marked, for
    # in_language to translate; the reader never sees it as it is.
    foreign = _foreign(language)

    def keep(note: Note) -> None:
        nonlocal dropped
        if note.evidence and numbers_kept(note.text, note.evidence):
            notes.append(replace(note, foreign=True) if foreign(note.text) else note)
        else:
            dropped += 1

    for fact in extraction.facts:
        evidence = _recited(fact.fact, cite_sentences(fact.sentences, sentences, source_id), sentences, source_id)
        keep(Note("fact", fact.fact, source_id, evidence))
    for stake in extraction.stakes:
        evidence = cite_sentences(stake.sentences, sentences, source_id)
        evidence = _recited(stake.stake, evidence, sentences, source_id, stake.holder)
        # The holder must be named where the stake is stated: in the excerpt the model read.
        if not holder_in_text(stake.holder, chunk_text) or len(stake.stake.split()) < MIN_STAKE_WORDS:
            evidence = ()
        keep(Note("stake", stake.stake, source_id, evidence, holder=stake.holder, direction=stake.direction))
    for risk in extraction.risks:
        evidence = cite_sentences(risk.sentences, sentences, source_id)
        # A risk no cited sentence states (no threat, limit, dependence or warning in it) is the model's guess.
        evidence = evidence if states_risk(e.text for e in evidence) else ()
        keep(Note("risk", risk.risk, source_id, evidence, likelihood=risk.likelihood, impact=risk.impact))
    return notes, dropped


def _foreign(language: str) -> Callable[[str], bool]:
    return (lambda text: False) if language in names.CYRILLIC_LANGUAGES else names.is_cyrillic


def in_language(
    notes: Sequence[Note], translate: Callable[[list[str]], Sequence[str | None]], language: str
) -> tuple[list[Note], int]:
    """The notes, those written in the source's script translated (one call for them all, `translate`);
    a translation that is still foreign, or that loses a number its sentences hold, drops its note.

    On the seed, the 1.5B model wrote the last chunk's stakes and risks in Russian, however asked:
    Western sanctions against Russia and China's growing presence were lost. A translation is
    checked like any claim before it is shown.
    """
    asked = [note for note in notes if note.foreign]
    if not asked:
        return list(notes), 0
    answers = iter(translate([note.text for note in asked]))
    foreign = _foreign(language)
    kept: list[Note] = []
    for note in notes:
        if not note.foreign:
            kept.append(note)
        elif (text := next(answers, None)) and not foreign(text) and numbers_kept(text, note.evidence):
            kept.append(replace(note, text=text.strip(), foreign=False, untranslated=note.text))
    return kept, len(notes) - len(kept)


def holder_in_text(holder: str, text: str) -> bool:
    """Whether a text names the holder, a country by any of its names and forms ("Russia", "России") or by
    its capital ("прибыл в Астану") too."""
    if mention_in_text(holder, text):
        return True
    country = canonical_country(holder)
    if country is None:
        return False
    words = names.words(text)
    spans = [*words, *(" ".join(pair) for pair in itertools.pairwise(words))]
    return any(country in (canonical_country(w, inflected=True), country_of_capital(w)) for w in spans
               if w[:1].isupper())  # fmt: skip


def _recited(
    text: str, evidence: tuple[Evidence, ...], sentences: Sequence[Sentence], source_id: str, holder: str | None = None
) -> tuple[Evidence, ...]:
    """A note's evidence, or the one sentence of its excerpt that states its numbers when the cited one does not.

    The 1.5B model cites the sentence after the one it paraphrases about as often as the right
    one. A note that states an amount is re-cited, by us, to the excerpt's sentence holding that
    amount (and naming its holder); a cited number that does not exist is never repaired.
    """
    if not evidence or not numbers_in(text) or numbers_kept(text, evidence):
        return evidence
    for sentence in sentences:
        candidate = (Evidence(source_id=source_id, start=sentence.start, end=sentence.end, text=sentence.text),)
        if numbers_kept(text, candidate) and (holder is None or holder_in_text(holder, sentence.text)):
            return candidate
    return evidence


def number_notes(story_groups: Sequence[Sequence[str]], notes: Sequence[Note]) -> list[list[tuple[int, Note]]]:
    """Notes grouped by story and numbered from 1 across the brief, as the synthesis sees them."""
    by_source: dict[str, list[Note]] = {}
    for note in notes:
        by_source.setdefault(note.source_id, []).append(note)
    numbered: list[list[tuple[int, Note]]] = []
    counter = 0
    for group in story_groups:
        mine = []
        for source_id in group:
            for note in by_source.get(source_id, []):
                counter += 1
                mine.append((counter, note))
        numbered.append(mine)
    return numbered


def _label_pattern(label: str, fields: dict[str, str]) -> str:
    """A note label's format as a regex: its words literal, each field by its pattern."""
    return "".join(
        re.escape(literal) + (fields[name] if name is not None else "")
        for literal, name, _, _ in Formatter().parse(label)
    )


# The synthesis sometimes copies a note's label into a key point ("stake of X (gain): …").
NOTE_LABEL = re.compile(
    "^(?:"
    + _label_pattern(_STAKE_LABEL, {"holder": ".{1,80}?", "direction": "(?:gain|loss|mixed|uncertain)"})
    + "|"
    + _label_pattern(_RISK_LABEL, {"likelihood": "[^,)]{0,20}", "impact": "[^)]{0,20}"})
    + "): ",
    re.IGNORECASE,  # copied as "Risk (likelihood …)" at a sentence's start too
)
