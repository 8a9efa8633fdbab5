"""The map stage through OpenAI's Batch API: half the price, up to 24 hours.

For overnight volumes the provider's own batch engine carries the extraction calls
instead of interactive requests: the calls not already cached are written as JSONL
(one chat completion request a line, `custom_id` = the reply's cache key), uploaded
(`/v1/files`, purpose "batch"), sent as one batch (`/v1/batches`, completion window
24h), polled with progress on stderr, and downloaded. Each line's reply is validated
like any other; the valid ones are cached and served to the map stage, which then
asks synchronously (re-asks and retries as usual) only for what the batch did not
answer well: a failed line, an invalid reply, a line too big for the window.

A batch is paid for once: its id is kept in the cache folder under a hash of the
request set, so a run interrupted while polling (Ctrl-C, a reboot, cron's time
limit) finds and resumes the same batch when run again. A batch that expired, was
cancelled or failed is a one-line error; the replies it did bring back are cached
first, so the next run sends only the rest.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openai
from pydantic import BaseModel

from ..atomic import write_atomic
from ..config import LLMOptions, Settings
from ..errors import BatchError, EndpointError, InputError
from .cache import ReplyCache
from .llm import Completion, LanguageModel, OpenAIEndpoint, Usage
from .structured import StructuredCaller, validate_reply

Progress = Callable[[str, int, int], None]

ENDPOINT = "/v1/chat/completions"
_DONE = {"completed"}
_LOST = {"failed", "expired", "cancelled", "cancelling"}
_SDK_RETRIES = 5  # uploads, polls and downloads: the SDK's own backoff on 429, 5xx and dropped connections


@dataclass(frozen=True)
class BatchRequest:
    """One extraction call: its cache key (the line's custom_id), messages and reply type."""

    key: str
    messages: list[dict[str, str]]
    output: type[BaseModel]
    label: str
    options: LLMOptions  # the call's own: a packed request has a reply budget per document


class _Prefilled:
    """The reply cache, with the batch's replies in front of it.

    A reply from the batch was paid for as a call (counted when it came back), so
    serving it is not a cache hit: the hit the map stage counts is taken back.
    """

    def __init__(self, inner: ReplyCache, replies: dict[str, BaseModel], usage: Usage) -> None:
        self.inner = inner
        self.replies = replies
        self.usage = usage
        self._served: set[str] = set()

    def get(self, key: str, model: type[BaseModel]) -> BaseModel | None:
        reply = self.replies.get(key)
        if reply is None:
            return self.inner.get(key, model)
        if key not in self._served:
            self._served.add(key)
            self.usage.hit(-1)
        return reply

    def put(self, key: str, value: BaseModel) -> None:
        self.inner.put(key, value)


def run_batch(
    requests: Iterable[BatchRequest],
    model: LanguageModel,
    caller: StructuredCaller,
    cache: ReplyCache,
    usage: Usage,
    settings: Settings,
    progress: Progress,
) -> _Prefilled | ReplyCache:
    """Send the uncached `requests` as one batch and return the cache with their valid replies in front."""
    if not isinstance(model, OpenAIEndpoint) or model.endpoint != "openai":
        raise InputError("--batch needs an OpenAI endpoint with the Batch API (--provider openai)")
    pending: dict[str, BatchRequest] = {}
    for request in requests:
        if request.key in pending or cache.get(request.key, request.output) is not None:
            continue  # cached replies are not sent again (the map stage counts their hits)
        response_format = caller.response_format(request.output)
        if model.budget is None or model.budget.fits(request.messages, request.options.max_tokens, response_format):
            pending[request.key] = request  # one that cannot fit is left to the map stage to name
    if not pending:
        return cache
    client = model.client.with_options(max_retries=_SDK_RETRIES)
    try:
        batch = _submitted_batch(client, model, caller, settings, pending)
        batch = _wait(client, batch, model, settings, progress, len(pending))
        replies = _collect(client, batch, pending, cache, usage)
    except openai.APIError as exc:
        raise model.error(exc) from None
    state = _state_path(settings.cache_dir, pending)
    if batch.status != "completed":
        state.unlink(missing_ok=True)  # nothing more will come of it: the next run sends a new one
        raise BatchError(_lost(batch, len(replies), len(pending)))
    state.unlink(missing_ok=True)
    return _Prefilled(cache, replies, usage)


def _state_path(cache_dir: Path, pending: dict[str, BatchRequest]) -> Path:
    digest = hashlib.sha256("\n".join(sorted(pending)).encode()).hexdigest()
    return cache_dir / "batches" / f"{digest[:32]}.json"


def _submitted_batch(
    client: openai.OpenAI,
    model: OpenAIEndpoint,
    caller: StructuredCaller,
    settings: Settings,
    pending: dict[str, BatchRequest],
) -> Any:
    """The batch of this request set: the one an earlier run submitted, else a new one."""
    state = _state_path(settings.cache_dir, pending)
    with contextlib.suppress(OSError, ValueError, KeyError):
        batch_id = json.loads(state.read_text(encoding="utf-8"))["batch_id"]
        batch = client.batches.retrieve(batch_id)
        if batch.status not in _LOST or batch.output_file_id:
            return batch  # resumed: not paid for twice
    lines = [
        json.dumps(
            {
                "custom_id": key,
                "method": "POST",
                "url": ENDPOINT,
                "body": model.request_body(request.messages, caller.response_format(request.output), request.options),
            },
            ensure_ascii=False,
        )
        for key, request in pending.items()
    ]
    upload = client.files.create(file=("briefing-batch.jsonl", "\n".join(lines).encode("utf-8")), purpose="batch")
    batch = client.batches.create(
        input_file_id=upload.id,
        endpoint=ENDPOINT,
        completion_window="24h",
        metadata={"made_by": "briefing", "requests": str(len(lines))},
    )
    # Kept before the first poll: an interrupted run resumes this batch instead of paying again.
    write_atomic(state, json.dumps({"batch_id": batch.id, "input_file_id": upload.id, "created": time.time()}))
    return batch


def _wait(
    client: openai.OpenAI, batch: Any, model: LanguageModel, settings: Settings, progress: Progress, total: int
) -> Any:
    """Poll until the batch is done or lost, with its progress on stderr; Ctrl-C leaves it to be resumed."""
    while True:
        counts = batch.request_counts
        done = (counts.completed + counts.failed) if counts else 0
        progress("batch", done, (counts.total if counts and counts.total else total))
        if batch.status in _DONE or batch.status in _LOST:
            return batch
        if model.stopped.wait(settings.batch_poll):
            raise EndpointError("the run was stopped")
        batch = client.batches.retrieve(batch.id)


def _lines(client: openai.OpenAI, file_id: str | None) -> list[dict[str, Any]]:
    if not file_id:
        return []
    text = client.files.content(file_id).text
    found = []
    for line in text.splitlines():
        with contextlib.suppress(ValueError):
            if line.strip():
                found.append(json.loads(line))
    return found


def _collect(
    client: openai.OpenAI, batch: Any, pending: dict[str, BatchRequest], cache: ReplyCache, usage: Usage
) -> dict[str, BaseModel]:
    """The valid replies of the batch, cached; lines that failed or do not validate are left to the map stage."""
    replies: dict[str, BaseModel] = {}
    for line in _lines(client, batch.output_file_id) + _lines(client, batch.error_file_id):
        request = pending.get(str(line.get("custom_id")))
        response = line.get("response") or {}
        if request is None:
            continue
        usage.add(calls=1)
        if line.get("error") or response.get("status_code") != 200:
            continue
        completion = _completion(response.get("body") or {})
        if completion is None:
            continue
        usage.add(completion.prompt_tokens, completion.completion_tokens, 0, completion.cached_tokens)
        value = validate_reply(completion, request.output)
        if isinstance(value, BaseModel):
            replies[request.key] = value
            cache.put(request.key, value)  # a later run, or a rerun after a failure, pays nothing for it
    return replies


def _completion(body: dict[str, Any]) -> Completion | None:
    """A chat completion body from a batch line, as the interactive path would see it."""
    try:
        usage = body.get("usage") or {}
        cached = (usage.get("prompt_tokens_details") or {}).get("cached_tokens")
        choices = body.get("choices") or []
        if not choices:
            return Completion("", "empty", usage.get("prompt_tokens", 0), usage.get("completion_tokens", 0),
                              cached_tokens=cached)  # fmt: skip
        message = choices[0].get("message") or {}
        return Completion(
            text=message.get("content") or "",
            finish_reason=choices[0].get("finish_reason"),
            prompt_tokens=int(usage.get("prompt_tokens", 0)),
            completion_tokens=int(usage.get("completion_tokens", 0)),
            refusal=message.get("refusal"),
            cached_tokens=None if cached is None else int(cached),
        )
    except (AttributeError, TypeError, ValueError):
        return None


def _lost(batch: Any, kept: int, total: int) -> str:
    counts = batch.request_counts
    done = f"{counts.completed} of {counts.total} requests done" if counts else f"{kept} of {total} replies back"
    why = {
        "expired": "expired before the provider finished it (completion window 24 h)",
        "cancelled": "was cancelled",
        "cancelling": "is being cancelled",
        "failed": "failed" + _first_error(batch),
    }.get(batch.status, batch.status)
    return (
        f"batch {batch.id} {why} ({done}; {kept} valid replies kept in the cache): "
        "run again to send the rest in a new batch, or without --batch"
    )


def _first_error(batch: Any) -> str:
    errors = getattr(batch, "errors", None)
    data = getattr(errors, "data", None) or []
    return f": {data[0].message}" if data and getattr(data[0], "message", None) else ""
