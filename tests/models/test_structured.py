import inspect
import json

import pytest
from pydantic import BaseModel

from briefing import replies as replies_module
from briefing.config import LLMOptions
from briefing.errors import EndpointError, ExtractionError
from briefing.models.llm import Completion, LanguageModel, Usage
from briefing.models.local_model import LocalModel
from briefing.models.structured import StructuredCaller, reply_schema, strict_schema
from briefing.replies import ChunkExtraction, Synthesis


class Scripted(LanguageModel):
    """A test double for mechanics: answers from a list, records what it was sent."""

    def __init__(self, replies, structured_output="json_schema"):
        super().__init__("scripted")
        self.replies = list(replies)
        self.sent = []
        self.structured_output = structured_output

    def complete(self, messages, *, response_format, options):
        self.sent.append((messages, response_format, options))
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply


GOOD = Completion(
    '{"actors": [], "quotes": [], "facts": [{"fact": "x", "sentences": [1]}], "stakes": [], "risks": []}', "stop", 10, 5
)


def caller(model, mode="auto", reasks=2):
    return StructuredCaller(model, mode=mode, options=LLMOptions(), usage=Usage(), max_reasks=reasks)


def build(schema):
    return [{"role": "system", "content": f"schema: {schema}"}, {"role": "user", "content": "doc"}]


def test_strict_schema_requires_everything_and_forbids_extras():
    schema = strict_schema(Synthesis)

    def objects(node):
        if isinstance(node, dict):
            if node.get("type") == "object":
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for item in node:
                yield from objects(item)

    found = list(objects(schema))
    assert found
    for obj in found:
        assert obj["additionalProperties"] is False
        assert set(obj["required"]) == set(obj["properties"])


def test_auto_mode_follows_the_provider():
    assert caller(Scripted([])).mode == "json_schema"
    assert caller(Scripted([], structured_output="grammar")).mode == "grammar"
    assert LocalModel.structured_output == "json_object", "a replay, or llama-cpp-python's server; see local_model"


def test_a_rejected_grammar_steps_down_to_json_object():
    rejected = EndpointError("HTTP 400: unknown field grammar")
    model = Scripted([rejected, GOOD], structured_output="grammar")
    c = caller(model)
    c.call(build, ChunkExtraction, label="t")
    assert [sent[1]["type"] for sent in model.sent] == ["grammar", "json_object"] and c.mode == "json_object"


def test_grammar_mode_holds_the_reply_schema_to_one_line_of_json():
    grammar = caller(Scripted([]), "grammar").response_format(ChunkExtraction)["grammar"]
    head, schema = grammar.split("start: %json ", 1)
    assert head.startswith("%llguidance {}")
    schema = json.loads(schema)
    assert schema.pop("x-guidance") == {"whitespace_pattern": " "}, "one space between tokens, no line break"
    assert schema == reply_schema(ChunkExtraction), "the same schema as json_object mode, caps included"


def test_modes_send_the_matching_response_format():
    modes = [("json_schema", "json_schema"), ("grammar", "grammar"), ("json_object", "json_object"), ("prompt", None)]
    for mode, expected in modes:
        model = Scripted([GOOD])
        caller(model, mode).call(build, ChunkExtraction, label="t")
        messages, response_format, _ = model.sent[0]
        assert (response_format or {}).get("type") == expected
        assert ("schema: None" in messages[0]["content"]) == (mode != "prompt")
        if mode == "json_object":
            assert response_format["schema"]["properties"]["actors"]


def test_invalid_reply_is_asked_again_with_the_error():
    model = Scripted([Completion('{"actors": 3}', "stop", 7, 3), GOOD])
    c = caller(model)
    assert c.call(build, ChunkExtraction, label="t").facts[0].fact == "x"
    second = model.sent[1][0]
    assert second[-2]["role"] == "assistant" and "actors" in second[-1]["content"]
    assert c.usage.prompt_tokens == 17, "failed attempts count too"


def test_truncated_reply_gets_a_bigger_budget_not_the_same_one():
    model = Scripted([Completion('{"actors": [', "length", 7, 2048), GOOD])
    caller(model).call(build, ChunkExtraction, label="t")
    assert model.sent[1][2].max_tokens == 2 * model.sent[0][2].max_tokens


def test_reasks_are_bounded_and_the_error_names_the_chunk():
    model = Scripted([Completion("not json", "stop", 1, 1)] * 3)
    with pytest.raises(ExtractionError, match=r"doc\.txt, chunk 2.*3 attempts"):
        caller(model, reasks=2).call(build, ChunkExtraction, label="doc.txt, chunk 2")


def test_refusal_and_empty_choices_are_reasked():
    model = Scripted([Completion("", "stop", 1, 1, refusal="I can't"), Completion("", "empty", 0, 0), GOOD])
    assert caller(model).call(build, ChunkExtraction, label="t").facts[0].fact == "x"


# OpenAI's guide, "Structured Outputs > Supported schemas", written out here apart from the
# code's own list, so that widening the code's list cannot make this test pass by itself.
DOCUMENTED_STRICT_SUBSET = {
    "type", "properties", "required", "additionalProperties", "items", "enum", "anyOf", "$ref", "$defs",
    "description", "pattern", "format", "multipleOf", "maximum", "exclusiveMaximum", "minimum",
    "exclusiveMinimum", "minItems", "maxItems",
}  # fmt: skip
DOCUMENTED_FORMATS = {"date-time", "time", "date", "duration", "email", "hostname", "ipv4", "ipv6", "uuid"}
# Every reply model (replies.py): what the model is asked for.
REPLY_MODELS = [
    model
    for name, model in inspect.getmembers(replies_module, inspect.isclass)
    if issubclass(model, BaseModel) and model.__module__ == replies_module.__name__ and not name.startswith("_")
]


def _nodes(node, depth=0):
    """(schema node, nesting depth) for every node; maps of names (properties, $defs) are not nodes."""
    if isinstance(node, dict):
        yield node, depth
        for key, value in node.items():
            if key in ("properties", "$defs"):
                for sub in value.values():
                    yield from _nodes(sub, depth + (key == "properties"))
            else:
                yield from _nodes(value, depth)
    elif isinstance(node, list):
        for item in node:
            yield from _nodes(item, depth)


@pytest.mark.parametrize("model", REPLY_MODELS, ids=lambda m: m.__name__)
def test_every_schema_sent_in_json_schema_mode_is_in_openais_strict_subset(model):
    schema = caller(Scripted([]), "json_schema").response_format(model)["json_schema"]["schema"]
    assert schema["type"] == "object", "the root of a strict schema is an object"
    for node, depth in _nodes(schema):
        assert set(node) <= DOCUMENTED_STRICT_SUBSET, f"{model.__name__}: {set(node) - DOCUMENTED_STRICT_SUBSET}"
        assert node.get("format", "date") in DOCUMENTED_FORMATS
        assert depth <= 10, "at most 10 levels of nesting"
        if node.get("type") == "object":
            assert node["additionalProperties"] is False and set(node["required"]) == set(node["properties"])


def _pydantic_forms(schema, defs=None):
    """A schema with every $ref written out, `"type": [t, "null"]` as anyOf and integer ranges as enums.

    The inverse of the strict schema's compaction, written apart from it: a compact schema and
    pydantic's, both in these forms, must be the same schema.
    """
    defs = schema.get("$defs", {}) if defs is None else defs
    if isinstance(schema, list):
        return [_pydantic_forms(item, defs) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return _pydantic_forms(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    node = {key: _pydantic_forms(value, defs) for key, value in schema.items() if key != "$defs"}
    if isinstance(node.get("type"), list):
        return {"anyOf": [{"type": kind} for kind in node["type"]]}
    if node.get("type") == "integer" and "minimum" in node and "maximum" in node:
        rest = {key: value for key, value in node.items() if key not in ("minimum", "maximum")}
        return {**rest, "enum": list(range(node["minimum"], node["maximum"] + 1))}
    return node


def _strict_keywords(node):
    """pydantic's schema with only the keywords a strict schema may carry, descriptions left out."""
    if isinstance(node, list):
        return [_strict_keywords(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: ({name: _strict_keywords(sub) for name, sub in value.items()} if key in ("properties", "$defs")
              else _strict_keywords(value))
        for key, value in node.items()
        if key in DOCUMENTED_STRICT_SUBSET - {"description"}
    }  # fmt: skip


COMPACTED = [
    *REPLY_MODELS,
    replies_module.synthesis_reply(tuple(range(1, 333)), (7, 15, 22), (8, 65), 2),
    replies_module.quotes_at_most(replies_module.for_documents(ChunkExtraction, 3), 12),
]


@pytest.mark.parametrize("model", COMPACTED, ids=lambda m: m.__name__)
def test_the_strict_schema_is_compacted_without_changing_what_it_allows(model):
    """Definitions used once written in place, nullable types and note ranges written short: the same schema."""
    assert _pydantic_forms(strict_schema(model)) == _pydantic_forms(_strict_keywords(reply_schema(model)))


def test_the_compacted_synthesis_schema_is_a_fraction_of_pydantics():
    """A day of 332 notes listed every note number twice in the synthesis' schema, read on every call."""
    model = replies_module.synthesis_reply(tuple(range(1, 333)), (7, 15, 22), (8, 65), 2)
    compact = json.dumps(strict_schema(model))
    assert len(compact) < len(json.dumps(_strict_keywords(reply_schema(model)))) / 2
    assert '"minimum": 1, "maximum": 332' in compact and '"enum": [7, 15, 22]' in compact, "a range, and a list"
    assert '"$ref"' in compact, "a definition used twice stays shared"
    extraction = json.dumps(strict_schema(ChunkExtraction))
    assert '"$ref"' not in extraction and '"anyOf"' not in extraction and '["string", "null"]' in extraction
    assert reply_schema(ChunkExtraction)["$defs"], "json_object mode (the local model's grammar) is sent as it was"


def test_caps_stay_in_json_object_mode_and_in_validation():
    grammar = json.dumps(caller(Scripted([]), "json_object").response_format(ChunkExtraction))
    assert '"maxLength": 80' in grammar, "llama.cpp's grammar binds a small model's strings"
    assert reply_schema(ChunkExtraction) is not strict_schema(ChunkExtraction)
    assert '"maxLength"' not in json.dumps(strict_schema(ChunkExtraction))
    too_long = json.dumps({"actors": [{"name": "A" * 200, "mention": "A", "kind": "person", "role": "r"}]})
    rest = ', "quotes": [], "facts": [], "stakes": [], "risks": []}'
    model = Scripted([Completion(too_long[:-1] + rest, "stop", 5, 5), GOOD])
    assert caller(model, "json_schema").call(build, ChunkExtraction, label="t").facts[0].fact == "x"
    assert "at most 80 characters" in model.sent[1][0][-1]["content"], "a reply over a cap is asked again"


def test_a_chunk_is_asked_for_no_more_quote_attributions_than_it_lists_quotations():
    """The grammar's cap: a looping small model cannot write candidates 3, 4, 5 … for two quotations."""
    import pydantic
    import pytest as _pytest

    from briefing.replies import ChunkExtraction, ChunkNotes, quotes_at_most

    two = quotes_at_most(ChunkNotes, 2)
    assert two.model_json_schema()["properties"]["quotes"]["maxItems"] == 2
    assert quotes_at_most(ChunkExtraction, 0).model_json_schema()["properties"]["quotes"]["maxItems"] == 0
    attribution = {"candidate": 1, "speaker": None, "translation": None}
    assert len(two.model_validate({"quotes": [attribution] * 3, "facts": []}).quotes) == 3, (
        "an endpoint that ignores the schema has its extra attribution dropped later, not the reply refused"
    )
    with _pytest.raises(pydantic.ValidationError):
        two.model_validate({"quotes": [attribution] * 25, "facts": []})


def test_the_local_actors_reply_asks_no_roles_and_still_makes_an_extraction():
    from briefing.replies import EXTRACTION_REPLIES

    def actor_fields(reply: type[BaseModel]) -> set[str]:
        schema = reply_schema(reply)
        return set(schema["$defs"][schema["properties"]["actors"]["items"]["$ref"].split("/")[-1]]["properties"])

    assert actor_fields(EXTRACTION_REPLIES["actors"]) == {"name", "mention", "kind"}, "the local model: no roles"
    assert "role" in actor_fields(ChunkExtraction), "the one prompt remote providers get still asks for them"
    reply = EXTRACTION_REPLIES["actors"].model_validate_json(
        '{"actors": [{"name": "Kassym-Jomart Tokayev", "mention": "Токаев", "kind": "person"}]}'
    )
    parts = {**reply.model_dump(), "quotes": [], "facts": [], "stakes": [], "risks": []}
    actor = ChunkExtraction.model_validate(parts).actors[0]
    assert (actor.name, actor.mention, actor.kind, actor.role) == ("Kassym-Jomart Tokayev", "Токаев", "person", "")
