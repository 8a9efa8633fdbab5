"""The claim check in a run and on a saved brief, against the fake endpoint (a real HTTP server).

The fake endpoint answers the check prompt "supported" for every claim except those holding
its UNSUPPORTED_MARK: these tests hold the mechanics (withheld, counted, rendered, cached,
reported, exit codes); what the real model catches is tests/features/test_checker_cassette.py's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing import Settings, generate, load_briefing, render
from briefing.cli import main
from briefing.schema import Briefing, Claim
from briefing.text.sentences import split_sentences

from ..fake_endpoint import UNSUPPORTED_MARK
from ..html_page import Page

WRONG = f"{UNSUPPORTED_MARK} Alpha Corp & <Beta Ltd> signed a tungsten deal worth 5 million dollars on Monday."
DOCUMENT = (
    f"{WRONG} Gamma Inc said prices would rise next year. Delta Group warned of shortages at its plants. "
    "The ministry said exports would be reviewed in spring."
)


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "docs" / "deal.txt"
    path.parent.mkdir()
    path.write_text(DOCUMENT, encoding="utf-8")
    return path


def shown(brief: Briefing) -> list[str]:
    """Every claim the brief shows in its own words."""
    texts = [p.text for p in brief.key_points] + [s.stake for s in brief.stakes] + [r.description for r in brief.risks]
    for story in brief.stories:
        texts += [story.summary, *(p.text for p in story.key_points)]
    return texts + [q.translation for q in brief.quotes if q.translation]


def test_a_claim_its_sentences_do_not_state_is_withheld_counted_and_shown_apart(document, settings, endpoint):
    brief = generate([str(document)], settings)
    assert brief.withheld, "the claim the check found unsupported is kept aside"
    assert all(UNSUPPORTED_MARK not in text.casefold() for text in shown(brief))
    claims = [w for w in brief.withheld if not w.where.startswith("bluf")]
    assert all(UNSUPPORTED_MARK in w.text.casefold() and w.verdict == "unsupported" for w in claims)
    assert any(w.where == "key_points[0]" for w in brief.withheld)
    assert all(w.evidence and w.why for w in claims), "with the sentences it cites and why"
    # The stand-in's bottom line ends "These **matter**.": it shares no word with any claim, so nothing confirms it.
    assert "matter" not in brief.bluf
    assert any(w.where.startswith("bluf") and "shares no word" in w.why for w in brief.withheld)
    assert brief.run.claims_unsupported == len(brief.withheld)
    assert brief.run.claims_checked > brief.run.claims_unsupported, "the supported claims are shown"
    assert brief.key_points or brief.stakes or brief.risks
    assert brief.run.prompts["check"] and brief.run.check_seconds is not None

    checks = [r for r in endpoint.requests if "You check the claims" in r["messages"][0]["content"]]
    assert checks, "claims the free checks let through are put to the model"
    assert all(r["messages"][1]["content"].startswith("<<<DATA-") for r in checks), "claims and sentences are data"

    markdown = render(brief, "brief.md.j2")
    withheld_part = markdown.split("## Withheld claims", 1)[1]
    assert f"{len(brief.withheld)} claim" in withheld_part and "Alpha Corp" in withheld_part
    before = markdown.split("## Withheld claims", 1)[0]
    for part in ("## Key points", "## Stakes", "## Risks"):
        assert "Alpha Corp" not in before.split(part, 1)[1].split("\n## ", 1)[0], f"{part} shows no withheld claim"

    page = Page(render(brief, "brief.html.j2"))
    section = "".join(page.by_id["withheld"])
    assert "Alpha Corp & <Beta Ltd> Signed" in section, "the reader can see what was withheld"
    assert "<Beta Ltd>" not in render(brief, "brief.html.j2"), "its untrusted text is escaped"
    assert ("a", {"href": "#withheld"}) in page.elements, "and is told how many, from the top of the page"


def test_a_rerun_checks_from_the_cache_with_no_new_call(document, settings, endpoint):
    first = generate([str(document)], settings)
    calls = len(endpoint.requests)
    second = generate([str(document)], settings)
    assert len(endpoint.requests) == calls and second.run.calls == 0
    assert second.withheld == first.withheld


def _cli(settings: Settings, tmp_path: Path) -> list[str]:
    return ["--provider", "openai", "--base-url", settings.base_url, "--model", "test-model",
            "--cache-dir", str(tmp_path / "cli-cache")]  # fmt: skip


def test_briefing_check_reports_every_claim_of_a_saved_brief(
    document, settings, endpoint, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("OPENAI_API_KEY", "test-key-not-a-real-one-0000000000")
    brief = generate([str(document)], settings)
    # A claim the saved brief shows, and its sentence does not state: the check must say so.
    cited = brief.stakes[0].evidence if brief.stakes else brief.risks[0].evidence
    added = Claim(text=f"{UNSUPPORTED_MARK} Omega Corp bought the ministry.", evidence=cited)
    brief = brief.model_copy(update={"key_points": [*brief.key_points, added]})
    saved = tmp_path / "brief.json"
    saved.write_text(brief.model_dump_json(), encoding="utf-8")
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()

    assert main(["check", str(saved), "-o", str(out), *_cli(settings, tmp_path)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    claims = report["claims"]
    assert all(set(c) == {"where", "text", "verdict", "why"} for c in claims)
    wheres = [c["where"] for c in claims]
    assert len(wheres) == len(set(wheres)), "one entry a claim"
    expected = len(brief.key_points) + len(brief.stakes) + len(brief.risks)
    expected += sum(len(s.key_points) + bool(s.summary) for s in brief.stories)
    expected += sum(bool(q.translation) for q in brief.quotes)
    expected += sum(len(r.indicators) for r in brief.risks)  # what a risk says to watch
    expected += len(split_sentences(brief.bluf))  # the bottom line, a sentence at a time
    assert len(claims) == expected
    last = {c["where"]: c for c in claims}[f"key_points[{len(brief.key_points) - 1}]"]
    assert last["text"] == added.text, "its text as the brief has it"
    assert last["verdict"] == "unsupported" and last["why"]
    assert {c["verdict"] for c in claims if c["where"] != last["where"] and "bluf" not in c["where"]} == {"supported"}
    assert "claims checked" in capsys.readouterr().err

    # To stdout, and from the cache the second time.
    requests = len(endpoint.requests)
    assert main(["check", str(saved), *_cli(settings, tmp_path)]) == 0
    assert json.loads(capsys.readouterr().out)["claims"] == claims
    assert len(endpoint.requests) == requests


@pytest.mark.parametrize("case", ["missing file", "not json", "not a brief"])
def test_briefing_check_on_bad_input_says_why_in_one_line_and_exits_2(case, settings, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OPENAI_API_KEY", "test-key-not-a-real-one-0000000000")
    path = tmp_path / "brief.json"
    if case == "not json":
        path.write_text("{ this is not json", encoding="utf-8")
    elif case == "not a brief":
        path.write_text(json.dumps({"claims": []}), encoding="utf-8")
    out = tmp_path / "report.json"
    assert main(["check", str(path), "-o", str(out), *_cli(settings, tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("briefing: error:") and str(path) in err[0]
    assert "Traceback" not in err[0] and not out.exists()


def test_a_saved_brief_with_withheld_claims_renders_again(document, settings, tmp_path):
    brief = generate([str(document)], settings)
    saved = tmp_path / "brief.json"
    saved.write_text(brief.model_dump_json(), encoding="utf-8")
    again = load_briefing(saved)
    assert again.withheld == brief.withheld
    assert "Withheld claims" in render(again, "brief.md.j2")


def test_the_withheld_claims_open_in_a_browser_escaped(document, settings, tmp_path):
    from ..chromium import chromium, run_chromium

    browser = chromium()
    brief = generate([str(document)], settings)
    page = tmp_path / "brief.html"
    page.write_text(render(brief, "brief.html.j2"), encoding="utf-8")
    dom = run_chromium(browser, tmp_path / "profile", "--dump-dom", page.as_uri())
    assert 'id="withheld"' in dom and 'href="#withheld"' in dom
    assert "&lt;Beta Ltd&gt;" in dom and "<beta" not in dom.casefold(), "the withheld text is text, not markup"
    assert f"Withheld ({len(brief.withheld)})" in dom
