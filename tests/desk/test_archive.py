"""The archive's index: every day once, newest first, and what a model wrote escaped."""

from __future__ import annotations

from briefing.desk.archive import render_index
from briefing.desk.config import init_desk, load_desk
from briefing.desk.state import DayRecord


def test_the_index_lists_days_newest_first_and_escapes_what_the_model_wrote(tmp_path):
    init_desk(tmp_path / "desk")
    days = [
        DayRecord(date="2025-11-06", title="<script>alert(1)</script>", bluf="**Bold** <img src=x onerror=alert(2)>",
                  stories=2, sources=3, new=3, updated=0),
        DayRecord(date="2025-11-07", title="Nothing new", bluf="Nothing new.", stories=0, sources=0, new=0, updated=0),
    ]  # fmt: skip
    page = render_index(load_desk(tmp_path / "desk"), days)
    assert page.index('id="day-2025-11-07"') < page.index('id="day-2025-11-06"')
    assert "<script>alert" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<strong>Bold</strong>" in page
    assert 'class="day quiet" id="day-2025-11-07"' in page, "a day with nothing new is listed, quietly"
