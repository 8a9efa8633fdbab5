"""The corroboration day, recorded from the embedded local model, replayed offline.

cassettes/corroboration.yaml holds every call of

    briefing generate tests/data/corroboration --record cassettes/corroboration.yaml -o out/corroboration/brief.json

with the default local model. These tests hold the real model's brief to the day's gold
(tests/data/gold/corroboration.yaml) with the quality harness: every planted disagreement
flagged with both values and their sentences, no agreed fact flagged, the copy recognised,
each claim's independent sources right.
"""

from __future__ import annotations

import json

import pytest

from bench.quality import load_gold, score
from briefing import Settings, generate, render
from briefing.analysis.quantities import Value, compatible, values_in

from ..conftest import ROOT

DAY = ROOT / "tests" / "data" / "corroboration"
CASSETTE = ROOT / "cassettes" / "corroboration.yaml"
GOLD = ROOT / "tests" / "data" / "gold" / "corroboration.yaml"

pytestmark = pytest.mark.skipif(
    not CASSETTE.exists(), reason="cassettes/corroboration.yaml is not recorded yet (see this module's docstring)"
)


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    settings = Settings.from_env(cache_dir=tmp_path_factory.mktemp("cache"))
    brief = generate([str(DAY)], settings, replay=CASSETTE)
    return brief, score(json.loads(brief.model_dump_json()), load_gold(GOLD), "corroboration")


def test_every_planted_disagreement_is_flagged_and_no_agreed_fact(day):
    _, result = day
    assert result.disagreements == (4, 4), result.details  # jets, deliveries, jobs, place of signing
    assert result.false_disagreements == 0, result.details


def test_the_copy_is_recognised(day):
    _, result = day
    assert result.copies == (1, 1) and result.false_copies == 0, result.details


def test_each_claims_independent_sources_are_right(day):
    brief, result = day
    assert result.independent[0] == result.independent[1], result.details
    claims = [*brief.key_points, *(k for s in brief.stories for k in s.key_points)]
    assert claims and all(c.corroboration.independent_sources for c in claims)


def test_the_brief_shows_where_sources_disagree(day):
    brief, _ = day
    text = render(brief, "brief.md.j2")
    assert "## Where sources disagree" in text
    claims = [*brief.key_points, *(k for s in brief.stories for k in s.key_points)]
    single = [c for c in claims if len(c.corroboration.independent_sources) == 1 and not c.corroboration.disagree]
    assert single, "the wheat story has one source"
    assert "*(1 source)*" in text, "a single-source claim is marked as such"
    lines = [line for line in text.splitlines() if line.strip()]
    disputed = [i for i, line in enumerate(lines) if line.endswith("*(disputed)*") and not line.startswith("- ")]
    assert all(lines[i + 1].startswith("*Sources differ on") for i in disputed), "a disputed summary says so"


def _position_values(disagreement) -> list[list[Value]]:
    """Each position's value as read from its own sentences."""
    return [
        [v for e in p.evidence for v in values_in(e.text) if v.text == p.value] or values_in(p.value)
        for p in disagreement.positions
    ]


def test_no_claim_states_one_side_of_a_disagreement_as_fact(day):
    brief, _ = day
    assert brief.disagreements
    texts = [brief.bluf, *(c.text for c in brief.key_points), *(s.stake for s in brief.stakes)]
    texts += [r.description for r in brief.risks]
    for story in brief.stories:
        texts += [story.summary, *(c.text for c in story.key_points)]
    sides = [(d, _position_values(d)) for d in brief.disagreements]
    assert all(all(values) for _, values in sides), "each position's value is read back from its sentences"
    for text in texts:
        stated = values_in(text)
        for disagreement, positions in sides:
            held = [i for i, values in enumerate(positions) if any(compatible(s, v) for s in stated for v in values)]
            if len(held) == 1:  # one side read as a value: the others must stand beside it
                others = [p.value for i, p in enumerate(disagreement.positions) if i != held[0]]
                assert all(o in text for o in others) and "sources differ" in text, f"one side as fact: {text!r}"


def test_the_quote_the_reprint_carries_has_its_speaker_and_no_actor_wears_a_firms_name(day):
    brief, result = day
    assert result.speakers == (1, 1), result.details  # '"…," Serikova said.', in the wire and its reprint
    firms = [a.name for a in brief.actors if a.kind == "organization"]
    people = [a for a in brief.actors if a.kind == "person"]
    assert not [p.name for p in people if any(p.name.startswith(f"{firm} ") for firm in firms)]


def test_the_briefs_own_words_are_in_its_language_and_its_bottom_line_covers_every_story(day):
    from briefing.analysis.wording import bottom_line, ours

    brief, _ = day
    shown = [brief.title, brief.bluf, *(c.text for c in brief.key_points)]
    for story in brief.stories:
        shown += [story.headline, story.summary, *(c.text for c in story.key_points)]
    assert all(ours(text, brief.language) for text in shown if text)
    assert bottom_line(brief.bluf, brief.stories)[1] == 0, "no story the bottom line says nothing of"


def test_a_cause_no_source_gives_is_not_shown(day):
    """The recorded synthesis says the harvest is smaller "due to climate change"; the report says dry weather in May
    cut yields. The summary and the bottom line's sentence are withheld, and the bottom line still covers the story."""
    brief, _ = day
    shown = " ".join([brief.bluf, *(s.summary for s in brief.stories), *(p.text for s in brief.stories
                                                                          for p in s.key_points)])  # fmt: skip
    assert "climate change" not in shown.casefold()
    withheld = {w.where: w for w in brief.withheld if "climate change" in w.text}
    assert set(withheld) == {"stories[1].summary[0]", "bluf[2]"}
    assert withheld["bluf[2]"].why.startswith("says again what stories[1].summary[0] says"), "at no call"
    assert "wheat" in brief.bluf.casefold()


def test_an_amount_copied_from_a_russian_note_is_written_as_english_writes_it(day):
    """The recorded stake note copies «1,1 млрд долларов» as "1,1 billion dollars"; the brief writes 1.1."""
    brief, _ = day
    stakes = [s.stake for s in brief.stakes]
    assert any("1.1 billion dollars" in s for s in stakes), stakes
    assert not any("1,1 billion" in s for s in stakes)
