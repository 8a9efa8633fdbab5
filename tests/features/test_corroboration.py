"""Corroboration on a day written for it (tests/data/corroboration/, gold in tests/data/gold/corroboration.yaml).

Five outlets report one airline order in English, German and Russian: a wire story, a reprint
of it with a new headline and two paragraphs cut, and an independent report that gives three
figures and the place of signing differently; a single-source story stands beside it. The comparison is deterministic,
so it is tested on the documents themselves; the pipeline runs against the fake endpoint for
the mechanics (brief.json, the rendered brief, no extra model call).
"""

from __future__ import annotations

import json

import pytest

from bench.quality import load_gold, score
from briefing import generate, render
from briefing.analysis.corroboration import compare
from briefing.analysis.evidence import Claims
from briefing.analysis.stories import find_duplicates, group_stories
from briefing.ingest.fetching import load_sources

from ..conftest import ROOT
from ..fake_endpoint import is_extraction

DAY = ROOT / "tests" / "data" / "corroboration"
GOLD = ROOT / "tests" / "data" / "gold" / "corroboration.yaml"


def _compare(folder):
    docs = load_sources([str(folder)])
    groups = group_stories(docs, {})
    return docs, compare(groups, docs, find_duplicates(docs))


def _named(docs, prefix: str) -> str:
    return next(d.id for d in docs if d.id.startswith(prefix))


def test_the_reprint_is_a_copy_of_the_wire():
    docs, found = _compare(DAY)
    assert [(c.source_id, c.original_id) for c in found.copies] == [
        (_named(docs, "daily-courier"), _named(docs, "northwire"))
    ]
    assert not found.copies[0].whole_document and found.copies[0].shared_sentences == 5


def test_every_planted_disagreement_with_both_values_and_their_sentences():
    docs, found = _compare(DAY)
    texts = {d.id: d.text for d in docs}
    tribune = _named(docs, "steppe-tribune")
    by_about = {d.about.split(" (")[0]: d for d in found.disagreements}
    expected = {
        "number of aircraft": ("37", "29"),
        "date": ("March 2027", "May 2027"),
        "number of jobs": ("1,200", "900"),
        "place": ("Almaty", "Astana"),
    }
    assert len(found.disagreements) == 4 and set(by_about) == set(expected)
    for about, (theirs, tribunes) in expected.items():
        held, other = by_about[about].positions
        assert held.value.startswith(theirs) and other.value.startswith(tribunes)
        assert other.sources == [tribune] and _named(docs, "northwire") in held.sources
        assert _named(docs, "daily-courier") in held.copies  # the copy repeats the wire, as a copy
        for position in (held, other):
            for e in position.evidence:
                assert texts[e.source_id][e.start : e.end] == e.text
            assert position.value in position.evidence[0].text  # the sentence gives the value


def test_agreeing_reports_are_not_flagged():
    # The agreed facts of the test day (other notations, rounding, parts) are checked above by the
    # exact set of disagreements; the two other test days report their events without disputes.
    for day in ("multilingual", "daily"):
        _, found = _compare(ROOT / "tests" / "data" / day)
        assert found.disagreements == [], day


def test_a_single_source_day_compares_nothing(tmp_path):
    (tmp_path / "one.txt").write_text((DAY / "steppe-tribune-altyn-air-2026-03-04.en.txt").read_text())
    _, found = _compare(tmp_path)
    assert found.copies == [] and found.disagreements == []


@pytest.fixture(scope="module")
def brief(tmp_path_factory):
    from briefing import Settings
    from tests.fake_endpoint import FakeEndpoint

    endpoint = FakeEndpoint().start()
    try:
        settings = Settings(
            provider="openai",
            base_url=endpoint.base_url,
            model="test-model",
            api_key="test-key-not-a-real-one-0000000000",
            cache_dir=tmp_path_factory.mktemp("cache"),
            max_wait=0.05,
            timeout=5,
            pack_documents=False,  # a request a chunk: the calls are counted against the chunks below
        )
        made = generate([str(DAY)], settings)
        # The check and the names call are their own; the comparison adds none to the chunks and the synthesis.
        calls = sum(is_extraction(r) or "morning brief" in r["messages"][0]["content"] for r in endpoint.requests)
    finally:
        endpoint.stop()
    return made, calls


def test_the_brief_carries_corroboration_and_disagreements(brief):
    made, calls = brief
    assert calls == made.run.chunks + 1, "no extra call: the comparison is the pipeline's own"
    data = json.loads(made.model_dump_json())
    result = score(data, load_gold(GOLD), "corroboration")
    assert result.copies == (1, 1) and result.false_copies == 0, result.details
    assert result.disagreements == (4, 4) and result.false_disagreements == 0, result.details
    assert result.independent[0] == result.independent[1] > 0, result.details
    assert all("corroboration" in k for k in data["key_points"])
    wheat = next(s for s in made.stories if any("prairie" in i for i in s.source_ids))
    assert all(len(k.corroboration.independent_sources) == 1 for k in wheat.key_points)


def test_markdown_shows_sources_disputes_and_where_they_disagree(brief):
    made, _ = brief
    text = render(made, "brief.md.j2")
    assert "## Where sources disagree" in text
    assert "*(1 source)*" in text and "*(disputed)*" in text
    assert "Sources differ on number of aircraft: 37 A320neo jets" in text
    assert "a copy of Altyn Air orders 37 Airbus jets" in text
    # A summary stating a disputed figure is marked, and the story says at once that the sources differ.
    lines = [line for line in text.splitlines() if line.strip()]
    disputed = [i for i, line in enumerate(lines) if line.endswith("*(disputed)*") and not line.startswith("- ")]
    assert disputed and all(lines[i + 1].startswith("*Sources differ on") for i in disputed)
    html = render(made, "brief.html.j2")
    assert 'id="disagreements"' in html and 'class="corr corr-disputed"' in html


def test_the_html_page_in_chromium_shows_each_position_s_sentence(brief, tmp_path):
    from ..chromium import chromium, run_chromium

    made, _ = brief
    page = tmp_path / "brief.html"
    page.write_text(render(made, "brief.html.j2"), encoding="utf-8")
    dom = run_chromium(chromium(), tmp_path / "profile", "--dump-dom", page.as_uri())
    assert 'id="disagreements"' in dom and "Where sources disagree" in dom
    assert ">disputed</span>" in dom and ">1 source</span>" in dom
    assert '<span class="count">4 sources · 1 copy</span>' in dom, "the story counts the reprint as a copy"
    for disagreement in made.disagreements:
        assert f'id="{disagreement.id}"' in dom
        for position in disagreement.positions:
            for e in position.evidence:  # each value's sentence is marked in its source, for the reader to check
                assert f'<span class="ev" id="ev-{e.source_id}-{e.start}-{e.end}">' in dom


def _claim(docs, prefix: str, sentence_start: str, text: str):
    from briefing.schema import Claim, Evidence

    doc = next(d for d in docs if d.id.startswith(prefix))
    start = doc.text.index(sentence_start)
    end = (doc.text + "\n").index("\n", start)
    return Claim(text=text, evidence=[Evidence(source_id=doc.id, start=start, end=end, text=doc.text[start:end])])


@pytest.mark.parametrize(
    ("prefix", "sentence", "text", "independent", "copies", "disagree"),
    [
        # Cited from the reprint: the wire that wrote it is the source, the reprint its copy; the
        # German report gives both figures in its own words; the Tribune gives 29 jets.
        ("daily-courier", "ALMATY", "Altyn Air ordered 37 jets for $1.1 billion.", ["northwire", "ostwirtschaft"],
         ["daily-courier"], ["steppe-tribune"]),
        # "$1.1bn", "1,1 Milliarden Dollar", "1,1 млрд долларов": one value, four outlets.
        ("steppe-tribune", "Altyn Air has", "The deal is worth $1.1bn.", ["delovoy", "northwire", "ostwirtschaft",
         "steppe-tribune"], ["daily-courier"], []),
        # 40 routes: the German report gives its parts, 28 and 12.
        ("northwire", "Altyn Air currently", "Altyn Air flies 40 routes.", ["northwire", "ostwirtschaft"],
         ["daily-courier"], []),
        # A line of the reprint's own is its own.
        ("daily-courier", "Travel agents", "Travel agents in Karaganda welcomed the order.", ["daily-courier"], [], []),
    ],
)  # fmt: skip
def test_each_claim_counts_its_independent_sources(prefix, sentence, text, independent, copies, disagree):
    docs = load_sources([str(DAY)])
    groups = group_stories(docs, {})
    claim = _claim(docs, prefix, sentence, text)
    claims = compare(groups, docs, find_duplicates(docs)).corroborate(Claims(key_points=[claim]))
    got = claims.key_points[0].corroboration
    short = lambda ids: sorted(i.rsplit("-altyn", 1)[0] for i in ids)  # noqa: E731
    assert (short(got.independent_sources), short(got.copies), short(got.disagree)) == (independent, copies, disagree)


def test_the_harness_counts_a_missed_disagreement_a_false_one_and_a_false_copy(brief):
    made, _ = brief
    data = json.loads(made.model_dump_json())
    missed = data["disagreements"].pop(0)
    fake = json.loads(json.dumps(missed))
    fake["positions"][0]["value"] = "12 routes"  # values no gold disagreement has
    fake["positions"][1]["value"] = "13 routes"
    data["disagreements"].append(fake)
    data["copies"].append({**data["copies"][0], "source_id": data["copies"][0]["original_id"], "original_id": "x"})
    result = score(data, load_gold(GOLD), "corroboration")
    assert result.disagreements == (3, 4) and result.false_disagreements == 1
    assert result.copies == (1, 1) and result.false_copies == 1


def test_datelines_are_when_outlets_wrote_not_a_disputed_date(tmp_path):
    (tmp_path / "a-2026-03-04.txt").write_text(
        "Port deal signed\nASTANA, March 4 (Wire One) - Caspian Ports signed a $2 billion port deal with Duna Group "
        "in Aktau on March 3, officials said.\nThe first berth will open in June 2028.\n"
    )
    (tmp_path / "b-2026-03-05.txt").write_text(
        "Caspian Ports deal\nAKTAU, March 5 (Steppe Daily) - Caspian Ports and Duna Group agreed a $2 billion port "
        "deal on March 3.\nThe first berth is due in June 2028, the company said.\n"
    )
    _, found = _compare(tmp_path)
    assert found.disagreements == []
    (tmp_path / "b-2026-03-05.txt").write_text(
        (tmp_path / "b-2026-03-05.txt").read_text().replace("June 2028", "September 2028")
    )
    _, found = _compare(tmp_path)
    assert [[p.value for p in d.positions] for d in found.disagreements] == [["June 2028", "September 2028"]]


def test_a_single_source_brief_has_one_source_per_claim_and_no_comparison(seed_dir, settings, endpoint):
    made = generate([str(seed_dir)], settings)
    assert made.copies == [] and made.disagreements == []
    asked = [r for r in endpoint.requests if is_extraction(r) or "morning brief" in r["messages"][0]["content"]]
    assert len(asked) == made.run.chunks + 1, "no call beyond the chunks, the synthesis and the claim check"
    claims = [*made.key_points, *(k for s in made.stories for k in s.key_points)]
    assert claims and all(c.corroboration.independent_sources == [made.sources[0].id] for c in claims)
    assert "*(1 source)*" in render(made, "brief.md.j2")


def test_the_synthesis_is_told_where_sources_differ_and_not_to_state_either_figure():
    from briefing.analysis.reduce import synthesis_context
    from briefing.models.prompts import load_prompt

    docs, found = _compare(DAY)
    groups = group_stories(docs, {})
    differ = found.differences({d.id: d.title for d in docs})
    assert sum(len(lines) for lines in differ.values()) == 4
    aircraft = next(line for lines in differ.values() for line in lines if line.startswith("number of aircraft"))
    first, second = aircraft.removeprefix("number of aircraft: ").split(" vs ")
    assert first.startswith("37 ") and second.startswith("29 ") and "(Altyn Air signs for 29" in second
    numbered = [[] for _ in groups]
    prompt = load_prompt("synthesize")
    told = prompt.messages(**synthesis_context(numbered, [], differ), language_name="English", schema=None)
    assert f"Sources differ on {aircraft}" in told[-1]["content"] and "never state one of them" in told[-1]["content"]
    quiet = prompt.messages(**synthesis_context(numbered, []), language_name="English", schema=None)
    assert "Sources differ" not in quiet[-1]["content"] and "never state one of them" not in quiet[-1]["content"]


def test_a_claim_stating_one_side_of_a_disagreement_says_the_sources_differ():
    docs, found = _compare(DAY)
    texts = {d.id: d.text for d in docs}
    one_side = _claim(docs, "northwire", "ALMATY", "Altyn Air signed in Almaty for 37 A320neo jets worth $1.1 billion.")
    both = _claim(docs, "northwire", "ALMATY", "Altyn Air ordered 37 jets or 29 jets, as outlets differ.")
    agreed = _claim(docs, "northwire", "ALMATY", "The deal is worth $1.1 billion.")
    hedged = found.hedge(Claims(key_points=[one_side, both, agreed])).key_points
    text = hedged[0].text
    assert "Almaty or Astana (sources differ)" in text and "37 A320neo jets or 29 A320neo jets (sources differ)" in text
    assert "$1.1 billion" in text, "what the sources agree on stays as written"
    tribune = _named(docs, "steppe-tribune")
    added = [e for e in hedged[0].evidence if e.source_id == tribune]
    assert added and all(texts[e.source_id][e.start : e.end] == e.text for e in added), "each value has its sentence"
    assert {"29", "Astana"} <= {w.strip(".,") for e in added for w in e.text.split()}
    assert hedged[1] == both and hedged[2] == agreed, "a claim giving both values, or none disputed, is left alone"
    bluf = found.hedger().bluf("Altyn Air will create 1,200 jobs.")
    assert bluf == "Altyn Air will create 1,200 jobs or 900 jobs (sources differ)."
