"""Who said it: the speaker from the words around a quotation, never the model's guess alone."""

from __future__ import annotations

from briefing.analysis.attribution import attribute, attributed
from briefing.schema import Actor, Quote

LANDAU = Actor(name="Christopher Landau", kind="person", role="", aliases=["Landau"], source_ids=["d"])
PRISM = Actor(name="PRISM Strategic Intelligence", kind="organization", role="", source_ids=["d"])
BLOOMBERG = Actor(name="Bloomberg", kind="organization", role="", source_ids=["d"])


def _speaker(text: str, quoted: str, proposed: str | None, actors=(LANDAU, PRISM, BLOOMBERG)) -> str | None:
    start = text.index(quoted)
    return attribute(text, start, start + len(quoted), proposed, list(actors), "en")


def test_the_person_the_reporting_words_name_wins_over_the_model_and_the_firm():
    text = "«We are opening a door to the region», said Landau of PRISM Strategic Intelligence."
    assert _speaker(text, "We are opening a door to the region", "PRISM Strategic Intelligence") == (
        "Christopher Landau"
    )


def test_according_to_names_the_outlet():
    text = "The talks matter, according to Bloomberg: «the balance is a thin one for the five capitals»."
    assert _speaker(text, "the balance is a thin one for the five capitals", "Landau") == "Bloomberg"


def test_no_reporting_word_no_speaker():
    text = "The agreement speaks of «a partnership for the coming decades» between Landau's team and others."
    assert _speaker(text, "a partnership for the coming decades", "Landau") is None


def test_every_quote_gets_its_speaker_from_its_own_source():
    text = "«We are opening a door to the region», said Landau."
    quote = Quote(text="We are opening a door to the region", speaker="PRISM", source_id="d", start=1, end=36,
                  verified=True)  # fmt: skip
    [done] = attributed([quote], [LANDAU, PRISM], {"d": text}, "en")
    assert done.speaker == "Christopher Landau" and done.text == quote.text


def test_a_speaker_given_with_the_firm_the_actors_table_holds_is_the_person():
    qazaq = Actor(name="Almaty consultancy Qazaq Insight", kind="organization", role="", source_ids=["d"])
    text = (
        '"Kazakhstan gets capital, the US gets a supplier," said Dana Ospanova of the Almaty consultancy Qazaq Insight.'
    )
    proposed = "Dana Ospanova of the Almaty consultancy Qazaq Insight"
    quoted = "Kazakhstan gets capital, the US gets a supplier,"
    assert _speaker(text, quoted, proposed, (qazaq, BLOOMBERG)) == "Dana Ospanova"


def test_an_organisation_named_with_of_is_not_cut():
    text = '"Rates stay where they are," said the Bank of England.'
    assert _speaker(text, "Rates stay where they are,", "Bank of England", (BLOOMBERG,)) == "Bank of England"


def test_a_reprint_whose_actors_were_missed_names_the_speaker_its_original_found():
    from briefing.analysis.attribution import dedupe_quotes

    said = '"This is the largest order in our history," Serikova said.'
    serikova = Actor(name="Dana Serikova", kind="person", role="", aliases=["Serikova"], source_ids=["wire"])
    reprint = Quote(text="This is the largest order in our history,", speaker=None, source_id="copy", start=1, end=42,
                    verified=True)  # fmt: skip
    wire = reprint.model_copy(update={"source_id": "wire"})
    [quote] = dedupe_quotes([reprint, wire])
    [done] = attributed([quote], [serikova], {"copy": said, "wire": said}, "en")
    assert done.speaker == "Dana Serikova"
    stranger = Quote(text="This is the largest order in our history,", speaker=None, source_id="other", start=1, end=42,
                     verified=True)  # fmt: skip
    [alone] = attributed([stranger], [serikova], {"other": said}, "en")
    assert alone.speaker is None, "a name is offered from the reports that carry the words, not from the whole day"
