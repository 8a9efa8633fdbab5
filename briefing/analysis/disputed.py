"""A disputed figure is never shown as fact: where the brief states one side, it says the sources differ.

The synthesis is told each story's disagreements (reduce.synthesis_context), but a small
model still writes "a deal for 37 jets" when one outlet says 37 and another 29. Whatever
it writes, a claim (key point, summary, stake, risk, the bottom line) that states a value
of exactly one position of a listed disagreement gets the other positions beside it,
composed from the disagreement itself: "for 37 A320neo jets or 29 A320neo jets (sources
differ)". The claim's evidence gains the sentences that give the other values, so every
figure it shows still points to a sentence that states it. A value of no position (the
model's own figure) is left to the claim check; one that matches several is not one side.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from ..schema import Claim, Evidence, Risk, Stake, Story
from .disagreements import Dispute
from .quantities import Value, compatible, values_in

SOURCES_DIFFER = "(sources differ)"


def _side(value: Value, disputes: Sequence[Dispute]) -> tuple[Dispute, int] | None:
    """The dispute and the position whose value this is, when it is one position's only."""
    for dispute in disputes:
        held = [i for i, v in enumerate(dispute.values) if compatible(value, v)]
        if len(held) == 1:
            return dispute, held[0]
    return None


def hedged(text: str, evidence: Sequence[Evidence], disputes: Sequence[Dispute]) -> tuple[str, list[Evidence], int]:
    """The text with each disputed value it states followed by the other values, its evidence with theirs,
    and how many values were hedged."""
    if SOURCES_DIFFER in text:  # hedged already: a brief is corroborated once, but a saved one may come back
        return text, list(evidence), 0
    stated = values_in(text)
    # A text that gives two positions of a dispute states no side as fact (the model may have said so itself).
    disputes = [d for d in disputes if sum(any(compatible(s, v) for s in stated) for v in d.values) < 2]
    sides = [(value, side) for value in stated if (side := _side(value, disputes))]
    out = text
    added: list[Evidence] = []
    hedged_spans: list[tuple[int, int]] = []
    # From the end, so the offsets of the values still to hedge hold; overlapping values are hedged once.
    for value, (dispute, held) in sorted(sides, key=lambda s: s[0].start, reverse=True):
        if any(value.start < end and start < value.end for start, end in hedged_spans):
            continue
        hedged_spans.append((value.start, value.end))
        others = [p for i, p in enumerate(dispute.disagreement.positions) if i != held]
        alternatives = " or ".join([value.text, *(p.value for p in others)])
        out = f"{out[: value.start]}{alternatives} {SOURCES_DIFFER}{out[value.end :]}"
        added += [e for p in others for e in p.evidence]
    merged = list({(e.source_id, e.start, e.end): e for e in [*evidence, *added]}.values())
    return out, merged, len(hedged_spans)


class Hedger:
    """Hedges each claim with the disputes of the stories its evidence comes from; the bottom line with all."""

    def __init__(self, disputes: Sequence[Dispute], story_sources: Mapping[str, Collection[str]]) -> None:
        self.disputes = list(disputes)
        self.story_sources = story_sources  # story id -> ids of its reports, copies in

    def _hedge(self, text: str, evidence: Sequence[Evidence]) -> tuple[str, list[Evidence]]:
        sources = {e.source_id for e in evidence}
        mine = [d for d in self.disputes if sources & set(self.story_sources.get(d.disagreement.story_id, ()))]
        out, merged, _ = hedged(text, evidence, mine)
        return out, merged

    def claim(self, claim: Claim) -> Claim:
        text, evidence = self._hedge(claim.text, claim.evidence)
        return claim if text == claim.text else claim.model_copy(update={"text": text, "evidence": evidence})

    def stake(self, stake: Stake) -> Stake:
        text, evidence = self._hedge(stake.stake, stake.evidence)
        return stake if text == stake.stake else stake.model_copy(update={"stake": text, "evidence": evidence})

    def risk(self, risk: Risk) -> Risk:
        text, evidence = self._hedge(risk.description, risk.evidence)
        return risk if text == risk.description else risk.model_copy(update={"description": text, "evidence": evidence})

    def story(self, story: Story) -> Story:
        summary, evidence = self._hedge(story.summary, story.summary_evidence) if story.summary else ("", [])
        return story.model_copy(
            update={
                "summary": summary,
                "summary_evidence": evidence,
                "key_points": [self.claim(c) for c in story.key_points],
            }
        )

    def bluf(self, text: str) -> str:
        """The bottom line cites nothing: every listed disagreement applies to it."""
        return hedged(text, [], self.disputes)[0]
