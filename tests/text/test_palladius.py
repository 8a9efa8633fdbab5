"""Chinese names as Russian writes them, read back into pinyin; and the names that must not be."""

from __future__ import annotations

import pytest

from briefing.text.palladius import chinese_name, syllables


@pytest.mark.parametrize(
    ("written", "pinyin"),
    [
        ("Си Цзиньпин", "Xi Jinping"),
        ("Ван И", "Wang Yi"),
        ("Ли Цян", "Li Qiang"),
        ("Хэ Лифэн", "He Lifeng"),
        ("Дин Сюэсян", "Ding Xuexiang"),
        ("Мао Цзэдун", "Mao Zedong"),
        ("Чжоу Эньлай", "Zhou Enlai"),
        ("Лю Хэ", "Liu He"),
    ],
)
def test_a_palladius_name_is_its_pinyin(written, pinyin):
    assert chinese_name(written) == pinyin


@pytest.mark.parametrize(
    "written",
    [
        "Иван Петров",  # Russian words split into no syllables
        "Анна Ли",  # a two-syllable word is no Chinese surname
        "Ван Ден",  # "н" alone is an interjection, no syllable
        "Кейт Маллинсон",
        "Хо Ши Мин",  # three words: not a Chinese name's shape (Vietnamese)
        "Сергей Лавров",
        "Ли",  # one word: nothing says it is a name rather than a word
    ],
)
def test_names_that_are_not_chinese_stay_unconverted(written):
    assert chinese_name(written) is None


def test_syllables_split_wholly_or_not_at_all():
    assert syllables("Цзиньпин") == ["jin", "ping"]
    assert syllables("Сиань") == ["xi", "an"] and chinese_name("Ли Сиань") == "Li Xi'an"  # Palladius xian is "сянь"
    assert syllables("Лавров") is None and syllables("Tokyo") is None
