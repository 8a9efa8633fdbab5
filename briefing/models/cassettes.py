"""Recording and replaying LLM calls with vcrpy cassettes.

`--record FILE` captures every call the run makes; `--replay FILE` serves them
back with no network and no key, and a request the cassette does not hold fails
the run clearly (record mode "none"). `--refresh FILE` records too, but serves
the calls the cassette already holds unchanged and drops those the run no longer
sends: after a change to one prompt, only that prompt's calls go to the model
(a probe day takes minutes instead of most of an hour on a 2-core machine). Cassettes are meant to be read in review:
credentials are filtered out, and JSON bodies are stored pretty-printed with
non-ASCII text as itself, not as \\u escapes. Requests match on method, path and
the *parsed* JSON body, not on host and port: the embedded server listens on a
fresh port every run.

A cassette also says how it was recorded, in vcrpy's cassette metadata
(`metadata: recorded_with:` at the top of the file): provider, model, endpoint
path, structured-output mode, chunking, language, sampling options, schema
version, prompt hashes and document hashes. `--replay` runs with exactly those
settings, whatever OPENAI_API_KEY, OPENAI_BASE_URL or BRIEFING_MODEL say, and a
request that still does not match is explained by what differs (prompts, schema,
documents) instead of a bare "not recorded".
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from ..config import LLMOptions, Settings
from ..errors import InputError, ReplayError, first_problem
from ..schema import SCHEMA_VERSION
from .prompts import load_prompt

if TYPE_CHECKING:
    import vcr

    from ..schema import RunMetadata
    from .llm import LanguageModel

METADATA_KEY = "recorded_with"
REPLAY_HOST = "http://replay.invalid"  # never contacted: vcrpy serves every request, or refuses it

SECRET_HEADERS = ["authorization", "api-key", "x-api-key", "openai-organization", "openai-project", "cookie"]
_DROPPED_RESPONSE_HEADERS = {"content-length", "content-encoding", "set-cookie"}


class _ReadableDumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ReadableDumper.add_representer(str, _represent_str)


class ReadableYaml:
    """vcrpy serializer: YAML with unicode kept readable and bodies as block text."""

    @staticmethod
    def serialize(cassette: dict[str, Any]) -> str:
        if "metadata" in cassette:  # first, where a reader looks: how the calls below were made
            cassette = {"metadata": cassette["metadata"], **{k: v for k, v in cassette.items() if k != "metadata"}}
        return yaml.dump(cassette, Dumper=_ReadableDumper, allow_unicode=True, sort_keys=False, width=120)

    @staticmethod
    def deserialize(text: str) -> dict[str, Any]:
        from vcr.serializers import yamlserializer

        return yamlserializer.deserialize(text)


def _pretty_json(raw: bytes | str | None) -> bytes | str | None:
    if not raw:
        return raw
    try:
        parsed = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return raw
    return json.dumps(parsed, ensure_ascii=False, indent=1).encode("utf-8")


def _before_record_request(request: Any) -> Any:
    if request.method == "GET" and request.path.endswith("/models"):
        return None  # the local server's readiness probe: not part of the run's calls
    if request.path.endswith("/tokenize"):
        return None  # the prebuilt server counting for the budget; a replay counts with the estimate
    request.body = _pretty_json(request.body)
    return request


def _before_record_response(response: dict[str, Any]) -> dict[str, Any]:
    response["headers"] = {k: v for k, v in response["headers"].items() if k.lower() not in _DROPPED_RESPONSE_HEADERS}
    response["body"]["string"] = _pretty_json(response["body"]["string"])
    return response


def _json_body(r1: Any, r2: Any) -> None:
    def parsed(body: Any) -> Any:
        try:
            return json.loads(body) if body else None
        except (ValueError, UnicodeDecodeError):
            return body

    assert parsed(r1.body) == parsed(r2.body), "bodies differ"


def _vcr(mode: str) -> vcr.VCR:
    import vcr  # here: it patches HTTP libraries and takes a quarter second to import; most runs never tape

    recorder = vcr.VCR(
        record_mode=mode,
        filter_headers=SECRET_HEADERS,
        before_record_request=_before_record_request,
        before_record_response=_before_record_response,
        decode_compressed_response=True,
        match_on=["method", "path", "json_body"],
    )
    recorder.register_serializer("readable-yaml", ReadableYaml)
    recorder.register_matcher("json_body", _json_body)
    return recorder


class RecordedWith(BaseModel):
    """How a cassette was recorded: everything a replay must do alike to send the same requests."""

    model_config = ConfigDict(extra="ignore")  # a newer cassette may say more; what we use is checked

    provider: Literal["openai", "local"]
    model: str
    api_path: str = "/v1"
    structured_output: Literal["json_schema", "grammar", "json_object", "prompt"]
    chunk_chars: int
    chunk_overlap: int
    context_window: int | None = None  # chunks are cut to fit it: a replay cuts them alike
    pack_documents: bool = False  # several documents a request (analysis/packing.py); none before it existed
    language: str
    options: LLMOptions
    schema_version: str
    prompts: dict[str, str]
    documents: list[str] = []  # sha256 of each document briefed

    def apply(self, settings: Settings) -> Settings:
        """`settings` with every request-shaping value as recorded, and no endpoint or key from anywhere."""
        return settings.model_copy(
            update={
                "provider": self.provider,
                "model": self.model,
                "base_url": REPLAY_HOST + self.api_path,
                "api_key": None,
                "structured_output": self.structured_output,
                "chunk_chars": self.chunk_chars,
                "chunk_overlap": self.chunk_overlap,
                "context_window": self.context_window,
                "pack_documents": self.pack_documents,
                "language": self.language,
                "options": self.options,
            }
        )

    def differences(self, documents: Sequence[str]) -> list[str]:
        """What this run cannot do as recorded: code and documents, which no setting changes."""
        found = []
        if self.schema_version != SCHEMA_VERSION:
            found.append(f"schema version {self.schema_version}, this run has {SCHEMA_VERSION}")
        changed = []
        for name, recorded in sorted(self.prompts.items()):
            try:
                current = load_prompt(name).sha256
            except OSError:
                changed.append((f"{name}={recorded[:8]}…", f"no prompt {name}"))
                continue
            if current != recorded:
                changed.append((f"{name}={recorded[:8]}…", f"{name}={current[:8]}…"))
        if changed:
            found.append(f"prompts {' '.join(a for a, _ in changed)}, this run has {' '.join(b for _, b in changed)}")
        if self.documents and sorted(self.documents) != sorted(documents):
            new = len(set(documents) - set(self.documents))
            found.append(
                f"{len(self.documents)} document(s), this run has {len(documents)} ({new} not in the recording)"
            )
        return found


def recorded_with(model: LanguageModel, settings: Settings, run: RunMetadata, documents: Sequence[str]) -> RecordedWith:
    """The header of a cassette recorded by a run with this model, these settings and this outcome."""
    base_url = getattr(model, "base_url", None) or "https://api.openai.com/v1"  # the SDK's default
    return RecordedWith(
        provider=settings.resolved_provider(),
        model=model.model,
        api_path=urlsplit(base_url).path.rstrip("/"),
        structured_output=run.structured_output,  # after any step-down: a replay starts where the run ended
        chunk_chars=settings.chunk_chars or model.default_chunk_chars,
        chunk_overlap=settings.chunk_overlap,
        context_window=model.budget.window if model.budget else settings.context_window,
        pack_documents=settings.packs_documents(),
        language=settings.language,
        options=settings.options,
        schema_version=run.schema_version,
        prompts=run.prompts,
        documents=sorted(set(documents)),
    )


class Tape:
    """The cassette of a run: what it was recorded with (replay), and where to say it (record)."""

    def __init__(self, path: Path | None, recorder: Any = None, header: RecordedWith | None = None) -> None:
        self.path = path
        self._cassette = recorder
        self.header = header
        self.recording = False

    def settings(self, settings: Settings) -> Settings:
        """The settings to run with: a replay's are the recording's, whatever the environment holds."""
        return self.header.apply(settings) if self.header else settings

    def finish(self, model: LanguageModel, settings: Settings, run: RunMetadata, documents: Sequence[str]) -> None:
        """Write how this run was made into the cassette being recorded (saved when the tape closes)."""
        if self.recording and self._cassette is not None:
            header = recorded_with(model, settings, run, documents)
            # vcrpy only adds a missing key; a refreshed cassette's old header must give way to this run's
            self._cassette._metadata.pop(METADATA_KEY, None)
            self._cassette.get_metadata(METADATA_KEY, header.model_dump(mode="json"))

    def explain(self, error: ReplayError, documents: Sequence[str]) -> ReplayError:
        if self.header is None:
            why = "the cassette does not say how it was recorded (no metadata: recorded_with)"
        else:
            differences = self.header.differences(documents)
            why = (
                "cassette recorded with " + "; ".join(differences)
                if differences
                else "the settings, prompts, schema and documents are as recorded, so the requests are built "
                "differently now"
            )
        return ReplayError(f"{self.path}: {error} — {why}: re-record (README, Recorded responses)")


def _read_header(recorder: Any, path: Path) -> RecordedWith | None:
    from vcr.errors import MissingMetadataError

    try:
        raw = recorder.get_metadata(METADATA_KEY, None)
    except MissingMetadataError:
        return None  # recorded before cassettes said how: replayed with the settings at hand
    try:
        return RecordedWith.model_validate(raw)
    except ValidationError as exc:
        raise InputError(f"{path}: metadata {METADATA_KEY}.{first_problem(exc)}") from None


@contextlib.contextmanager
def cassette(
    replay: Path | None = None, record: Path | None = None, documents: Sequence[str] = (), *, refresh: bool = False
) -> Iterator[Tape]:
    """Serve calls from `replay`, record them into `record`, or do nothing.

    `documents` (their sha256) is what the run briefs: a replay that misses says
    whether they are the ones recorded. With `refresh`, `record` keeps the calls it
    already holds that this run sends unchanged, and drops the rest.
    """
    if replay and record:
        raise InputError("--replay and --record cannot be used together")
    if replay:
        if not replay.is_file():
            raise InputError(f"{replay}: no such cassette")
        with _vcr("none").use_cassette(str(replay), serializer="readable-yaml", allow_playback_repeats=True) as cass:
            tape = Tape(replay, cass, _read_header(cass, replay))
            try:
                yield tape
            except ReplayError as exc:
                raise tape.explain(exc, documents) from None
    elif record and refresh:
        if not record.is_file():
            raise InputError(f"{record}: no such cassette to refresh")
        with _vcr("new_episodes").use_cassette(
            str(record), serializer="readable-yaml", allow_playback_repeats=True, drop_unused_requests=True
        ) as cass:
            tape = Tape(record, cass)
            tape.recording = True
            yield tape
    elif record:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.unlink(missing_ok=True)
        with _vcr("all").use_cassette(str(record), serializer="readable-yaml") as cass:
            tape = Tape(record, cass)
            tape.recording = True
            yield tape
    else:
        yield Tape(None)
