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

PDFium inflates a page's content stream whole, parses every operator in it and
keeps about 150 bytes for every letter of the page, so a 1 MB file can take
minutes and gigabytes (docs/hostile-files.md). Every deflated stream is therefore
inflated once here, a slice at a time and never kept, and the file refused at the
first slice over a limit (bounded.py); the page count is checked before any page
is read. Streams of an encrypted PDF cannot be measured
before PDFium decrypts them, nor streams packed with other filters than Flate.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..config import Limits
from ..errors import InputError
from .bounded import Budget, inflated_size, over

# Longer PDFs are refused (Limits.pdf_pages): reading a page costs a few milliseconds of CPU
# (bench/pdf_read.py), so this keeps a long report within the seconds a brief's reading may take.

# A stream's keyword, and the dictionary before it back to its "N 0 obj" (never "endstream": \b).
_STREAM = re.compile(rb"\bstream(?:\r\n|\n|\r)")
_OBJECT = re.compile(rb"(\d+)\s+\d+\s+obj\b")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_FONT_PROGRAM = re.compile(rb"/Length[123]\b|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType)\b")

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


def read_pdf(data: bytes, name: str, limits: Limits | None = None) -> PdfText:
    """The text of every page of a PDF, or an InputError saying why there is none (a LimitError: too big)."""
    import pypdfium2 as pdfium  # imported here: most runs read no PDF at all

    limits = limits or Limits()

    if not data.lstrip()[:1024].startswith(b"%PDF-"):
        raise InputError(f"{name}: not a PDF file (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        # PDFium would repair what it can and read a truncated file's first pages in silence.
        raise InputError(f"{name}: truncated or damaged PDF (no %%EOF at the end)")
    measure_streams(data, name, limits)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise InputError(f"{name}: encrypted PDF that needs a password to open") from None
        raise InputError(f"{name}: damaged PDF ({exc})") from None
    try:
        count = len(pdf)
        if count > limits.pdf_pages:
            raise over(name, f"{count:,} pages", "pdf_pages", limits)
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


def measure_streams(data: bytes, name: str, limits: Limits) -> None:
    """Inflate every Flate stream of the file, counting, and refuse it at the first slice over a limit."""
    budget = Budget(name, limits, total="pdf_content_bytes", part="pdf_stream_bytes")
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 4096) : match.start()]
        objects = list(_OBJECT.finditer(head))
        dictionary = head[objects[-1].end() :] if objects else head
        filters = _FILTER.search(dictionary)
        if not filters or not re.match(rb"\[?\s*/(FlateDecode|Fl)\b", filters.group(1)):
            continue  # unpacked, or packed by another filter first: not measured
        label = f"stream {objects[-1].group(1).decode()}" if objects else "a stream"
        kind = "image" if _IMAGE.search(dictionary) else "font" if _FONT_PROGRAM.search(dictionary) else "content"
        inflated_size(data, match.end(), label, budget, kind=kind)


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
