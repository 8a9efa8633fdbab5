"""The sampling shortcut of briefing/models/llama_server.py changes the speed, never the reply.

It needs llama-cpp-python and the model weights (the `local-source` extra), which CI does not
install: there it is skipped, and the recorded replies in cassettes/ stand for the model.
Where they are installed, the same greedy JSON request goes to llama-cpp-python's server
as shipped and to ours, and the two replies must be the same text.
"""

from __future__ import annotations

import importlib.util
import json
import sys

import httpx
import pytest

from briefing.config import Settings
from briefing.models.local_model import DEFAULT_MODEL_ALIAS, LocalServer, _free_port, server_command

MODEL = Settings.from_env().cache_dir / "models" / f"{DEFAULT_MODEL_ALIAS}.gguf"
pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is None or not MODEL.is_file(),
    reason="needs the local-source extra and its model",
)

REQUEST = {
    "model": DEFAULT_MODEL_ALIAS,
    "messages": [
        {"role": "system", "content": "List the people and countries a sentence names, as JSON."},
        {"role": "user", "content": "Президент Касым-Жомарт Токаев встретился с Кристофером Ландау в Астане."},
    ],
    "temperature": 0,
    "seed": 0,
    "max_tokens": 80,
    "response_format": {
        "type": "json_object",
        "schema": {
            "type": "object",
            "properties": {"actors": {"type": "array", "items": {"type": "string", "maxLength": 40}, "maxItems": 4}},
            "required": ["actors"],
        },
    },
}


def _reply(command: list[str], port: int, log) -> str:
    server = LocalServer(command, port, log)
    server.start(timeout=120)
    try:
        body = httpx.post(f"{server.base_url}/chat/completions", json=REQUEST, timeout=300).json()
    finally:
        server.stop()
    return body["choices"][0]["message"]["content"]


def test_the_shortcut_replies_as_llama_cpp_python_does(tmp_path):
    port = _free_port()
    ours = server_command(MODEL, port, "llama_cpp")
    shipped = [sys.executable, "-m", "llama_cpp.server", *ours[2:]]
    mine, theirs = _reply(ours, port, tmp_path / "ours.log"), _reply(shipped, port, tmp_path / "shipped.log")
    assert mine == theirs
    assert json.loads(mine)["actors"], "a reply the grammar held to the schema"
