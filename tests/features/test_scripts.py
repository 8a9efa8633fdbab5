"""Names across scripts: Chinese, Arabic and Ukrainian news whose actors merge with their English spellings.

A small model often reports a name as the document writes it, not in English;
grounding must still find it in the text, and merging must still meet the
English spelling another document gave.
"""

from __future__ import annotations

import pytest

from briefing.analysis.grounding import mention_in_text
from briefing.analysis.merge import ActorFinding, merge_actors
from briefing.ingest.documents import load_documents
from briefing.text import names

from ..conftest import ROOT

SCRIPTS = ROOT / "tests" / "data" / "scripts"
# As each document writes the names, and as an English article does.
WRITTEN = {
    "zh": {"Kassym-Jomart Tokayev": "卡瑟姆-若马尔特·托卡耶夫", "Tokayev": "托卡耶夫"},
    "ar": {"Kassym-Jomart Tokayev": "قاسم جومارت توكاييف", "Donald Trump": "دونالد ترامب", "Tokayev": "توكاييف"},
    "uk": {"Volodymyr Zelensky": "Володимир Зеленський", "Tokayev": "Токаєв"},
}


@pytest.mark.parametrize("language", sorted(WRITTEN))
def test_actors_named_in_their_own_script_merge_with_the_english_spelling(language):
    [doc] = load_documents([str(SCRIPTS / f"{language}.txt")])
    assert doc.language == language
    findings = [ActorFinding("Kassym-Jomart Tokayev", "Tokayev", "person", "President of Kazakhstan", "english")]
    findings += [ActorFinding("Donald Trump", "Trump", "person", "US President", "english")]
    findings += [ActorFinding("Volodymyr Zelensky", "Zelensky", "person", "President of Ukraine", "english")]
    for written in WRITTEN[language].values():
        assert mention_in_text(written, doc.text), written  # grounding keeps it
        findings.append(ActorFinding(written, written, "person", "named in the text", doc.id))
    actors = merge_actors(findings)
    assert sorted(a.name for a in actors) == ["Donald Trump", "Kassym-Jomart Tokayev", "Volodymyr Zelensky"]
    for english, written in WRITTEN[language].items():
        actor = next(a for a in actors if a.name.endswith(english.split()[-1]))
        assert written in actor.aliases and doc.id in actor.source_ids


def test_spellings_of_one_name_in_many_scripts_compare_equal():
    keys = [names.sound(w) for w in ["Tokayev", "Tokaev", "Toqaev", "Токаев", "Тоқаев", "托卡耶夫", "توكاييف"]]
    assert all(names.close(keys[0], key) for key in keys), keys


def test_different_names_stay_apart_whatever_the_script():
    tokayev = names.sound("Tokayev")
    for other in ["Takacs", "Tokyo", "Tickbox", "普京", "بوتين", "Токио"]:
        assert not names.close(tokayev, names.sound(other)), other
    assert not names.close(names.sound("Obama"), names.sound("أوباما"))  # two consonants: too short to join on


def test_transliteration_covers_scripts_beyond_cyrillic():
    assert names.transliterate("Володимир Зеленський") == "Volodimir Zelensky"
    assert names.transliterate("Қасым-Жомарт Тоқаев") == "Qasym-Zhomart Toqayev"  # Kazakh letters: anyascii
    assert names.transliterate("Ελευθέριος Βενιζέλος") == "Eleytherios Venizelos"  # anyascii reads letter by letter
