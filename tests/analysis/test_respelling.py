"""Respelling: designations read from Cyrillic as the sources spell them in Latin, decimals as English writes them."""

from briefing.analysis.evidence import Claims
from briefing.analysis.respelling import latin_spellings, spelt, spelt_claims
from briefing.schema import Claim, Evidence, Risk, Stake, Story

from ..conftest import SEED


def test_the_seeds_summit_is_c5_plus_1_as_its_latin_c5_spells_it():
    spellings = latin_spellings([SEED.read_text(encoding="utf-8")])
    assert spellings == {"S5+1": "C5+1"}, "«С5+1» (a Cyrillic С) beside «стран C5» (a Latin C)"
    assert spelt("Trump will hold a summit in the format of S5+1.", spellings) == (
        "Trump will hold a summit in the format of C5+1."
    )
    assert spelt("Trump's S5+1 summit", spellings) == "Trump's C5+1 summit"
    assert spelt("The S5+10 group; TS5+1", spellings) == "The S5+10 group; TS5+1", "another designation"


def test_a_designation_the_sources_write_only_in_cyrillic_keeps_its_reading():
    assert latin_spellings(["Россия поставила С-400 в Турцию."]) == {}, "the S-400 in English"
    assert latin_spellings(["Саммит «С5+1»."]) == {}, "no Latin C5 anywhere: no evidence of a Latin name"
    assert latin_spellings(["F-35 и Ф-35"]) == {}, "Ф has no Latin twin"


def test_every_text_the_claims_show_is_spelt():
    e = [Evidence(source_id="s", start=0, end=1, text="x")]
    claims = Claims(
        key_points=[Claim(text="S5+1 meets", evidence=e)],
        stories=[Story(id="s1", headline="S5+1", summary="At S5+1.", summary_evidence=e, source_ids=["s"],
                       key_points=[Claim(text="S5+1 again", evidence=e)])],
        stakes=[Stake(holder="Kazakhstan", stake="a seat at S5+1", direction="gain", evidence=e)],
        risks=[Risk(description="S5+1 fails", likelihood="low", impact="low", indicators=["S5+1 talks"], evidence=e)],
    )  # fmt: skip
    shown = spelt_claims(claims, lambda text: spelt(text, {"S5+1": "C5+1"}))
    texts = [shown.key_points[0].text, shown.stories[0].headline, shown.stories[0].summary,
             shown.stories[0].key_points[0].text, shown.stakes[0].stake, shown.risks[0].description,
             *shown.risks[0].indicators]  # fmt: skip
    assert all("C5+1" in t and "S5+1" not in t for t in texts), texts


def test_an_english_brief_writes_a_decimal_point_where_its_sources_write_a_comma():
    """The corroboration day's recording: "Altyn Air (gain): 1,1 billion dollars", from «1,1 млрд долларов»."""
    from briefing.analysis.respelling import respeller

    english, german = respeller([], "en"), respeller([], "de")
    assert english("1,1 billion dollars for 37 jets") == "1.1 billion dollars for 37 jets"
    assert english("a 3,5% stake and 1,200 jobs") == "a 3.5% stake and 1,200 jobs", "thousands stay grouped"
    assert english("articles 1,2 and 3") == "articles 1,2 and 3", "no scale after it: maybe a list"
    assert german("1,1 Milliarden Dollar") == "1,1 Milliarden Dollar", "German writes a decimal comma"
