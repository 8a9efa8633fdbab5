"""The pydantic models are the schema: what the model is asked for, and what a brief holds."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from briefing.replies import EXTRACTION_REPLIES, ChunkExtraction, NamedActors, QuoteAttribution, quotes_at_most


def test_a_chunk_is_asked_for_no_more_attributions_than_it_lists_quotations():
    two = quotes_at_most(ChunkExtraction, 2)
    assert two.model_json_schema()["properties"]["quotes"]["maxItems"] == 2
    assert quotes_at_most(ChunkExtraction, 2) is two, "one type per count, built once"
    assert quotes_at_most(NamedActors, 2) is NamedActors, "a reply without quotes is left as it is"


def test_a_chunk_of_many_quotations_may_have_each_attributed_as_its_schema_allows():
    many = quotes_at_most(ChunkExtraction, 33)
    assert many.model_json_schema()["properties"]["quotes"]["maxItems"] == 33
    reply = {"actors": [], "facts": [], "stakes": [], "risks": [],
             "quotes": [{"candidate": n, "speaker": None, "translation": None} for n in range(1, 34)]}  # fmt: skip
    assert len(many.model_validate(reply).quotes) == 33


def test_replies_are_strict_about_unknown_fields():
    with pytest.raises(ValidationError):
        QuoteAttribution.model_validate({"candidate": 1, "speaker": None, "translation": None, "confidence": 0.9})


def test_every_extraction_prompt_has_its_reply_type():
    assert set(EXTRACTION_REPLIES) == {"extract", "actors", "notes", "analysis"}
    for reply in EXTRACTION_REPLIES.values():
        assert reply.model_json_schema()["type"] == "object"
