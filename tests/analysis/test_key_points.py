"""Key points say what the stakes and risks do not: no note labels, no retold stake or risk, no story repeating them."""

from __future__ import annotations

from briefing.analysis.evidence import build_claims
from briefing.analysis.key_points import retells, unlabelled
from briefing.analysis.notes import Note, number_notes
from briefing.replies import BriefDraft
from briefing.schema import Actor, Evidence

TEXT = (
    "Trump will host the leaders of five Central Asian states on November 6. "
    "Landau discussed a partnership in energy and minerals with Tokayev in Astana. "
    "Cove Capital is negotiating access to the largest undeveloped tungsten deposit in Kazakhstan."
)


def _ev(sentence: int) -> tuple[Evidence, ...]:
    parts = TEXT.split(". ")
    start = sum(len(p) + 2 for p in parts[:sentence])
    text = parts[sentence] + ("" if parts[sentence].endswith(".") else ".")
    return (Evidence(source_id="d", start=start, end=start + len(text), text=text),)


def test_labels_are_taken_out_of_a_sentence():
    assert unlabelled("Kazakhstan stake gain: potential partnership in energy") == "Potential partnership in energy"
    assert unlabelled("stake of Cove Capital LLC (gain): access to tungsten") == "Access to tungsten"
    assert unlabelled("Risk (likelihood medium, impact high): China may limit exports") == "China may limit exports"
    assert unlabelled("The stake is high: Trump hosts five leaders") == "The stake is high: Trump hosts five leaders"


def test_a_key_point_on_stake_notes_alone_or_in_a_stakes_words_retells_it():
    stake = Note(
        "stake", "access to the largest tungsten deposit", "d", _ev(2), holder="Cove Capital", direction="gain"
    )
    fact = Note("fact", "Trump will host five leaders", "d", _ev(0))
    assert retells("Cove Capital stake gain: access to tungsten", [stake], [])
    told = ["Potential partnership in energy, minerals, transportation and logistics"]
    assert retells("Kazakhstan: a potential partnership in energy and minerals", [fact], told)
    assert not retells("Trump will host the leaders of five Central Asian states", [fact], told)


def test_a_key_point_that_says_a_stakes_holder_gains_retells_the_stakes():
    """A live seed run's second key point, over the sentences of the Kazakhstan and Uzbekistan Airways stakes."""
    fact = Note("fact", "Trump will host five leaders", "d", _ev(0))
    holders = ["Kazakhstan", "Uzbekistan Airways"]
    assert retells("Kazakhstan and Uzbekistan are expected to gain from the summit", [fact], [], holders)
    assert not retells("Kazakhstan and Uzbekistan are expected to gain from the summit", [fact], [], ["Boeing"])
    assert not retells("Kazakhstan's tenge gained 2% after the summit", [fact], [], holders), "news, not a stake"
    assert not retells("Kazakhstan will gain 4.2 billion dollars of rail investment", [fact], [], holders), "a figure"


def test_a_one_story_brief_shows_key_points_the_stakes_do_not_and_its_story_repeats_none():
    notes = [
        Note("fact", "Trump will host the leaders of five Central Asian states on November 6", "d", _ev(0)),
        Note("stake", "a partnership in energy and minerals", "d", _ev(1), holder="Kazakhstan", direction="gain"),
        Note(
            "stake",
            "access to the largest undeveloped tungsten deposit",
            "d",
            _ev(2),
            holder="Cove Capital",
            direction="gain",
        ),
    ]
    actors = [
        Actor(name="Kazakhstan", kind="country", role="", source_ids=["d"]),
        Actor(name="Cove Capital", kind="organization", role="", source_ids=["d"]),
        Actor(name="Donald Trump", kind="person", role="", aliases=["Trump"], source_ids=["d"]),
    ]
    draft = BriefDraft.model_validate(
        {
            "title": "Trump's Central Asia summit",
            "bluf": "b",
            "key_points": [
                {"text": "Trump will host the leaders of five Central Asian states on November 6", "notes": [1]},
                {"text": "Kazakhstan stake gain: a partnership in energy and minerals", "notes": [2]},
                {"text": "Cove Capital could get the largest undeveloped tungsten deposit", "notes": [1, 3]},
            ],
            "stakes": [{"notes": [2]}, {"notes": [3]}],
            "risks": [],
        }
    )
    claims = build_claims(draft, number_notes([["d"]], notes), [["d"]], {"d": "T"}, actors)
    assert [c.text for c in claims.key_points] == [
        "Trump will host the leaders of five Central Asian states on November 6"
    ]
    assert [s.holder for s in claims.stakes] == ["Kazakhstan", "Cove Capital"]
    [story] = claims.stories
    assert story.key_points == [] and story.summary == "" and story.source_ids == ["d"]
