"""Progress on stderr with rich: model assembly, loading, and each extraction.

The library reports progress as calls of `progress(stage, done, total)`; this
turns them into bars (or a spinner where the total is unknown) on stderr, so
stdout stays clean for the brief itself.
"""

from __future__ import annotations

import threading
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

STAGE_LABELS = {
    "assemble": "assembling model file",
    "verify": "verifying model sha256",
    "load": "loading local model",
    "batch": "batch at the provider",
    "extract": "extracting chunks",
    "synthesize": "writing the brief",
}


class StderrProgress:
    def __init__(self) -> None:
        self._bars = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=False,
            # Each redraw costs a few ms of CPU; rich's default 10 a second came to 2.5 % of a
            # run's wall time at the terminal. The bars move on every finished chunk anyway.
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
