"""Which language a text is in, and a language's name as the prompts say it."""

from __future__ import annotations

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
