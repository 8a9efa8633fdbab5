"""Copies are one source: reports that reproduce another's text, found by the sentences they share.

Four outlets running one wire story are one source, not four. stories.find_duplicates
already drops a whole document that is a near-duplicate of another; a reprint that
cuts a paragraph and adds its own lines (a new headline, a local angle) is not one,
yet it is still the wire's text. Here a report is a copy when at least half of its
sentences (and at least MIN_SHARED of them) are found in another report of the same
story, a sentence being found when most of its three-word shingles are in that
report. Reports are compared within a story only, through an index of the story's
shingles, so the work grows with the story's text, not with the day's.

The original is the earlier report; on the same date, the one less of whose
sentences the other carries (a reprint's own lines are few). The copies are
listed in brief.json; their sentences still count as evidence, but not as another
independent source (corroboration.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..schema import CopyOf
from ..text.sentences import Sentence
from .stories import shingles

COPY_SHARE = 0.5  # of a report's sentences found in the other
MIN_SHARED = 3  # sentences: a shared quotation or two is reporting, not copying
SENTENCE_CONTAINMENT = 0.7  # of a sentence's shingles in the other report


@dataclass(frozen=True)
class Report:
    """A document as the comparison sees it: its date and its sentences."""

    id: str
    date: str | None
    sentences: Sequence[Sentence]


def _shared(sentences: list[set[int]], index: dict[int, set[str]], own: str) -> Counter[str]:
    """For each other report, how many of these sentences it carries."""
    carried: Counter[str] = Counter()
    for sentence in sentences:
        hits: Counter[str] = Counter()
        for shingle in sentence:
            hits.update(index.get(shingle, ()))
        carried.update(doc for doc, n in hits.items() if doc != own and n >= SENTENCE_CONTAINMENT * len(sentence))
    return carried


def find_copies(stories: Sequence[Sequence[str]], reports: Mapping[str, Report]) -> dict[str, CopyOf]:
    """Copy id -> how it copies its original, for the reports of each story."""
    copies: dict[str, CopyOf] = {}
    for story in stories:
        members = [reports[i] for i in story if i in reports]
        if len(members) < 2:
            continue
        shingled = {r.id: [shingles(s.text) for s in r.sentences] for r in members}
        index: dict[int, set[str]] = {}
        for doc_id, sentences in shingled.items():
            for sentence in sentences:
                for shingle in sentence:
                    index.setdefault(shingle, set()).add(doc_id)
        shared = {r.id: _shared(shingled[r.id], index, r.id) for r in members}
        for report in members:
            total = len(report.sentences)
            for other, count in shared[report.id].most_common():
                if count < MIN_SHARED or count < COPY_SHARE * total:
                    break
                if _is_original(reports[other], report, shared):
                    copies[report.id] = CopyOf(
                        source_id=report.id, original_id=other, shared_sentences=count, sentences=total
                    )
                    break
    return copies


def _is_original(original: Report, copy: Report, shared: Mapping[str, Counter[str]]) -> bool:
    """Which of two reports sharing their text came first: the earlier, else the one the other carries more of."""
    if original.date and copy.date and original.date != copy.date:
        return original.date < copy.date
    mine = shared[copy.id][original.id] / max(1, len(copy.sentences))
    theirs = shared[original.id][copy.id] / max(1, len(original.sentences))
    return (mine, original.id) > (theirs, copy.id)


def original_of(source_id: str, copies: Mapping[str, CopyOf]) -> str:
    """The report a copy's text comes from, through copies of copies."""
    seen = {source_id}
    while source_id in copies:
        source_id = copies[source_id].original_id
        if source_id in seen:  # two reports each taken for the other's copy: either stands for both
            break
        seen.add(source_id)
    return source_id
