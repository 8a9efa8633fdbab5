"""Cutting a source text into plain and quoted pieces, so a page can mark each quote where it was said.

The HTML brief shows every source text with each verbatim quote highlighted at
its offsets and a link from the quote to that spot. Templates cannot slice safely
by offsets, so the cutting happens here; the template only loops over pieces and
lets autoescaping do its work (no markup is ever built from text here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .schema import Quote


@dataclass(frozen=True)
class Piece:
    text: str
    quote: int | None = None  # index of the quote in the shown list, when this piece is one


def source_pieces(text: str, quotes: Sequence[Quote], source_id: str) -> list[Piece]:
    """`text` split at the quotes of `source_id`; `quote` is the index in `quotes`."""
    mine = sorted(
        (q.start, q.end, i)
        for i, q in enumerate(quotes)
        if q.source_id == source_id and 0 <= q.start < q.end <= len(text)
    )
    pieces: list[Piece] = []
    cursor = 0
    for start, end, index in mine:
        if start < cursor:
            continue  # overlapping quotes: the first one is marked, the other still links to its source
        if start > cursor:
            pieces.append(Piece(text[cursor:start]))
        pieces.append(Piece(text[start:end], index))
        cursor = end
    if cursor < len(text):
        pieces.append(Piece(text[cursor:]))
    return pieces
