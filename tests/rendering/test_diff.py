"""`briefing diff`: what changed between two runs, rendered through a template."""

from __future__ import annotations

import json

from briefing import generate
from briefing.cli import main
from briefing.rendering.diff import compare

from ..fake_endpoint import default_answer


def _escalating(request: dict) -> dict:
    """The model as it judges today: the risks it notes have become likely."""
    reply = default_answer(request)
    content = json.loads(reply["choices"][0]["message"]["content"])
    if "bluf" not in content and content.get("risks"):
        for risk in content["risks"]:  # every document's, several of which may share a request
            risk["likelihood"] = "high"
        reply["choices"][0]["message"]["content"] = json.dumps(content, ensure_ascii=False)
    return reply


def test_diff_between_two_runs_shows_new_stories_a_developing_story_and_a_changed_risk(
    site, summit_folder, settings, endpoint, tmp_path
):
    yesterday = generate([str(summit_folder)], settings)
    (tmp_path / "yesterday.json").write_text(yesterday.model_dump_json())
    endpoint.answer = _escalating
    # Asked again today (no cached replies): the model judges the same documents' risks anew.
    today = generate([str(summit_folder), site.url("feed.xml")], settings.model_copy(update={"use_cache": False}))
    (tmp_path / "today.json").write_text(today.model_dump_json())
    assert yesterday.risks[0].likelihood == "medium" and today.risks[0].likelihood == "high"

    out = tmp_path / "diff.md"
    assert main(["diff", str(tmp_path / "yesterday.json"), str(tmp_path / "today.json"), "-o", str(out)]) == 0
    text = out.read_text()
    assert f"**Changed:** {today.risks[0].description} (likelihood up: medium → high)" in text
    assert "**New:** Kazakhstan" in text, "the wheat story is new today"
    summit = today.stories[0].headline
    assert f"**Developing:** {summit} (1 new source" in text, "the summit story gained the Eurasia Monitor piece"
    assert "**No longer mentioned:**" not in text

    diff = compare(yesterday, today)
    assert len(diff.stories.new) == len(today.stories) - 1 and not diff.stories.resolved
    assert {a.name for a in diff.actors.new} >= {"Afghanistan"}


def test_actors_match_across_spellings_and_resolved_risks_are_listed(seed_dir, settings):
    before = generate([str(seed_dir)], settings)
    renamed = before.actors[0].model_copy(update={"name": "Someone Else", "aliases": [before.actors[0].name]})
    after = before.model_copy(update={"actors": [renamed, *before.actors[1:]], "risks": before.risks[1:]})
    diff = compare(before, after)
    assert not diff.actors.new and not diff.actors.resolved, "an alias carries the actor across days"
    assert diff.risks.resolved == before.risks[:1] and not diff.risks.new
    assert diff.stories.unchanged == len(before.stories) and diff.stories.empty


def test_diff_of_a_missing_brief_is_a_one_line_input_error(tmp_path, capsys):
    assert main(["diff", str(tmp_path / "nope.json"), str(tmp_path / "nope.json")]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0


def test_the_same_document_read_from_another_folder_is_not_a_new_source(seed_dir, settings, tmp_path):
    import shutil

    from briefing import generate
    from briefing.rendering.diff import compare

    other = tmp_path / "elsewhere"
    shutil.copytree(seed_dir, other)
    before = generate([str(seed_dir)], settings)
    after = generate([str(other)], settings)
    changes = compare(before, after)
    assert not changes.stories.changed and not changes.stories.new
