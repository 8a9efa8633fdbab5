"""The quality harness (bench/quality.py) scores briefs of both schemas; the gold files are true to their texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.quality import load_gold, main, score
from briefing.ingest.documents import load_documents

from ..conftest import ROOT, SEED

GOLD = ROOT / "tests" / "data" / "gold"
SEED_TEXT = load_documents([str(SEED)])[0].text


def _span(text: str, words: str, source_id: str = "seed") -> dict:
    start = SEED_TEXT.index(words) if text is SEED_TEXT else text.index(words)
    return {"source_id": source_id, "start": start, "end": start + len(words), "text": words}


def _quote(words: str, speaker: str | None, **extra) -> dict:
    return {**_span(SEED_TEXT, words), "speaker": speaker, "verified": True, "translation": None, **extra}


def _brief(**parts) -> dict:
    source = {"id": "seed", "title": "t", "location": f"seeds/{SEED.name}", "sha256": "x", "text": SEED_TEXT}
    brief = {
        "key_points": [],
        "stories": [],
        "actors": [],
        "stakes": [],
        "risks": [],
        "quotes": [],
        "sources": [source],
    }
    return {**brief, **parts}


def test_a_schema_3_brief_scores_without_evidence():
    brief = _brief(
        key_points=["Trump hosts the summit on November 6"],
        actors=[
            {"name": "Donald Trump", "aliases": []},
            {"name": "Kasym-Zhomart Tokaev", "aliases": ["Касым-Жомарт Токаев"]},
            {"name": "US", "aliases": []},
            {"name": "United States", "aliases": ["США"]},
        ],
        quotes=[
            _quote("тонким балансом для стран C5", "PRISM Strategic Intelligence Ltd."),
            _quote("геологоразведочных работ на перспективных участках", None),
            {
                **_quote("Хотя страны региона стремятся уравновесить влияние Китая", "Keyt Mallinson"),
                "end": 5,
            },  # offsets that do not hold the text
        ],
        stakes=[{"holder": "Cove Capital LLC", "stake": "access to the tungsten deposit", "direction": "gain"}],
    )
    s = score(brief, load_gold(GOLD / "seed.yaml"))
    assert s.actors[0] == 3 and s.key_actors == (2, 7) and s.duplicates == 1, "US and United States: one actor twice"
    assert s.quotes == (3, 3) and s.verbatim == (2, 3)
    assert s.speakers == (2, 3), "Bloomberg's words given to PRISM are wrong; unattributed and Mallinson are right"
    assert s.stakes == (1, 6) and s.risks == (0, 3)
    assert s.evidence == (0, 0) and s.claims == (0, 2) and s.numbers == (0, 1)


def test_a_schema_4_brief_scores_its_evidence_numbers_and_shared_quotes(tmp_path):
    sentence = "Кроме того, в этом году Uzbekistan Airways заказала самолеты Boeing 787 Dreamliner на сумму более 8"
    good = _span(SEED_TEXT, sentence)
    forged = {**good, "text": good["text"].replace("8", "9")}
    other = {
        "id": "copy",
        "title": "t",
        "location": "x/copy.txt",
        "sha256": "y",
        "text": "«тонким балансом для стран C5»",
    }
    brief = _brief(
        key_points=[{"text": "Uzbekistan Airways ordered 787s worth over $8 billion", "evidence": [good]}],
        stakes=[
            {"holder": "Uzbekistan Airways", "stake": "a Boeing 787 order of $9 billion", "evidence": [forged]},
        ],
        quotes=[
            _quote(
                "тонким балансом для стран C5",
                "Bloomberg",
                also_in=[{"source_id": "copy", "start": 1, "end": 29, "text": "тонким балансом для стран C5"}],
            )
        ],
        stories=[{"id": "story-1", "headline": "h", "summary": "", "key_points": [], "source_ids": ["seed", "copy"]}],
    )
    brief["sources"].append(other)
    gold = load_gold(GOLD / "seed.yaml")
    gold["quotes"][0]["sources"] = [SEED.name, "copy.txt"]
    gold["stories"] = [[SEED.name], ["copy.txt"]]
    s = score(brief, gold)
    assert s.evidence == (2, 3), "the forged span and nothing else fails (the also_in span counts too)"
    assert s.claims == (1, 2) and s.numbers == (2, 4), "787 and 8 kept; the stake's 787 and 9 cite a forged span"
    assert s.shared_once == (1, 1) and s.verbatim == (2, 2) and s.stakes[0] == 1
    assert s.pair_precision == (0, 1) and s.pair_recall == (0, 0)


def test_the_command_prints_one_row_per_pair_and_refuses_bad_input(tmp_path, capsys):
    brief = tmp_path / "brief.json"
    brief.write_text(json.dumps(_brief()), encoding="utf-8")
    assert main([str(brief), str(GOLD / "seed.yaml"), str(brief), str(GOLD / "daily.yaml")]) == 0
    out, err = capsys.readouterr()
    assert len(out.strip().splitlines()) == 4 and "documents not in the brief" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("- just\n- a list\n", encoding="utf-8")
    assert main([str(brief), str(bad)]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0
    assert main([str(brief)]) == 2


@pytest.mark.parametrize("gold_file", sorted(GOLD.glob("*.yaml")), ids=lambda p: p.stem)
def test_gold_files_are_true_to_their_documents(gold_file: Path):
    gold = load_gold(gold_file)
    found = {p.name: p for folder in (ROOT / "seeds", ROOT / "tests" / "data") for p in folder.rglob("*.*")}
    assert all(d in found for d in gold["documents"])
    docs = {p.name: load_documents([str(found[p.name])])[0].text for p in map(Path, gold["documents"])}
    for quote in gold["quotes"]:
        for source in quote["sources"]:
            assert quote["text"] in docs[source], f"{quote['text']!r} is not in {source}"
    storied = [d for story in gold["stories"] for d in story]
    assert sorted(storied) == sorted(gold["documents"]), "every document in exactly one story"
    for actor in gold["actors"]:
        spellings = [actor["name"], *actor.get("spellings", [])]
        assert any(s.split()[-1].rstrip(".") in text for s in spellings for text in docs.values()) or any(
            s[:4] in text for s in spellings for text in docs.values()
        ), f"{actor['name']} is named in no document"
