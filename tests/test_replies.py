"""The reply types sent as JSON Schema: what the grammar lets a model write."""

from __future__ import annotations

from briefing.replies import BriefDraft, Synthesis, synthesis_reply


def _items(schema: dict, model: str, field: str) -> dict:
    return schema["$defs"][model]["properties"][field]["items"]


def test_the_synthesis_can_cite_only_the_notes_it_was_given():
    reply = synthesis_reply((1, 2, 3, 5), (3,), (5,), 2)
    schema = reply.model_json_schema()
    assert _items(schema, "PointDraft", "notes")["enum"] == [1, 2, 3, 5], "no '713' from the fence marker"
    assert _items(schema, "StakeDraft", "notes")["enum"] == [3], "a stake cites a stake note"
    assert _items(schema, "RiskDraft", "notes")["enum"] == [5], "a risk cites a risk note"
    assert schema["$defs"]["StoryDraft"]["properties"]["story"]["enum"] == [1, 2]
    assert issubclass(reply, Synthesis)


def test_one_story_asks_for_no_stories_and_no_stakes_when_there_are_no_stake_notes():
    reply = synthesis_reply((1, 2), (), (2,), 1)
    schema = reply.model_json_schema()
    assert issubclass(reply, BriefDraft) and not issubclass(reply, Synthesis)
    assert schema["properties"]["stakes"]["maxItems"] == 0
    assert schema["properties"]["risks"]["maxItems"] == 6


def test_validation_stays_lenient_so_one_wrong_number_does_not_refuse_the_reply():
    reply = synthesis_reply((1, 2), (), (), 1)
    draft = reply.model_validate(
        {"title": "t", "bluf": "b", "key_points": [{"text": "x", "notes": [713]}], "stakes": [], "risks": []}
    )
    assert draft.key_points[0].notes == [713], "the evidence check drops it, as for an endpoint that ignores schemas"
