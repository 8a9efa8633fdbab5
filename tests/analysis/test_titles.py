"""Titles come off people's names and go to their roles; products are their makers."""

from __future__ import annotations

import pytest

from briefing.analysis.titles import clean_name, split_title, with_title


@pytest.mark.parametrize(
    ("written", "name", "title"),
    [
        ("Kazakhstan's President Kassym-Jomart Tokayev", "Kassym-Jomart Tokayev", "President of Kazakhstan"),
        ("Deputy Secretary of State Christopher Landau", "Christopher Landau", "Deputy Secretary of State"),
        ("Президент Казахстана Касым-Жомарт Токаев", "Касым-Жомарт Токаев", "Президент Казахстана"),
        ("партнер компании PRISM Strategic Intelligence Ltd. Кейт Маллинсон", "Кейт Маллинсон",
         "партнер компании PRISM Strategic Intelligence Ltd."),
        ("Stephen King", "Stephen King", ""),  # a title word that is a surname, with nothing after it
        ("Dr. Jane Goodall", "Jane Goodall", ""),  # an honorific is no role
    ],
)  # fmt: skip
def test_a_title_comes_off_a_persons_name(written, name, title):
    assert split_title(written) == (name, title)


def test_a_country_or_product_is_stored_as_what_it_is():
    assert clean_name("U.S.", "organization") == ("United States", "country", "")
    assert clean_name("Boeing 787 Dreamliner", "other") == ("Boeing", "organization", "")
    assert with_title("analyst", "Partner") == "Partner, analyst" and with_title("Partner", "partner") == "Partner"
