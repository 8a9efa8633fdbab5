"""Pages: a paginated text keeps where each page begins, and any offset finds its page."""

from __future__ import annotations

from briefing.text.pages import join_pages, page_of


def test_pages_join_into_one_text_and_every_offset_finds_its_page():
    text, starts = join_pages(["First page.", "", "Third page."])
    assert len(starts) == 3, "a blank page keeps its number"
    assert page_of(starts, text.index("First")) == 1
    assert page_of(starts, text.index("Third")) == 3
    assert text[starts[2] :].startswith("Third page.")


def test_an_unpaginated_text_has_no_page_numbers():
    assert page_of([], 10) is None
