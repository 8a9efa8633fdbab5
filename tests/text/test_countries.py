"""A region is no country: "Европы" (Europe) does not become the European Union."""

import pytest

from briefing.text.countries import canonical_country


@pytest.mark.parametrize(
    ("written", "country"),
    [("Европы", None), ("Евросоюза", "European Union"), ("Казахстаном", "Kazakhstan"), ("Южной Корее", "South Korea"),
     ("Соединенных Штатов", "United States"), ("Россией", "Russia")],
)  # fmt: skip
def test_inflected_names(written, country):
    assert canonical_country(written, inflected=True) == country
