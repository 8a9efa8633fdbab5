"""An OpenAI-compatible chat endpoint on 127.0.0.1 for tests: real HTTP, scripted answers.

It is a test double for *mechanics* (retries, faults, concurrency, modes): by
default it answers a valid extraction built from the fenced document text
(capitalised words as actors, every listed quotation attributed, the first
sentences as facts), and a valid synthesis from the notes. Tests can queue
scripted faults (`script`) that are served before the default answer.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_FENCE = re.compile(r"<<<(DATA-[0-9A-F]+)\n(.*?)\n\1>>>", re.S)
_CANDIDATE = re.compile(r"^(\d+)\. «", re.M)
_NAME = re.compile(r"\b[A-ZА-ЯЁ][\w-]{2,}(?:\s[A-ZА-ЯЁ][\w-]{2,})*")


@dataclass
class Reply:
    """One scripted answer: a status and body, or a fault."""

    status: int = 200
    body: Any = None  # dict -> JSON, str -> raw text
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    drop: bool = False  # close the connection without answering


def completion(
    content: str, *, finish_reason: str = "stop", prompt_tokens: int = 10, completion_tokens: int = 5
) -> dict:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish_reason}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def default_answer(request: dict) -> dict:
    """A valid reply for whichever prompt this is, derived from the request itself."""
    system = request["messages"][0]["content"]
    user = request["messages"][-1]["content"]
    tokens = sum(len(m["content"]) for m in request["messages"]) // 4
    if "morning brief" in system:
        stories = len(re.findall(r"^Story \d+", user, re.M))
        content = {
            "title": "Test brief",
            "bluf": "Things happened. They **matter**.",
            "key_points": ["A point."],
            "stories": [
                {"story": n, "headline": f"Story {n}", "summary": "Summary.", "key_points": ["Point."]}
                for n in range(1, stories + 1)
            ],
            "stakes": [{"holder": "Someone", "stake": "Something", "direction": "gain"}],
            "risks": [{"description": "A risk", "likelihood": "medium", "impact": "high", "indicators": ["A sign"]}],
        }
    else:
        match = _FENCE.search(user)
        text = match.group(2) if match else ""
        names = list(dict.fromkeys(_NAME.findall(text)))[:8]
        content = {
            "actors": [{"name": n, "mention": n, "kind": "other", "role": "named in the text"} for n in names],
            "quotes": [
                {"candidate": int(n), "speaker": names[0] if names else None, "translation": None}
                for n in _CANDIDATE.findall(user[match.end() if match else 0 :])
            ],
            "facts": [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()][:2],
        }
    return completion(json.dumps(content, ensure_ascii=False), prompt_tokens=tokens, completion_tokens=50)


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # many clients connecting at once must not wait on the listen backlog
    daemon_threads = True


class FakeEndpoint:
    """`latency`: seconds every default answer waits, as a model would (the benchmark's L)."""

    def __init__(self, latency: float = 0.02) -> None:
        self.latency = latency
        self.script: list[Reply] = []
        self.requests: list[dict] = []
        self.headers: list[dict[str, str]] = []
        self.answer = default_answer
        self._lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                self._send(200, {"object": "list", "data": [{"id": "test-model", "object": "model"}]})

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                with owner._lock:
                    owner.requests.append(body)
                    owner.headers.append(dict(self.headers))
                    reply = owner.script.pop(0) if owner.script else None
                    owner.in_flight += 1
                    owner.max_in_flight = max(owner.max_in_flight, owner.in_flight)
                try:
                    if reply is None:
                        time.sleep(owner.latency)  # by default long enough for concurrent calls to overlap
                        self._send(200, owner.answer(body))
                        return
                    if reply.delay:
                        time.sleep(reply.delay)
                    if reply.drop:
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                    self._send(
                        reply.status, reply.body if reply.body is not None else owner.answer(body), reply.headers
                    )
                finally:
                    with owner._lock:
                        owner.in_flight -= 1

            def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                data = body.encode() if isinstance(body, str) else json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/v1"

    def start(self) -> FakeEndpoint:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
