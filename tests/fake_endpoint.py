"""An OpenAI-compatible chat endpoint on 127.0.0.1 for tests: real HTTP, scripted answers.

It is a test double for *mechanics* (retries, faults, concurrency, modes): by
default it answers a valid extraction built from the fenced document text
(capitalised words as actors, every listed quotation attributed, the first
sentences as facts), a valid condensing of notes (condense_answer) and a valid
synthesis from the notes. Tests can queue
scripted faults (`script`) that are served before the default answer, or
`rules` that answer every request whose messages contain a given text (so one
document can fail while the others, on other threads, go through).
`context_limit` makes it reject, as llama.cpp's server does (HTTP 400), any request
whose prompt (words and marks, schema included) plus max_tokens exceeds it.
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

from briefing.text.names import latin


def transliterate(text: str) -> str:
    """The fake model's "English": every word in Latin letters, capitalised, as the tests' replies were made."""
    return re.sub(r"\w+", lambda m: latin(m.group(0)).capitalize(), text)


# The numbered sentences after "Excerpt…:", inside the fence of their document or chunk.
_EXCERPT = re.compile(r"Excerpt[^\n]*:\n(?:<<<DATA-[0-9A-F]+\n)?((?:\[?\d+\]? .*(?:\n|$))+)")
_CANDIDATES = re.compile(r"^(\d+)\. [«\"](.*)[»\"]$", re.M)  # «…» in the one prompt, "…" in the local three
_SENTENCE = re.compile(r"^\[?(\d+)\]? (.*)$", re.M)
_STORY = re.compile(r"^Story (\d+):\n((?:\[\d+\] .*\n?)*)", re.M)
_NOTE = re.compile(r"^\[(\d+)\] (?:(stake) of (.+?) \((\w+)\): |(risk) \([^)]*\): )?(.*)$")
_LEVELS = ("low", "medium", "high")
_MOST = re.compile(r"Write at most (\d+) notes")
_RISK_LEVELS = re.compile(r"risk \(likelihood (\w+), impact (\w+)\)")
_NAME = re.compile(r"\b[A-ZА-ЯЁ][\w-]{2,}(?:\s[A-ZА-ЯЁ][\w-]{2,})*")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_CLAIM = re.compile(r"^(\d+)\. \(sentences? [\d, ]+\) (.*)$", re.M)
UNSUPPORTED_MARK = "[wrong]"  # a claim holding this (in any case) is answered unsupported by check_answer


def prompt_tokens(request: dict) -> int:
    """A request's prompt as a server would count it: words and marks of the messages and the schema sent."""
    text = " ".join(m.get("content") or "" for m in request.get("messages", []))
    return len(_TOKEN.findall(text)) + len(_TOKEN.findall(json.dumps(request.get("response_format") or {})))


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


def is_extraction(request: dict) -> bool:
    """Whether a request is a chunk's extraction: not the synthesis, a condensing, the names call or the claim check."""
    system = request["messages"][0]["content"]
    marks = ("morning brief", "condensing the notes", "newspaper writes them", "You check the claims", "You translate")
    return not any(mark in system for mark in marks)


def default_answer(request: dict) -> dict:
    """A valid reply for whichever prompt this is, derived from the request itself."""
    system = request["messages"][0]["content"]
    # The data (a re-ask comes after it), read through the data marking as a model does.
    user = request["messages"][1]["content"]
    tokens = sum(len(m["content"]) for m in request["messages"]) // 4
    if "morning brief" in system:
        content = _synthesis(user)
        if '"stories"' not in system:  # a day of one story is asked for none, as a model would leave them out
            del content["stories"]
    elif "condensing the notes" in system:
        content = condense_answer(user)
    elif "You check the claims" in system:
        content = check_answer(user)
    elif "You translate" in system:  # notes in another script: their transliteration stands in
        content = {"lines": [transliterate(line) for _, line in re.findall(r"^(\d+)\. (.+)$", user, re.M)]}
    elif "newspaper writes them" in system:  # names in another script: their transliteration stands in
        listed = re.findall(r"^(\d+)\. (.+)$", user, re.M)
        content = {"names": [{"number": int(n), "name": transliterate(name)} for n, name in listed]}
    else:
        # Each document of the request (one, or several packed: analysis/packing.py) answered as if it came alone.
        content = {"actors": [], "quotes": [], "facts": [], "stakes": [], "risks": []}
        excerpts = list(_EXCERPT.finditer(user)) or [None]
        for k, match in enumerate(excerpts):
            end = excerpts[k + 1].start() if k + 1 < len(excerpts) else len(user)
            for name, items in _document_answer(
                match.group(1).strip() if match else "", user[match.end() if match else 0 : end], system
            ).items():
                content[name] += items
    schema = _schema_sent(request)
    if "properties" in schema:  # a prompt that asks for part of the extraction gets that part
        content = {k: v for k, v in content.items() if k in schema["properties"]}
        if "actors" in content and '"role"' not in json.dumps(schema):  # actors asked without roles
            content["actors"] = [{k: v for k, v in a.items() if k != "role"} for a in content["actors"]]
    return completion(json.dumps(content, ensure_ascii=False), prompt_tokens=tokens, completion_tokens=50)


def _schema_sent(request: dict) -> dict:
    """The reply's schema as the request carries it: in response_format, or in llama.cpp's LLGuidance `grammar`."""
    if str(request.get("grammar", "")).startswith("%llguidance"):
        return json.loads(request["grammar"].split("start: %json ", 1)[1])
    fmt = request.get("response_format") or {}
    return fmt.get("schema") or fmt.get("json_schema", {}).get("schema") or {}


def _document_answer(text: str, after: str, system: str) -> dict[str, list]:
    """One document's extraction: `text` its numbered excerpt, `after` what follows it (its quotations)."""
    # Notes are written in the brief's language, as asked: Cyrillic in Latin letters stands in for a translation.
    english = "into English" in system or "in English" in system
    sentences = [(int(n), transliterate(w) if english else w) for n, w in _SENTENCE.findall(text)]
    names = list(dict.fromkeys(_NAME.findall(text)))[:8]
    first_named = next(((n, w, _NAME.findall(w)[0]) for n, w in sentences if _NAME.findall(w)), None)
    return {
        "actors": [{"name": n, "mention": n, "kind": "organization", "role": "named in the text"} for n in names],
        "quotes": [
            {
                "candidate": int(n),
                "speaker": names[0] if names else None,
                "translation": _translation(_whole(quote, text), system),
            }
            for n, quote in _CANDIDATES.findall(after)
        ],
        "facts": [{"fact": words[:240], "sentences": [n]} for n, words in sentences[:2]],
        "stakes": [
            {"holder": holder, "stake": f"What {words}"[:240], "direction": "gain", "sentences": [n]}
            for n, words, holder in ([first_named] if first_named else [])
        ],
        "risks": [
            {"risk": f"Fallout: {words}"[:240], "likelihood": "medium", "impact": "high", "sentences": [n]}
            for n, words in _warning(sentences)
        ],
    }


_WARNING = re.compile(
    r"(?i)огранич|санкц|опасени|ogranich|sanktsi|opaseni|limit|sanction|warn|risk|threat|fear|pause|Sanktion|Risik"
)


def _warning(sentences: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The sentence a model would note a risk of, as asked: the first that states a limit, sanction or warning."""
    return [next(((n, w) for n, w in sentences if _WARNING.search(w)), sentences[1])] if len(sentences) > 1 else []


def _whole(listed: str, excerpt: str) -> str:
    """The whole quotation, when the prompt lists it by its first words ("… »" follows them)."""
    opening = listed.split(" …", 1)[0].split("»", 1)[0]
    at = excerpt.find(opening)
    end = excerpt.find("»", at)
    return excerpt[at:end] if at != -1 and end != -1 else opening


def _translation(quote: str, system: str) -> str | None:
    """A stand-in translation, only when the quote is not in the brief's language (as asked): the quote in
    Latin letters, for a copy of the quote itself is refused as no translation."""
    cyrillic = sum(1 for ch in quote if "\u0400" <= ch <= "\u04ff") > len(quote) / 3
    if cyrillic and "into English" in system:
        return transliterate(quote)[:400]
    return None


def _synthesis(user: str) -> dict:
    """A synthesis built from the numbered notes: each story headed by its first fact, stakes and risks cited."""
    stories, stakes, risks = [], [], []
    for number, block in _STORY.findall(user):
        facts: list[tuple[int, str]] = []
        for line in block.splitlines():
            note = _NOTE.match(line)
            if note is None:
                continue
            n, stake, _holder, _direction, risk, text = note.groups()
            if stake:
                stakes.append({"notes": [int(n)]})
            elif risk:
                risks.append({"notes": [int(n)], "indicators": ["A sign"]})
            else:
                facts.append((int(n), text))
        facts = facts or [(0, "(no notes)")]
        head = facts[0][1]
        headline = head if len(head) <= 110 else head[:107].rsplit(" ", 1)[0] + "…"
        stories.append(
            {
                "story": int(number),
                "headline": headline,
                "summary": " ".join(t for _, t in facts[:2])[:600],
                "summary_notes": [n for n, _ in facts[:2]],
                "key_points": [{"text": t, "notes": [n]} for n, t in facts[:3]],
            }
        )
    return {
        "title": "Morning brief",
        "bluf": " ".join(s["headline"] for s in stories[:2]) + " These **matter**.",
        "key_points": [{"text": s["headline"], "notes": s["summary_notes"][:1]} for s in stories[:6]],
        "stories": stories,
        "stakes": stakes[:8],
        "risks": risks[:6],
    }


def check_answer(user: str) -> dict:
    """The check prompt's claims, each supported, except those holding UNSUPPORTED_MARK."""
    verdicts = []
    for number, claim in _CLAIM.findall(user):
        wrong = UNSUPPORTED_MARK in claim.casefold()  # the stand-in translation capitalises words
        verdicts.append({"claim": int(number), "differs": "the mark" if wrong else "",
                         "verdict": "unsupported" if wrong else "supported"})  # fmt: skip
    return {"verdicts": verdicts}


def condense_answer(user: str) -> dict:
    """The condense prompt's notes merged by kind and holder, in order, up to 8 a note; at most as many as asked.

    Each merged note keeps the first note's words (so its amounts are in its evidence) and
    cites the notes it merges; stakes keep their holder and direction, risks their levels.
    """
    most = int(_MOST.search(user).group(1))
    merged: dict[tuple, list[dict]] = {}
    for _, block in _STORY.findall(user):
        for line in block.splitlines():
            note = _NOTE.match(line)
            if note is None:
                continue
            n, stake, holder, direction, risk, text = note.groups()
            kind = "stake" if stake else "risk" if risk else "fact"
            levels = _RISK_LEVELS.search(line).groups() if risk else (None, None)
            key = (kind, holder if stake else None)
            runs = merged.setdefault(key, [])
            if not runs or len(runs[-1]["notes"]) >= 8:
                runs.append(
                    {
                        "kind": kind,
                        "text": text[:300],
                        "holder": holder if stake else None,
                        "direction": direction if stake else None,
                        "likelihood": levels[0],
                        "impact": levels[1],
                        "notes": [],
                    }
                )
            runs[-1]["notes"].append(int(n))
    # Round robin over kinds and holders, so a tight cap still keeps facts, stakes and risks.
    rounds = max(len(runs) for runs in merged.values())
    notes = [runs[i] for i in range(rounds) for runs in merged.values() if i < len(runs)]
    return {"notes": notes[:most]}


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
        self.context_limit: int | None = None
        self.largest_request = 0  # prompt + max_tokens of the largest request received
        self.over_limit = 0  # requests rejected for exceeding context_limit
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
                arrived = time.monotonic()
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                size = prompt_tokens(body) + int(body.get("max_tokens") or 0) if "messages" in body else 0
                with owner._lock:
                    owner.requests.append(body)
                    owner.times.append(time.monotonic())
                    owner.headers.append(dict(self.headers))
                    owner.largest_request = max(owner.largest_request, size)
                    reply = owner._scripted(body)
                    if owner.context_limit is not None and size > owner.context_limit:
                        owner.over_limit += 1
                        message = f"the request exceeds the available context size ({size} > {owner.context_limit})"
                        reply = Reply(400, {"error": {"code": 400, "message": message, "type": "exceed_context"}})
                    owner.in_flight += 1
                    owner.max_in_flight = max(owner.max_in_flight, owner.in_flight)
                try:
                    if reply is None:
                        # Sent `latency` after the request came (by default long enough for concurrent calls to
                        # overlap), however long the answer took to write: the bench's stand-in reads every
                        # prompt and counts its tokens, work that a fixed latency would otherwise add to it.
                        answer = owner.answer(body)
                        time.sleep(max(0.0, arrived + owner.latency - time.monotonic()))
                        self._send(200, answer)
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
