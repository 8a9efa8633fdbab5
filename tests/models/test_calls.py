"""A run's calls: one plan per request, so a cached reply, a call and a batch line agree."""

from __future__ import annotations

from briefing.config import Settings
from briefing.models.calls import Calls, Request
from briefing.models.llm import Completion
from briefing.models.prompts import load_prompt
from briefing.replies import ChunkNotes

from .test_structured import Scripted

NOTES = Completion('{"quotes": [], "facts": [{"fact": "Alpha opened a plant.", "sentences": [1]}]}', "stop", 10, 5)


def _request(text: str = "Alpha opened a plant.") -> Request:
    context = {"title": "T", "date": None, "text": text, "sentences": [text], "candidates": [], "names": []}
    return Request(load_prompt("notes"), context, ChunkNotes, "t.txt, chunk 1")


def test_a_request_is_asked_once_then_answered_from_the_cache(tmp_path):
    model = Scripted([NOTES])
    calls = Calls(model, Settings(cache_dir=tmp_path))
    first = calls.call(_request())
    again = Calls(model, Settings(cache_dir=tmp_path)).call(_request())
    assert first == again and first.facts[0].fact == "Alpha opened a plant."
    assert len(model.sent) == 1, "the second run's reply came from the cache"
    assert calls.recorded()["calls"] == 1 and calls.recorded()["model"] == "scripted"


def test_the_key_follows_the_messages_and_the_messages_are_what_the_model_is_sent(tmp_path):
    model = Scripted([NOTES])
    calls = Calls(model, Settings(cache_dir=tmp_path, use_cache=False))
    key, build = calls.plan(_request())
    assert key == calls.plan(_request())[0]
    assert key != calls.plan(_request("Beta closed a mine."))[0]
    calls.call(_request())
    [(sent, _, _)] = model.sent
    assert sent == build(calls.caller.schema_for_prompt(ChunkNotes))
    assert "Alpha opened a plant." in sent[-1]["content"] and "English" in sent[0]["content"]


def test_a_reply_asked_under_another_grammar_is_not_answered_from_the_cache(tmp_path):
    """The same words with another reply schema (the synthesis' listed note numbers) are another question."""
    from briefing.replies import quotes_at_most

    calls = Calls(Scripted([NOTES]), Settings(cache_dir=tmp_path))
    narrower = Request(_request().prompt, _request().context, quotes_at_most(ChunkNotes, 1), "t.txt, chunk 1")
    assert calls.plan(_request())[0] != calls.plan(narrower)[0]
