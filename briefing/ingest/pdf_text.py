"""Reading PDF files: the text of each page, with running headers and footers dropped.

Think-tank reports and official statements come as PDF. PDFium (through
pypdfium2, Apache-2.0/BSD-3, wheels for every platform) reads the text layer in
the order the page writes it, which is reading order for what word processors
and LaTeX produce, marks the hyphens it finds at line ends, and is the engine
Chrome reads damaged PDFs with. pypdf (pure Python) reads our benchmark PDF as
fast and in less memory; PDFium was chosen for its hyphen marks and robustness.
What PDFium gives is lines, so this module puts the pages back into prose:
line-end hyphens are repaired, lines are joined into paragraphs, and lines that
repeat on most pages (running heads, "Page 3 of 40", a confidentiality notice)
are dropped. Pages stay apart so quotes can be cited by page.

A PDF with no text at all is a scan: it needs OCR first, which is not our job.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..errors import InputError

MAX_PAGES = 2500
"""Longer PDFs are refused: at about 2 ms of CPU a page (bench/pdf_read.py: 2,000 pages in 3.8 s) this stays
within the 10 s a long report may take on a busy 2-core machine."""

# PDFium marks a hyphen it found at a line end, and joined the lines, with U+0002.
_SOFT_HYPHEN = re.compile(r"[\x02\ufffe](?=[^\W\d_])")
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])[-\u00ad\x02\ufffe]\n(?=[^\W\d_])")
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = (".", "!", "?", ":", ";", "»", "”", '"', "…")


@dataclass(frozen=True)
class PdfText:
    pages: list[str]
    title: str | None
    date: str | None


def read_pdf(data: bytes, name: str) -> PdfText:
    """The text of every page of a PDF, or an InputError saying why there is none."""
    import pypdfium2 as pdfium  # imported here: most runs read no PDF at all

    if not data.lstrip()[:1024].startswith(b"%PDF-"):
        raise InputError(f"{name}: not a PDF file (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        # PDFium would repair what it can and read a truncated file's first pages in silence.
        raise InputError(f"{name}: truncated or damaged PDF (no %%EOF at the end)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(f"{name}: encrypted PDF that needs a password to open") from None
        raise InputError(f"{name}: damaged PDF ({exc})") from None
    try:
        count = len(pdf)
        if count > MAX_PAGES:
            raise InputError(f"{name}: {count} pages is over the {MAX_PAGES}-page limit for a PDF")
        raw = []
        for index in range(count):
            page = pdf[index]
            textpage = page.get_textpage()
            raw.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
        metadata = pdf.get_metadata_dict()
    except pdfium.PdfiumError as exc:
        raise InputError(f"{name}: damaged PDF ({exc})") from None
    finally:
        pdf.close()
    if not any(text.strip() for text in raw):
        raise InputError(f"{name}: no text layer; OCR it first")
    pages = _drop_running_lines([_lines(text) for text in raw])
    return PdfText(
        pages=[_paragraphs(lines) for lines in pages],
        title=(metadata.get("Title") or "").strip() or None,
        date=_pdf_date(metadata.get("CreationDate") or ""),
    )


def _lines(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SOFT_HYPHEN.sub("", text)
    text = _LINE_END_HYPHEN.sub("", text)
    return [line.strip() for line in text.split("\n") if line.strip()]


def _key(line: str) -> str:
    """Page numbers and dates differ from page to page; the running line around them does not."""
    return _SPACES.sub(" ", _DIGITS.sub("#", line)).casefold()


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Without lines that repeat on most pages: headers, footers, page numbers.

    Lines are compared with their digits masked, so "Page 3 of 40" meets "Page 4 of 40";
    a line that comes back several times on a page is text, not a running head.
    Three pages at least: on two, a repeated line may well be the text itself.
    """
    if len(pages) < 3:
        return pages
    keys = [[_key(line) if len(line) <= 120 else "" for line in lines] for lines in pages]
    on_pages = Counter(key for page in keys for key in set(page))
    times = Counter(key for page in keys for key in page)
    # A running line is on most pages, about once each; a formula the text repeats is not one.
    running = {k for k, n in on_pages.items() if k and n >= max(3, 0.5 * len(pages)) and times[k] <= 1.5 * n}
    return [[line for line in lines if _key(line) not in running] for lines in pages]


def _paragraphs(lines: list[str]) -> str:
    """Lines joined into paragraphs: a line well short of the page's full lines ends one."""
    if not lines:
        return ""
    lengths = sorted(len(line) for line in lines)
    full = lengths[int(0.75 * (len(lengths) - 1))]
    out: list[str] = []
    for line in lines:
        out.append(line)
        short = len(line) < 0.8 * full
        out.append("\n\n" if short or (line.endswith(_SENTENCE_END) and len(line) < 0.9 * full) else " ")
    return "".join(out).strip()


def _pdf_date(value: str) -> str | None:
    """A PDF date ("D:20250114093000+01'00'") as 2025-01-14."""
    match = re.match(r"D:(\d{4})(\d{2})(\d{2})", value)
    return f"{match[1]}-{match[2]}-{match[3]}" if match else None
