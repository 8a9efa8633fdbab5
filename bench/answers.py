"""What the benchmark's endpoint answers, and how it counts tokens.

`instance(schema)` builds a value valid for any JSON Schema we send (objects
with their required properties, enums, maxItems, maxLength, nullable unions,
$ref). On top of it, our extraction prompt gets a realistic answer: the actors
are names that occur in the fenced text, every listed quotation is attributed,
and the facts, a stake and a risk cite the excerpt's numbered sentences, so
grounding and evidence do real work. The condense prompt (briefing/analysis/reduce.py)
is answered as the tests' endpoint answers it: notes merged by kind and holder,
citing the notes they merge. langextract's prompts get an answer
in langextract's own shape (names and verbatim quotations of the chunk), so
both programs make the same kind of useful call.

Tokens are counted the same way for prompts and for source text: with a real
BPE tokenizer (the local model's GGUF vocabulary, read with llama.cpp) when
`use_tokenizer` found one, else as words and punctuation marks.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.text.names import transliterate
from tests.fake_endpoint import condense_answer

_WORD_OR_MARK = re.compile(r"\w+|[^\w\s]", re.UNICODE)
# The numbered sentences after "Excerpt…:", in the document's fence.
_EXCERPT = re.compile(r"Excerpt[^\n]*:\n((?:\[?\d+\]? .*(?:\n|$))+)")
_SENTENCE = re.compile(r"^\[?(\d+)\]? (.*)$", re.M)
_CANDIDATE = re.compile(r"^(\d+)\. «", re.M)
_NAME = re.compile(r"\b[A-ZА-ЯЁ][a-zа-яё]{2,}(?: [A-ZА-ЯЁ][a-zа-яё]{2,})+")
_QUOTED = re.compile(r"[«“\"]([^«»“”\"\n]{20,}?)[»”\"]")
LANGEXTRACT_SYSTEM = "You are a helpful assistant that responds in JSON format."


_tokenizer: Any = None
_tokenizer_lock = threading.Lock()


def use_tokenizer(gguf: Path | None) -> str:
    """Count with the vocabulary of `gguf` from now on; returns what counts tokens."""
    global _tokenizer
    if gguf is None or not gguf.is_file():
        return "words and marks (no GGUF tokenizer found)"
    try:
        import llama_cpp
    except ImportError:
        return "words and marks (llama-cpp-python not installed)"
    _tokenizer = llama_cpp.Llama(str(gguf), vocab_only=True, verbose=False)
    return f"BPE of {gguf.name}"


def count_tokens(text: str) -> int:
    if _tokenizer is None:
        return len(_WORD_OR_MARK.findall(text))
    with _tokenizer_lock:
        return len(_tokenizer.tokenize(text.encode("utf-8"), add_bos=False, special=False))


def instance(schema: dict[str, Any], defs: dict[str, Any] | None = None) -> Any:
    """A small value that validates against `schema`."""
    defs = defs if defs is not None else schema.get("$defs", {})
    if "$ref" in schema:
        return instance(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    for union in ("anyOf", "oneOf"):
        if union in schema:
            options = [s for s in schema[union] if s.get("type") != "null"] or schema[union]
            return instance(options[0], defs)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        properties = schema.get("properties", {})
        names = schema.get("required", list(properties))
        return {name: instance(properties[name], defs) for name in names}
    if kind == "array":
        count = max(schema.get("minItems", 0), min(2, schema.get("maxItems", 2)))
        return [instance(schema.get("items", {}), defs) for _ in range(count)]
    if kind == "string":
        return "A plausible short answer."[: schema.get("maxLength", 100)]
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return True
    return None


def _schema_of(request: dict) -> dict[str, Any] | None:
    fmt = request.get("response_format") or {}
    if fmt.get("type") == "json_schema":
        return fmt["json_schema"]["schema"]
    return fmt.get("schema")


def _extraction(user: str, schema: dict[str, Any]) -> dict[str, Any]:
    """The answer for each document the request lists (one, or several packed), each within its share of the caps."""
    excerpts = list(_EXCERPT.finditer(user)) or [None]
    props = schema["properties"]
    share = {name: props[name].get("maxItems", default) // len(excerpts)
             for name, default in (("actors", 20), ("facts", 6))}  # fmt: skip
    answer: dict[str, list[Any]] = {"actors": [], "quotes": [], "facts": [], "stakes": [], "risks": []}
    for k, match in enumerate(excerpts):
        after = user[match.end() if match else 0 : excerpts[k + 1].start() if k + 1 < len(excerpts) else len(user)]
        for name, items in _document_answer(match.group(1) if match else "", after, share).items():
            answer[name] += items
    answer["quotes"] = answer["quotes"][: props["quotes"].get("maxItems", 10)]
    return answer


def _document_answer(text: str, after: str, share: dict[str, int]) -> dict[str, list[Any]]:
    """One document's answer: `text` its numbered excerpt, `after` what follows it (its quotations)."""
    names = list(dict.fromkeys(_NAME.findall(text)))[: share["actors"]]
    listed = _CANDIDATE.findall(after)
    # A model writes its notes in the brief's language; Latin letters stand in for the translation
    # (copied Russian would be dropped from an English brief as not in its language).
    sentences = [(int(n), transliterate(words)) for n, words in _SENTENCE.findall(text)]
    named = [(n, words, found[0]) for n, words in sentences if (found := _NAME.findall(words))]
    return {
        "actors": [
            {"name": n, "mention": n, "kind": "person", "role": f"Named in the text as {n}."[:160]} for n in names
        ],
        "quotes": [{"candidate": int(n), "speaker": names[0] if names else None, "translation": None} for n in listed],
        "facts": [{"fact": words[:200], "sentences": [n]} for n, words in sentences[: share["facts"]]],
        "stakes": [
            {"holder": holder, "stake": f"What is at stake: {words}"[:240], "direction": "gain", "sentences": [n]}
            for n, words, holder in named[:1]
        ],
        "risks": [
            {"risk": f"Fallout: {words}"[:240], "likelihood": "medium", "impact": "high", "sentences": [n]}
            for n, words in sentences[1:2]
        ],
    }


def _langextract(prompt: str) -> dict[str, Any]:
    # The chunk is the last question; examples come before it.
    question = prompt.rsplit("Q: ", 1)[-1].rsplit("\nA:", 1)[0]
    items: list[dict[str, Any]] = []
    names = list(dict.fromkeys(_NAME.findall(question)))[:20]
    for name in names:
        items.append({"actor": name, "actor_attributes": {"kind": "person"}})
    for quote in _QUOTED.findall(question)[:10]:
        items.append({"quote": quote, "quote_attributes": {"speaker": names[0] if names else "unknown"}})
    return {"extractions": items}


def answer_content(request: dict) -> tuple[str, str]:
    """(kind of call, reply text) for a chat completions request."""
    messages = request["messages"]
    system = messages[0]["content"] if messages[0]["role"] == "system" else ""
    user = messages[-1]["content"]
    if system == LANGEXTRACT_SYSTEM:
        return "langextract", json.dumps(_langextract(user), ensure_ascii=False)
    schema = _schema_of(request)
    if schema is None:
        raise ValueError("the benchmark endpoint needs a schema in response_format")
    if "Quotations in this excerpt" in user and "actors" in schema.get("properties", {}):
        return "extract", json.dumps(_extraction(user, schema), ensure_ascii=False)
    if "condensing the notes" in system:
        return "condense", json.dumps(condense_answer(messages[1]["content"]), ensure_ascii=False)
    return _other_kind(system), json.dumps(instance(schema), ensure_ascii=False)


def _other_kind(system: str) -> str:
    """The calls after the extraction, told apart so the critical path counts each in its own rounds."""
    if system.startswith("You write the names of a news brief"):
        return "names"
    if system.startswith("You check the claims of a brief"):
        return "check"
    return "synthesis"


def kind_of(request: dict) -> str:
    """The kind of call, with " re-ask" when it asks again after an invalid reply (it follows its call, in its worker).

    A re-ask ends with the invalid reply and the error: its kind is that of the question it repeats.
    """
    messages = request["messages"]
    replied = next((i for i, m in enumerate(messages) if m["role"] == "assistant"), None)
    if replied is None:
        return answer_content(request)[0]
    return f"{answer_content({**request, 'messages': messages[:replied]})[0]} re-ask"


def prompt_tokens(request: dict) -> int:
    sent = sum(count_tokens(m["content"]) for m in request["messages"])
    if request.get("response_format"):  # a schema is read by the model too, written as the SDK sends it
        sent += count_tokens(json.dumps(request["response_format"], ensure_ascii=False, separators=(",", ":")))
    return sent


@dataclass
class Tally:
    """What the endpoint saw, per kind of call; safe across the server's threads."""

    calls: dict[str, int] = field(default_factory=dict)
    prompt: int = 0
    completion: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [prompt, completion] tokens
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, prompt: int, completion: int) -> None:
        with self.lock:
            self.calls[kind] = self.calls.get(kind, 0) + 1
            self.prompt += prompt
            self.completion += completion
            tokens = self.by_kind.setdefault(kind, [0, 0])
            tokens[0] += prompt
            tokens[1] += completion

    def tokens_by_kind(self) -> dict[str, tuple[int, int]]:
        with self.lock:
            return {kind: (prompt, completion) for kind, (prompt, completion) in self.by_kind.items()}

    def snapshot(self) -> tuple[dict[str, int], int, int]:
        with self.lock:
            return dict(self.calls), self.prompt, self.completion


def make_answer(tally: Tally):
    """An `answer(request) -> completion dict` for tests.fake_endpoint.FakeEndpoint."""

    def answer(request: dict) -> dict:
        content = answer_content(request)[1]
        sent, written = prompt_tokens(request), count_tokens(content)
        tally.add(kind_of(request), sent, written)
        return {
            "id": "chatcmpl-bench",
            "object": "chat.completion",
            "created": 0,
            "model": request.get("model", "bench-model"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": sent, "completion_tokens": written, "total_tokens": sent + written},
        }

    return answer
