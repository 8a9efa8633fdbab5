"""Which language a text is in, and a language's name as the prompts say it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from briefing.text import languages
from briefing.text.languages import guess_language, language_name


def test_the_language_of_a_paragraph():
    assert guess_language("Президент Казахстана встретился с министром иностранных дел в Астане.") == "ru"
    assert guess_language("Der Minister sagte am Dienstag, die Regierung werde das Abkommen prüfen.") == "de"


def test_too_few_letters_tell_no_language():
    assert guess_language("C5+1 2025") is None


def test_language_names_come_from_babel_in_english():
    expected = {"en": "English", "ru": "Russian", "kk": "Kazakh", "zh": "Chinese", "uk": "Ukrainian", "uz": "Uzbek"}
    assert {code: language_name(code) for code in expected} == expected
    assert language_name("RU") == "Russian"
    assert language_name("xx-unknown") == "xx-unknown"


def test_the_model_kept_unpacked_guesses_as_the_packed_one(tmp_path):
    # Unpacked once into a folder, mapped by later runs: the same guesses to the last digit of confidence.
    texts = [
        "Президент Казахстана встретился с министром иностранных дел в Астане.",
        "Der Minister sagte am Dienstag, die Regierung werde das Abkommen prüfen.",
        "The minister said on Tuesday that the government would review the agreement.",
        "Le ministre a déclaré mardi que le gouvernement examinerait l'accord.",
        "وقال الوزير يوم الثلاثاء إن الحكومة ستراجع الاتفاق",
    ]
    packed = [languages._identifier(None).classify(t) for t in texts]
    unpacked = [languages._identifier(tmp_path).classify(t) for t in texts]
    assert (languages.unpacked_folder(tmp_path) / "classes.json").is_file()
    languages._identifier.cache_clear()  # the next run: maps what the first unpacked
    mapped = [languages._identifier(tmp_path).classify(t) for t in texts]
    assert packed == unpacked == mapped
    assert [guess_language(t, tmp_path) for t in texts] == ["ru", "de", "en", "fr", "ar"]


def test_the_mapped_model_walks_its_automaton_as_py3langid_does(tmp_path, monkeypatch):
    # Every position's state at once (languages._walk) must count the features py3langid's own walk counts,
    # in the order it first sees them: the scores are then the same to the last digit.
    from py3langid.langid import visit_counts

    data = Path(__file__).resolve().parents[1] / "data"
    texts = [p.read_text(encoding="utf-8") for folder in ("multilingual", "scripts") for p in (data / folder).iterdir()]
    texts += ["a", "ПРЕЗИДЕНТ", "C5+1", "x" * 7, "Ünïcödé ✓ 東京 ١٢٣"]
    mapped = languages._identifier(tmp_path)
    automaton = (np.asarray(mapped.tk_nextmove), np.asarray(mapped.tk_row, dtype=np.intp) << 8,
                 np.asarray(mapped.tk_output))  # fmt: skip
    for text in texts:
        for sample in (text[:5000], text[:40], text[-3000:]):
            encoded = mapped._encode(sample)
            walked = visit_counts(mapped.tk_nextmove, mapped._rowbase, mapped.tk_output, encoded)
            assert list((languages._walk(*automaton, encoded) or {}).items()) == list((walked or {}).items())
    # A model whose states stand for longer strings is walked by py3langid: the same scores again.
    expected = [mapped.rank(t[:5000]) for t in texts]
    monkeypatch.setattr(languages, "_DEPTH", 2)
    assert [mapped.rank(t[:5000]) for t in texts] == expected


def test_a_language_name_is_kept_for_later_runs(tmp_path):
    assert language_name("ru", tmp_path) == "Russian"
    kept = list(tmp_path.glob("babel-*-language-names.json"))
    assert len(kept) == 1
    language_name.cache_clear()  # the next run: reads the name babel gave the first
    assert language_name("ru", tmp_path) == "Russian"
    assert language_name("xx-unknown", tmp_path) == "xx-unknown"
    assert {"ru", "xx-unknown"} <= set(json.loads(kept[0].read_text(encoding="utf-8")))
