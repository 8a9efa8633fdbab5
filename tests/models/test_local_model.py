"""Mechanics of the embedded server: start, notice death, never outlive us.

The real llama.cpp server needs the model weights, which CI does not install;
these tests run the same LocalServer code with small stand-in server programs.
What the real model produced is tested by replaying its recording (test_seed_cassette.py).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from briefing.errors import InputError, LocalModelError
from briefing.models.local_model import (
    DEFAULT_MODEL_ALIAS,
    DEFAULT_MODEL_SHA256,
    LocalServer,
    _free_port,
    check_gguf,
    server_command,
)

from ..conftest import ROOT

MINI_SERVER = textwrap.dedent(
    """
    import http.server, sys
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200); self.end_headers(); self.wfile.write(b'{"data": []}')
        def log_message(self, *a): pass
    print("mini server up", flush=True)
    http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
    """
)


def test_server_starts_answers_and_stops(tmp_path):
    port = _free_port()
    server = LocalServer([sys.executable, "-c", MINI_SERVER, str(port)], port, tmp_path / "log")
    server.start(timeout=20)
    assert server.process.poll() is None
    server.stop()
    assert server.process.poll() is not None


def test_a_crashing_server_is_reported_with_cause_and_log(tmp_path):
    crash = "import sys; print('loading model'); print('ggml: illegal instruction', flush=True); sys.exit(3)"
    server = LocalServer([sys.executable, "-c", crash], _free_port(), tmp_path / "log")
    with pytest.raises(LocalModelError, match=r"exited with status 3.*illegal instruction"):
        server.start(timeout=20)


def test_a_server_killed_by_a_signal_says_which(tmp_path):
    port = _free_port()
    server = LocalServer([sys.executable, "-c", MINI_SERVER, str(port)], port, tmp_path / "log")
    server.start(timeout=20)
    os.kill(server.process.pid, signal.SIGSEGV)
    server.process.wait(timeout=10)
    with pytest.raises(LocalModelError, match="killed by signal SIGSEGV"):
        server.check_alive()


def test_a_prebuilt_server_killed_by_an_illegal_instruction_names_the_cpu_it_needs(tmp_path):
    port = _free_port()
    server = LocalServer([sys.executable, "-c", MINI_SERVER, str(port)], port, tmp_path / "log", engine="xllamacpp")
    server.start(timeout=20)
    os.kill(server.process.pid, signal.SIGILL)
    server.process.wait(timeout=10)
    with pytest.raises(LocalModelError, match=r"killed by signal SIGILL .*needs a CPU with AVX2.*'local-source'"):
        server.check_alive()


# A server busy with a completion does not stop on SIGTERM: uvicorn waits for the
# request to finish, which on a CPU takes a minute. This stand-in ignores SIGTERM.
STUBBORN_SERVER = "import signal; signal.signal(signal.SIGTERM, signal.SIG_IGN)\n" + MINI_SERVER


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_killing_the_run_leaves_no_server_running(tmp_path, how):
    port = _free_port()
    parent = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from briefing.models.local_model import LocalServer
        command = [sys.executable, "-c", {STUBBORN_SERVER!r}, "{port}"]
        server = LocalServer(command, {port}, Path({str(tmp_path / "log")!r}))
        server.start(timeout=20)
        print(server.process.pid, flush=True)
        time.sleep(60)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", parent], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    child = int(proc.stdout.readline())
    proc.send_signal(how)
    proc.wait(timeout=20)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        with contextlib.suppress(ChildProcessError):  # reap it if it became our zombie
            os.waitpid(child, os.WNOHANG)
        time.sleep(0.1)
    os.kill(child, signal.SIGKILL)
    pytest.fail("the llama.cpp server outlived the run")


@pytest.mark.parametrize(
    ("engine", "script"),
    [("xllamacpp", "native_server.py"), ("llama_cpp", "llama_server.py")],  # the prebuilt wheel, the source build
)
def test_server_command_binds_loopback_and_names_the_model(tmp_path, engine, script):
    command = server_command(tmp_path / "m.gguf", 1234, engine)
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert command[command.index("--model_alias") + 1] == DEFAULT_MODEL_ALIAS
    assert command[1].endswith(f"briefing/models/{script}")


def test_only_gguf_files_are_accepted(tmp_path):
    bad = tmp_path / "model.gguf"
    bad.write_bytes(b"not a model")
    with pytest.raises(InputError, match="not a GGUF"):
        check_gguf(bad)
    good = tmp_path / "ok.gguf"
    good.write_bytes(b"GGUF" + b"\0" * 10)
    assert check_gguf(good) == good
    assert len(DEFAULT_MODEL_SHA256) == 64


def _fake_parts(tmp_path, monkeypatch, published: bytes):
    import hashlib

    from briefing.models import local_model

    parts = []
    for number in range(1, local_model.PART_PACKAGES + 1):
        part = tmp_path / "parts" / f"part{number:02d}.bin"
        part.parent.mkdir(exist_ok=True)
        part.write_bytes(bytes([number]) * 3)
        parts.append(part)
    monkeypatch.setattr(local_model, "_part_path", lambda n: parts[n - 1])
    monkeypatch.setattr(local_model, "DEFAULT_MODEL_BYTES", len(published))
    monkeypatch.setattr(local_model, "DEFAULT_MODEL_SHA256", hashlib.sha256(published).hexdigest())
    return local_model


def test_default_model_is_assembled_in_order_and_verified(tmp_path, monkeypatch):
    published = b"".join(bytes([n]) * 3 for n in range(1, 23))
    local_model = _fake_parts(tmp_path, monkeypatch, published)
    stages = []
    path = local_model.assemble_default_model(tmp_path / "cache", lambda s, d, t: stages.append(s))
    local_model.verify_default_model(path, lambda s, d, t: stages.append(s))
    assert path.read_bytes() == published
    assert "assemble" in stages and "verify" in stages


def test_a_model_file_that_does_not_match_the_published_hash_is_refused(tmp_path, monkeypatch):
    published = b"".join(bytes([n]) * 3 for n in range(1, 23))
    local_model = _fake_parts(tmp_path, monkeypatch, published)
    path = local_model.assemble_default_model(tmp_path / "cache")
    local_model.verify_default_model(path)
    path.write_bytes(b"X" * len(published))  # same size, corrupted
    assert local_model.assemble_default_model(tmp_path / "cache") == path, "a whole-sized file is not rebuilt"
    with pytest.raises(LocalModelError, match="does not match"):
        local_model.verify_default_model(path)
    assert not path.exists()


# Answers every chat completion with 100 prompt tokens and, first, logs the timing line
# llama-cpp-python's --verbose prints per call: all 100 evaluated, then 30, then no line at all.
TIMING_SERVER = textwrap.dedent(
    """
    import http.server, json, sys
    evaluated = iter([100, 30, None])
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200); self.end_headers(); self.wfile.write(b'{"data": []}')
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            n = next(evaluated)
            if n is not None:
                print("Llama.generate: 70 prefix-match hit, remaining 30 prompt tokens to eval", flush=True)
                print(f"llama_perf_context_print: prompt eval time =   51.20 ms / {n:5} tokens "
                      "(    1.71 ms per token,   585.94 tokens per second)", flush=True)
                print("llama_perf_context_print:        eval time =  120.00 ms /     1 runs   "
                      "(  120.00 ms per token,     8.33 tokens per second)", flush=True)
            body = json.dumps({"id": "x", "object": "chat.completion", "created": 0, "model": "m",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": "{}"}}],
                "usage": {"prompt_tokens": 100, "completion_tokens": 1, "total_tokens": 101}}).encode()
            self.send_response(200); self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
        def log_message(self, *a): pass
    http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
    """
)


def test_prompt_tokens_evaluated_come_from_the_servers_own_timings(tmp_path):
    """The reply says what was sent; the server's log says what it evaluated, the rest was its cached prefix."""
    from briefing.config import LLMOptions
    from briefing.models.llm import Usage
    from briefing.models.local_model import LocalModel

    port = _free_port()
    server = LocalServer([sys.executable, "-c", TIMING_SERVER, str(port)], port, tmp_path / "log")
    server.start(timeout=20)
    try:
        model = LocalModel(server, api_key=None, timeout=10, max_attempts=1, max_wait=0)
        usage = Usage()
        replies = [
            model.complete([{"role": "user", "content": "hi"}], response_format=None, options=LLMOptions())
            for _ in range(3)
        ]
    finally:
        server.stop()
    assert [r.cached_tokens for r in replies] == [0, 70, None]
    assert [r.timings for r in replies] == [(0.0512, 0.12), (0.0512, 0.12), None], "reading and writing, in seconds"
    for reply in replies[:2]:
        usage.add(reply.prompt_tokens, reply.completion_tokens, 1, reply.cached_tokens, reply.timings)
    assert (usage.prompt_tokens, usage.prompt_tokens_evaluated) == (200, 130)
    assert usage.model_seconds == pytest.approx((0.1024, 0.24))
    usage.add(replies[2].prompt_tokens, replies[2].completion_tokens, 1, replies[2].cached_tokens, replies[2].timings)
    assert usage.prompt_tokens_evaluated is None, "unknown once one call did not say"
    assert usage.model_seconds is None, "a sum of some calls' seconds would pass for the run's"


def test_the_prebuilt_servers_timing_lines_are_read_too(tmp_path):
    """llama.cpp's own server (xllamacpp) logs each completion's timings in its slot's lines."""
    log = tmp_path / "log"
    log.write_bytes(
        b"0.04.346.249 I slot print_timing: id  0 | task 0 | prompt eval time =     649.28 ms /    35 tokens "
        b"(   18.55 ms per token,    53.91 tokens per second)\n"
        b"0.04.346.270 I slot print_timing: id  0 | task 0 |        eval time =      75.68 ms /     3 tokens "
        b"(   37.84 ms per token,    26.43 tokens per second)\n"
        b"0.04.346.270 I slot print_timing: id  0 | task 0 |       total time =     724.96 ms /    38 tokens\n"
    )
    server = LocalServer(["true"], 0, log, engine="xllamacpp")
    timings = server.timings()
    assert timings is not None and (timings.evaluated, timings.reading, timings.writing) == pytest.approx(
        (35, 0.64928, 0.07568)
    )
    assert server.timings() is None, "each completion's lines are read once"


def test_the_source_built_server_logs_its_timings():
    # llama-cpp-python's replies do not count cached tokens; the log of a --verbose server does.
    assert server_command(Path("m.gguf"), 1234, "llama_cpp")[-2:] == ["--verbose", "True"]


def test_the_model_is_verified_while_the_server_loads_it_and_a_refused_file_stops_the_server(tmp_path, monkeypatch):
    from briefing.models import local_model

    started: list[LocalServer] = []
    mini = [sys.executable, "-c", MINI_SERVER]
    monkeypatch.setattr(local_model, "server_command", lambda path, port, engine: [*mini, str(port)])
    monkeypatch.setattr(local_model.importlib.util, "find_spec", lambda name: object())  # as if llama_cpp were there
    original_start = LocalServer.start

    def start(self, **kwargs):
        started.append(self)
        return original_start(self, **kwargs)

    monkeypatch.setattr(LocalServer, "start", start)

    def refuse() -> None:
        assert started[0].process.poll() is None, "the server is already loading"
        raise LocalModelError("m.gguf: sha256 … does not match the published …")

    serving = local_model.running_server(tmp_path / "m.gguf", tmp_path / "logs", while_loading=refuse)
    with pytest.raises(LocalModelError, match="does not match"), serving:
        pytest.fail("a refused model is never served")
    assert started[0].process.poll() is not None, "and its server is stopped"


def test_a_completions_timing_lines_that_trail_its_reply_are_waited_for(tmp_path):
    """The prebuilt server logs from a thread of its own: on a busy machine the lines come after the reply."""
    import threading

    log = tmp_path / "log"
    log.write_bytes(b"")
    lines = [b"prompt eval time =  200.00 ms /    10 tokens\n", b"       eval time =  300.00 ms /     5 tokens\n"]

    def write_late():
        for line in lines:
            time.sleep(0.1)
            with log.open("ab") as out:
                out.write(line)

    writer = threading.Thread(target=write_late)
    writer.start()
    server = LocalServer(["true"], 0, log, engine="xllamacpp")
    timings = server.timings(wait=5.0)
    writer.join()
    assert timings is not None, "the prompt's line came 0.1 s after the call, its reply's 0.2 s"
    assert (timings.evaluated, timings.reading, timings.writing) == pytest.approx((10, 0.2, 0.3))
    assert server.timings(wait=0.05) is None
