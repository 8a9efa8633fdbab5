"""Progress on stderr: model assembly, loading, and each extraction.

The library reports progress as calls of `progress(stage, done, total)`; at a
terminal this turns them into rich's bars (or a spinner where the total is
unknown) on stderr, so stdout stays clean for the brief itself. Where stderr is
not a terminal (cron, CI, nohup) bars print nothing until the end, so plain
lines are written instead, at most one every few seconds per stage:
"extracting chunks 7/17, 2:31 elapsed".
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

STAGE_LABELS = {
    "read": "reading the desk's sources",
    "assemble": "assembling model file",
    "verify": "verifying model sha256",
    "load": "loading local model",
    "batch": "batch at the provider",
    "extract": "extracting chunks",
    "condense": "condensing notes",
    "synthesize": "writing the brief",
    "check": "checking claims",
}


def stderr_progress(stream: TextIO | None = None) -> StderrProgress | PlainProgress:
    """Bars when stderr is a terminal, plain lines a log can keep anywhere else."""
    stream = stream or sys.stderr
    return StderrProgress() if stream.isatty() else PlainProgress(stream)


class StderrProgress:
    """rich's bars on stderr, for a terminal."""

    def __init__(self) -> None:
        self._bars = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=False,
            # Each redraw costs CPU, and rich's default of 10 a second is a visible share of a run's
            # own work at the terminal. The bars move on every finished chunk anyway.
            refresh_per_second=2,
        )
        self._tasks: dict[str, int] = {}
        self._lock = threading.Lock()
        self._started = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        with self._lock:
            if not self._started:  # a run that fails before any work prints no empty bars
                self._bars.start()
                self._started = True
            if stage not in self._tasks:
                self._tasks[stage] = self._bars.add_task(STAGE_LABELS.get(stage, stage), total=total or None)
            self._bars.update(self._tasks[stage], completed=done, total=total or None)

    def __enter__(self) -> StderrProgress:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        with self._lock:
            if self._started:
                self._bars.stop()


class PlainProgress:
    """One plain line per stage at its start, at most one every `interval` seconds, and at its end."""

    def __init__(self, stream: TextIO, interval: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream
        self._interval = interval
        self._clock = clock
        self._started: dict[str, float] = {}
        self._printed: dict[str, float] = {}
        self._lock = threading.Lock()

    def __call__(self, stage: str, done: int, total: int) -> None:
        with self._lock:
            now = self._clock()
            started = self._started.setdefault(stage, now)
            finished = bool(total) and done >= total
            last = self._printed.get(stage)
            if last is not None and now - last < self._interval and not finished:
                return
            self._printed[stage] = now
            count = f" {done}/{total}" if total else ""
            elapsed = int(now - started)
            hours, rest = divmod(elapsed, 3600)
            clock = f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
            print(f"{STAGE_LABELS.get(stage, stage)}{count}, {clock} elapsed", file=self._stream, flush=True)

    def __enter__(self) -> PlainProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        return None
