"""Reading documents: paths, folders and globs in, decoded text out, whatever the format.

Russian news often arrives as cp1251 or UTF-16, so bytes are decoded by BOM,
then UTF-8, then the legacy encoding that reads most like text. HTML is reduced
to its article text by trafilatura. PDF, Word and e-mail files are read by their
own modules (pdf_text, docx_text, mail); a PDF keeps where each page begins, and
an e-mail's attachments become documents of their own. Every problem with an
input is an `InputError` that names the file. What a file may unpack to, or make
us parse, is bounded by `config.Limits` (a file over one is a `LimitError`).
"""

from __future__ import annotations

import dataclasses
import glob
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from ..config import Limits, cache_dir_from_env
from ..errors import InputError
from ..schema import Source
from ..text.languages import guess_language
from ..text.pages import join_pages
from .bounded import check_html, over, size
from .visible import HiddenText, strip_invisible, visible_html


def document_language(text: str) -> str | None:
    """guess_language with its model kept unpacked in the cache folder: the packed model costs 0.5 s every run."""
    return guess_language(text, cache_dir_from_env() / "models")


SUPPORTED_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".eml"}


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    location: str
    text: str
    date: str | None = None
    language: str | None = None
    page_starts: tuple[int, ...] = ()
    """Where each page begins in `text` (page 1 at 0); empty for an unpaginated source."""
    hidden: tuple[HiddenText, ...] = ()  # what a reader could not see, kept out of `text` (visible.py)

    def __post_init__(self) -> None:
        # Whatever reader made the document, invisible characters never reach the model.
        text, spelled = strip_invisible(self.text)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "title", strip_invisible(self.title)[0])
        object.__setattr__(self, "hidden", (*self.hidden, *spelled))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def source(self) -> Source:
        """The document as a brief lists it, its text kept: quotes and evidence are checked against it."""
        return Source(
            id=self.id,
            title=self.title,
            location=self.location,
            date=self.date,
            language=self.language,
            sha256=self.sha256,
            text=self.text,
            page_starts=list(self.page_starts),
        )


def expand_paths(inputs: list[str]) -> list[Path]:
    """Files named directly, documents found in folders, and glob matches, in a stable order."""
    found: list[Path] = []
    for item in inputs:
        path = Path(item)
        if any(ch in item for ch in "*?["):
            matches = sorted(Path(p) for p in glob.glob(item, recursive=True))
            if not matches:
                raise InputError(f"{item}: no file matches this pattern")
            found.extend(p for p in matches if p.is_file())
        elif path.is_dir():
            docs = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            if not docs:
                raise InputError(f"{item}: folder holds no .txt, .md, .html, .pdf, .docx or .eml documents")
            found.extend(docs)
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"{item}: no such file or folder")
    unique = list(dict.fromkeys(p.resolve() for p in found))
    return unique


def decode(data: bytes, name: str) -> str:
    """Bytes to text: BOMs first, then UTF-16 by its zero bytes, UTF-8, then legacy encodings.

    Which UTF-16 byte order, and which legacy code page, is charset_normalizer's
    call (it reads which decoding makes the least mess of the text); a text that
    still reads like control codes is a binary file, not a document.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif b"\x00" in data[:4096]:
        text = _best_decoding(data, _UTF16)
        if text is None:
            raise InputError(f"{name}: binary file, not a text document")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _best_decoding(data, _LEGACY) or data.decode(_LEGACY[-1], errors="replace")
    if _control_share(text) > 0.01:
        raise InputError(f"{name}: binary file, not a text document")
    return text


_UTF16 = ("utf_16_le", "utf_16_be")
_LEGACY = ("cp1251", "koi8_r", "cp1252")


def _best_decoding(data: bytes, encodings: tuple[str, ...]) -> str | None:
    guess = charset_normalizer.from_bytes(data, cp_isolation=list(encodings)).best()
    return str(guess) if guess is not None else None


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")  # not text: binary, or a wrong decoding


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def html_to_text(
    html: str, hidden: list[HiddenText] | None = None, *, where: str = "page", limits: Limits | None = None
) -> tuple[str, str | None, str | None]:
    """Article text, title and date of a page; what a reader cannot see is left out and added to `hidden`.

    A page nested deeper, or with more elements, than the limits allow is refused (named `where`):
    trafilatura's time grows with the square of the elements (docs/hostile-files.md).
    """
    import trafilatura

    limits = limits or Limits()
    check_html(html, where, limits)
    page, removed = visible_html(html, deep=limits.html_depth > 256)
    if hidden is not None:
        hidden.extend(removed)
    meta = trafilatura.extract_metadata(page)  # first: extract() prunes the tree it is given
    text = trafilatura.extract(page, include_comments=False, favor_recall=True) or ""
    title = meta.title if meta else None
    date = meta.date if meta else None
    return text, title, date


_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


def read_bytes(path: Path, limits: Limits | None = None) -> bytes:
    limits = limits or Limits()
    try:
        stored = path.stat().st_size
        if stored > limits.file_bytes:
            raise over(str(path), f"{size(stored)} as stored", "file_bytes", limits)
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def load_file(path: Path, skipped: list[str] | None = None, limits: Limits | None = None) -> list[Document]:
    """The documents in one file: one, or for an e-mail the message and each attachment we can read.

    An attachment that cannot be read fails the file, unless `skipped` is given: then
    its error is added there and the rest of the message is still briefed.
    """
    limits = limits or Limits()
    return _documents(read_bytes(path, limits), path.name, str(path), skipped, limits)


def load_document(path: Path) -> Document:
    """Read one file into a Document (an e-mail without its attachments), or raise InputError saying why not."""
    return load_file(path)[0]


def _documents(
    data: bytes, filename: str, location: str, skipped: list[str] | None, limits: Limits, depth: int = 0
) -> list[Document]:
    """The documents in one file's bytes; `depth` counts the e-mails this one is attached to."""
    suffix = Path(filename).suffix.lower()
    date_match = _DATE_IN_NAME.search(filename)
    date = date_match.group(1) if date_match else None
    page_starts: list[int] = []
    hidden: list[HiddenText] = []
    attachments: list[Document] = []
    if suffix == ".pdf" or data.startswith(b"%PDF-"):
        from .pdf_text import read_pdf

        pdf = read_pdf(data, location, limits)
        text, page_starts = join_pages(pdf.pages)
        title, date = pdf.title, date or pdf.date
    elif suffix == ".docx":
        from .docx_text import read_docx

        memo = read_docx(data, location, limits)
        text, title, date = memo.text, memo.title, date or memo.date
    elif suffix == ".eml":
        from .mail import read_mail

        if depth >= limits.mail_depth:
            raise over(location, f"an e-mail inside {depth} e-mails", "mail_depth", limits)
        mail = read_mail(data, location, limits)
        text, title, date = mail.body, mail.subject, mail.date or date
        if mail.body_is_html:
            text = html_to_text(text, hidden, where=location, limits=limits)[0]
        for name, content in mail.attachments:
            if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            where = f"{location} › {name}"
            try:
                found = _documents(content, name, where, skipped, limits, depth + 1)
            except InputError as exc:
                if skipped is None:
                    raise
                skipped.append(str(exc))
                continue
            of = f"attachment of “{mail.subject}”" if mail.subject else f"attachment of {Path(location).name}"
            # The mail's name leads the id: the same report attached and on disk are two sources.
            attachments += [
                dataclasses.replace(
                    d, id=f"{_slug(filename)}-{d.id}", title=f"{d.title} ({of})", date=d.date or mail.date
                )
                for d in found
            ]
    else:
        text = decode(data, location)
        title = None
        if suffix in {".html", ".htm"} or text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
            text, title, html_date = html_to_text(text, hidden, where=location, limits=limits)
            date = html_date or date
    if not page_starts:
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        if not attachments:
            raise InputError(f"{location}: empty document, no text to brief")
        return attachments  # a message that only carries its attachments
    if not title:
        first_line = text.split("\n", 1)[0].strip()
        title = first_line[:100] if len(first_line) <= 100 else Path(filename).stem
    document = Document(
        id=_doc_id(Path(filename), text),
        title=title,
        location=location,
        text=text,
        date=date,
        language=document_language(text),
        page_starts=tuple(page_starts),
        hidden=tuple(hidden),
    )
    return [document, *attachments]


def _slug(filename: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", Path(filename).stem.lower()).strip("-")[:40] or "doc"


def _doc_id(path: Path, text: str) -> str:
    return f"{_slug(path.name)}-{hashlib.sha256(text.encode()).hexdigest()[:6]}"


def load_documents(
    inputs: list[str],
    skipped: list[str] | None = None,
    keep: Callable[[Path], bool] | None = None,
    limits: Limits | None = None,
) -> list[Document]:
    """The documents at `inputs`; with `skipped` given, a file that cannot be read is listed there, not fatal.

    `keep`, when given, is asked about each file before it is read: a caller that has read it
    before (the briefing desk) passes it over, and finding no documents then is no error.
    `limits` bound what each file may unpack to and make us parse (config.Limits; defaults when None).
    """
    if not inputs:
        raise InputError("no documents given")
    docs = []
    for path in expand_paths(inputs):
        if keep is not None and not keep(path):
            continue
        try:
            docs.extend(load_file(path, skipped, limits))
        except InputError as exc:
            if skipped is None:
                raise
            skipped.append(str(exc))
    if not docs and skipped is None and keep is None:
        raise InputError("no documents found in " + ", ".join(inputs))
    return docs
