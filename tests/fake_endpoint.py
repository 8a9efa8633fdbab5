"""An OpenAI-compatible chat endpoint on 127.0.0.1 for tests: real HTTP, scripted answers.

It is a test double for *mechanics* (retries, faults, concurrency, modes): by
default it answers a valid extraction built from the fenced document text
(capitalised words as actors, every listed quotation attributed, the first
sentences as facts), and a valid synthesis from the notes. Tests can queue
scripted faults (`script`) that are served before the default answer, or
`rules` that answer every request whose messages contain a given text (so one
document can fail while the others, on other threads, go through).
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

from briefing.prompts import MARKER

_FENCE = re.compile(r"Excerpt:\n<<<(DATA-[0-9A-F]+)\n(.*?)\n\1>>>", re.S)
_CANDIDATES = re.compile(r"^(\d+)\. [^«\n]*«(.*)»", re.M)
_STORY = re.compile(r"^Story (\d+) \(sources: [^)]*\):\n((?:\s*- .*\n?)*)", re.M)
_LEVELS = ("low", "medium", "high")
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
    content: str | None, *, finish_reason: str = "stop", prompt_tokens: int = 10, completion_tokens: int = 5, **message
) -> dict:
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": "test-model",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, **message},
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


@dataclass
class Rule:
    """Answer `reply` to every request whose messages contain `match` (`times` of them, or all)."""

    match: str
    reply: Reply
    times: int | None = None


def default_answer(request: dict) -> dict:
    """A valid reply for whichever prompt this is, derived from the request itself."""
    system = request["messages"][0]["content"]
    # The data (a re-ask comes after it), read through the data marking as a model does.
    user = request["messages"][1]["content"].replace(MARKER, " ")
    tokens = sum(len(m["content"]) for m in request["messages"]) // 4
    if "morning brief" in system:
        content = _synthesis(user)
    else:
        match = _FENCE.search(user)
        text = match.group(2) if match else ""
        names = list(dict.fromkeys(_NAME.findall(text)))[:8]
        content = {
            "actors": [{"name": n, "mention": n, "kind": "other", "role": "named in the text"} for n in names],
            "quotes": [
                {
                    "candidate": int(n),
                    "speaker": names[0] if names else None,
                    "translation": _translation(_whole(quote, text), system),
                }
                for n, quote in _CANDIDATES.findall(user[match.end() if match else 0 :])
            ],
            "facts": [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()][:2],
        }
    return completion(json.dumps(content, ensure_ascii=False), prompt_tokens=tokens, completion_tokens=50)


def _whole(listed: str, excerpt: str) -> str:
    """The whole quotation, when the prompt lists it by its first words ("… »" follows them)."""
    opening = listed.split(" …", 1)[0].split("»", 1)[0]
    at = excerpt.find(opening)
    end = excerpt.find("»", at)
    return excerpt[at:end] if at != -1 and end != -1 else opening


def _translation(quote: str, system: str) -> str | None:
    """A stand-in translation, only when the quote is not in the brief's language (as asked)."""
    cyrillic = sum(1 for ch in quote if "\u0400" <= ch <= "\u04ff") > len(quote) / 3
    if cyrillic and "written in English" in system:
        return f"(English) {quote[:380]}"
    return None


def _synthesis(user: str) -> dict:
    """A synthesis built from the notes: each story headed by its first fact, risks and stakes from its actors."""
    stories = []
    for number, notes in _STORY.findall(user):
        facts = [line[2:].strip() for line in notes.splitlines() if line.startswith("- ")] or ["(no notes)"]
        headline = facts[0] if len(facts[0]) <= 110 else facts[0][:107].rsplit(" ", 1)[0] + "…"
        stories.append(
            {"story": int(number), "headline": headline, "summary": " ".join(facts[:2])[:600], "key_points": facts[:3]}
        )
    actors_line = re.search(r"^Actors: (.*)$", user, re.M)
    actors = [a for a in (actors_line.group(1).split("; ") if actors_line else []) if a][:4] or ["Someone"]
    return {
        "title": "Morning brief",
        "bluf": " ".join(s["headline"] for s in stories[:2]) + " These **matter**.",
        "key_points": [s["headline"] for s in stories[:6]],
        "stories": stories,
        "stakes": [
            {"holder": a, "stake": f"Standing of {a} in story {i % len(stories) + 1}", "direction": "mixed"}
            for i, a in enumerate(actors)
        ],
        "risks": [
            {
                "description": f"Fallout from: {s['headline']}"[:300],
                "likelihood": _LEVELS[(i + 1) % 3],
                "impact": _LEVELS[(i + 2) % 3],
                "indicators": ["A sign"],
            }
            for i, s in enumerate(stories[:6])
        ],
    }


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # many clients connecting at once must not wait on the listen backlog
    daemon_threads = True


class FakeEndpoint:
    """`latency`: seconds every default answer waits, as a model would (the benchmark's L)."""

    def __init__(self, latency: float = 0.02) -> None:
        self.latency = latency
        self.script: list[Reply] = []
        self.rules: list[Rule] = []
        self.requests: list[dict] = []
        self.times: list[float] = []  # monotonic arrival time of each request
        self.usage_sent: list[dict] = []  # the usage block of every reply sent, failed ones included
        self.headers: list[dict[str, str]] = []
        self.answer = default_answer
        self._lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self._stopping = threading.Event()
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
                    owner.times.append(time.monotonic())
                    owner.headers.append(dict(self.headers))
                    reply = owner._scripted(body)
                    owner.in_flight += 1
                    owner.max_in_flight = max(owner.max_in_flight, owner.in_flight)
                try:
                    if reply is None:
                        time.sleep(owner.latency)  # by default long enough for concurrent calls to overlap
                        self._send(200, owner.answer(body))
                        return
                    if reply.delay and owner._stopping.wait(reply.delay):
                        return
                    if reply.drop:
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                    answer = reply.body if reply.body is not None else owner.answer(body)
                    self._send(reply.status, answer, reply.headers)
                finally:
                    with owner._lock:
                        owner.in_flight -= 1

            def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                data = body.encode() if isinstance(body, str) else json.dumps(body, ensure_ascii=False).encode()
                if isinstance(body, dict) and body.get("usage"):
                    with owner._lock:
                        owner.usage_sent.append(body["usage"])
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def _scripted(self, body: dict) -> Reply | None:
        text = json.dumps(body.get("messages", []), ensure_ascii=False)
        for rule in self.rules:
            if rule.match in text and (rule.times is None or rule.times > 0):
                if rule.times is not None:
                    rule.times -= 1
                return rule.reply
        return self.script.pop(0) if self.script else None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/v1"

    def start(self) -> FakeEndpoint:
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self.server.shutdown()
        self.server.server_close()
