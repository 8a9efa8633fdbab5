"""Corroboration: how many independent sources state each claim, and where the sources disagree.

The two things an analyst checks first, decided without the model, within a story
(the documents stories.py grouped as one event), from the values its sentences
state (quantities.py):

- Copies (copies.py) and disagreements (disagreements.py) are found from the
  documents alone, before the synthesis: `compare`.
- Corroboration. A claim's sources are the reports of its evidence, and the story's
  other reports that give every figure the claim states (its dates need not
  repeat but may not be contradicted), or, for a claim without figures, that have
  a sentence with most of an evidence sentence's telling words. Copies of one text
  count once: the original, or the first copy that states it. A report that gives
  another value for a disputed figure the claim states disagrees and does not
  support it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..ingest.documents import Document
from ..schema import (
    Claim,
    CopyOf,
    Corroboration,
    Disagreement,
    Evidence,
    ManipulationAttempt,
    Risk,
    Stake,
    Story,
)
from ..text import names
from ..text.sentences import Sentence, split_sentences
from .copies import Report, find_copies
from .disagreements import (
    COMMON_SHARE,
    Dispute,
    StoryFigures,
    find_disputes,
    is_dateline,
    one_per_original,
    states,
    story_figures,
)
from .disputed import Hedger
from .evidence import Claims
from .injection import cites_planted
from .quantities import Value, compatible, values_in

SAME_WORDING = 0.6  # of a sentence's telling word stems found in another's: a claim without figures stated alike
MIN_WORDING = 4  # telling stems a sentence needs for its wording to be compared at all


def _contradicted(value: Value, given: Sequence[Value]) -> bool:
    """A report that gives dates (or places) of this kind, none of them this one."""
    alike = [w for w in given if w.slot == value.slot]
    return bool(alike) and not any(compatible(w, value) for w in alike)


def _stems(text: str) -> set[str]:
    return {w.casefold()[:6] for w in names.words(text) if len(w) >= 5 and w.isalpha()}


class _Corroborator:
    """Each claim's sources: its evidence, and the story's other reports that state the same."""

    def __init__(self, stories: Sequence[StoryFigures], reports: Mapping[str, Report], copies: Mapping[str, CopyOf],
                 disputes: Sequence[Dispute]) -> None:  # fmt: skip
        self.stories = stories
        self.story_of = {sid: story for story in stories for sid in story.all_ids}
        self.reports = reports
        self.copies = copies
        self.disputes = disputes
        self._stem_cache: dict[str, set[str]] = {}  # by a sentence's text: copies and wires repeat sentences
        self._common: dict[str, set[str]] = {}

    def _sentence_stems(self, sentence: Sentence) -> set[str]:
        if sentence.text not in self._stem_cache:
            self._stem_cache[sentence.text] = _stems(sentence.text)
        return self._stem_cache[sentence.text]

    def _reports_it(self, source_id: str, stated: Sequence[Value], evidence: Sequence[Evidence]) -> bool:
        """Whether a report says what a claim says: each of its figures, or the words of a sentence it cites."""
        story = self.story_of[source_id]
        if stated:
            slots = story.by_slot.get(source_id, {})
            given = [m.value for m in story.mentions.get(source_id, [])]
            # A claim may join two sentences of a report ("37 jets for $1.1 billion"): the report, not one
            # sentence, must give each figure, or its parts. A date or a place rarely repeats word for word
            # across reports ("on Tuesday", "in the capital"): required only of a claim that states nothing
            # else, and never contradicted.
            required = [v for v in stated if v.kind not in ("date", "place")] or list(stated)
            where = [v for v in stated if v.kind in ("date", "place")]
            return all(states(slots, v) for v in required) and not any(_contradicted(w, given) for w in where)
        common = self._common_stems(story)
        cited = [_stems(e.text) - common for e in evidence]
        for sentence in self.reports[source_id].sentences:
            mine = self._sentence_stems(sentence)
            if any(len(c) >= MIN_WORDING and len(c & mine) >= SAME_WORDING * len(c) for c in cited):
                return True
        return False

    def _common_stems(self, story: StoryFigures) -> set[str]:
        """Word stems in COMMON_SHARE of the story's sentences: its main actors say nothing about one claim."""
        if story.id not in self._common:
            counts: Counter[str] = Counter()
            reports = [self.reports[sid] for sid in story.source_ids if sid in self.reports]
            sentences = [s for r in reports for s in r.sentences]
            for sentence in sentences:
                counts.update(self._sentence_stems(sentence))
            self._common[story.id] = {s for s, n in counts.items() if n >= COMMON_SHARE * len(sentences)}
        return self._common[story.id]

    def __call__(self, text: str, evidence: Sequence[Evidence]) -> Corroboration:
        holders = list(dict.fromkeys(e.source_id for e in evidence))
        stories = list({id(s): s for h in holders if (s := self.story_of.get(h)) is not None}.values())
        datelines = [v for e in evidence for v in values_in(e.text) if is_dateline(v, e.text)]
        stated = [v for v in values_in(text) if not any(compatible(v, d) for d in datelines)] if stories else []
        # A report cited for one part of a claim ("$1.1 billion") does not corroborate the whole ("for 37
        # jets"): it counts when it gives every figure the claim states, as any other report must.
        cited = holders
        holders = [
            h for h in cited if h not in self.story_of or h not in self.reports or self._reports_it(h, stated, evidence)
        ]
        holders = holders or cited  # a claim rests on its evidence at the least
        for story in stories:
            for sid in story.source_ids:
                if sid not in holders and sid in self.reports and self._reports_it(sid, stated, evidence):
                    holders.append(sid)
        disagree: set[str] = set()
        for dispute in self.disputes:
            if dispute.disagreement.story_id not in {s.id for s in stories}:
                continue
            held = [i for i, value in enumerate(dispute.values) if any(compatible(v, value) for v in stated)]
            if len(held) != 1:
                continue
            for i, position in enumerate(dispute.disagreement.positions):
                if i != held[0]:
                    disagree.update(position.sources, position.copies)
        independent, copied = one_per_original([h for h in holders if h not in disagree], self.copies)
        return Corroboration(independent_sources=independent, copies=copied, disagree=sorted(disagree))

    def claim(self, claim: Claim) -> Claim:
        return claim.model_copy(update={"corroboration": self(claim.text, claim.evidence)})

    def stake(self, stake: Stake) -> Stake:
        return stake.model_copy(update={"corroboration": self(stake.stake, stake.evidence)})

    def risk(self, risk: Risk) -> Risk:
        return risk.model_copy(update={"corroboration": self(risk.description, risk.evidence)})

    def story(self, story: Story) -> Story:
        summary = self(story.summary, story.summary_evidence) if story.summary_evidence else Corroboration()
        return story.model_copy(
            update={"summary_corroboration": summary, "key_points": [self.claim(c) for c in story.key_points]}
        )


@dataclass
class Comparison:
    """What a day's reports say alike and differently, from the documents alone: known before the synthesis."""

    stories: list[StoryFigures]
    reports: dict[str, Report]
    copy_of: dict[str, CopyOf]
    disputes: list[Dispute]

    @property
    def copies(self) -> list[CopyOf]:
        return sorted(self.copy_of.values(), key=lambda c: c.source_id)

    @property
    def disagreements(self) -> list[Disagreement]:
        return [d.disagreement for d in self.disputes]

    def differences(self, titles: Mapping[str, str]) -> dict[int, list[str]]:
        """Per story number (from 1, as story_groups are numbered): each disagreement as one line for the
        synthesis, "number of aircraft: 37 (Northwire) vs 29 (Steppe Tribune)", outlets by their titles."""
        lines: dict[int, list[str]] = {}
        for disagreement in self.disagreements:
            number = int(disagreement.story_id.rsplit("-", 1)[1])
            positions = " vs ".join(
                f"{p.value} ({', '.join(titles.get(s, s) for s in p.sources)})" for p in disagreement.positions
            )
            lines.setdefault(number, []).append(f"{disagreement.about}: {positions}")
        return lines

    def corroborate(self, claims: Claims) -> Claims:
        """The claims, each with its independent sources, copies and dissenters."""
        check = _Corroborator(self.stories, self.reports, self.copy_of, self.disputes)
        return Claims(
            key_points=[check.claim(c) for c in claims.key_points],
            stories=[check.story(s) for s in claims.stories],
            stakes=[check.stake(s) for s in claims.stakes],
            risks=[check.risk(r) for r in claims.risks],
            dropped=claims.dropped,
        )

    def hedger(self) -> Hedger:
        """What says "sources differ" beside a disputed figure a claim states as fact (disputed.py)."""
        return Hedger(self.disputes, {story.id: story.all_ids for story in self.stories})

    def hedge(self, claims: Claims) -> Claims:
        """The claims, each disputed figure they state followed by the other values the sources give."""
        hedger = self.hedger()
        return Claims(
            key_points=[hedger.claim(c) for c in claims.key_points],
            stories=[hedger.story(s) for s in claims.stories],
            stakes=[hedger.stake(s) for s in claims.stakes],
            risks=[hedger.risk(r) for r in claims.risks],
            dropped=claims.dropped,
        )


def compare(
    story_groups: Sequence[Sequence[str]],
    docs: Sequence[Document],
    duplicate_of: Mapping[str, str],
    planted: Sequence[ManipulationAttempt] = (),
    sentences: Mapping[str, Sequence[Sentence]] | None = None,
) -> Comparison:
    """Copies and disagreements within the brief's stories (`story_groups`, duplicates in).

    `sentences`: the documents' sentences as the chunks offered them for citing, where already split.
    """
    by_id = {d.id: d for d in docs}
    several = [group for group in story_groups if len(group) > 1]
    split = sentences or {}
    reports = {
        sid: Report(sid, by_id[sid].date, split[sid]) if sid in split else _report(by_id[sid], planted)
        for group in several
        for sid in group
        if sid in by_id
    }
    # Whole-document duplicates are copies already; the sentences tell which of the others copy which.
    copies = find_copies([[sid for sid in group if sid not in duplicate_of] for group in several], reports)
    for duplicate, original in duplicate_of.items():
        if duplicate in reports:
            n = len(reports[duplicate].sentences)
            copies[duplicate] = CopyOf(source_id=duplicate, original_id=original, shared_sentences=n, sentences=n,
                                       whole_document=True)  # fmt: skip
    stories = [
        story_figures(n, group, reports, copies) for n, group in enumerate(story_groups, start=1) if group in several
    ]
    return Comparison(stories, reports, copies, find_disputes(stories, copies))


def _report(doc: Document, planted: Sequence[ManipulationAttempt]) -> Report:
    # A planted instruction is no sentence to compare or cite.
    sentences = [s for s in split_sentences(doc.text) if not cites_planted(planted, doc.id, s.start, s.end)]
    return Report(doc.id, doc.date, sentences)
