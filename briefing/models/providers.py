"""Choosing and opening the model a run talks to.

`auto` means: a remote OpenAI-compatible endpoint when a key or base URL is
set, else the embedded local model. Replaying a cassette opens no server and
needs no key; the model object is the same class as when it was recorded, so
requests come out byte for byte as they went in.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator

from ..config import Settings
from ..errors import InputError
from .budget import ContextBudget, default_window, gguf_counter
from .llm import LanguageModel, OpenAIEndpoint
from .local_model import (
    CONTEXT_TOKENS,
    LocalModel,
    assemble_default_model,
    check_gguf,
    running_server,
    server_engine,
    verify_default_model,
)

Progress = Callable[[str, int, int], None]


@contextlib.contextmanager
def open_model(
    settings: Settings, *, replaying: bool = False, progress: Progress | None = None
) -> Iterator[LanguageModel]:
    retry = {"timeout": settings.timeout, "max_attempts": settings.max_attempts, "max_wait": settings.max_wait}
    if settings.resolved_provider() == "openai":
        if not settings.model:
            raise InputError("no model named: set --model or BRIEFING_MODEL")
        if not (settings.api_key or settings.base_url or replaying):
            raise InputError("missing API key: set OPENAI_API_KEY, or --base-url for a server that needs none")
        model = OpenAIEndpoint(
            settings.model,
            base_url=settings.base_url,
            api_key=settings.api_key.get_secret_value() if settings.api_key else None,
            **retry,
        )
        window = settings.context_window or default_window(settings.model)
        model.budget = ContextBudget(window, model=settings.model, enforce=not replaying)
        yield model
        return
    local_retry = {**retry, "timeout": max(settings.timeout, 600.0)}  # CPU inference is slow
    if replaying:
        local = LocalModel(None, api_key=None, **local_retry)
        local.budget = ContextBudget(settings.context_window or CONTEXT_TOKENS, model=local.model, enforce=False)
        yield local
        return
    if settings.local_model:
        path, verify = check_gguf(settings.local_model), None
    else:
        path = assemble_default_model(settings.cache_dir, progress)
        verify = functools.partial(verify_default_model, path, progress)
    with running_server(path, settings.cache_dir / "logs", progress, while_loading=verify) as server:
        local = LocalModel(server, api_key=None, **local_retry)
        # The server's n_ctx, counted with the GGUF's own vocabulary: read by llama_cpp where the source build
        # installed it, else by the prebuilt server itself, which has no tokenizer of its own for Python.
        counter = gguf_counter(path) if server_engine() == "llama_cpp" else server.count_tokens
        local.budget = ContextBudget(CONTEXT_TOKENS, counter, model=local.model)
        yield local
