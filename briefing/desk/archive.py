"""The desk's archive: DESK/briefs/YYYY-MM-DD.{html,md,json} and an index.html of every day.

A day's files are rendered in memory first, then each written atomically, the
JSON first (what a re-run and the next day's delta read), the index last; a
day run again replaces its own files, so the index never lists a day twice.
The index is self-contained like a brief: styles inline, no script, nothing
fetched, so it opens from the disk, a file share or a mail attachment.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..atomic import write_atomic
from ..errors import InputError
from ..rendering.render import load_briefing, render_format, render_template
from ..schema import Briefing
from .config import Desk
from .state import DayRecord

INDEX = "index.html"
INDEX_TEMPLATE = "desk-index.html.j2"


def day_path(briefs: Path, date: str, suffix: str) -> Path:
    return briefs / f"{date}.{suffix}"


def load_day(briefs: Path, date: str) -> Briefing | None:
    """An archived day's brief, or None when it is missing or unreadable (then it is briefed anew)."""
    path = day_path(briefs, date, "json")
    if not path.is_file():
        return None
    try:
        return load_briefing(path)
    except InputError:
        return None


def render_index(desk: Desk, days: Iterable[DayRecord]) -> str:
    newest_first = sorted(days, key=lambda d: d.date, reverse=True)
    return render_template(INDEX_TEMPLATE, desk=desk.name, days=newest_first)


def write_day(desk: Desk, brief: Briefing, days: Iterable[DayRecord]) -> list[Path]:
    """Render the day's brief and the index, then write them; returns the paths, the HTML page first."""
    options = desk.file.brief
    rendered = {
        day_path(desk.briefs, brief.date, "json"): render_format(brief, "json"),
        day_path(desk.briefs, brief.date, "md"): render_format(brief, "md", desk.template(options.markdown_template)),
        day_path(desk.briefs, brief.date, "html"): render_format(brief, "html", desk.template(options.template)),
        desk.briefs / INDEX: render_index(desk, days),
    }
    for path, text in rendered.items():
        write_atomic(path, text)
    paths = list(rendered)
    return [paths[2], paths[1], paths[0], paths[3]]
