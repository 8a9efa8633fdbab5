"""Copies are one source: reports that reproduce another's text, found by the sentences they share.

Four outlets running one wire story are one source, not four. stories.find_duplicates
already drops a whole document that is a near-duplicate of another; a reprint that
cuts a paragraph and adds its own lines (a new headline, a local angle) is not one,
yet it is still the wire's text. Here a report is a copy when at least half of its
sentences (and at least MIN_SHARED of them) are found in another report of the same
story, a sentence being found when that report has the same words (of three
letters or more, so "said on Wednesday" meets "said Wednesday"). Reports are
compared within a story only, in one pass over its sentences, so the work grows
with the story's text, not with the day's or with the pairs of its reports.

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
from .stories import words_of

COPY_SHARE = 0.5  # of a report's sentences found in the other
MIN_SHARED = 3  # sentences: a shared quotation or two is reporting, not copying
MIN_SENTENCE_WORDS = 4  # a shorter line ("Altyn Air", a dateline) is no text of one's own


@dataclass(frozen=True)
class Report:
    """A document as the comparison sees it: its date and its sentences."""

    id: str
    date: str | None
    sentences: Sequence[Sentence]


def sentence_keys(report: Report) -> set[int]:
    """Each sentence's words of three letters or more, hashed: a reprint that drops an "on" or a comma still meets."""
    keys = set()
    for sentence in report.sentences:
        words = tuple(words_of(sentence.text))
        if len(words) >= MIN_SENTENCE_WORDS:
            keys.add(hash(words))
    return keys


def find_copies(stories: Sequence[Sequence[str]], reports: Mapping[str, Report]) -> dict[str, CopyOf]:
    """Copy id -> how it copies its original, for the reports of each story.

    Each sentence is credited to the first report of the story that has it (by date): a report
    most of whose sentences one earlier report had first is that report's copy. One pass over the
    story's sentences, whatever the number of reports sharing them.
    """
    copies: dict[str, CopyOf] = {}
    for story in stories:
        members = sorted((reports[i] for i in story if i in reports), key=lambda r: (r.date or "9999", r.id))
        if len(members) < 2:
            continue
        keys = {r.id: sentence_keys(r) for r in members}
        first: dict[int, str] = {}
        for report in members:
            for key in keys[report.id]:
                first.setdefault(key, report.id)
        for report in members:
            credited = Counter(first[k] for k in keys[report.id] if first[k] != report.id)
            if not credited:
                continue
            other, count = credited.most_common(1)[0]
            total = len(report.sentences)
            if count < MIN_SHARED or count < COPY_SHARE * total:
                continue
            original, copy = (reports[other], report)
            if not _is_original(original, copy, keys):
                original, copy = copy, original
            if copy.id not in copies and original.id not in copies:
                shared = len(keys[copy.id] & keys[original.id])
                copies[copy.id] = CopyOf(
                    source_id=copy.id, original_id=original.id, shared_sentences=shared, sentences=len(copy.sentences)
                )
    return copies


def _is_original(original: Report, copy: Report, keys: Mapping[str, set[int]]) -> bool:
    """Which of two reports sharing their text came first: the earlier, else the one the other carries more of."""
    if original.date and copy.date and original.date != copy.date:
        return original.date < copy.date
    shared = len(keys[original.id] & keys[copy.id])
    mine = shared / max(1, len(copy.sentences))
    theirs = shared / max(1, len(original.sentences))
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
