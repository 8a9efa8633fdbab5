"""Talking to an OpenAI-compatible endpoint, with retries done once and right.

`LanguageModel` is the one thing a provider implements: `complete()` takes chat
messages and a response_format and returns the reply's text, finish reason and
token counts. `OpenAIEndpoint` implements it with the `openai` SDK for any
compatible server: OpenAI itself, a gateway, or the embedded llama.cpp server.

Transient faults (429 with or without Retry-After, 5xx, timeouts, dropped
connections) are retried here with tenacity, exponential backoff and jitter;
the SDK's own retries are off so nothing retries twice. Permanent faults (bad
key, unknown model, bad request) fail at once with a one-line message. Whether
a reply is *valid* is not this module's business: that loop lives in
structured.py, so an HTTP error never ends up inside a re-ask prompt.
"""

from __future__ import annotations

import dataclasses
import random
import re
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

import openai
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_when_event_set,
)

from ..config import LLMOptions
from ..errors import AuthError, EndpointError, EndpointRefused, ReplayError
from .budget import ContextBudget


@dataclass(frozen=True)
class Completion:
    text: str
    finish_reason: str | None
    prompt_tokens: int
    completion_tokens: int
    refusal: str | None = None
    attempts: int = 1  # HTTP requests made for this reply, transient failures included
    # Prompt tokens the endpoint took from its cache instead of evaluating, when it says.
    cached_tokens: int | None = None
    # Seconds the model spent reading the prompt and writing the reply, when its server says (the local one).
    timings: tuple[float, float] | None = None


class Usage:
    """Calls and tokens of a run, failed attempts included; safe across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.calls = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.cache_hits = 0
        self.prompt_tokens_evaluated: int | None = 0  # None once a reply did not say what its endpoint reused
        self._timed: tuple[float, float] | None = None  # the model's reading and writing seconds, as replies say
        self._untimed = False  # a reply did not say: a sum of the others would pass for the whole

    def add(
        self,
        prompt_tokens: int = 0,
        completion_tokens: int = 0,
        calls: int = 1,
        cached_tokens: int | None = 0,
        timings: tuple[float, float] | None = None,
    ) -> None:
        with self._lock:
            self.calls += calls
            self.prompt_tokens += prompt_tokens
            self.completion_tokens += completion_tokens
            if self.prompt_tokens_evaluated is not None and cached_tokens is not None:
                self.prompt_tokens_evaluated += prompt_tokens - cached_tokens
            else:
                self.prompt_tokens_evaluated = None
            if timings is not None:
                reading, writing = self._timed or (0.0, 0.0)
                self._timed = (reading + timings[0], writing + timings[1])
            elif prompt_tokens or completion_tokens:
                self._untimed = True

    @property
    def model_seconds(self) -> tuple[float, float] | None:
        """Seconds the model spent reading prompts and writing replies; None unless every reply said."""
        return None if self._untimed else self._timed

    def hit(self, count: int = 1) -> None:
        with self._lock:
            self.cache_hits += count


class LanguageModel(ABC):
    """A chat endpoint. Capabilities are class attributes; one method to implement."""

    endpoint: ClassVar[str] = "openai"
    # How auto mode sends a reply's schema (structured.py): OpenAI's strict json_schema, unless a provider
    # knows better; an instance may say otherwise (the local model, by the server it started).
    structured_output: str = "json_schema"
    # Instructions, schema and the list of quotations (~1,500 tokens) go with every chunk:
    # 24,000 characters (~6,000 tokens) keep them near a quarter of the text sent, and
    # long news articles and reports fit one chunk (bench/run.py measures the ratio).
    default_chunk_chars: ClassVar[int] = 24000
    max_concurrency: ClassVar[int] = 64
    # Prompts (prompts/NAME.*.j2) run on every chunk. Big models do it all in one;
    # small ones find more when each prompt asks for one thing.
    extraction_prompts: ClassVar[tuple[str, ...]] = ("extract",)

    def __init__(self, model: str) -> None:
        self.model = model
        self.stopped = threading.Event()
        # Set by providers.open_model: the window every call must fit (None: unchecked, as for test doubles).
        self.budget: ContextBudget | None = None

    def stop(self) -> None:
        """Abandon the run: calls in retry loops end at their next step instead of retrying on."""
        self.stopped.set()

    @abstractmethod
    def complete(
        self, messages: list[dict[str, str]], *, response_format: dict[str, Any] | None, options: LLMOptions
    ) -> Completion:
        """One chat completion. Raises EndpointError (or a subclass) when it cannot."""


def _is_transient(exc: BaseException) -> bool:
    if isinstance(exc, _MalformedReply):
        return True
    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in (408, 409, 429) or exc.status_code >= 500
    return False


def _retry_after(exc: BaseException | None) -> float | None:
    response = getattr(exc, "response", None)
    if response is None:
        return None
    value = response.headers.get("retry-after-ms")
    if value:
        try:
            return float(value) / 1000
        except ValueError:
            pass
    value = response.headers.get("retry-after")
    try:
        return float(value) if value else None
    except ValueError:
        return None  # an HTTP date: rare from APIs, fall back to backoff


class _Backoff:
    """Exponential backoff with full jitter, overridden by the server's Retry-After."""

    def __init__(self, initial: float, maximum: float) -> None:
        self.initial = initial
        self.maximum = maximum

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hinted = _retry_after(exc)
        if hinted is not None:
            return min(hinted, self.maximum)
        ceiling = min(self.maximum, self.initial * 2 ** (state.attempt_number - 1))
        return random.uniform(ceiling / 2, ceiling)


def describe(exc: BaseException) -> str:
    """One line naming what went wrong with a call, never the key."""
    if isinstance(exc, openai.APITimeoutError):
        return "the endpoint did not answer in time"
    if isinstance(exc, openai.APIConnectionError):
        cause = exc.__cause__ or exc
        return f"cannot reach the endpoint ({type(cause).__name__}: {str(cause)[:120] or 'connection failed'})"
    if isinstance(exc, openai.APIStatusError):
        detail = ""
        body = exc.body
        if isinstance(body, dict):
            error = body.get("error", body)
            detail = str(error.get("message", "") if isinstance(error, dict) else error)
        return f"HTTP {exc.status_code}{': ' + detail[:200] if detail else ''}"
    return f"{type(exc).__name__}: {exc}"


class _MalformedReply(Exception):
    """A 200 whose body is not a chat completion: a proxy's error page, a cut-off body."""


class OpenAIEndpoint(LanguageModel):
    """Any OpenAI-compatible chat completions endpoint, through the `openai` SDK."""

    def __init__(
        self,
        model: str,
        *,
        base_url: str | None,
        api_key: str | None,
        timeout: float,
        max_attempts: int,
        max_wait: float,
        initial_wait: float = 1.0,
    ) -> None:
        super().__init__(model)
        self.base_url = base_url
        self._api_key = api_key
        self._max_attempts = max_attempts
        self._backoff = _Backoff(initial_wait, max_wait)
        # The SDK insists on a key; local servers ignore it, so a placeholder is fine there.
        self._client = openai.OpenAI(base_url=base_url, api_key=api_key or "unused", timeout=timeout, max_retries=0)

    def complete(
        self, messages: list[dict[str, str]], *, response_format: dict[str, Any] | None, options: LLMOptions
    ) -> Completion:
        attempts = 0

        def attempt() -> Completion:
            nonlocal attempts
            if self.stopped.is_set():
                raise EndpointError("the run was stopped")
            attempts += 1
            return self._complete_once(messages, response_format, options)

        retrying = Retrying(
            retry=retry_if_exception(_is_transient),
            stop=stop_after_attempt(self._max_attempts) | stop_when_event_set(self.stopped),
            wait=self._backoff,
            sleep=self.stopped.wait,  # a stop wakes the backoff instead of sleeping it out
            reraise=True,
        )
        try:
            return dataclasses.replace(retrying(attempt), attempts=attempts)
        except (openai.APIError, _MalformedReply, EndpointError) as exc:
            error = self._error(exc)
            error.attempts = attempts
            raise error from None

    def _error(self, exc: BaseException) -> EndpointError:
        """The one-line error for a call that failed for good, with any secret taken out."""
        if isinstance(exc, EndpointError):
            return exc
        where = f" at {redact_url(self.base_url)}" if self.base_url else ""
        if isinstance(exc, _MalformedReply):
            error: EndpointError = EndpointError(f"the endpoint{where} sent a malformed reply: {exc}")
        elif isinstance(exc, openai.APIStatusError) and exc.status_code in (401, 403):
            error = AuthError(f"the endpoint{where} refused the credentials: {describe(exc)}")
        elif isinstance(exc, openai.APIStatusError) and exc.status_code == 404:
            error = EndpointRefused(f"model {self.model!r} or endpoint path{where} not found: {describe(exc)}")
        elif isinstance(exc, openai.APIConnectionError) and not isinstance(exc, openai.APITimeoutError):
            error = EndpointError(f"{describe(exc)}{where}")
        else:
            error = EndpointError(describe(exc))
        if self._api_key and len(self._api_key) >= 8:
            error.args = (str(error).replace(self._api_key, "[API key]"),)
        return error

    @property
    def client(self) -> openai.OpenAI:
        """The SDK client (no retries of its own), for the Batch API's file and batch calls."""
        return self._client

    def request_body(
        self, messages: list[dict[str, str]], response_format: dict[str, Any] | None, options: LLMOptions
    ) -> dict[str, Any]:
        """The chat completion request a call sends: also the body of its line in a batch."""
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": options.temperature,
            "max_tokens": options.max_tokens,
        }
        if options.seed is not None:
            kwargs["seed"] = options.seed
        if response_format is not None and response_format.get("type") == "grammar":
            kwargs["extra_body"] = {"grammar": response_format["grammar"]}  # llama.cpp's field, not OpenAI's
        elif response_format is not None:
            kwargs["response_format"] = response_format
        return kwargs

    def error(self, exc: BaseException) -> EndpointError:
        """The one-line error for an SDK exception, the key taken out."""
        return self._error(exc)

    def _complete_once(
        self, messages: list[dict[str, str]], response_format: dict[str, Any] | None, options: LLMOptions
    ) -> Completion:
        kwargs = self.request_body(messages, response_format, options)
        try:
            response = self._client.chat.completions.create(**kwargs)
        except openai.APIError:
            raise
        except ValueError as exc:  # the SDK's JSON parsing of a body that is not JSON
            _raise_if_replay_miss(exc)
            raise _MalformedReply(f"not JSON ({str(exc)[:120]})") from None
        except Exception as exc:
            _raise_if_replay_miss(exc)
            raise
        try:
            usage = response.usage
            prompt_tokens = usage.prompt_tokens if usage else 0
            completion_tokens = usage.completion_tokens if usage else 0
            details = getattr(usage, "prompt_tokens_details", None)
            cached = getattr(details, "cached_tokens", None)
            if not response.choices:
                return Completion("", "empty", prompt_tokens, completion_tokens, cached_tokens=cached)
            choice = response.choices[0]
            return Completion(
                text=choice.message.content or "",
                finish_reason=choice.finish_reason,
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
                refusal=getattr(choice.message, "refusal", None),
                cached_tokens=cached,
            )
        except (AttributeError, TypeError) as exc:
            raise _MalformedReply(f"not a chat completion ({type(exc).__name__})") from None


def redact_url(url: str) -> str:
    """The URL without user:password@, which may hold a credential."""
    return re.sub(r"(?<=://)[^/@]*@", "", url)


def _raise_if_replay_miss(exc: BaseException) -> None:
    """vcrpy raises its own exception for an unrecorded request, maybe wrapped; say what it is."""
    cause: BaseException | None = exc
    while cause is not None:
        if type(cause).__name__ == "CannotOverwriteExistingCassetteException":
            raise ReplayError("the cassette holds no recorded response for this request") from None
        cause = cause.__cause__ or cause.__context__
