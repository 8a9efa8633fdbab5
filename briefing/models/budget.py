"""The context budget: no call is sent whose prompt plus reply budget exceeds the model's window.

Every model has a context window: the embedded server's n_ctx, or a remote model's
(a default per well-known model name, `--context-window` to say otherwise). A prompt
that overflows it is rejected by the server after a round trip (llama.cpp: HTTP 400),
or worse, cut silently by some gateways. So prompts are counted before they are sent,
with the model's own tokenizer when it is at hand (the local GGUF's vocabulary, loaded
without its weights), else with an estimate meant never to count low for prose in any
script: a third of a token per ASCII letter, a whole one per digit or mark, half a token
per two-byte character (Cyrillic, Greek, Arabic), one per CJK character. Against
Qwen2.5's tokenizer it counts 1.3 to 2 times high for English, Russian and Chinese text;
digit-dense text can come close to the real count.

`fits()` and `count()` are what a stage asks before it builds a call; `check()` is what
the structured-output layer does before every request; `chunk_chars()` sizes
extraction chunks so that a chunk's prompt fits.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import json
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import ContextOverflow

Counter = Callable[[str], int]

# Per message, chat templates add a few tokens of role markers; a reply is primed with a few more.
_PER_MESSAGE = 8
_PER_CALL = 16
# Room left in an extraction chunk's share of the window for the list of its quotations.
_CANDIDATE_SHARE = 1.3
MIN_CHUNK_CHARS = 200

# Context windows of well-known models (input and output together), matched by the longest
# name prefix; dated snapshots ("gpt-4o-2024-08-06") match their family.
KNOWN_WINDOWS = {
    "gpt-5": 272_000,  # 400k in all, of which input at most 272k
    "gpt-4.1": 1_047_576,
    "gpt-4o": 128_000,
    "gpt-4-turbo": 128_000,
    "gpt-4": 8_192,
    "gpt-3.5-turbo": 16_385,
    "o1-mini": 128_000,
    "o1": 200_000,
    "o3": 200_000,
    "o4-mini": 200_000,
    "qwen2.5-coder-1.5b-instruct": 8_192,  # the embedded model, as its server is started
}
# A remote model we know nothing about: most served open models take at least this much.
DEFAULT_WINDOW = 32_768


def default_window(model: str) -> int:
    """The context window of a model by its name, or DEFAULT_WINDOW."""
    name = model.lower().rsplit("/", 1)[-1]  # "openai/gpt-4o" at a gateway is gpt-4o
    matches = [prefix for prefix in KNOWN_WINDOWS if name.startswith(prefix)]
    return KNOWN_WINDOWS[max(matches, key=len)] if matches else DEFAULT_WINDOW


def _byte_class(predicate: Callable[[int], bool]) -> bytes:
    """The bytes NOT in a class: bytes.translate(None, these) keeps only the class."""
    return bytes(b for b in range(256) if not predicate(b))


_KEEP = {
    "letters": _byte_class(lambda b: chr(b).isascii() and chr(b).isalpha()),
    "spaces": _byte_class(lambda b: b == 0x20),
    "other_ascii": _byte_class(lambda b: b < 0x80 and not chr(b).isalpha() and b != 0x20),
    "lead2": _byte_class(lambda b: 0xC0 <= b <= 0xDF),
    "lead3": _byte_class(lambda b: 0xE0 <= b <= 0xEF),
    "lead4": _byte_class(lambda b: 0xF0 <= b <= 0xF7),
}


def estimate_tokens(text: str) -> int:
    """A count meant to be at least the real one for prose in any script (see the module docstring).

    Counted on the UTF-8 bytes by class, in C (bytes.translate): a run's own CPU
    must stay small, and every prompt of a run goes through here.
    """
    data = text.encode("utf-8")
    n = {name: len(data.translate(None, drop)) for name, drop in _KEEP.items()}
    tokens = n["letters"] / 3 + n["spaces"] / 4 + n["other_ascii"] + n["lead2"] / 2 + n["lead3"] + 2 * n["lead4"]
    return int(tokens) + 1


@contextlib.contextmanager
def _quiet_native_stderr() -> Iterator[None]:
    """Native code's writes to file descriptor 2 go nowhere for the duration."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@functools.cache
def gguf_counter(path: Path) -> Counter | None:
    """The GGUF's own tokenizer (its vocabulary only: a third of a second, no weights), if llama_cpp is there."""
    try:
        from llama_cpp import Llama
    except ImportError:
        return None
    try:
        with _quiet_native_stderr():  # llama.cpp's loader prints a context warning even with verbose=False
            vocab = Llama(model_path=str(path), vocab_only=True, verbose=False)
    except Exception:  # an unreadable or unusual GGUF: the estimate still holds
        return None
    # Freed before the interpreter tears llama_cpp down: its own __del__ at exit prints a traceback.
    atexit.register(vocab.close)
    lock = threading.Lock()  # one llama.cpp vocabulary, calls from worker threads

    def count(text: str) -> int:
        with lock:
            return len(vocab.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    return count


class ContextBudget:
    """A model's context window and how its prompts are counted."""

    def __init__(
        self, window: int, counter: Counter | None = None, *, model: str = "the model", enforce: bool = True
    ) -> None:
        self.window = window
        self.counter = counter or estimate_tokens
        self.model = model
        self.enforce = enforce  # a replay sends nothing: its calls were checked when recorded

    def count(
        self,
        messages: Sequence[dict[str, str]],
        response_format: dict[str, Any] | None = None,
        *,
        estimate: bool = False,
    ) -> int:
        """Prompt tokens of a call: every message, and the schema the endpoint is sent (it is read too).

        `estimate`: count with the estimate even where the tokenizer is at hand.
        """
        counter = estimate_tokens if estimate else self.counter
        tokens = _PER_CALL + sum(_PER_MESSAGE + counter(m.get("content") or "") for m in messages)
        if response_format is not None:
            tokens += estimate_tokens(json.dumps(response_format, ensure_ascii=False, separators=(",", ":")))
        return tokens

    def fits(
        self, messages: Sequence[dict[str, str]], max_tokens: int, response_format: dict[str, Any] | None = None
    ) -> bool:
        """Whether the prompt and a reply of up to `max_tokens` fit the window together."""
        return self.count(messages, response_format) + max_tokens <= self.window

    def room(
        self,
        messages: Sequence[dict[str, str]],
        response_format: dict[str, Any] | None = None,
        *,
        estimate: bool = False,
    ) -> int:
        """Tokens left for the reply once this prompt is in the window (negative: it does not fit at all)."""
        return self.window - self.count(messages, response_format, estimate=estimate)

    def check(
        self,
        messages: Sequence[dict[str, str]],
        max_tokens: int,
        response_format: dict[str, Any] | None = None,
        *,
        label: str,
    ) -> None:
        """Raise ContextOverflow, naming the call and the sizes, unless the call fits."""
        if not self.enforce:
            return
        prompt = self.count(messages, response_format)
        if prompt + max_tokens > self.window:
            raise ContextOverflow(
                f"{label}: the prompt (~{prompt:,} tokens) and a reply of up to {max_tokens:,} exceed the "
                f"{self.window:,}-token context window of {self.model} (--context-window if it has more)"
            )

    def chunk_chars(self, wanted: int, text: str, overhead_tokens: int, max_tokens: int) -> int:
        """The largest chunk of `text`, up to `wanted` characters, whose extraction prompt fits.

        `overhead_tokens` is the prompt without the chunk (instructions, schema). The
        estimate, not the tokenizer, sizes chunks: a replay without the model's
        files must cut the documents exactly as the recording did.
        """
        room = (self.window - overhead_tokens - max_tokens) / _CANDIDATE_SHARE
        sample = text[:20_000] or " "
        per_char = estimate_tokens(sample) / len(sample)
        return max(MIN_CHUNK_CHARS, min(wanted, int(room / per_char)))
