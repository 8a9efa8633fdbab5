"""Running calls in parallel on threads a run can walk away from.

`ThreadPoolExecutor` joins its workers when the interpreter exits, so after
Ctrl-C the process would still wait for every call in flight to time out,
retries included. Here the workers are daemon threads: the caller cancels what
has not started, tells the model to stop, and leaves; nothing it abandons can
hold the process open, and whatever those calls still finish is only cached.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def start_all(fn: Callable[[T], R], items: Sequence[T], workers: int) -> list[Future[R]]:
    """One future per item, run by `workers` daemon threads in order; cancel() skips one not yet started."""
    futures: list[Future[R]] = [Future() for _ in items]
    lock = threading.Lock()
    position = 0

    def work() -> None:
        nonlocal position
        while True:
            with lock:
                if position >= len(items):
                    return
                i = position
                position += 1
            future = futures[i]
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(items[i])
            except BaseException as exc:
                future.set_exception(exc)
            else:
                future.set_result(result)

    for n in range(max(1, min(workers, len(items)))):
        threading.Thread(target=work, name=f"briefing-worker-{n}", daemon=True).start()
    return futures
