"""The words that report speech, shared by attribution and the search for planted instructions."""

from __future__ import annotations

from briefing.text.reporting import REPORTING


def test_reporting_words_in_the_languages_of_our_sources():
    for sentence in ["Tokayev said on Monday", "according to Bloomberg", "— заявил Токаев", "по словам Ландау",
                     "schreibt die Zeitung"]:  # fmt: skip
        assert REPORTING.search(sentence), sentence


def test_words_that_merely_contain_a_reporting_word_do_not_count():
    assert not REPORTING.search("the saddest tollbooth")
    assert not REPORTING.search("Railways and jets")
