"""A run's model calls: each request's cache key and messages built in one place.

A call answered from the cache, a call sent to the model and a line of a Batch
API file must send the very same messages, or a cached reply would answer a
question that was never asked. So a request (a prompt, its context, the reply
type and a label for errors) is planned once here: its messages are rendered
once per schema mode and its cache key is their hash with the model, the
options, the schema version and the reply's schema (a grammar that changed
asks another question, even in words that did not). The same place counts a request's tokens for
the context window, by the estimate a replay without the model's files can
also make.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ..config import LLMOptions, Settings, cache_dir_from_env
from ..schema import SCHEMA_VERSION
from ..text.languages import language_name
from .batch import BatchRequest, run_batch
from .cache import ReplyCache, cache_key
from .llm import LanguageModel, Usage
from .prompts import Prompt
from .structured import StructuredCaller, reply_schema

Messages = list[dict[str, str]]


@dataclass(frozen=True)
class Request:
    """One call: a prompt, what it is filled with, the reply it must validate as, and a label for errors."""

    prompt: Prompt
    context: dict[str, Any]
    output: type[BaseModel]
    label: str
    replies: int = 1  # how many documents' replies it asks for at once: each gets max_tokens (packing.py)


class Calls:
    """The structured, cached calls of one run, with the usage they add up to."""

    def __init__(self, model: LanguageModel, settings: Settings) -> None:
        self.model = model
        self.settings = settings
        self.usage = Usage()
        self.caller = StructuredCaller(
            model,
            mode=settings.structured_output,
            options=settings.options,
            usage=self.usage,
            max_reasks=settings.max_reasks,
        )
        self.cache = ReplyCache(settings.cache_dir, read=settings.use_cache)
        self.language = language_name(settings.language, cache_dir_from_env() / "models")  # where the langid model is

    def messages(self, prompt: Prompt, context: dict[str, Any], output: type[BaseModel]) -> Messages:
        return prompt.messages(**context, schema=self.caller.schema_for_prompt(output), language_name=self.language)

    def options(self, request: Request) -> LLMOptions:
        """The sampling options of a request: a packed one gets the reply budget of each of its documents."""
        options = self.settings.options
        if request.replies == 1:
            return options
        return options.model_copy(update={"max_tokens": options.max_tokens * request.replies})

    def plan(self, request: Request) -> tuple[str, Callable[[dict[str, Any] | None], Messages]]:
        """The request's cache key and the builder of its messages: a batch sends what a call would."""
        rendered: dict[bool, Messages] = {}

        def build(schema: dict[str, Any] | None) -> Messages:
            # Rendered once per mode family: the cache key and the call send the same messages.
            with_schema = schema is not None
            if with_schema not in rendered:
                rendered[with_schema] = request.prompt.messages(
                    **request.context, schema=schema, language_name=self.language
                )
            return rendered[with_schema]

        key = cache_key(
            prompt=request.prompt.sha256,
            model=self.model.model,
            schema=SCHEMA_VERSION,
            mode=self.caller.mode,
            options=self.options(request).model_dump(),
            messages=build(self.caller.schema_for_prompt(request.output)),
            reply=reply_schema(request.output),
        )
        return key, build

    def call(self, request: Request) -> Any:
        """The reply to `request`: from the cache when it holds one, else from the model, then cached."""
        key, build = self.plan(request)
        cached = self.cache.get(key, request.output)
        if cached is not None:
            self.usage.hit()
            return cached
        reply = self.caller.call(build, request.output, label=request.label, options=self.options(request))
        self.cache.put(key, reply)
        return reply

    def batch(self, requests: Iterable[Request], progress: Callable[[str, int, int], None]) -> None:
        """Send the uncached requests through the provider's Batch API; later calls find their replies cached."""
        lines = self._batch_lines(requests)
        self.cache = run_batch(lines, self.model, self.caller, self.cache, self.usage, self.settings, progress)

    def _batch_lines(self, requests: Iterable[Request]) -> Iterator[BatchRequest]:
        for request in requests:
            key, build = self.plan(request)
            messages = build(self.caller.schema_for_prompt(request.output))
            yield BatchRequest(key, messages, request.output, request.label, self.options(request))

    def tokens(self, prompt: Prompt, context: dict[str, Any], output: type[BaseModel]) -> int:
        """The call's prompt tokens with its reply format, by the estimate: a replay must count as its recording."""
        messages = self.messages(prompt, context, output)
        return self.model.budget.count(messages, self.caller.response_format(output), estimate=True)

    def fits(self, request: Request) -> bool:
        """Whether the request's prompt and its reply budget fit the window, by the estimate."""
        if self.model.budget is None:
            return True
        tokens = self.tokens(request.prompt, request.context, request.output)
        return tokens + self.options(request).max_tokens <= self.model.budget.window

    def room(self, prompt: Prompt, context: dict[str, Any], output: type[BaseModel]) -> int:
        """Tokens the window leaves free beside this call's prompt and reply budget."""
        return self.model.budget.window - self.tokens(prompt, context, output) - self.settings.options.max_tokens

    def recorded(self) -> dict[str, Any]:
        """What a run's metadata says of its calls: the model, the endpoint, the mode and the usage."""
        return {
            "model": self.model.model,
            "endpoint": self.model.endpoint,
            "structured_output": self.caller.mode,
            "calls": self.usage.calls,
            "cache_hits": self.usage.cache_hits,
            "prompt_tokens": self.usage.prompt_tokens,
            "completion_tokens": self.usage.completion_tokens,
            "prompt_tokens_evaluated": self.usage.prompt_tokens_evaluated,
            "model_seconds_reading": round(self.usage.model_seconds[0], 1) if self.usage.model_seconds else None,
            "model_seconds_writing": round(self.usage.model_seconds[1], 1) if self.usage.model_seconds else None,
        }
