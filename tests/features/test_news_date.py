"""The date at the top of a brief is the news date its documents carry; the run date is in the run metadata."""

from __future__ import annotations

import datetime as dt

from briefing import generate, render

from ..conftest import SEED


def test_one_day_of_news_is_dated_by_its_documents(seed_dir, settings, endpoint):
    brief = generate([str(seed_dir)], settings)
    assert brief.date == "2025-11-06"  # the seed's file name carries its date
    assert brief.run.run_date == dt.date.today().isoformat()
    page = render(brief, "brief.md.j2")
    assert page.splitlines()[2].startswith("*2025-11-06 ·")
    assert f"Run {brief.run.run_date}" in page


def test_several_days_of_news_are_a_range(tmp_path, settings, endpoint):
    folder = tmp_path / "days"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (folder / "summit-2025-11-06.txt").write_text(text, encoding="utf-8")
    (folder / "tungsten-2025-11-12.txt").write_text("Cove Capital signed a tungsten deal in Astana.", encoding="utf-8")
    (folder / "undated.txt").write_text("Wabtec Corp. opened a plant in Almaty.", encoding="utf-8")
    brief = generate([str(folder)], settings)
    assert brief.date == "2025-11-06 – 2025-11-12"
    assert 'Daily brief · <span class="news-date">2025-11-06 – 2025-11-12</span>' in render(brief, "brief.html.j2")


def test_undated_documents_fall_back_to_the_run_date(tmp_path, settings, endpoint):
    (tmp_path / "note.txt").write_text("Wabtec Corp. opened a plant in Almaty.", encoding="utf-8")
    brief = generate([str(tmp_path / "note.txt")], settings)
    assert brief.date == brief.run.run_date == dt.date.today().isoformat()
