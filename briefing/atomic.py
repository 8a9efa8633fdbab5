"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Outputs and cache entries are written to a temporary file in the same folder,
flushed to disk, then renamed over the target, so an interrupted run leaves no
truncated brief and no corrupt cache entry.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# mkstemp creates files readable by the owner only; a brief should get the usual
# permissions. The umask can only be read by setting it, so read it once, at import.
_UMASK = os.umask(0)
os.umask(_UMASK)


def write_atomic(path: Path, data: str | bytes, *, durable: bool = True) -> None:
    """Replace `path` with `data` in one step; `durable` also waits for the disk.

    Without it the rename is still all-or-nothing for every reader, but a power
    cut may leave an empty file: fine for a cache, which replaces what it cannot read.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except FileNotFoundError:  # the folder is made only when missing: a cache write is one call less
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
