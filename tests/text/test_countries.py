"""Countries by any of their names, inflected Cyrillic forms only where a country is expected."""

from __future__ import annotations

import pytest

from briefing.text.countries import canonical_country, country_at


def test_a_country_by_its_names_and_abbreviations():
    for written in ["США", "U.S.", "US", "United States"]:
        assert canonical_country(written) == "United States", written
    assert canonical_country("Россия") == "Russia"


def test_inflected_forms_only_where_a_country_is_expected():
    assert canonical_country("Казахстана") is None
    assert canonical_country("Казахстана", inflected=True) == "Kazakhstan"
    # A stem is loose ("грузовик", a lorry, begins like "Грузия"): which is why it is asked only where names stand.
    assert canonical_country("грузовик") is None
    assert canonical_country("Грузии", inflected=True) == "Georgia"


def test_a_country_of_several_words_in_a_sentence():
    words = ["Соглашение", "с", "Южной", "Кореей", "подписано"]
    assert country_at(words, 2) == (2, "South Korea")
    assert country_at(words, 0) == (0, None)


@pytest.mark.parametrize(
    ("written", "country"),
    [("Европы", None), ("Евросоюза", "European Union"), ("Казахстаном", "Kazakhstan"), ("Южной Корее", "South Korea"),
     ("Соединенных Штатов", "United States"), ("Россией", "Russia")],
)  # fmt: skip
def test_inflected_names(written, country):
    assert canonical_country(written, inflected=True) == country
