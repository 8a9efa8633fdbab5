"""Splitting documents into chunks a model can read, without losing a character.

Chunks are measured in characters (no tokenizer to download), cut at a paragraph
break when one is near the limit, else at a sentence end, else at a space. A chunk
cut inside a sentence overlaps the next slightly, so a fact or name at the boundary is
seen whole at least once; one cut between sentences does not, since nothing was split
and a repeated fragment would only be read, and its names listed, twice.
Each chunk keeps its offsets into the document, so quotes found in a chunk can
be located in the source, and the same input always gives the same chunks.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ingest.documents import Document
from ..text.sentences import split_sentences


@dataclass(frozen=True)
class Chunk:
    document_id: str
    index: int
    start: int
    end: int
    text: str


def _cut_point(text: str, start: int, limit: int) -> tuple[int, bool]:
    """Best place to end a chunk that starts at `start` and may not pass `limit`, and
    whether it falls between sentences (a paragraph, a line or a sentence end)."""
    if limit >= len(text):
        return len(text), True
    floor = start + (limit - start) // 2  # never cut so early that chunks get tiny
    paragraph = text.rfind("\n\n", floor, limit)
    if paragraph != -1:
        return paragraph + 2, True
    line = text.rfind("\n", floor, limit)
    if line != -1:
        return line + 1, True
    # The last sentence that starts after the floor: the window's text is cut there, between two sentences.
    starts = [s.start for s in split_sentences(text[floor:limit], floor)[1:]]
    if starts:
        return starts[-1], True
    space = text.rfind(" ", floor, limit)
    return (space + 1 if space != -1 else limit), False


def _overlap_start(text: str, end: int, overlap: int, floor: int) -> int:
    """Start the next chunk `overlap` characters back, moved forward to a word start."""
    if overlap <= 0:
        return end
    start = max(floor + 1, end - overlap)
    space = text.find(" ", start, end)
    return space + 1 if space != -1 else start


def chunk_document(doc: Document, max_chars: int, overlap: int) -> list[Chunk]:
    text = doc.text
    if overlap >= max_chars // 2:
        overlap = max_chars // 4
    chunks: list[Chunk] = []
    start = 0
    while start < len(text):
        end, between_sentences = _cut_point(text, start, start + max_chars)
        chunks.append(Chunk(doc.id, len(chunks), start, end, text[start:end]))
        if end >= len(text):
            break
        start = end if between_sentences else _overlap_start(text, end, overlap, start)
    return chunks
