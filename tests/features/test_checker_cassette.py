"""The claim checker on its labelled set, replayed from the embedded model's recording: real model output.

cassettes/checks.yaml is written by `python bench/checker.py --record cassettes/checks.yaml`
(the embedded Qwen2.5-Coder 1.5B, every call made), cassettes/checks-holdout.yaml by the
same with `--set holdout`. The figures asserted are the ones docs/faithfulness.md reports:
what is caught of the unsupported claims, and what is withheld of the supported ones,
overall and per kind. The model is asked only about the claims the free checks let through,
so a free check changed means recording these cassettes again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.checker import CLAIMS, HOLDOUT, figures, load_set, run_check
from briefing import Settings
from briefing.analysis.checking import WITHHELD
from briefing.ingest.documents import load_documents

ROOT = Path(__file__).resolve().parents[2]
CASSETTE = ROOT / "cassettes" / "checks.yaml"
# As replayed: 27 of 33 unsupported claims caught (26 by the free checks, 1 by the model alone), none of
# the 33 supported ones withheld. The targets are 0.8 and 0.1.
CATCH = 27 / 33
FALSE_ALARMS = 0 / 33


def test_the_replayed_checker_catches_the_unsupported_claims_and_spares_the_supported(tmp_path, offline):
    settings = Settings(provider="local", language="en", cache_dir=tmp_path / "cache")
    report = run_check(settings, replay=CASSETTE)
    _, claims = load_set()
    assert len(report.claims) == len(claims) >= 60
    f = figures(report, claims, WITHHELD)
    assert f["caught"] / f["unsupported"] >= CATCH, f
    assert f["false_alarms"] / f["supported"] <= FALSE_ALARMS, f
    assert f["by_free_checks"] >= 26, "the free checks' share does not depend on the model"
    kinds = f["kinds"]
    assert kinds["wrong_place"] == (5, 5) and kinds["agreed_as_signed"] == (3, 4), kinds
    assert kinds["wrong_object"] == (6, 6) and kinds["invented_consequence"] == (3, 5), kinds
    assert kinds["inverted_direction"] == (5, 7) and kinds["wrong_number"] == (5, 6), kinds
    assert report.run is not None and report.run.calls >= 1 and report.run.completion_tokens > 0


def test_the_held_out_claims_replayed(tmp_path, offline):
    """Claims written after the free checks, not tuned on: what the checker does on claims it has not seen."""
    settings = Settings(provider="local", language="en", cache_dir=tmp_path / "cache")
    report = run_check(settings, replay=ROOT / "cassettes" / "checks-holdout.yaml", path=HOLDOUT)
    _, claims = load_set(HOLDOUT)
    assert len(report.claims) == len(claims) >= 20
    f = figures(report, claims, WITHHELD)
    # As replayed: 10 of 12 caught (9 by the free checks, 1 by the model), none of the 12 supported ones
    # withheld.
    assert (f["caught"], f["unsupported"]) == (10, 12), f
    assert f["by_free_checks"] == 9 and f["by_model"] == 1, f
    assert (f["false_alarms"], f["supported"]) == (0, 12), f


@pytest.mark.parametrize("path", [CLAIMS, HOLDOUT], ids=["claims", "holdout"])
def test_every_sentence_of_a_labelled_set_is_its_documents_letter_for_letter(path):
    sentences, _ = load_set(path)
    texts = {}
    for s in sentences.values():
        if s["source"] not in texts:
            texts[s["source"]] = " ".join(load_documents([str(ROOT / s["source"])])[0].text.split())
    missing = [key for key, s in sentences.items() if " ".join(s["text"].split()) not in texts[s["source"]]]
    assert not missing
