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

import random
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

import openai
from tenacity import (
    RetryCallState,
    retry,
    retry_if_exception,
    stop_after_attempt,
)

from .config import LLMOptions
from .errors import AuthError, EndpointError, ReplayError


@dataclass(frozen=True)
class Completion:
    text: str
    finish_reason: str | None
    prompt_tokens: int
    completion_tokens: int
    refusal: str | None = None


class Usage:
    """Calls and tokens of a run, failed attempts included; safe across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.calls = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.cache_hits = 0

    def add(self, prompt_tokens: int = 0, completion_tokens: int = 0, calls: int = 1) -> None:
        with self._lock:
            self.calls += calls
            self.prompt_tokens += prompt_tokens
            self.completion_tokens += completion_tokens

    def hit(self) -> None:
        with self._lock:
            self.cache_hits += 1


class LanguageModel(ABC):
    """A chat endpoint. Capabilities are class attributes; one method to implement."""

    endpoint: ClassVar[str] = "openai"
    supports_json_schema: ClassVar[bool] = True
    # Instructions and schema (~800 tokens) go with every chunk: 12,000 characters (~3,000
    # tokens) keep them, with the overlap, under half the text sent (bench/run.py measures it).
    default_chunk_chars: ClassVar[int] = 12000
    max_concurrency: ClassVar[int] = 64

    def __init__(self, model: str) -> None:
        self.model = model

    @abstractmethod
    def complete(
        self, messages: list[dict[str, str]], *, response_format: dict[str, Any] | None, options: LLMOptions
    ) -> Completion:
        """One chat completion. Raises EndpointError (or a subclass) when it cannot."""


def _is_transient(exc: BaseException) -> bool:
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
        # The SDK insists on a key; local servers ignore it, so a placeholder is fine there.
        self._client = openai.OpenAI(base_url=base_url, api_key=api_key or "unused", timeout=timeout, max_retries=0)
        self._retrying = retry(
            retry=retry_if_exception(_is_transient),
            stop=stop_after_attempt(max_attempts),
            wait=_Backoff(initial_wait, max_wait),
            reraise=True,
        )(self._complete_once)

    def complete(
        self, messages: list[dict[str, str]], *, response_format: dict[str, Any] | None, options: LLMOptions
    ) -> Completion:
        try:
            return self._retrying(messages, response_format, options)
        except openai.APIStatusError as exc:
            if exc.status_code in (401, 403):
                raise AuthError(f"endpoint refused the credentials: {describe(exc)}") from None
            if exc.status_code == 404:
                raise EndpointError(f"model {self.model!r} or endpoint path not found: {describe(exc)}") from None
            raise EndpointError(describe(exc)) from None
        except openai.APIError as exc:
            raise EndpointError(describe(exc)) from None

    def _complete_once(
        self, messages: list[dict[str, str]], response_format: dict[str, Any] | None, options: LLMOptions
    ) -> Completion:
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "temperature": options.temperature,
            "max_tokens": options.max_tokens,
        }
        if options.seed is not None:
            kwargs["seed"] = options.seed
        if response_format is not None:
            kwargs["response_format"] = response_format
        try:
            response = self._client.chat.completions.create(**kwargs)
        except Exception as exc:
            _raise_if_replay_miss(exc)
            raise
        usage = response.usage
        if not response.choices:
            return Completion("", "empty", usage.prompt_tokens if usage else 0, usage.completion_tokens if usage else 0)
        choice = response.choices[0]
        return Completion(
            text=choice.message.content or "",
            finish_reason=choice.finish_reason,
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
            refusal=getattr(choice.message, "refusal", None),
        )


def _raise_if_replay_miss(exc: BaseException) -> None:
    """vcrpy raises its own exception for an unrecorded request, maybe wrapped; say what it is."""
    cause: BaseException | None = exc
    while cause is not None:
        if type(cause).__name__ == "CannotOverwriteExistingCassetteException":
            raise ReplayError(
                "the cassette holds no recorded response for this request "
                "(recorded with other documents, prompts, model or settings?)"
            ) from None
        cause = cause.__cause__ or cause.__context__
