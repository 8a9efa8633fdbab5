from briefing.analysis.grounding import harvest_quotes, listed_quotations, mention_in_text, person_in_text

from ..conftest import SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")


def test_harvests_the_seed_quotations_with_nested_marks():
    spans = harvest_quotes(SEED_TEXT)
    texts = [s.text for s in spans]
    mallinson = next(t for t in texts if t.startswith("Хотя страны региона"))
    assert "“ближнем зарубежье”" in mallinson and mallinson.endswith("ресурсам региона")
    assert "тонким балансом для стран C5" in texts
    assert "С5+1" not in texts, "a quoted two-character name is not a quote"
    for span in spans:
        assert SEED_TEXT[span.start : span.end] == span.text


def test_straight_quotes_and_unclosed_marks():
    text = 'He said "we will not back down on this" and left.\nA stray " mark here\nnext line.'
    assert [s.text for s in harvest_quotes(text)] == ["we will not back down on this"]


def test_mentions_allow_inflection_but_not_invention():
    assert mention_in_text("Касым-Жомарт Токаев", SEED_TEXT)  # text has "Касым-Жомартом Токаевым"
    assert mention_in_text("Cove Capital", SEED_TEXT)
    assert not mention_in_text("Владимир Путин", SEED_TEXT)


def test_harvesting_a_megabyte_finds_every_copy_at_its_offsets():
    text = (SEED_TEXT + "\n") * 200  # ~1 MB
    spans = harvest_quotes(text)
    assert len(spans) == 200 * len(harvest_quotes(SEED_TEXT))
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_quotations_are_listed_by_five_words_or_as_many_as_tell_them_apart_within_eight():
    text = (
        "«We will not accept any arrangement that leaves us out» he said. "
        "«We will not accept any delay» she said. "
        "«This is the most serious test for the alliance in years» it said. "
        "«This is the most serious test for the alliance in years» it said again. "
        "«Five words and no more» they said."
    )
    listed = listed_quotations(harvest_quotes(text))
    assert [q["opening"] for q in listed] == [
        "We will not accept any arrangement …",  # the sixth word tells it from the next
        "We will not accept any delay",
        "This is the most serious …",  # eight words tell it from no other: five are enough
        "This is the most serious …",
        "Five words and no more",  # whole: no "…"
    ]
    assert [q["text"] for q in listed][1] == "We will not accept any delay", "whole, for the local model"


def test_a_misspelt_first_name_is_the_texts_first_spelling_of_the_person():
    text = "the minister lawson spoke. Then Katherine Lawson, and later Kate Lawsona, said no; Lawsen agreed."
    assert person_in_text("Kaye Lawson", text) == "Katherine Lawson"  # not "minister lawson": no capital
    assert person_in_text("Kaye Lawson", text[text.index("later") :]) == "Kate Lawsona"  # the surname inflected
    assert person_in_text("Kaye Lawson", "Then Mary Lawson spoke.") is None  # another first sound
    assert person_in_text("Kaye Lawson", "Then Kate Smith spoke.") is None
