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

from bench.checker import CLAIMS, HOLDOUT, figures, load_set, places, run_check
from briefing import Settings
from briefing.analysis.checking import WITHHELD
from briefing.ingest.documents import load_documents

ROOT = Path(__file__).resolve().parents[2]
CASSETTE = ROOT / "cassettes" / "checks.yaml"
# As replayed: 32 of 40 unsupported claims caught (28 by the free checks, 4 by the model alone), 1 of the
# 40 supported ones withheld (a stake: "Kazakhstan stands to lose: a smaller wheat harvest"). The issue's
# targets are 0.8 and 0.1.
CATCH = 32 / 40
FALSE_ALARMS = 1 / 40


def test_the_replayed_checker_catches_the_unsupported_claims_and_spares_the_supported(tmp_path, offline):
    settings = Settings(provider="local", language="en", cache_dir=tmp_path / "cache")
    report = run_check(settings, replay=CASSETTE)
    _, claims = load_set()
    assert len(report.claims) == len(claims) >= 60
    f = figures(report, claims, WITHHELD)
    assert f["caught"] / f["unsupported"] >= CATCH, f
    assert f["false_alarms"] / f["supported"] <= FALSE_ALARMS, f
    assert f["by_free_checks"] >= 28, "the free checks' share does not depend on the model"
    kinds = f["kinds"]
    assert kinds["wrong_place"] == (5, 5) and kinds["agreed_as_signed"] == (3, 4), kinds
    assert kinds["wrong_object"] == (7, 7) and kinds["invented_consequence"] == (3, 5), kinds
    assert kinds["inverted_direction"] == (9, 12) and kinds["wrong_number"] == (5, 6), kinds
    assert kinds["wrong_holder"] == (0, 1), kinds
    assert report.run is not None and report.run.calls >= 1 and report.run.completion_tokens > 0


def test_a_stake_is_checked_with_its_way_and_one_told_the_wrong_way_is_caught(tmp_path, offline):
    """A stake is put to the check as the brief shows it ("Uzbekistan Airways stands to lose: …"), so its way
    is checked too; the seed's wrong Russia stake is caught by the direction rule whatever the model says."""
    settings = Settings(provider="local", language="en", cache_dir=tmp_path / "cache")
    report = run_check(settings, replay=CASSETTE)
    _, claims = load_set()
    verdicts = {c.where: c for c in report.claims}
    by_id = {claim.id: verdicts[where] for claim, where in zip(claims, places(claims), strict=True)}
    for told_the_other_way in ("u34", "u35", "u36", "u40"):
        assert by_id[told_the_other_way].verdict == "unsupported", by_id[told_the_other_way]
    assert by_id["u35"].why == 'says "Reduction"; its sentences say "расширение"'
    for right in ("s34", "s35", "s36", "s37", "s38", "s40"):
        assert by_id[right].verdict == "supported", by_id[right]


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
