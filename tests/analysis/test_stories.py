"""Grouping real-looking articles from several outlets into stories, and dropping duplicates."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter

from briefing.analysis.merge import ActorFinding, merge_actors
from briefing.analysis.stories import (
    STORY_SIMILARITY,
    anchors,
    average_linkage,
    drop_duplicates,
    find_duplicates,
    group_stories,
    written_names,
)
from briefing.ingest.documents import load_documents

from ..conftest import DAILY, ROOT, SEED

_PEOPLE = [("Donald Trump", "person"), ("Kassym-Jomart Tokayev", "person")]
_REGION = [(c, "country") for c in ("Kazakhstan", "Uzbekistan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Russia",
                                    "China", "United States")]  # fmt: skip
MIXED_CAST = {
    "c5-summit": [("Дональд Трамп", "person"), ("Касым-Жомарт Токаев", "person"), ("Кристофер Ландау", "person"),
                  ("Cove Capital LLC", "organization"), ("Uzbekistan Airways", "organization"),
                  ("Wabtec Corp.", "organization"), ("Bloomberg", "organization"), ("Си Цзиньпин", "person"),
                  ("PRISM Strategic Intelligence Ltd.", "organization"), ("Кейт Маллинсон", "person"),
                  ("Boeing", "organization"), ("South Korea", "country"), *_REGION],
    "capital-wire-c5-summit": [*_PEOPLE, ("Shavkat Mirziyoyev", "person"), ("Capital Wire", "organization"),
                               ("White House", "organization"), *_REGION],
    "frontier-post-c5-minerals": [*_PEOPLE, ("Mirziyoyev", "person"), ("Abraham Accords", "other"), *_REGION[5:]],
    "ostwirtschaft-c5-gipfel": [*_PEOPLE, ("Schawkat Mirsijojew", "person"), *_REGION],
    "global-wire-cop30-opens": [("Luiz Inacio Lula da Silva", "person"), ("Andre Correa do Lago", "person"),
                                ("United Nations", "organization"), ("Brazil", "country"),
                                ("United States", "country")],
    "klimabote-cop30": [("Luiz Inácio Lula da Silva", "person"), ("André Corrêa do Lago", "person"),
                        ("Brazil", "country"), ("United States", "country")],
}  # fmt: skip

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


def test_without_actors_shared_numbers_and_dates_join_the_russian_report_to_the_english_ones():
    docs, _ = drop_duplicates(_docs())
    groups = sorted(sorted(_short(i) for i in g) for g in group_stories(docs, {}))
    # Words join the two English reports; "787", "4.2" and "30 октября" / "October 30" join the Russian one.
    assert groups == [
        ["c5-summit-2025-11-06-ru", "eurasia-monitor-tungsten", "wire-c5-summit"],
        ["farm-journal-wheat"],
        ["markets-daily-rare-earths"],
    ]


def test_numbers_and_dates_are_written_alike_across_languages():
    assert anchors("a $4.2 billion deal on November 12, up 70 percent") == Counter({"4.2": 1, "11-12": 1, "70%": 1})
    assert anchors("сделка на 4,2 млрд долларов 12 ноября, рост на 70%") == Counter({"4.2": 1, "11-12": 1, "70%": 1})
    assert anchors("ein Vertrag über 4,2 Milliarden Dollar am 12. November, 70 Prozent") == Counter(
        {"4.2": 1, "11-12": 1, "70%": 1}
    )
    assert anchors("the C5+1 summit, 5 leaders, 8,000 jets, 2025-11-06") == Counter({"8000": 1, "11-6": 1})


MULTILINGUAL = DAILY.parent / "multilingual"
# What the map stage names in each multilingual report, as written (titles, possessives,
# abbreviations and all); merge_actors turns them into one cast, as the pipeline does.
MULTILINGUAL_MENTIONS = {
    "steppe-wire-tungsten": [
        ("Kazakhstan's President Kassym-Jomart Tokayev", "person"),
        ("U.S. Deputy Secretary of State Christopher Landau", "person"),
        ("Cove Kaz Capital", "organization"),
        ("Kazakhstan", "country"),
        ("U.S.", "country"),
        ("China", "country"),
    ],
    "central-asia-daily-tungsten": [
        ("Kassym-Jomart Tokayev", "person"),
        ("Cove Kaz Capital", "organization"),
        ("Tau-Ken Samruk", "organization"),
        ("Dana Ospanova", "person"),
        ("Qazaq Insight", "organization"),
        ("US", "country"),
        ("China", "country"),
    ],
    "ostwirtschaft-wolfram": [
        ("Präsident Kassym-Schomart Tokajew", "person"),
        ("Kasachstan", "country"),
        ("Cove Kaz Capital", "organization"),
        ("Vereinigte Staaten", "country"),
        ("China", "country"),
    ],
    "kazinform-volfram": [
        ("Президент Казахстана Касым-Жомарт Токаев", "person"),
        ("Кристофер Ландау", "person"),
        ("Cove Kaz Capital", "organization"),
        ("Казахстан", "country"),
        ("США", "country"),
    ],
    "global-wire-lula-beijing": [
        ("Brazilian President Luiz Inácio Lula da Silva", "person"),
        ("Lula", "person"),
        ("China's Xi Jinping", "person"),
        ("Brazil", "country"),
        ("China", "country"),
        ("U.S.", "country"),
    ],
    "ria-lula-pekin": [
        ("Луис Инасиу Лула да Силва", "person"),
        ("Лула", "person"),
        ("председатель КНР Си Цзиньпин", "person"),
        ("Бразилия", "country"),
        ("Китай", "country"),
        ("США", "country"),
    ],
}
EVENTS = [
    ["central-asia-daily-tungsten", "kazinform-volfram", "ostwirtschaft-wolfram", "steppe-wire-tungsten"],
    ["global-wire-lula-beijing", "ria-lula-pekin"],
]


def _multilingual():
    docs = load_documents([str(MULTILINGUAL)])
    short = {d.id: d.id.split("-20")[0] for d in docs}
    findings = [
        ActorFinding(name, name, kind, "", d.id) for d in docs for name, kind in MULTILINGUAL_MENTIONS[short[d.id]]
    ]
    actors_by_doc: dict[str, set[str]] = {}
    for actor in merge_actors(findings):
        for doc_id in actor.source_ids:
            actors_by_doc.setdefault(doc_id, set()).add(actor.name)
    return docs, short, actors_by_doc


def test_reports_of_one_event_in_english_german_and_russian_are_one_story():
    docs, short, actors_by_doc = _multilingual()
    assert sorted(sorted(short[i] for i in g) for g in group_stories(docs, actors_by_doc)) == EVENTS
    assert sorted(sorted(short[i] for i in g) for g in group_stories(docs, {})) == EVENTS, "numbers and dates alone"


def test_one_shared_date_is_not_one_story():
    docs, short, _ = _multilingual()
    # Two reports of different events that happen to share one date and nothing else.
    a = next(d for d in docs if short[d.id] == "global-wire-lula-beijing")
    b = next(d for d in docs if short[d.id] == "ostwirtschaft-wolfram")
    a = dataclasses.replace(a, text="Lula met Xi on November 12 in Beijing and signed soybean deals.")
    b = dataclasses.replace(b, text="Kasachstan unterzeichnete am 12. November einen Vertrag über Wolfram.")
    assert len(group_stories([a, b], {})) == 2


def test_a_few_common_names_inside_a_long_cast_are_not_the_same_story():
    docs, _ = drop_duplicates(_docs())
    # Three of the market piece's four names are in the summit cast, but they are the
    # names every piece on the region carries.
    actors = {d.id: set(ACTORS[_short(d.id)]) for d in docs}
    rare = next(d.id for d in docs if _short(d.id) == "markets-daily-rare-earths")
    actors[rare] = {"China", "Russia", "Xi Jinping", "Laura Bennett"}
    groups = group_stories(docs, actors)
    assert [rare] in groups


MIXED = ROOT / "tests" / "data" / "mixed"


def test_a_long_russian_analysis_joins_the_short_english_and_german_reports_of_its_event():
    # The seed names some thirty actors and shares no figure with the reports of the summit it
    # previews; the names it writes most (Трамп, Токаев, the five countries) are theirs, in Cyrillic.
    docs = load_documents([str(MIXED)])
    by_name = {d.id.split("-20")[0]: d.id for d in docs}
    summit = sorted(by_name[n] for n in ("c5-summit", "capital-wire-c5-summit", "frontier-post-c5-minerals",
                                         "ostwirtschaft-c5-gipfel"))  # fmt: skip
    climate = sorted(by_name[n] for n in ("global-wire-cop30-opens", "klimabote-cop30"))
    # The actors a model would name, merged across scripts by merge.py: the cast's cosine alone is too low.
    findings = [ActorFinding(n, n, kind, "", by_name[doc]) for doc, names in MIXED_CAST.items() for n, kind in names]
    actors_by_doc: dict[str, set[str]] = {}
    for actor in merge_actors(findings, "en"):
        for doc_id in actor.source_ids:
            actors_by_doc.setdefault(doc_id, set()).add(actor.name)
    for cast in (actors_by_doc, {}):
        assert sorted(sorted(g) for g in group_stories(docs, cast)) == sorted([summit, climate])


def test_names_are_keyed_alike_across_scripts_and_cases():
    assert written_names("Встреча. Саммит провел Трамп, а Токаева встретил Трампа.").keys() == (
        written_names("Meeting. The summit was held by Trump, and Tokayev met Trump.").keys()
    )


def _loops_linkage(matrix: list[list[float]]) -> list[list[int]]:
    """average_linkage as it was written in Python loops, the reference its numpy form must equal."""
    clusters: list[list[int]] = [[i] for i in range(len(matrix))]
    total = [row[:] for row in matrix]
    while len(clusters) > 1:
        score, x, y = max(
            (total[x][y] / (len(clusters[x]) * len(clusters[y])), x, y)
            for x in range(len(clusters))
            for y in range(x + 1, len(clusters))
        )
        if score < STORY_SIMILARITY:
            break
        clusters[x] = sorted(clusters[x] + clusters[y])
        del clusters[y]
        for row in total:
            row[x] += row[y]
        total[x] = [a + b for a, b in zip(total[x], total[y], strict=True)]
        del total[y]
        for row in total:
            del row[y]
    clusters.sort(key=lambda c: c[0])
    return clusters


def test_average_linkage_merges_exactly_as_the_loops_did():
    rng = random.Random(11)
    for n in (0, 1, 2, 5, 40, 90):
        for levels in ((0.0, 0.1, 0.2, 0.5, 0.9), None):  # few values: ties everywhere; else continuous
            matrix = [[1.0] * n for _ in range(n)]
            for i in range(n):
                for j in range(i + 1, n):
                    value = rng.choice(levels) if levels else rng.random() ** 3
                    matrix[i][j] = matrix[j][i] = value
            assert average_linkage(matrix) == _loops_linkage(matrix), (n, levels)
