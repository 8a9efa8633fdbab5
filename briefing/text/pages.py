"""Pages: where each page of a document begins in its text, and which page an offset is on.

A quote or an evidence span is cited by its offsets into the source text; a
paginated source (a PDF) also keeps `page_starts`, the offset where each page
begins (page 1 at 0), so any span can be cited as "p. N" without keeping the
pages apart. Unpaginated sources have no page starts and no page numbers.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

PAGE_BREAK = "\n\n"  # pages are joined as paragraphs: chunking already cuts there


def page_of(page_starts: Sequence[int], offset: int) -> int | None:
    """The 1-based page holding `offset`, or None for an unpaginated text.

    A blank page starts where the next one does; an offset there is on the later page.
    """
    if not page_starts:
        return None
    return max(1, bisect.bisect_right(page_starts, offset))


def join_pages(pages: Sequence[str]) -> tuple[str, list[int]]:
    """One text from the pages' texts, and the offset where each page begins in it.

    Every page keeps its number, blank ones too, so page N of the text is page N of the file.
    """
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    for page in pages:
        page = page.strip()
        if page and parts:
            parts.append(PAGE_BREAK)
            length += len(PAGE_BREAK)
        starts.append(length)
        if page:
            parts.append(page)
            length += len(page)
    return "".join(parts), starts
