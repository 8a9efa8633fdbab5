"""What a desk has briefed, kept in DESK/state.json, and the lock that keeps one run at a time.

Every item the desk has read is remembered by what identifies it (a feed
entry's id and link, a page's URL, a file's path) with the text it had each
day it was briefed, so a day briefs only what is new or changed since the
days before it: re-running a day sees that day's items as new again, and
briefs them the same way. The state is written atomically and only after the
day's brief is, so a failed run leaves it as it was.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pydantic
from pydantic import BaseModel, ConfigDict, Field

from ..atomic import write_atomic
from ..errors import DeskBusy, InputError

STATE_FILE = "state.json"
LOCK_FILE = ".lock"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Version(_Model):
    date: str = Field(description="The day that read it.")
    sha256: str | None = Field(description="Its text then; None for a feed entry passed over unread.")
    signature: str | None = Field(
        default=None, description="A feed entry: a hash of what the feed said of it; a file: its size and mtime."
    )


class Item(_Model):
    kind: Literal["entry", "page", "file"]
    location: str = Field(description="Link, URL or path.")
    versions: list[Version] = Field(description="Oldest first, one a day at most.")

    def before(self, date: str) -> Version | None:
        """The latest version read before `date`: what a run of `date` compares with."""
        earlier = [v for v in self.versions if v.date < date]
        return earlier[-1] if earlier else None


class DayRecord(_Model):
    """One archived day, as the index lists it."""

    date: str
    title: str
    bluf: str
    stories: int
    sources: int
    new: int
    updated: int

    @property
    def nothing_new(self) -> bool:
        return not self.sources


class DeskState(_Model):
    version: Literal[1] = 1
    items: dict[str, Item] = Field(default={}, description='"entry <id>", "page <url>" or "file <path>" -> item.')
    days: dict[str, DayRecord] = {}

    def by_location(self) -> dict[str, Item]:
        return {item.location: item for item in self.items.values()}

    def previous_day(self, date: str) -> DayRecord | None:
        """The last day before `date` that briefed something."""
        earlier = [d for day, d in self.days.items() if day < date and not d.nothing_new]
        return max(earlier, key=lambda d: d.date, default=None)

    def record(self, key: str, kind: str, location: str, version: Version) -> None:
        item = self.items.setdefault(key, Item(kind=kind, location=location, versions=[]))
        item.location = location
        item.versions = sorted([v for v in item.versions if v.date != version.date] + [version], key=lambda v: v.date)

    def forget_day(self, date: str) -> None:
        """Drop what a day read, before it is run again."""
        for key in list(self.items):
            item = self.items[key]
            item.versions = [v for v in item.versions if v.date != date]
            if not item.versions:
                del self.items[key]


def load_state(folder: Path) -> DeskState:
    path = folder / STATE_FILE
    try:
        return DeskState.model_validate_json(path.read_bytes())
    except FileNotFoundError:
        return DeskState()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except pydantic.ValidationError as exc:
        raise InputError(
            f"{path}: not a desk's state ({exc.errors()[0]['msg']}); move it away to start the desk afresh"
        ) from None


def save_state(folder: Path, state: DeskState) -> None:
    write_atomic(folder / STATE_FILE, state.model_dump_json(indent=1) + "\n")


@contextlib.contextmanager
def desk_lock(folder: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the desk for one run; another run waits up to `wait` seconds, then gets DeskBusy.

    flock: the kernel drops the lock when its holder exits, however it exits,
    so a killed run never leaves the desk locked.
    """
    path = folder / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise InputError(f"{path}: cannot open the desk's lock ({exc.strerror or exc})") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
                    raise DeskBusy(
                        f"{folder}: another run holds the desk (pid {holder}, {path}); nothing was changed. "
                        "Try again when it ends, or give --wait SECONDS"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock
