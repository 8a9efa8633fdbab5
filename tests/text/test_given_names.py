"""faker's given names, read once and kept for later runs."""

from __future__ import annotations

from briefing.text import given_names
from briefing.text.given_names import english_given_name


def test_the_given_names_are_kept_for_later_runs_as_faker_gave_them(tmp_path):
    assert english_given_name("Кристофер", tmp_path) == "Christopher"
    kept = list(tmp_path.glob("faker-*-given-names.json"))
    assert len(kept) == 1
    read = given_names._given_names(tmp_path)
    given_names._given_names.cache_clear()  # the next run: reads what the first kept
    given_names._by_sound.cache_clear()
    assert given_names._given_names(tmp_path) == read == given_names._given_names(None)
    assert english_given_name("Кристофер", tmp_path) == "Christopher"
    assert english_given_name("Кейт", tmp_path) is None  # a woman's name: no "Keith"


def test_a_kept_file_that_cannot_be_read_is_read_from_faker_again(tmp_path):
    english_given_name("Кристофер", tmp_path)
    kept = next(tmp_path.glob("faker-*-given-names.json"))
    kept.write_text("{not json", encoding="utf-8")
    given_names._given_names.cache_clear()
    given_names._by_sound.cache_clear()
    assert english_given_name("Кристофер", tmp_path) == "Christopher"
    assert given_names._given_names(tmp_path) == given_names._given_names(None)
