"""Reading Word (.docx) files: paragraphs, headings and tables in document order.

Drafts and memos arrive as Word files, often with review marks still in them.
python-docx (MIT) opens the package and walks the body in order; the text of a
paragraph is taken from its XML so that tracked deletions (and text moved away)
are left out and tracked insertions kept, as the document reads once the changes
are accepted. Comments live in a part of their own and never enter the text.
A Word file is a zip a hostile sender can make inflate to gigabytes, so it is
measured against the limits (bounded.py) before python-docx unpacks it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from ..config import Limits
from ..errors import InputError, LimitError
from .bounded import check_zip

# Text runs as the accepted document reads them; tabs and breaks keep words apart.
_VISIBLE = (
    ".//w:t[not(ancestor::w:del) and not(ancestor::w:moveFrom)]"
    " | .//w:tab[not(ancestor::w:del)] | .//w:br[not(ancestor::w:del)] | .//w:cr[not(ancestor::w:del)]"
)


@dataclass(frozen=True)
class DocxText:
    text: str
    title: str | None
    date: str | None


def read_docx(data: bytes, name: str, limits: Limits | None = None) -> DocxText:
    """The text of a Word file, or an InputError saying why it cannot be read (a LimitError: too big unpacked)."""
    import docx
    from docx.table import Table

    try:
        check_zip(data, name, limits or Limits())
    except LimitError:
        raise
    except Exception:  # damaged: python-docx says so below, in the words it always has
        pass
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = []
        for block in document.iter_inner_content():
            text = _table_text(block) if isinstance(block, Table) else _paragraph_text(block._p)
            if text.strip():
                blocks.append(text.strip())
        properties = document.core_properties
        title = (properties.title or "").strip() or None
        created = properties.created
    except Exception as exc:
        raise InputError(f"{name}: damaged or not a Word file ({exc.__class__.__name__}: {exc})") from None
    return DocxText("\n\n".join(blocks), title, created.date().isoformat() if created else None)


def _paragraph_text(element) -> str:
    parts = []
    for node in element.xpath(_VISIBLE):
        tag = node.tag.rsplit("}", 1)[-1]
        parts.append(node.text or "" if tag == "t" else "\t" if tag == "tab" else "\n")
    return "".join(parts)


def _table_text(table) -> str:
    """One line a row, cells apart by " | "; a merged cell is read once, not once per column it spans."""
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(_paragraph_text(p) for p in cell._tc.xpath("./w:p")).strip())
        if any(cells):
            rows.append(" | ".join(cells))
    return "\n".join(rows)
