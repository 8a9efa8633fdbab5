"""The day's intake: which of the desk's items are new, which changed, which were briefed before.

A feed entry is judged by what its feed says of it, before its page is
fetched (fetching.py's `choose`): an entry the desk has read, listed as it was
then, is not fetched again, so the work of a day follows what is new in the
feeds, not their length. An entry the feed lists differently (edited, updated)
is fetched, and briefed again only if its text changed. A file is judged by
its size and modification time before it is read, and by its text's hash
when those changed; a page, which has neither, is fetched and hashed daily. Of a feed's new entries the
newest MAX_FEED_ENTRIES are read; the older ones are passed over (recorded,
not briefed, counted in the brief), so a new desk starts from the feed's latest
news and not from its back catalogue, and a desk back from a week off briefs
the morning's news, not the week's backlog.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Limits
from ..errors import InputError
from ..ingest.documents import Document, expand_paths
from ..ingest.fetching import MAX_FEED_ENTRIES, FeedEntry, is_url, read_sources
from .config import Desk
from .state import DeskState, Item, Version

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Reading:
    """One item as this day read it, to be recorded once its brief is written."""

    key: str
    kind: str
    location: str
    version: Version


@dataclass
class Intake:
    fresh: list[Document] = field(default_factory=list)  # new or changed: what the day briefs
    updated: dict[str, str] = field(default_factory=dict)  # id of a fresh document -> day it was briefed before
    seen: int = 0  # items read and found as earlier briefs had them
    passed_over: int = 0  # a feed's new entries past the day's cap, recorded unread
    skipped: list[str] = field(default_factory=list)  # sources not read, and why (skip_bad_inputs)
    readings: list[Reading] = field(default_factory=list)


class _Chooser:
    """read_sources' `choose` and `keep_file` for one day: which entries to fetch and files to read, and why."""

    def __init__(self, state: DeskState, date: str, intake: Intake) -> None:
        self.state, self.date, self.intake = state, date, intake
        self.locations = state.by_location()
        self.chosen: dict[str, list[tuple[FeedEntry, Version | None]]] = {}  # document location -> entries
        self.file_signatures: dict[str, str] = {}  # path -> size and mtime, of the files read

    def _known(self, entry: FeedEntry) -> Item | None:
        item = self.state.items.get(f"entry {entry.id}")
        return item or (self.locations.get(entry.link) if entry.link else None)

    def __call__(self, entries: Sequence[FeedEntry]) -> list[str]:
        wanted: list[tuple[FeedEntry, Version | None]] = []
        for entry in entries:
            item = self._known(entry)
            prior = item.before(self.date) if item else None
            if prior is not None and prior.signature == entry.signature:
                self.intake.seen += 1
            else:
                wanted.append((entry, prior))
        cap = MAX_FEED_ENTRIES  # feeds list their newest first
        for entry, _ in wanted[cap:]:
            self.intake.passed_over += 1
            version = Version(date=self.date, sha256=None, signature=entry.signature)
            self.intake.readings.append(Reading(f"entry {entry.id}", "entry", entry.link or entry.feed, version))
        for entry, prior in wanted[:cap]:
            self.chosen.setdefault(entry.link or entry.feed, []).append((entry, prior))
        return [entry.id for entry, _ in wanted[:cap]]

    def keep_file(self, path: Path) -> bool:
        """read_sources' `keep_file`: read a file unless it is as it was when an earlier day read it."""
        try:
            stat = path.stat()
        except OSError:
            return True  # the reader says what is wrong with it
        signature = f"{stat.st_size}:{stat.st_mtime_ns}"
        item = self.state.items.get(f"file {path}")
        prior = item.before(self.date) if item else None
        if prior is not None and prior.sha256 is not None and prior.signature == signature:
            self.intake.seen += 1
            return False
        self.file_signatures[str(path)] = signature
        return True

    def entry_of(self, doc: Document) -> tuple[FeedEntry, Version | None] | None:
        waiting = self.chosen.get(doc.location)
        return waiting.pop(0) if waiting else None


def _present(sources: list[str]) -> list[str]:
    """The sources with an empty folder left out: an inbox read empty is a quiet day, not an error."""
    kept = []
    for source in sources:
        if not is_url(source) and Path(source).is_dir():
            try:
                expand_paths([source])
            except InputError:
                continue
        kept.append(source)
    return kept


def read_new(
    desk: Desk,
    state: DeskState,
    date: str,
    skip_bad_inputs: bool = False,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> Intake:
    """Read the desk's sources as of `date` and sort what they hold into new, changed and seen (within `limits`)."""
    progress = progress or (lambda stage, done, total: None)
    intake = Intake()
    chooser = _Chooser(state, date, intake)
    sources = desk.sources()
    progress("read", 0, len(sources))
    present = _present(sources)
    skipped = intake.skipped if skip_bad_inputs else None
    docs = read_sources(present, skipped, chooser, chooser.keep_file, limits) if present else []
    progress("read", len(sources), len(sources))
    for doc in docs:
        from_feed = chooser.entry_of(doc)
        if from_feed is not None:
            entry, prior = from_feed
            key, kind, signature = f"entry {entry.id}", "entry", entry.signature
        else:
            kind = "page" if is_url(doc.location) else "file"
            key, signature = f"{kind} {doc.location}", chooser.file_signatures.get(doc.location)
            item = state.items.get(key) or chooser.locations.get(doc.location)  # a page a feed also lists
            prior = item.before(date) if item else None
        if prior is not None and prior.sha256 == doc.sha256:
            intake.seen += 1
            if signature is None or signature == prior.signature:
                continue  # nothing to record: as it was
        else:
            intake.fresh.append(doc)
            if prior is not None and prior.sha256 is not None:
                intake.updated[doc.id] = prior.date
        version = Version(date=date, sha256=doc.sha256, signature=signature)
        intake.readings.append(Reading(key, kind, doc.location, version))
    return intake
