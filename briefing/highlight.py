"""Cutting a source text into plain, quoted and planted pieces, so a page can mark each where it stands.

The HTML brief shows every source text with each verbatim quote highlighted at
its offsets and a link from the quote to that spot, and each planted instruction
(a manipulation attempt, injection.py) marked apart and linked from the list of
attempts. Templates cannot slice safely by offsets, so the cutting happens here;
the template only loops over pieces and lets autoescaping do its work (no markup
is ever built from text here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .schema import ManipulationAttempt, Quote


@dataclass(frozen=True)
class Piece:
    text: str
    quote: int | None = None  # index of the quote in the shown list, when this piece is one
    planted: int | None = None  # index in brief.manipulation, when this piece is planted text


def source_pieces(
    text: str, quotes: Sequence[Quote], source_id: str, planted: Sequence[ManipulationAttempt] = ()
) -> list[Piece]:
    """`text` split at the quotes and planted spans of `source_id`; indexes are into `quotes` and `planted`.

    A planted span is marked only while the source still holds its text at its offsets.
    """
    marks = sorted(
        [(q.start, q.end, i, "quote") for i, q in enumerate(quotes) if q.source_id == source_id]
        + [
            (a.start, a.end, i, "planted")
            for i, a in enumerate(planted)
            if a.source_id == source_id and a.where == "text" and text[a.start : a.end] == a.text
        ]
    )
    pieces: list[Piece] = []
    cursor = 0
    for start, end, index, kind in marks:
        if not 0 <= start < end <= len(text) or start < cursor:
            continue  # overlapping marks: the first one is marked, the other still links to its source
        if start > cursor:
            pieces.append(Piece(text[cursor:start]))
        pieces.append(Piece(text[start:end], index) if kind == "quote" else Piece(text[start:end], planted=index))
        cursor = end
    if cursor < len(text):
        pieces.append(Piece(text[cursor:]))
    return pieces
