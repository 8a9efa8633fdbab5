"""The names of tests/data/names/names.yaml, replayed from the embedded model's recording: real model output.

cassettes/names.yaml is written by `python bench/names.py --record cassettes/names.yaml` (the
embedded Qwen2.5-Coder 1.5B, every call made). What is asserted holds for any recording: the rule
decides the Chinese names in a report that names China, the brief shows no Cyrillic or mixed-script
name, a Russian name is never read as Chinese, and the rule shows more names in their English form
than the model's answers taken whole would.
"""

from __future__ import annotations

from pathlib import Path

from bench.names import ask_all, load_set
from briefing import Settings
from briefing.analysis.naming import mixed_script, person_from_answer
from briefing.text.names import is_cyrillic

ROOT = Path(__file__).resolve().parents[2]
CASSETTE = ROOT / "cassettes" / "names.yaml"


def test_the_replayed_names_are_shown_as_english_readers_know_them(offline):
    outcomes = ask_all(Settings(provider="openai", model="replayed"), load_set(), CASSETTE, None)
    assert len(outcomes) == len(load_set())
    for o in outcomes:
        assert not is_cyrillic(o.shown) and not mixed_script(o.shown), o
    chinese = [o for o in outcomes if o.name.group == "chinese"]
    assert chinese and all(o.shown == o.name.english[0] for o in chinese)  # the rule, whatever the model said
    russian_near_china = [o for o in outcomes if o.name.context and o.name.group != "chinese"]
    # In a report that names China, a Russian name is still the model's answer word by word, not "pinyin".
    assert russian_near_china
    assert all(o.shown == person_from_answer(o.answer, o.name.written, "en") for o in russian_near_china)
    shown_right = sum(o.shown in o.name.english for o in outcomes)
    answered_right = sum(o.answer in o.name.english for o in outcomes)
    assert shown_right > answered_right
