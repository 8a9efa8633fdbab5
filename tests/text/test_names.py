"""Names: one rule for inflected word forms, keys across scripts, and transliteration."""

from __future__ import annotations

import pytest

from briefing.text import names


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Трамп", "Трампа"),
        ("Токаев", "Токаевым"),
        ("Россия", "России"),
        ("Штаты", "Штатов"),
        ("Петров", "Петрова"),
        ("tokaiev", "tokaievim"),  # keys alike
    ],
)
def test_forms_of_one_word_are_the_same_word(a, b):
    assert names.same_word(a, b) and names.same_word(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Ивана", "Иванова"),  # a suffix built in: another name
        ("По", "Польша"),  # too short to compare by stem
        ("Kristina", "Kristofer"),  # two endings longer than an inflection
        ("Трамп", "Трамвайный"),  # more than an ending added
    ],
)
def test_different_words_are_not_the_same_word(a, b):
    assert not names.same_word(a, b) and not names.same_word(b, a)


def test_the_stem_drops_an_ending_but_keeps_four_letters():
    assert names.stem("Токаевым") == "Токае"
    assert names.stem("Трамп") == "Трам"
    assert names.stem("Иван") == "Иван"


def test_one_name_in_latin_and_cyrillic_has_one_key():
    assert names.sound("Christofer") == names.sound("Кристофер")
    assert names.close(names.sound("Tokayev"), names.sound("Токаев"))
    assert not names.close(names.sound("Tokayev"), names.sound("Tokyo"))


def test_latin_spelling_of_any_script():
    assert names.latin("Зеленський") == "zelenskiy"
    assert names.transliterate("Касым-Жомарт Токаев") == "Kasym-Zhomart Tokayev"  # the scheme newspapers use
    assert names.is_cyrillic("Токаев said") and not names.is_cyrillic("Tokayev сказал")


def test_a_cyrillic_letter_is_any_letter_of_the_cyrillic_block():
    block = [chr(c) for c in range(0x400, 0x500)]
    assert [ch for ch in block if names.is_cyrillic(ch)] == [ch for ch in block if ch.isalpha()]
    assert names.is_cyrillic("Токаев и Trump") and not names.is_cyrillic("Trump и Токаев said")
    assert not names.is_cyrillic("҂ 1999") and not names.is_cyrillic("")
