"""What the brief shows as its own words: in its language (py3langid, the real model), never the prompt's."""

from __future__ import annotations

from briefing.analysis.wording import Report, bottom_line, in_other_language, own_words, speaks_of_the_prompt
from briefing.replies import PointDraft, StoryDraft, Synthesis
from briefing.schema import Claim, Evidence, Story

GERMAN = "COP30-Präsident André Correa do Lago bekräftigte, dass die COP30 Lösungen präsentieren solle."
REPORTS = {
    "de": Report("COP30 in Belém eröffnet", "de"),
    "en": Report("COP30 climate talks open in Belem", "en"),
    "ru": Report("Саммит в Самарканде завершился", "ru"),
}


def _draft(headline: str, points: list[str], summary: str = "", bluf: str = "The climate talks opened.") -> Synthesis:
    story = StoryDraft(story=1, headline=headline, summary=summary, summary_notes=[1] if summary else [],
                       key_points=[PointDraft(text=t, notes=[1]) for t in points])  # fmt: skip
    return Synthesis(title="Climate talks", bluf=bluf, key_points=[PointDraft(text=t, notes=[1]) for t in points],
                     stakes=[], risks=[], stories=[story])  # fmt: skip


def test_the_prompts_words_are_not_the_news():
    assert speaks_of_the_prompt("The excerpt mentions that Lula opened the talks.")
    assert speaks_of_the_prompt("According to the text, the talks opened on Monday.")
    assert not speaks_of_the_prompt("The document was signed on Friday in Belém.")
    assert not speaks_of_the_prompt("The text of the agreement was published on Monday.")


def test_a_text_too_short_to_tell_is_taken_as_written():
    assert in_other_language(GERMAN, "en") and not in_other_language(GERMAN, "de")
    assert not in_other_language("Lula in Belém", "en")


def test_key_points_and_a_summary_not_in_the_briefs_language_or_speaking_of_the_excerpt_are_left_out():
    english = "Brazil opened the COP30 climate talks in Belém on Monday with a call for action on forests."
    draft = _draft("COP30 opens in Belém", [english, GERMAN, "The excerpt mentions that the talks opened."],
                   summary=GERMAN)  # fmt: skip
    worded = own_words(draft, [["de", "en"]], REPORTS, "en")
    assert [p.text for p in worded.draft.key_points] == [english]
    assert [p.text for p in worded.draft.stories[0].key_points] == [english]
    assert worded.draft.stories[0].summary == ""
    assert worded.dropped == 5 and worded.headlines == 0


def test_a_headline_copying_a_foreign_reports_title_gives_way_to_one_in_the_briefs_language():
    worded = own_words(_draft("COP30 in Belém eröffnet", []), [["de", "en"]], REPORTS, "en")
    assert worded.draft.stories[0].headline == "COP30 climate talks open in Belem" and worded.headlines == 1
    # No report in English: the story's own first sentence in English heads it.
    english = "Brazil opened the COP30 climate talks in Belém on Monday with a call for action on forests."
    alone = own_words(_draft("COP30 in Belém eröffnet", [english]), [["de"]], REPORTS, "en")
    assert alone.draft.stories[0].headline == english


def test_the_bottom_line_covers_every_story():
    def story(n: int, headline: str, summary: str) -> Story:
        evidence = [Evidence(source_id=f"d{n}", start=0, end=len(summary), text=summary)]
        return Story(id=f"story-{n}", headline=headline, summary=summary, summary_evidence=evidence,
                     key_points=[Claim(text=summary, evidence=evidence)], source_ids=[f"d{n}"])  # fmt: skip

    summit = story(
        1, "Trump hosts Central Asian leaders", "Trump hosted five Central Asian presidents at the White House."
    )
    climate = story(2, "COP30 opens in Belém", "Lula opened the COP30 climate talks in Belém. Forests lead the agenda.")
    bluf, added = bottom_line("Trump hosted Central Asian presidents in Washington.", [summit, climate])
    assert added == 1 and bluf.endswith("Lula opened the COP30 climate talks in Belém.")
    again, none = bottom_line(bluf, [summit, climate])
    assert none == 0 and again == bluf


def test_a_story_without_a_summary_stands_in_the_bottom_line_by_a_checked_key_point_not_its_headline():
    """The headline is the model's and no check reads it; a key point was checked against its sentences."""
    sentence = "Kazakhstan expects to harvest 14 million tonnes of wheat this year, down 12% from last year."
    evidence = [Evidence(source_id="d1", start=0, end=len(sentence), text=sentence)]
    point = Claim(text="Kazakhstan expects a smaller wheat harvest", evidence=evidence)
    wheat = Story(id="story-1", headline="Kazakhstan Expects Smaller Wheat Harvest", summary="", key_points=[point],
                  source_ids=["d1"])  # fmt: skip
    assert bottom_line("", [wheat]) == ("Kazakhstan expects a smaller wheat harvest.", 1)
    # The one story of a brief gives its key points to the brief's: those stand in for it.
    alone = wheat.model_copy(update={"key_points": []})
    assert bottom_line("", [alone], [point]) == ("Kazakhstan expects a smaller wheat harvest.", 1)
    assert bottom_line("", [alone]) == ("Kazakhstan Expects Smaller Wheat Harvest.", 1), "no key point: the headline"
