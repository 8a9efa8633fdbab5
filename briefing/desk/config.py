"""A desk's configuration: DESK/desk.toml read into pydantic models, and the example `init` writes.

The file lists the sources (feeds, pages, folders, sources files; relative
paths are the desk's), then how the brief is written ([brief]) and which model
writes it ([model], any option of `Settings` but the key). The environment
comes first, the file over it, the command line over both. The API key stays
in the environment: a desk folder gets copied and shared, a key must not be.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pydantic
from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..config import Settings
from ..errors import InputError, first_problem
from ..ingest.fetching import is_url

DESK_FILE = "desk.toml"
_PATH_OPTIONS = ("local_model", "cache_dir")
_NOT_IN_FILE = {
    "api_key": "the API key stays in the environment (OPENAI_API_KEY), never in desk.toml",
    "language": "the brief's language goes in [brief]",
    "skip_bad_inputs": "skip_bad_inputs goes in [brief]",
}


class BriefOptions(BaseModel):
    """How the day's brief is written and filed."""

    model_config = ConfigDict(extra="forbid")

    language: str = "en"
    template: str = Field(default="brief.html.j2", description="The HTML page's template: a bundled name or a path.")
    markdown_template: str = "brief.md.j2"
    look_back: int = Field(default=7, ge=0, le=366, description="Earlier briefs searched for a story that continues.")
    skip_bad_inputs: bool = False


class DeskFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: list[str] = Field(min_length=1)
    brief: BriefOptions = BriefOptions()
    model: dict[str, Any] = Field(default={}, description="Settings fields, checked by Settings itself.")

    @field_validator("model")
    @classmethod
    def _settings_fields(cls, table: dict[str, Any]) -> dict[str, Any]:
        for key in table:
            if key in _NOT_IN_FILE:
                raise ValueError(f"{key}: {_NOT_IN_FILE[key]}")
        Settings.model_validate(table)  # unknown keys and bad values are named by Settings' own checks
        return table


@dataclass(frozen=True)
class Desk:
    folder: Path
    file: DeskFile

    @property
    def briefs(self) -> Path:
        return self.folder / "briefs"

    @property
    def name(self) -> str:
        return self.folder.resolve().name

    def sources(self) -> list[str]:
        """The sources as load_sources takes them: URLs as written, paths relative to the desk."""
        return [s if is_url(s) else str(self._path(s)) for s in self.file.sources]

    def settings(self, overrides: dict[str, object] | None = None) -> Settings:
        """The environment, then desk.toml, then `overrides` (the command line's options that were given)."""
        values: dict[str, object] = {
            "language": self.file.brief.language,
            "skip_bad_inputs": self.file.brief.skip_bad_inputs,
        }
        values.update(self.file.model)
        for key in _PATH_OPTIONS:
            if values.get(key) is not None:
                values[key] = self._path(str(values[key]))
        values.update({k: v for k, v in (overrides or {}).items() if v is not None})
        try:
            return Settings.from_env(**values)
        except pydantic.ValidationError as exc:
            raise InputError(f"{self.folder / DESK_FILE}: {first_problem(exc)}") from None

    def template(self, value: str) -> str | Path:
        """A template named in desk.toml: a file beside the desk, else a bundled name."""
        local = self._path(value)
        return local if local.is_file() else value

    def _path(self, value: str) -> Path:
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.folder / path


def load_desk(folder: Path) -> Desk:
    """The desk at `folder`, or an InputError naming what is wrong with its desk.toml."""
    path = folder / DESK_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{folder}: no {DESK_FILE} here; `briefing init {folder}` writes one") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{path}: not valid TOML ({exc})") from None
    try:
        return Desk(folder, DeskFile.model_validate(data))
    except pydantic.ValidationError as exc:
        raise InputError(f"{path}: {first_problem(exc)}") from None


def init_desk(folder: Path, sources: list[str] | None = None) -> Path:
    """Write a commented desk.toml (listing `sources`, else an inbox folder) and the desk's folders.

    A relative path in `sources` is taken from the current folder, as a shell gives it, and written absolute.
    """
    path = folder / DESK_FILE
    if path.exists():
        raise InputError(f"{path} exists; not overwritten")
    example = (resources.files("briefing") / "templates" / "desk.toml").read_text(encoding="utf-8")
    if sources:
        written = [s if is_url(s) else str(Path(s).expanduser().absolute()) for s in sources]
        listed = "".join(f"    {_toml_string(s)},\n" for s in written)
        example = example.replace('    "inbox/",\n', listed)
    try:
        (folder / "briefs").mkdir(parents=True, exist_ok=True)
        if not sources:
            (folder / "inbox").mkdir(exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # never over a file made in the meantime
            handle.write(example)
    except FileExistsError:
        raise InputError(f"{path} exists; not overwritten") from None
    except OSError as exc:
        raise InputError(f"{folder}: cannot create the desk ({exc.strerror or exc})") from None
    load_desk(folder)  # what init writes, daily reads
    return path


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
