"""Tables read from an installed package's data, kept in the cache folder for later runs.

Some packages cost a run more to open than what it reads of them: babel merges its whole English
locale for one language's name (0.07 s of CPU), faker imports every locale it has before it hands
over its lists of given names (0.05 s). What a run read is kept as JSON in the folder the language
model is kept unpacked in, under the package's name and version: another version is another file,
and a file that cannot be read or written only means the package is opened again.
"""

from __future__ import annotations

import contextlib
import json
import os
from importlib import metadata
from pathlib import Path
from typing import Any


def kept_file(kept_in: Path | None, package: str, table: str) -> Path | None:
    """Where `table`, read from this version of `package`, is kept in `kept_in`; None keeps nothing."""
    return kept_in / f"{package}-{metadata.version(package)}-{table}.json" if kept_in is not None else None


def read_kept(kept: Path | None) -> dict[str, Any]:
    """The table kept at `kept`, or an empty one."""
    if kept is None:
        return {}
    try:
        table = json.loads(kept.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return table if isinstance(table, dict) else {}


def keep(kept: Path | None, table: dict[str, Any]) -> None:
    """Keep `table` at `kept`, whole or not at all."""
    if kept is None:
        return
    with contextlib.suppress(OSError):  # a folder that cannot be written: the package is opened again next run
        kept.parent.mkdir(parents=True, exist_ok=True)
        staging = kept.with_name(f".{kept.name}.{os.getpid()}")
        staging.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
        staging.replace(kept)
