"""A name the Russian text inflects is shown in its basic (nominative) form."""

import pytest

from briefing.text.lemmas import basic_form


@pytest.mark.parametrize(
    ("written", "kind", "basic"),
    [
        ("Касым-Жомартом Токаевым", "person", "Касым-Жомарт Токаев"),  # instrumental; a hyphenated first name
        ("Касым-Жомарт Токаевым", "person", "Касым-Жомарт Токаев"),  # half undeclined by a model: word by word
        ("Си Цзиньпина", "person", "Си Цзиньпин"),  # genitive of a name the dictionary does not know
        ("Кейт Маллинсон", "person", "Кейт Маллинсон"),  # already nominative: a woman's name stays hers
        ("Эльвиры Набиуллиной", "person", "Эльвира Набиуллина"),
        ("Трампа", "person", "Трамп"),
        ("Министерством горнодобывающей промышленности Узбекистана", "organization",
         "Министерство горнодобывающей промышленности Узбекистана"),  # the complement keeps its case
        ("Министерства иностранных дел России", "organization", "Министерство иностранных дел России"),
        ("Центральной Азии", "other", "Центральная Азия"),
        ("Cove Capital LLC", "organization", "Cove Capital LLC"),  # not Cyrillic: as written
    ],
)  # fmt: skip
def test_basic_form(written, kind, basic):
    assert basic_form(written, kind) == basic
