"""Reading sources from the web: pages, RSS/Atom feeds, and files that list sources.

A morning brief is built from what the outlets published overnight, so an input
may be a URL (a page, reduced to its article text by trafilatura, or a feed,
whose entries are fetched one by one) or a sources file: one URL or path per
line, `#` comments. Everything else is a path and goes to documents.py.

Fetching is deliberately narrow: http and https only (checked again on every
redirect), few redirects, a timeout and a size cap per response. A URL named on
the command line that cannot be read is an `InputError` naming it; an entry of a
feed whose page cannot be read falls back to the feed's own summary of it.

A caller that remembers what it has read (the briefing desk) passes `choose`:
it sees each feed's entries as the feed lists them and picks the ones whose
pages are worth fetching, so a feed of 200 entries with 10 new costs 10
fetches; and `keep_file`, which passes over files it has read before unread.

A page is held to the HTML limits of `config.Limits`, a feed to `feed_entries`
(counted in its bytes, before feedparser builds an object for every entry), and
a feed that declares XML entities is refused: RSS and Atom need none.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from ..config import Limits
from ..errors import InputError, LimitError
from .bounded import over
from .documents import Document, decode, document_language, html_to_text, load_documents
from .visible import HiddenText

MAX_FETCH_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
MAX_FEED_ENTRIES = 50
USER_AGENT = "briefing/0.1 (+https://github.com/)"

_URL = re.compile(r"^https?://", re.IGNORECASE)
_FEED_HEAD = re.compile(rb"<(rss|feed|rdf:RDF)\b", re.IGNORECASE)
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")
_FEED_ENTRY = re.compile(rb"<(?:[\w.-]+:)?(?:item|entry)[\s>/]")


class FetchError(Exception):
    """Why one URL could not be read; turned into InputError or a fallback by the caller."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    charset: str | None
    body: bytes


@dataclass(frozen=True)
class FeedEntry:
    """One entry as its feed lists it, before its page is fetched."""

    feed: str  # the feed's URL
    id: str  # the entry's id (guid), else its link, else its title
    link: str | None
    signature: str  # sha256 of what the feed says of it (title, dates, summary): changes when the feed edits it


EntryChooser = Callable[[Sequence[FeedEntry]], Collection[str]]
"""Given a feed's entries in the feed's order, the ids of those to read."""


def is_url(item: str) -> bool:
    return bool(_URL.match(item.strip()))


def fetch(url: str, client: httpx.Client) -> Fetched:
    """GET `url` following at most MAX_REDIRECTS http(s) redirects, reading at most MAX_FETCH_BYTES."""
    asked = url
    for _ in range(MAX_REDIRECTS + 1):
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            hop = "" if url == asked else f" redirects to {url}, but"
            raise FetchError(f"{asked}:{hop} only http and https URLs are fetched")
        try:
            with client.stream("GET", url) as response:
                if response.is_redirect:
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"{url}: redirect without a location")
                    url = urljoin(url, location)
                    continue
                if response.status_code >= 400:
                    raise FetchError(f"{url}: HTTP {response.status_code}")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > MAX_FETCH_BYTES:
                    raise FetchError(
                        f"{url}: {int(declared) // 1024} KB is over the {MAX_FETCH_BYTES // 1024} KB limit"
                    )
                body = bytearray()
                for part in response.iter_bytes():
                    body.extend(part)
                    if len(body) > MAX_FETCH_BYTES:
                        raise FetchError(f"{url}: larger than the {MAX_FETCH_BYTES // 1024} KB limit")
                content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
                return Fetched(str(response.url), content_type, response.charset_encoding, bytes(body))
        except httpx.TimeoutException:
            raise FetchError(f"{url}: timed out") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: cannot fetch ({exc.__class__.__name__}: {exc})") from None
    raise FetchError(f"{asked}: more than {MAX_REDIRECTS} redirects")


def looks_like_feed(fetched: Fetched) -> bool:
    if fetched.content_type in _FEED_TYPES:
        return True
    return bool(_FEED_HEAD.search(fetched.body[:2000]))


def _declared_charset(fetched: Fetched) -> str | None:
    if fetched.charset:
        return fetched.charset
    match = re.search(rb'<meta[^>]+charset=["\']?([\w-]+)', fetched.body[:4000], re.IGNORECASE)
    return match.group(1).decode("ascii", "ignore") if match else None


def _page_text(
    fetched: Fetched, hidden: list[HiddenText] | None = None, limits: Limits | None = None
) -> tuple[str, str | None, str | None, str | None]:
    """Article text, title, date and declared language of a fetched page; what no reader sees goes to `hidden`."""
    charset = _declared_charset(fetched)
    try:
        raw = fetched.body.decode(charset) if charset else decode(fetched.body, fetched.url)
    except (LookupError, UnicodeDecodeError):
        raw = decode(fetched.body, fetched.url)
    lang = re.search(r'<html[^>]*\blang=["\']?([A-Za-z]{2,3})', raw[:4000], re.IGNORECASE)
    if fetched.content_type.startswith("text/plain"):
        return raw, None, None, None
    text, title, date = html_to_text(raw, hidden, where=fetched.url, limits=limits)
    return text, title, date, lang.group(1).lower() if lang else None


def _document(
    url: str, text: str, title: str | None, date: str | None, language: str | None, hidden: Sequence[HiddenText] = ()
) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise FetchError(f"{url}: no article text found on the page")
    return Document(
        id=url_doc_id(url, text),
        title=(title or text.split("\n", 1)[0])[:200].strip(),
        location=url,
        text=text,
        date=date,
        # Outlets declare a site-wide lang; the text itself says which language this article is in.
        language=document_language(text) or language,
        hidden=tuple(hidden),
    )


def url_doc_id(url: str, text: str) -> str:
    parts = urlsplit(url)
    tail = parts.path.rstrip("/").rsplit("/", 1)[-1] or parts.hostname or "page"
    slug = re.sub(r"[^a-z0-9]+", "-", tail.lower().rsplit(".", 1)[0]).strip("-")[:40] or "page"
    return f"{slug}-{hashlib.sha256(text.encode()).hexdigest()[:6]}"


def _feed_date(entry: dict) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return datetime(*parsed[:6]).date().isoformat()
    return None


def _entry_link(feed_url: str, entry: dict) -> str | None:
    return urljoin(feed_url, entry.get("link", "")) if entry.get("link") else None


def _feed_entry(feed_url: str, entry: dict) -> FeedEntry:
    link = _entry_link(feed_url, entry)
    # dict.get: feedparser's own get answers `updated` with `published` (and a warning) when a feed has no dates
    said = [dict.get(entry, key) or "" for key in ("title", "published", "updated", "summary")]
    said += [part.get("value") or "" for part in entry.get("content") or []]
    signature = hashlib.sha256("\x1f".join(said).encode("utf-8")).hexdigest()
    return FeedEntry(feed_url, entry.get("id") or link or entry.get("title") or signature, link, signature)


def _feed_documents(
    fetched: Fetched, client: httpx.Client, choose: EntryChooser | None = None, limits: Limits | None = None
) -> list[Document]:
    import feedparser

    limits = limits or Limits()
    if b"<!ENTITY" in fetched.body:
        raise LimitError(f"{fetched.url}: feed declares XML entities, which RSS and Atom never need")
    count = len(_FEED_ENTRY.findall(fetched.body))
    if count > limits.feed_entries:
        raise over(fetched.url, f"feed of {count:,} entries", "feed_entries", limits)
    feed = feedparser.parse(fetched.body)
    if not feed.entries:
        raise FetchError(f"{fetched.url}: feed has no entries")
    feed_language = (feed.feed.get("language") or "")[:2].lower() or None
    entries = feed.entries
    if choose is not None:
        listed = [_feed_entry(fetched.url, entry) for entry in entries]
        chosen = set(choose(listed))
        entries = [entry for entry, seen in zip(entries, listed, strict=True) if seen.id in chosen]
        if not entries:
            return []  # nothing the caller has not read already
    docs = []
    for entry in entries[:MAX_FEED_ENTRIES]:
        link = _entry_link(fetched.url, entry)
        title = entry.get("title")
        date = _feed_date(entry)
        summary_html = (entry.get("content") or [{}])[0].get("value") or entry.get("summary") or ""
        text = ""
        language = feed_language
        hidden: list[HiddenText] = []
        if link and is_url(link):
            try:
                page_text, page_title, page_date, page_lang = _page_text(fetch(link, client), hidden, limits)
                text, title, date = page_text, title or page_title, date or page_date
                language = page_lang or language
            except (FetchError, LimitError):
                text = ""  # the feed's own summary stands in for a page we cannot read
        if not text and summary_html:
            page = f"<html><body><article>{summary_html}</article></body></html>"
            try:
                text = html_to_text(page, hidden, where=link or fetched.url, limits=limits)[0]
            except LimitError:
                text = ""
            text = text or re.sub(r"<[^>]+>", " ", summary_html)
        try:
            docs.append(_document(link or fetched.url, text, title, date, language, hidden))
        except FetchError:
            continue  # an empty entry is not worth failing the feed for
    if not docs:
        raise FetchError(f"{fetched.url}: no entry of the feed has any text")
    return docs


def load_url(
    url: str, client: httpx.Client, choose: EntryChooser | None = None, limits: Limits | None = None
) -> list[Document]:
    """The documents behind one URL: one for a page, one per entry for a feed (those `choose` picks)."""
    limits = limits or Limits()
    fetched = fetch(url, client)
    if looks_like_feed(fetched):
        return _feed_documents(fetched, client, choose, limits)
    hidden: list[HiddenText] = []
    text, title, date, language = _page_text(fetched, hidden, limits)
    return [_document(fetched.url, text, title, date, language, hidden)]


def read_sources_file(path: Path) -> list[str] | None:
    """The entries of a sources file, or None when `path` is an ordinary document.

    A sources file is a text file whose every non-blank, non-comment line is a URL
    or an existing path (relative paths are relative to the file's folder).
    """
    if path.suffix.lower() not in {".txt", ".list", ".sources", ""} or not path.is_file():
        return None
    if path.stat().st_size > 1024 * 1024:
        return None
    try:
        lines = decode(path.read_bytes(), str(path)).splitlines()
    except (OSError, InputError):
        return None  # load_document will say what is wrong with it
    entries = []
    for line in lines:
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if is_url(line):
            entries.append(line)
            continue
        target = Path(line).expanduser()
        target = target if target.is_absolute() else path.parent / target
        try:
            listed = target.exists() or (any(ch in line for ch in "*?[") and not any(c.isspace() for c in line))
        except OSError:  # a line of prose is no path (too long a name, say)
            listed = False
        if not listed:
            return None
        entries.append(str(target))
    return entries or None


def _client() -> httpx.Client:
    return httpx.Client(
        timeout=TIMEOUT,
        follow_redirects=False,  # followed by hand, so every hop's scheme is checked
        headers={"user-agent": USER_AGENT, "accept": "text/html, application/xhtml+xml, application/rss+xml, */*"},
        trust_env=False,
    )


def load_sources(
    inputs: Sequence[str], skipped: list[str] | None = None, limits: Limits | None = None
) -> list[Document]:
    """Documents from URLs, feeds, sources files, files, folders and globs, in the order given.

    An input that cannot be read stops everything with an InputError naming it, unless
    `skipped` is given: then its one-line reason is added there and the others go on.
    `limits` bound what each input may unpack to and make us parse (config.Limits).
    """
    if not inputs:
        raise InputError("no documents given")
    unique = read_sources(inputs, skipped, limits=limits)
    if not unique:
        reason = (
            f"; skipped: {skipped[0]}" + (f" and {len(skipped) - 1} more" if len(skipped) > 1 else "")
            if skipped
            else ""
        )
        raise InputError("no documents found in " + ", ".join(inputs) + reason)
    return unique


def read_sources(
    inputs: Sequence[str],
    skipped: list[str] | None = None,
    choose: EntryChooser | None = None,
    keep_file: Callable[[Path], bool] | None = None,
    limits: Limits | None = None,
) -> list[Document]:
    """As load_sources, but reading only the feed entries `choose` picks and the files `keep_file` keeps,
    and finding nothing is no error."""
    docs: list[Document] = []
    queue = list(inputs)
    seen_lists: set[Path] = set()
    client: httpx.Client | None = None
    with contextlib.ExitStack() as closing:
        while queue:
            item = queue.pop(0)
            try:
                if is_url(item):
                    # Opened at the first URL: its TLS setup costs more than reading forty files.
                    client = client or closing.enter_context(_client())
                    try:
                        docs.extend(load_url(item.strip(), client, choose, limits))
                    except FetchError as exc:
                        raise InputError(str(exc)) from None
                    continue
                path = Path(item)
                entries = read_sources_file(path) if path.suffix.lower() != ".md" else None
                if entries is not None:
                    if path.resolve() in seen_lists:
                        raise InputError(f"{path}: sources file includes itself")
                    seen_lists.add(path.resolve())
                    queue[:0] = entries
                    continue
                docs.extend(load_documents([item], skipped, keep_file, limits))
            except InputError as exc:
                if skipped is None:
                    raise
                skipped.append(str(exc))
    return list({d.sha256 + d.location: d for d in docs}.values())
