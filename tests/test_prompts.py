"""Prompt files: shared parts are part of a prompt's version, and shared word for word."""

from __future__ import annotations

from briefing.prompts import load_prompt


def _prompt_dir(path, shared: str):
    path.mkdir()
    (path / "_shared.j2").write_text(shared)
    (path / "p.system.j2").write_text('{% include "_shared.j2" %}')
    (path / "p.user.j2").write_text("{{ text }}")
    return path


def test_an_edit_to_an_included_part_changes_the_prompts_hash(tmp_path):
    first = load_prompt("p", _prompt_dir(tmp_path / "a", "Instructions."))
    edited = load_prompt("p", _prompt_dir(tmp_path / "b", "Instructions, edited."))
    same = load_prompt("p", _prompt_dir(tmp_path / "c", "Instructions."))
    assert first.sha256 != edited.sha256 and first.sha256 == same.sha256
    assert first.messages(text="x")[0]["content"] == "Instructions."


def test_the_local_models_three_prompts_share_their_instructions_word_for_word():
    context = {"language_name": "English", "schema": None}
    data = {"title": "t", "date": None, "sentences": ["A."], "candidates": [], "names": []}
    systems = {load_prompt(name).messages(**context, **data)[0]["content"] for name in ("actors", "notes", "analysis")}
    assert len(systems) == 1
