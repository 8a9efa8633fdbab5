import pytest

from briefing.config import LLMOptions
from briefing.errors import ExtractionError
from briefing.llm import Completion, LanguageModel, Usage
from briefing.local_model import LocalModel
from briefing.schema import ChunkExtraction, Synthesis
from briefing.structured import StructuredCaller, strict_schema


class Scripted(LanguageModel):
    """A test double for mechanics: answers from a list, records what it was sent."""

    def __init__(self, replies, supports_json_schema=True):
        super().__init__("scripted")
        self.replies = list(replies)
        self.sent = []
        self.supports_json_schema = supports_json_schema

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
    assert caller(Scripted([], supports_json_schema=False)).mode == "json_object"
    assert LocalModel.supports_json_schema is False


def test_modes_send_the_matching_response_format():
    for mode, expected in [("json_schema", "json_schema"), ("json_object", "json_object"), ("prompt", None)]:
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
