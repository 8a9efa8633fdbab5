"""Grouping real-looking articles from several outlets into stories, and dropping duplicates."""

from __future__ import annotations

from briefing.documents import load_documents
from briefing.stories import drop_duplicates, find_duplicates, group_stories

from .conftest import DAILY, SEED

# What an extraction names in each article, merged into English across languages
# (as merge.py does): the summit pieces share their cast; the wheat story shares
# only the countries every Central Asia article names.
SUMMIT_CAST = {
    "Donald Trump", "Kazakhstan", "Uzbekistan", "Christopher Landau", "Kassym-Jomart Tokayev", "Cove Capital",
    "China", "Russia", "Xi Jinping",
}  # fmt: skip
ACTORS = {
    "wire-c5-summit": SUMMIT_CAST | {"Kyrgyzstan", "Tajikistan", "Turkmenistan", "Kate Mallinson"},
    "eurasia-monitor-tungsten": SUMMIT_CAST | {"Uzbekistan Airways", "Boeing", "Wabtec"},
    "c5-summit-2025-11-06-ru": SUMMIT_CAST | {"Bloomberg", "Kate Mallinson", "PRISM Strategic Intelligence", "Wabtec"},
    "farm-journal-wheat": {"Kazakhstan", "Iran", "Afghanistan", "China", "Russia", "Yerlan Dzhaksybekov"},
    "markets-daily-rare-earths": {"China", "Laura Bennett", "Halden Securities", "Europe", "Japan"},
}


def _docs():
    return load_documents([str(DAILY), str(SEED)])


def _short(doc_id: str) -> str:
    return doc_id.rsplit("-", 1)[0]


def test_a_syndicated_copy_with_other_boilerplate_is_a_duplicate_of_the_original():
    duplicates = find_duplicates(_docs())
    assert {_short(k): _short(v) for k, v in duplicates.items()} == {
        "daily-herald-c5-summit-syndicated": "wire-c5-summit"
    }, "the shorter original is kept, the copy with the reprinting site's extras is dropped"


def test_same_story_from_other_outlets_and_languages_is_one_story_and_shared_countries_are_not_enough():
    docs, _ = drop_duplicates(_docs())
    actors = {d.id: ACTORS[_short(d.id)] for d in docs}
    groups = sorted(sorted(_short(i) for i in g) for g in group_stories(docs, actors))
    assert groups == [
        ["c5-summit-2025-11-06-ru", "eurasia-monitor-tungsten", "wire-c5-summit"],
        ["farm-journal-wheat"],
        ["markets-daily-rare-earths"],
    ]


def test_without_actors_word_overlap_alone_joins_same_language_coverage():
    docs, _ = drop_duplicates(_docs())
    groups = sorted(sorted(_short(i) for i in g) for g in group_stories(docs, {}))
    assert ["eurasia-monitor-tungsten", "wire-c5-summit"] in groups
    assert ["farm-journal-wheat"] in groups and ["markets-daily-rare-earths"] in groups


def test_a_few_common_names_inside_a_long_cast_are_not_the_same_story():
    docs, _ = drop_duplicates(_docs())
    # Three of the market piece's four names are in the summit cast, but they are the
    # names every piece on the region carries.
    actors = {d.id: set(ACTORS[_short(d.id)]) for d in docs}
    rare = next(d.id for d in docs if _short(d.id) == "markets-daily-rare-earths")
    actors[rare] = {"China", "Russia", "Xi Jinping", "Laura Bennett"}
    groups = group_stories(docs, actors)
    assert [rare] in groups
