"""Cutting a source text into pieces, so a page can mark each quote, cited sentence and planted text where it stands.

The HTML brief shows every source text with each verbatim quote highlighted at
its offsets, each sentence a claim cites marked as evidence, each planted
instruction (a manipulation attempt, injection.py) marked apart, and links from
the quote, claim or attempt to that spot. These may overlap (a cited sentence
holding a quote, a quote running over two sentences), so the text is cut at
every boundary and each piece says which quote, evidence span and planted span cover it.
Templates cannot slice safely by offsets, so the cutting happens here; the
template only loops over pieces and lets autoescaping do its work (no markup is
ever built from text here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..analysis.spans import span_holds
from ..schema import Evidence, ManipulationAttempt, Quote


@dataclass(frozen=True)
class Piece:
    text: str
    quote: int | None = None  # index of the quote in the shown list, when a quote covers this piece
    evidence: str | None = None  # anchor of the cited sentence covering this piece
    planted: int | None = None  # index in brief.manipulation, when planted text covers this piece
    anchors: tuple[str, ...] = ()  # ids to place here: where a quote, cited sentence or planted span begins


def evidence_anchor(item: Evidence) -> str:
    """The page's id for a cited span: one per span, however many claims cite it."""
    return f"ev-{item.source_id}-{item.start}-{item.end}"


def source_pieces(
    text: str,
    quotes: Sequence[Quote],
    source_id: str,
    evidence: Sequence[Evidence] = (),
    planted: Sequence[ManipulationAttempt] = (),
) -> list[Piece]:
    """`text` cut at the quotes, cited and planted spans of `source_id`; indexes are into `quotes` and `planted`.

    A planted span is marked only while the source still holds its text at its offsets.
    """
    quotes_here = sorted((q.start, q.end, i) for i, q in enumerate(quotes) if q.source_id == source_id)
    quotes_here = [(s, e, i) for s, e, i in quotes_here if 0 <= s < e <= len(text)]
    cited = sorted(
        {(e.start, e.end, evidence_anchor(e)) for e in evidence if e.source_id == source_id and 0 <= e.start < e.end}
    )
    cited = [(s, e, a) for s, e, a in cited if e <= len(text)]
    attempts = sorted(
        (a.start, a.end, i)
        for i, a in enumerate(planted)
        if a.source_id == source_id and a.where == "text" and span_holds(text, a.start, a.end, a.text)
    )
    spans = [*quotes_here, *cited, *attempts]
    cuts = sorted({0, len(text)} | {p for s, e, _ in spans for p in (s, e)})
    # One sweep over the cuts, keeping the spans open at each: O(cuts + spans), not their product.
    active_quotes: list[tuple[int, int, int]] = []
    active_cited: list[tuple[int, int, str]] = []
    active_planted: list[tuple[int, int, int]] = []
    qi = ci = pi = 0
    pieces: list[Piece] = []
    for start, end in pairwise(cuts):
        anchors: list[str] = []
        while qi < len(quotes_here) and quotes_here[qi][0] == start:
            active_quotes.append(quotes_here[qi])
            anchors.append(f"q-{quotes_here[qi][2]}")
            qi += 1
        while ci < len(cited) and cited[ci][0] == start:
            active_cited.append(cited[ci])
            anchors.append(cited[ci][2])
            ci += 1
        while pi < len(attempts) and attempts[pi][0] == start:
            active_planted.append(attempts[pi])
            anchors.append(f"m-{attempts[pi][2]}")
            pi += 1
        active_planted = [p for p in active_planted if p[1] > start]
        active_quotes = [q for q in active_quotes if q[1] > start]
        active_cited = [c for c in active_cited if c[1] > start]
        # The first quote covering the piece marks it; an overlapping one still links to its start.
        quote = active_quotes[0][2] if active_quotes else None
        span = active_cited[0][2] if active_cited else None
        marked = active_planted[0][2] if active_planted else None
        pieces.append(Piece(text[start:end], quote, span, marked, tuple(anchors)))
    return pieces
