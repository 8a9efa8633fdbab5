"""Structured output: a pydantic model in, a validated instance out.

Endpoints differ in how they constrain JSON, so four modes exist:
- json_schema: OpenAI's strict structured outputs (the schema is enforced);
- grammar: llama.cpp's own server (the prebuilt engine) gets the schema as an LLGuidance
  grammar in its `grammar` field, held to JSON on one line: through `response_format` its
  grammar lets the model break lines and indent, a decode step for every space
  (docs/local-model.md); llama-cpp-python's grammar never indents;
- json_object: `{"type": "json_object", "schema": ...}`, which llama-cpp-python's server
  turns into a grammar and OpenAI treats as plain JSON mode;
- prompt: the schema is written into the instructions, for endpoints with neither.
`auto` starts with what the provider says it supports (`LanguageModel.structured_output`)
and steps down once when the endpoint rejects a mode, remembering the step for the rest of the run.

Every reply is validated with pydantic. An invalid reply is asked again with
the validation error (at most `max_reasks` times); a reply cut off by max_tokens
is asked again with a bigger budget instead of the same one. Token usage of every
attempt, failed or not, is counted. No request is sent that would not fit the
model's context window (budget.py): that is a ContextOverflow naming the call.
"""

from __future__ import annotations

import copy
import functools
import json
import threading
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..config import LLMOptions, StructuredMode
from ..errors import EndpointError, ExtractionError
from .llm import Completion, LanguageModel, Usage

T = TypeVar("T", bound=BaseModel)

# Where auto mode goes when an endpoint rejects a mode: an endpoint without grammars may still take json_object.
_STEP_DOWN = {"json_schema": "json_object", "grammar": "json_object", "json_object": "prompt"}

# LLGuidance's JSON options (its docs/json_schema.md, "x-guidance"): the whitespace between tokens is a
# space, as llama-cpp-python's grammar writes it (`space ::= " "?`), never a line break or an indent.
# JSON with no spaces at all made the 1.5B model answer `{"actors":[]}` (docs/local-model.md, second round).
_ONE_LINE = {"whitespace_pattern": " "}


# OpenAI's strict structured outputs accept a subset of JSON Schema (its guide, "Supported
# schemas"): these structural keywords, plus pattern and format on strings, bounds on numbers
# and sizes of arrays. Not minLength/maxLength: a schema carrying them may be rejected, and
# auto mode would then step down to json_object and lose the guarantee on every call.
OPENAI_STRICT_KEYWORDS = frozenset(
    {
        *("type", "properties", "required", "additionalProperties", "items", "enum", "anyOf"),
        *("$ref", "$defs", "description"),
        *("pattern", "format"),
        *("multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum"),
        *("minItems", "maxItems"),
    }
)


def _walk(schema: dict[str, Any], visit_node: Any) -> dict[str, Any]:
    """Apply `visit_node` to every schema node (not to maps of names such as properties and $defs)."""

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            visit_node(node)
            for key, value in node.items():
                if key in ("properties", "$defs"):  # maps of names to schemas, not keywords
                    for sub in value.values():
                        visit(sub)
                else:
                    visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(schema)
    return schema


@functools.cache
def reply_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema with every property required and no extras, caps kept.

    This is what json_object mode sends (llama.cpp's server compiles it into a
    grammar, so the caps on strings and lists bind a small model's rambling) and
    what prompt mode writes into the instructions. Nullable fields stay nullable.
    Computed once per model (pydantic's schema generation costs milliseconds on
    every call otherwise); callers must not mutate the result.
    """

    def tighten(node: dict[str, Any]) -> None:
        node.pop("default", None)
        node.pop("title", None)
        if node.get("type") == "object" and "properties" in node:
            node["required"] = list(node["properties"])
            node["additionalProperties"] = False

    return _walk(copy.deepcopy(model.model_json_schema()), tighten)


@functools.cache
def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """`reply_schema` in the subset OpenAI's strict json_schema mode accepts.

    Keywords outside it (maxLength, minLength, ...) are left out; pydantic still
    enforces them when the reply is validated, so a reply over a cap is asked again.
    Field descriptions are left out too: the prompt already says what every field
    holds, and they cost some 300 tokens on every call (bench/run.py's token ratio).
    """

    def keep_supported(node: dict[str, Any]) -> None:
        for key in [k for k in node if k not in OPENAI_STRICT_KEYWORDS or k == "description"]:
            del node[key]

    return _compact(_walk(copy.deepcopy(reply_schema(model)), keep_supported))


@functools.cache
def llguidance_grammar(model: type[BaseModel]) -> str:
    """`reply_schema` as the LLGuidance grammar llama.cpp's server compiles, one line of JSON."""
    schema = {"x-guidance": _ONE_LINE, **reply_schema(model)}
    return "%llguidance {}\nstart: %json " + json.dumps(schema, ensure_ascii=False, separators=(",", ":"))


def _compact(schema: dict[str, Any]) -> dict[str, Any]:
    """The same constraints in fewer tokens: a remote endpoint reads the schema on every call.

    pydantic writes every nested model as a `$ref` to `$defs`, a nullable string as `anyOf` with
    null, and the synthesis' allowed note numbers (replies.synthesis_reply) as an `enum` of every
    number, 1 to 332 on the bench's day, twice. Here a definition used once is written where it
    is used, a nullable plain type is `"type": [t, "null"]`, and an enum of three or more consecutive
    integers is its `minimum` and `maximum`: the replies allowed are exactly those allowed before (tested).
    Only the strict schema is compacted: json_object mode sends `reply_schema` as it is, so what
    the local model's grammar is built from, and its recorded cassettes, stay the same.
    """
    defs = schema.pop("$defs", {})
    uses: dict[str, int] = {}

    def count(node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                uses[node["$ref"]] = uses.get(node["$ref"], 0) + 1
            for value in node.values():
                count(value)
        elif isinstance(node, list):
            for item in node:
                count(item)

    count([schema, defs])

    def rewrite(node: Any) -> Any:
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if ref is not None and len(node) == 1 and uses[ref] == 1:
            return rewrite(defs[ref.rsplit("/", 1)[-1]])
        options = node.get("anyOf")
        if list(node) == ["anyOf"] and len(options) == 2 and {"type": "null"} in options:
            [other] = [option for option in options if option != {"type": "null"}]
            if list(other) == ["type"] and isinstance(other["type"], str):
                return {"type": [other["type"], "null"]}
        values = node.get("enum")
        if node.get("type") == "integer" and _consecutive(values):
            rest = {key: value for key, value in node.items() if key != "enum"}
            return {**rest, "minimum": values[0], "maximum": values[-1]}
        return {key: rewrite(value) for key, value in node.items()}

    compact = rewrite(schema)
    shared = {name: rewrite(sub) for name, sub in defs.items() if uses.get(f"#/$defs/{name}", 0) > 1}
    return {"$defs": shared, **compact} if shared else compact


def _consecutive(values: Any) -> bool:
    """Three or more integers, each one more than the one before: shorter written as a range."""
    return isinstance(values, list) and len(values) > 2 and values == list(range(values[0], values[0] + len(values)))


class StructuredCaller:
    """Asks a LanguageModel for replies of a given pydantic type."""

    def __init__(
        self,
        model: LanguageModel,
        *,
        mode: StructuredMode,
        options: LLMOptions,
        usage: Usage,
        max_reasks: int,
    ) -> None:
        self.model = model
        self.options = options
        self.usage = usage
        self.max_reasks = max_reasks
        self._auto = mode == "auto"
        self._mode = model.structured_output if self._auto else mode
        self._lock = threading.Lock()

    @property
    def mode(self) -> str:
        return self._mode

    def schema_for_prompt(self, output: type[BaseModel]) -> dict[str, Any] | None:
        """The schema to write into the instructions: only where nothing else carries it.

        In the other modes the endpoint gets the schema and the prompt already names
        every field, so repeating it would only cost prompt tokens on every chunk.
        """
        return reply_schema(output) if self._mode == "prompt" else None

    def response_format(self, output: type[BaseModel]) -> dict[str, Any] | None:
        if self._mode == "json_schema":
            return {
                "type": "json_schema",
                "json_schema": {"name": output.__name__, "strict": True, "schema": strict_schema(output)},
            }
        if self._mode == "json_object":
            return {"type": "json_object", "schema": reply_schema(output)}
        if self._mode == "grammar":  # not OpenAI's: the endpoint's request_body sends it as llama.cpp's `grammar`
            return {"type": "grammar", "grammar": llguidance_grammar(output)}
        return None

    def _step_down(self, rejected: str) -> bool:
        """After a 400 for a response_format, fall back to the next mode (auto only)."""
        with self._lock:
            if not self._auto or self._mode != rejected or rejected == "prompt":
                return self._mode != rejected
            self._mode = _STEP_DOWN[rejected]
            return True

    def call(self, build_messages: Any, output: type[T], *, label: str, options: LLMOptions | None = None) -> T:
        """Ask until a reply validates as `output`; `build_messages(schema)` makes the prompt; `options`: this
        call's own, else the run's."""
        options = options or self.options
        messages = build_messages(self.schema_for_prompt(output))
        mode_used = self._mode
        errors: list[str] = []
        while len(errors) <= self.max_reasks:
            if self.model.stopped.is_set():
                raise ExtractionError(f"{label}: the run was stopped")
            response_format = self.response_format(output)
            if self.model.budget is not None:  # never send what the window cannot hold: say so instead
                self.model.budget.check(messages, options.max_tokens, response_format, label=label)
            try:
                reply = self.model.complete(messages, response_format=response_format, options=options)
            except EndpointError as exc:
                self.usage.add(calls=exc.attempts)
                if _is_format_rejection(exc) and self._step_down(mode_used):
                    messages = build_messages(self.schema_for_prompt(output))
                    mode_used = self._mode
                    continue
                raise
            self.usage.add(reply.prompt_tokens, reply.completion_tokens, reply.attempts, reply.cached_tokens,
                           reply.timings)  # fmt: skip
            problem = validate_reply(reply, output)
            if isinstance(problem, BaseModel):
                return problem
            errors.append(problem)
            if reply.finish_reason == "length":
                # Same budget, same cut: give it room instead of asking blindly again (as much as the window has).
                # Estimated, not tokenized: a replay must ask for exactly what the recording did.
                bigger = options.max_tokens * 2
                if self.model.budget is not None:
                    bigger = min(bigger, self.model.budget.room(messages, response_format, estimate=True))
                if bigger > options.max_tokens:
                    options = options.model_copy(update={"max_tokens": bigger})
                    continue
                break
            messages = [
                *messages[:2],
                {"role": "assistant", "content": reply.text[:4000]},
                {
                    "role": "user",
                    "content": f"That reply was not valid: {problem}\nReply again with corrected JSON only.",
                },
            ]
        raise ExtractionError(f"{label}: no valid reply after {len(errors)} attempts ({errors[-1]})")


def _is_format_rejection(exc: EndpointError) -> bool:
    text = str(exc).lower()
    return text.startswith(("http 400", "http 422"))


def validate_reply(reply: Completion, output: type[T]) -> T | str:
    """The validated reply, or a one-line description of what is wrong with it (also for a batch's lines)."""
    if reply.finish_reason == "empty":
        return "the endpoint returned no choices"
    if reply.refusal:
        return f"the model refused: {reply.refusal[:200]}"
    if reply.finish_reason == "length":
        return "the reply was cut off by max_tokens"
    text = _strip_code_fence(reply.text)
    if not text:
        return "the reply was empty"
    try:
        return output.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "reply"
        if first["type"] == "json_invalid":
            return f"not valid JSON ({first['msg']})"
        return f"{where}: {first['msg']} ({exc.error_count()} error(s))"


def _strip_code_fence(text: str) -> str:
    text = text.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text.strip()
