"""Recording and replaying LLM calls with vcrpy cassettes.

`--record FILE` captures every call the run makes; `--replay FILE` serves them
back with no network and no key, and a request the cassette does not hold fails
the run clearly (record mode "none"). Cassettes are meant to be read in review:
credentials are filtered out, and JSON bodies are stored pretty-printed with
non-ASCII text as itself, not as \\u escapes. Requests match on method, path and
the *parsed* JSON body, not on host and port: the embedded server listens on a
fresh port every run.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .errors import InputError

if TYPE_CHECKING:
    import vcr

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


@contextlib.contextmanager
def cassette(replay: Path | None = None, record: Path | None = None) -> Iterator[None]:
    """Serve calls from `replay`, record them into `record`, or do nothing."""
    if replay and record:
        raise InputError("--replay and --record cannot be used together")
    if replay:
        if not replay.is_file():
            raise InputError(f"{replay}: no such cassette")
        with _vcr("none").use_cassette(str(replay), serializer="readable-yaml", allow_playback_repeats=True):
            yield
    elif record:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.unlink(missing_ok=True)
        with _vcr("all").use_cassette(str(record), serializer="readable-yaml"):
            yield
    else:
        yield
