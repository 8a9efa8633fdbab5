"""The checker's word list: a word in its forms by the one word-form rule, a phrase, a compound."""

from __future__ import annotations

from briefing.text.lexicon import DIRECTIONS, OBJECTS, OUTCOMES, mentioned, named

TUNGSTEN = OBJECTS["commodity"]["tungsten"]
OIL = OBJECTS["commodity"]["oil"]


def test_a_word_is_named_in_its_inflected_forms_and_as_written():
    assert named(TUNGSTEN, "доступа к месторождению вольфрама") == "вольфрама"
    assert named(DIRECTIONS["up"], "интерес Вашингтона к региону усилился") == "усилился"
    assert named(DIRECTIONS["up"], "Demand kept growing.") == "growing"


def test_a_phrase_is_named_word_by_word():
    assert named(OUTCOMES["rupture"], "They broke off their ties.") == "broke off"
    assert named(OUTCOMES["rupture"], "They broke the deal off.") is None


def test_a_word_that_only_begins_like_one_is_not_named():
    assert named(OBJECTS["infrastructure"]["port"], "a portfolio of assets") is None
    assert named(OIL, "the soil of the steppe") is None
    # the word-form rule joins "fall" and "fallout": the list has "to fall", "falls", "fell", not "fall"
    assert named(DIRECTIONS["down"], "Fallout: interest in the region grew") is None
    assert named(DIRECTIONS["down"], "Levels are expected to fall.")


def test_a_compound_is_mentioned_though_not_named():
    assert named(OIL, "Die Rohöl-Einfuhren sind gesunken.") == "Rohöl"
    assert named(TUNGSTEN, "die Wolframlagerstätte") is None
    assert mentioned(TUNGSTEN, "die Wolframlagerstätte")
