"""A content-addressed cache of validated model replies, on disk.

The key is a hash of everything that decides a reply: the prompt's hash, the
model, the schema version, the structured-output mode, the sampling options and
the exact text sent. Unchanged documents therefore cost no calls on the next
run, a new document costs only its own, and editing a prompt or switching model
misses cleanly. Entries are written atomically; one that cannot be read or no
longer validates is ignored and replaced, never fatal.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..atomic import write_atomic

T = TypeVar("T", bound=BaseModel)


def cache_key(**parts: object) -> str:
    canonical = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ReplyCache:
    def __init__(self, directory: Path, *, read: bool = True, write: bool = True) -> None:
        self.directory = directory
        self.read = read
        self.write = write

    def _path(self, key: str) -> Path:
        return self.directory / "replies" / key[:2] / f"{key}.json"

    def get(self, key: str, model: type[T]) -> T | None:
        if not self.read:
            return None
        path = self._path(key)
        try:
            return model.model_validate_json(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValidationError, ValueError):
            _remove(path)  # corrupt, unreadable or from an older schema: replace it
            return None

    def put(self, key: str, value: BaseModel) -> None:
        if self.write:
            write_atomic(self._path(key), value.model_dump_json(), durable=False)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()
