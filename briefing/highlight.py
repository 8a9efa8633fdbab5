"""Cutting a source text into pieces, so a page can mark each quote and each cited sentence where it stands.

The HTML brief shows every source text with each verbatim quote highlighted at
its offsets, each sentence a claim cites marked as evidence, and links from the
quote or claim to that spot. Quotes and evidence may overlap (a cited sentence
holding a quote, a quote running over two sentences), so the text is cut at
every boundary and each piece says which quote and which evidence span cover it.
Templates cannot slice safely by offsets, so the cutting happens here; the
template only loops over pieces and lets autoescaping do its work (no markup is
ever built from text here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from .schema import Evidence, Quote


@dataclass(frozen=True)
class Piece:
    text: str
    quote: int | None = None  # index of the quote in the shown list, when a quote covers this piece
    evidence: str | None = None  # anchor of the cited sentence covering this piece
    anchors: tuple[str, ...] = ()  # ids to place here: where a quote or a cited sentence begins


def evidence_anchor(item: Evidence) -> str:
    """The page's id for a cited span: one per span, however many claims cite it."""
    return f"ev-{item.source_id}-{item.start}-{item.end}"


def source_pieces(text: str, quotes: Sequence[Quote], source_id: str, evidence: Sequence[Evidence] = ()) -> list[Piece]:
    """`text` cut at the quotes and cited spans of `source_id`; `quote` is the index in `quotes`."""
    quotes_here = sorted((q.start, q.end, i) for i, q in enumerate(quotes) if q.source_id == source_id)
    quotes_here = [(s, e, i) for s, e, i in quotes_here if 0 <= s < e <= len(text)]
    cited = sorted(
        {(e.start, e.end, evidence_anchor(e)) for e in evidence if e.source_id == source_id and 0 <= e.start < e.end}
    )
    cited = [(s, e, a) for s, e, a in cited if e <= len(text)]
    cuts = sorted(
        {0, len(text)} | {p for s, e, _ in quotes_here for p in (s, e)} | {p for s, e, _ in cited for p in (s, e)}
    )
    # One sweep over the cuts, keeping the spans open at each: O(cuts + spans), not their product.
    active_quotes: list[tuple[int, int, int]] = []
    active_cited: list[tuple[int, int, str]] = []
    qi = ci = 0
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
        active_quotes = [q for q in active_quotes if q[1] > start]
        active_cited = [c for c in active_cited if c[1] > start]
        # The first quote covering the piece marks it; an overlapping one still links to its start.
        quote = active_quotes[0][2] if active_quotes else None
        span = active_cited[0][2] if active_cited else None
        pieces.append(Piece(text[start:end], quote, span, tuple(anchors)))
    return pieces
