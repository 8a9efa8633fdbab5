"""Spans: a quote's or a sentence's text, looked at again where it was found.

What the brief shows of a source is checked at its offsets when the brief is made and again when
it is rendered, perhaps from an edited brief.json. Rendering a saved brief needs only this and the
schema: it imports none of the analysis that made the brief.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..schema import Briefing, Claim, Evidence, Position


def span_holds(text: str, start: int, end: int, expected: str) -> bool:
    """Whether `text` still holds `expected` at [start, end): looked at, never searched for, so O(span)."""
    return 0 <= start < end and text[start:end] == expected


def _valid(evidence: Sequence[Evidence], texts: dict[str, str]) -> list[Evidence]:
    return [e for e in evidence if span_holds(texts.get(e.source_id, ""), e.start, e.end, e.text)]


def _valid_positions(positions: Sequence[Position], texts: dict[str, str]) -> list[Position]:
    """A disagreement's positions whose sentences are still found; one position left is no disagreement."""
    return [p.model_copy(update={"evidence": ev}) for p in positions if (ev := _valid(p.evidence, texts))]


def recheck(brief: Briefing) -> Briefing:
    """The brief with only the claims whose evidence is still found at its offsets in its source."""
    texts = {s.id: s.text for s in brief.sources}

    def claims(items: Sequence[Claim]) -> list[Claim]:
        return [c.model_copy(update={"evidence": ev}) for c in items if (ev := _valid(c.evidence, texts))]

    stories = []
    for story in brief.stories:
        summary_evidence = _valid(story.summary_evidence, texts)
        stories.append(
            story.model_copy(
                update={
                    "summary": story.summary if summary_evidence else "",
                    "summary_evidence": summary_evidence,
                    "key_points": claims(story.key_points),
                }
            )
        )
    return brief.model_copy(
        update={
            "key_points": claims(brief.key_points),
            "stories": stories,
            "stakes": [
                s.model_copy(update={"evidence": ev}) for s in brief.stakes if (ev := _valid(s.evidence, texts))
            ],
            "risks": [r.model_copy(update={"evidence": ev}) for r in brief.risks if (ev := _valid(r.evidence, texts))],
            "disagreements": [
                d.model_copy(update={"positions": positions})
                for d in brief.disagreements
                if len(positions := _valid_positions(d.positions, texts)) >= 2
            ],
        }
    )
