"""The claim checker on its labelled set, replayed from the embedded model's recording: real model output.

cassettes/checks.yaml is written by `python bench/checker.py --record cassettes/checks.yaml`
(the embedded Qwen2.5-Coder 1.5B, every call made). The figures asserted are the ones
docs/faithfulness.md reports: what is caught of the unsupported claims, and what is
withheld of the supported ones, overall and per kind.
"""

from __future__ import annotations

from pathlib import Path

from bench.checker import figures, load_set, run_check
from briefing import Settings
from briefing.analysis.checking import WITHHELD

ROOT = Path(__file__).resolve().parents[2]
CASSETTE = ROOT / "cassettes" / "checks.yaml"
# As recorded: 19 of 33 unsupported claims caught (14 by the free checks, 5 by the model alone), 1 of 33
# supported ones withheld. The targets are 0.8 and 0.1: the catch rate falls short of it.
CATCH = 19 / 33
FALSE_ALARMS = 1 / 33


def test_the_replayed_checker_catches_the_unsupported_claims_and_spares_the_supported(tmp_path, offline):
    settings = Settings(provider="local", language="en", cache_dir=tmp_path / "cache")
    report = run_check(settings, replay=CASSETTE)
    _, claims = load_set()
    assert len(report.claims) == len(claims) >= 60
    f = figures(report, claims, WITHHELD)
    assert f["caught"] / f["unsupported"] >= CATCH, f
    assert f["false_alarms"] / f["supported"] <= FALSE_ALARMS, f
    assert f["by_free_checks"] >= 14, "the free checks' share does not depend on the model"
    kinds = f["kinds"]
    assert kinds["wrong_place"] == (5, 5) and kinds["agreed_as_signed"] == (4, 4), kinds
    assert report.run is not None and report.run.calls >= 1 and report.run.completion_tokens > 0
