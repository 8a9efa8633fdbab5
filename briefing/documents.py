"""Reading documents: paths, folders and globs in, decoded text out.

Russian news often arrives as cp1251 or UTF-16, so bytes are decoded by BOM,
then UTF-8, then the legacy encoding that reads most like text. HTML is reduced
to its article text by trafilatura. Every problem with an input is an
`InputError` that names the file.
"""

from __future__ import annotations

import glob
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .visible import HiddenText, strip_invisible, visible_html

SUPPORTED_SUFFIXES = {".txt", ".md", ".html", ".htm"}
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    location: str
    text: str
    date: str | None = None
    language: str | None = None
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
                raise InputError(f"{item}: folder holds no .txt, .md or .html documents")
            found.extend(docs)
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"{item}: no such file or folder")
    unique = list(dict.fromkeys(p.resolve() for p in found))
    return unique


def decode(data: bytes, name: str) -> str:
    """Bytes to text: BOMs first, then UTF-16 by its zero bytes, UTF-8, then legacy encodings.

    Legacy single-byte encodings all decode anything, so each candidate's text
    is scored by how much it reads like words, and a text that still reads like
    control codes is a binary file, not a document.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8", errors="replace")
    elif b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is None:
            raise InputError(f"{name}: binary file, not a text document")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            candidates = [data.decode(enc, errors="replace") for enc in _LEGACY]
            text = max(candidates, key=_wordlike)
    if _control_share(text) > 0.01:
        raise InputError(f"{name}: binary file, not a text document")
    return text


_LEGACY = ("cp1251", "koi8-r", "cp1252")
_WORDS = re.compile(r"[^\W\d_]+")


def _utf16_without_bom(data: bytes) -> str | None:
    """Text in UTF-16 has zero bytes (ASCII) in one byte lane only; try both byte orders."""
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data[: len(data) - len(data) % 2].decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _wordlike(text[:20000])
        if score > 0.5 and (best is None or score > best[0]):
            best = (score, text)
    return best[1] if best else None


def _wordlike(text: str) -> float:
    """Share of letters in words of one script and a natural case pattern.

    Cyrillic read in the wrong code page comes out as accented Latin (Ïðåçèäåíò),
    case-swapped Cyrillic (пРЕЗИДЕНТ) or Cyrillic mixed into Latin words (cafй);
    the right decoding mostly gives lowercase or capitalised single-script words.
    """
    total = 0.0
    letters = 0
    for word in _WORDS.findall(text[:20000]):
        letters += len(word)
        cyrillic = sum(1 for ch in word if "\u0400" <= ch <= "\u04ff")
        ascii_letters = sum(1 for ch in word if ch.isascii())
        other = len(word) - cyrillic - ascii_letters
        if cyrillic and (ascii_letters or other):
            continue
        if not cyrillic and other * 2 > len(word):
            continue
        if word.islower() or (word[0].isupper() and word[1:].islower()):
            total += len(word)
        elif word.isupper():
            total += len(word) / 2
    return total / letters if letters else 0.0


_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")  # not text: binary, or a wrong decoding


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def html_to_text(html: str, hidden: list[HiddenText] | None = None) -> tuple[str, str | None, str | None]:
    """Article text, title and date of a page; what a reader cannot see is left out and added to `hidden`."""
    import trafilatura

    page, removed = visible_html(html)
    if hidden is not None:
        hidden.extend(removed)
    meta = trafilatura.extract_metadata(page)  # first: extract() prunes the tree it is given
    text = trafilatura.extract(page, include_comments=False, favor_recall=True) or ""
    title = meta.title if meta else None
    date = meta.date if meta else None
    return text, title, date


_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


def load_document(path: Path) -> Document:
    """Read one file into a Document, or raise InputError saying why it cannot be used."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"{path}: {size // (1024 * 1024)} MB is over the {MAX_BYTES // (1024 * 1024)} MB limit")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    text = decode(data, str(path))
    title = None
    date_match = _DATE_IN_NAME.search(path.name)
    date = date_match.group(1) if date_match else None
    hidden: list[HiddenText] = []
    if path.suffix.lower() in {".html", ".htm"} or text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        text, title, html_date = html_to_text(text, hidden)
        date = html_date or date
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise InputError(f"{path}: empty document, no text to brief")
    if not title:
        first_line = text.split("\n", 1)[0].strip()
        title = first_line[:100] if len(first_line) <= 100 else path.stem
    return Document(
        id=_doc_id(path, text),
        title=title,
        location=str(path),
        text=text,
        date=date,
        language=guess_language(text),
        hidden=tuple(hidden),
    )


def _doc_id(path: Path, text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:40] or "doc"
    return f"{slug}-{hashlib.sha256(text.encode()).hexdigest()[:6]}"


# Words so frequent in one language that a few hundred words of news always hold
# several of them; enough to tell apart the Latin-script languages news comes in.
_STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "with", "for", "was", "on", "said"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "mit", "den", "sich", "ein", "auf", "auch"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "dans", "que", "pour", "du", "sur"},
    "es": {"el", "la", "los", "las", "y", "que", "del", "en", "por", "una", "con", "para"},
    "it": {"il", "di", "che", "e", "la", "per", "una", "non", "della", "con", "sono", "gli"},
    "pt": {"o", "a", "os", "que", "do", "da", "em", "uma", "para", "com", "não", "dos"},
    "pl": {"i", "w", "nie", "na", "się", "jest", "że", "do", "to", "z", "przez", "jak"},
    "tr": {"ve", "bir", "bu", "için", "ile", "da", "de", "olarak", "çok", "daha", "olan", "gibi"},
}
_LATIN_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_ARABIC = re.compile(r"[\u0600-\u06ff]+")
_LATIN_LETTERS = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")  # Latin-1, Extended-A/B


def guess_language(text: str) -> str | None:
    """A cheap guess from script, letters and stopwords: enough to know when to translate quotes."""
    sample = text[:5000]
    # Scripts are counted by regex runs over the letters: a Python loop per character is slow.
    runs = _LATIN_WORD.findall(sample)
    letters = "".join(runs)
    if not letters:
        return None

    def share(script: re.Pattern[str]) -> float:
        return sum(map(len, script.findall(letters))) / len(letters)

    if share(_LATIN_LETTERS) < 0.8:  # at 0.8 or more, no other script can reach its share below
        if share(_CYRILLIC) > 0.5:
            cyrillic = "".join(_CYRILLIC.findall(letters)).lower()
            if sum(cyrillic.count(ch) for ch in "әғқңөұүһ") > 0.005 * len(cyrillic):
                return "kk"
            if sum(cyrillic.count(ch) for ch in "іїєґ") > 0.01 * len(cyrillic):
                return "uk"
            return "ru"
        if share(_HAN) > 0.3:
            return "zh"
        if share(_ARABIC) > 0.5:
            return "ar"
        return None
    words = Counter(map(str.casefold, runs))
    votes = {lang: sum(words[w] for w in stop) for lang, stop in _STOPWORDS.items()}
    best = max(votes, key=lambda lang: votes[lang])
    # Too few stopwords to tell (a list of names, a headline): say nothing rather than guess.
    return best if votes[best] >= max(2, 0.05 * len(runs)) else None


def load_documents(inputs: list[str]) -> list[Document]:
    if not inputs:
        raise InputError("no documents given")
    docs = [load_document(p) for p in expand_paths(inputs)]
    if not docs:
        raise InputError("no documents found in " + ", ".join(inputs))
    return docs
