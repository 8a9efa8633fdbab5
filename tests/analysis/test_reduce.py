"""The hierarchical reduce: a day whose notes do not fit one synthesis call still briefs.

Against the test endpoint with a context limit (it rejects, as llama.cpp does, any prompt
plus max_tokens over it): the notes are condensed until the synthesis fits, nothing sent
is rejected, and every stake, risk and key point of the brief still rests on sentences of
the sources. A day that fits is briefed exactly as before, with no condense call.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import briefing.analysis.reduce
import briefing.pipeline
from briefing import Settings, generate
from briefing.analysis.notes import Note
from briefing.analysis.reduce import Reduced, note_line
from briefing.errors import ContextOverflow
from briefing.models.budget import ContextBudget, estimate_tokens
from briefing.replies import Condensed
from briefing.schema import Evidence
from briefing.text.sentences import split_sentences

from ..models.test_structured import Scripted

_TOPICS = [
    ("Alpha Corp", "Beta Group", "Geneva", "copper"),
    ("Gamma Rail", "Delta Port", "Oslo", "freight"),
    ("Epsilon Bank", "Zeta Fund", "Lisbon", "bonds"),
    ("Eta Power", "Theta Grid", "Riga", "tariffs"),
    ("Iota Mining", "Kappa Metals", "Quito", "lithium"),
]


@pytest.fixture
def busy_day(tmp_path: Path) -> Path:
    """Five documents on five unrelated stories, long enough that their notes overflow a 4,096-token window."""
    folder = tmp_path / "day"
    folder.mkdir()
    for i, (first, second, city, thing) in enumerate(_TOPICS):
        paragraphs = [
            f"{first} and {second} met in {city} on day {n} over {thing}. They agreed on {thing} deal {n}."
            for n in range(1, 31)
        ]
        (folder / f"{i}-{thing}.txt").write_text(f"{first} in {city}\n\n" + "\n\n".join(paragraphs) + "\n")
    return folder


def _kind(request: dict) -> str:
    system = request["messages"][0]["content"]
    return "synthesis" if "morning brief" in system else "condense" if "condensing the notes" in system else "extract"


def _small_window(settings: Settings) -> Settings:
    return settings.model_copy(update={"context_window": 4096, "chunk_chars": 300})


def test_a_day_too_big_for_the_window_briefs_from_condensed_notes(busy_day, settings, endpoint):
    endpoint.context_limit = 4096
    brief = generate([str(busy_day)], _small_window(settings))
    kinds = [_kind(r) for r in endpoint.requests]
    assert kinds.count("synthesis") == 1 and kinds.count("condense") == sum(brief.run.condense_calls) > 0
    assert endpoint.over_limit == 0 and endpoint.largest_request <= 4096, "no request exceeded the window"
    assert "condense" in brief.run.prompts and not brief.run.partial

    # Every claim rests on whole sentences of its source, found where the evidence says.
    texts = {s.id: s.text for s in brief.sources}
    sentences = {(s.id, x.start, x.end) for s in brief.sources for x in split_sentences(s.text)}
    claims = [*brief.key_points, *brief.stakes, *brief.risks, *(p for s in brief.stories for p in s.key_points)]
    assert brief.key_points and brief.stakes and brief.risks
    for claim in claims:
        assert claim.evidence
        for item in claim.evidence:
            assert texts[item.source_id][item.start : item.end] == item.text
            assert (item.source_id, item.start, item.end) in sentences
    # Condensing kept the stakes' holders and every story its sources.
    holders = {first for first, *_ in _TOPICS}
    assert {s.holder for s in brief.stakes} <= holders
    assert sorted(i for s in brief.stories for i in s.source_ids) == sorted(texts)
    for story in brief.stories:
        for point in story.key_points:
            assert {e.source_id for e in point.evidence} <= set(story.source_ids)


def test_condensing_runs_concurrently_and_is_cached(busy_day, settings, endpoint):
    endpoint.context_limit = 4096
    small = _small_window(settings).model_copy(update={"concurrency": 4})
    first = generate([str(busy_day)], small)
    condense_calls = sum(_kind(r) == "condense" for r in endpoint.requests)
    assert condense_calls >= 2 and endpoint.max_in_flight > 1
    before = len(endpoint.requests)
    again = generate([str(busy_day)], small)
    assert len(endpoint.requests) == before, "an unchanged day is briefed from the cache, condensing included"
    assert again.key_points == first.key_points and again.run.condense_calls == first.run.condense_calls


def test_a_day_that_fits_is_briefed_as_before(busy_day, settings, endpoint, monkeypatch, tmp_path):
    brief = generate([str(busy_day)], settings)
    requests = [json.dumps(r, sort_keys=True) for r in endpoint.requests]
    assert all(_kind(r) != "condense" for r in endpoint.requests)
    assert brief.run.condense_calls == [] and "condense" not in brief.run.prompts

    # The same day with the reduce taken out sends the very same requests.
    monkeypatch.setattr(briefing.analysis.reduce, "condense", lambda numbered, condenser: pytest.fail("condensed"))
    monkeypatch.setattr(briefing.pipeline.Pipeline, "_condensed", lambda self, n, a, d: Reduced(n))
    endpoint.requests.clear()
    without = generate([str(busy_day)], settings.model_copy(update={"cache_dir": tmp_path / "other"}))
    assert sorted(json.dumps(r, sort_keys=True) for r in endpoint.requests) == sorted(requests)
    assert without.model_dump(exclude={"run", "date"}) == brief.model_dump(exclude={"run", "date"})


def _pipeline(model: Scripted, window: int) -> briefing.pipeline.Pipeline:
    model.budget = ContextBudget(window, model="tiny")
    return briefing.pipeline.Pipeline(model, Settings(cache_dir=Path("/nonexistent"), use_cache=False))


def _note(i: int, text: str) -> Note:
    evidence = Evidence(source_id="d", start=i, end=i + 1, text="x")
    return Note("fact", text, "d", (evidence,))


def test_a_note_that_can_never_fit_is_a_one_line_error_before_any_call():
    model = Scripted([])
    pipeline = _pipeline(model, 4096)
    numbered = [[(1, _note(0, "Alpha met Beta.")), (2, _note(1, "word " * 20_000))]]
    with pytest.raises(ContextOverflow) as raised:
        pipeline._condensed(numbered, ["Alpha"], {})
    message = str(raised.value)
    assert "\n" not in message and message.startswith("condense, story 1: note [2] (~")
    assert message.endswith(
        "leaves no room even alone in the 4,096-token context window of tiny (--context-window if it has more)"
    )
    assert model.sent == []


def test_notes_that_only_fit_one_at_a_time_end_in_an_error_not_a_loop():
    model = Scripted([])
    pipeline = _pipeline(model, 4096)
    free = pipeline.calls.room(pipeline.condense_prompt, {"stories": [], "most": 10}, Condensed)
    words = 1
    while estimate_tokens(note_line(1, _note(0, "word " * words))) < 0.6 * free:
        words += 10
    numbered = [[(n, _note(n, "word " * words)) for n in range(1, 5)]]
    with pytest.raises(ContextOverflow, match=r"^synthesis: 4 notes \(~[\d,]+ tokens\) do not fit after 1 levels"):
        pipeline._condensed(numbered, [], {})
    assert model.sent == [], "no group of two fits, so nothing could be merged"


def test_the_room_for_notes_counts_the_disagreement_lines_the_synthesis_is_sent():
    model = Scripted([])
    pipeline = _pipeline(model, 4096)
    numbered = [[(1, _note(0, "Alpha Corp ordered jets from Beta Group."))]]
    assert pipeline._condensed(numbered, [], {}).calls == [], "one short note fits"
    # Disagreement lines that alone fill the window: the notes have no room left beside them.
    differ = {1: [f"number of jets: {n} (Northwire) vs {n + 1} (Steppe Tribune)" for n in range(400)]}
    with pytest.raises(ContextOverflow, match=r"^synthesis: the prompt does not fit even without its notes"):
        pipeline._condensed(numbered, [], differ)
    assert model.sent == []
