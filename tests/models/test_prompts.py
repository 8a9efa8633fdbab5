"""Prompt files: shared parts are part of a prompt's version, and shared word for word."""

from __future__ import annotations

from briefing.models.prompts import load_prompt


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


def test_the_local_actors_prompt_asks_for_the_kinds_its_schema_allows_and_no_country():
    import json

    from briefing.replies import NamedActors

    kinds = NamedActors.model_json_schema()["$defs"]["NamedActor"]["properties"]["kind"]["enum"]
    data = {"title": "t", "date": None, "sentences": [], "candidates": [], "names": []}
    system = load_prompt("actors").messages(language_name="English", schema=None, **data)[0]["content"]
    actors = system.split("ACTORS is", 1)[1].split("\n\n", 1)[0]
    assert "country" not in kinds and '"country"' not in actors, "countries come from a table, not the model"
    assert all(json.dumps(kind) in actors for kind in kinds)


def test_a_chunk_is_one_fence_and_its_quotations_are_listed_whole():
    data = {"title": "t", "date": "2025-11-06", "sentences": ["Он сказал «да».", "B."], "names": ["Ландау"],
            "candidates": [{"text": "да", "opening": "да"}]}  # fmt: skip
    user = load_prompt("notes").messages(language_name="English", schema=None, **data)[1]["content"]
    assert user.count("<<<DATA-") == 1 and user.count(">>>") == 1
    assert "[1] Он сказал «да».\n[2] B." in user and '1. "да"' in user and "Ландау" in user
