"""The day's run of a desk: read what is new, brief it, file it, remember it.

`run_day` is what `briefing daily DESK` calls. Under the desk's lock it reads
the sources (intake.py), briefs only the new and changed items, opens the
brief with what changed since the desk's previous brief (rendering/diff.py),
says which stories carry on from earlier days, writes the archive, and only
then records what it read. Anything that fails before that leaves the state
and the archive as they were. A day with nothing new, or a day run again with
nothing changed since its brief was written, calls no model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..errors import InputError
from ..ingest.documents import Document
from ..pipeline import brief_documents
from ..rendering.diff import compare, matching_stories
from ..rendering.render import resolve_template
from ..schema import Briefing, Continuation, DeskDay, RunMetadata
from .archive import load_day, write_day
from .config import Desk, load_desk
from .intake import Intake, read_new
from .state import DayRecord, DeskState, desk_lock, load_state, save_state

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class DayResult:
    brief: Briefing
    written: list[Path]  # the HTML page first
    new: int
    updated: int
    seen: int
    passed_over: int
    reused: bool  # the day was briefed already from the same items: no model was asked

    @property
    def summary(self) -> str:
        """One line for a log."""
        if not self.brief.sources:
            what = f"nothing new ({self.seen} items briefed before)" if self.seen else "nothing new (no items)"
        else:
            what = f"{self.new} new, {self.updated} updated, {self.seen} briefed before"
        over = f", {self.passed_over} older feed entries passed over" if self.passed_over else ""
        calls = "no model call" if self.reused or not self.brief.sources else f"{self.brief.run.calls} model calls"
        return f"{self.brief.date}: {what}{over}; {calls}; {self.written[0]}"


def day_of(date: str | dt.date | None) -> str:
    if date is None:
        return dt.date.today().isoformat()
    if isinstance(date, dt.date):
        return date.isoformat()
    try:
        return dt.date.fromisoformat(date).isoformat()
    except ValueError:
        raise InputError(f"--date {date}: not a date (YYYY-MM-DD)") from None


def run_day(
    folder: Path,
    date: str | dt.date | None = None,
    overrides: dict[str, object] | None = None,
    *,
    wait: float = 0.0,
    progress: Progress | None = None,
) -> DayResult:
    """Brief what is new at the desk in `folder` on `date` (today by default) and file it in the archive.

    `overrides` are Settings fields that win over desk.toml (the command line's options).
    """
    desk = load_desk(folder)
    day = day_of(date)
    settings = desk.settings(overrides)
    for template in (desk.file.brief.template, desk.file.brief.markdown_template):
        resolve_template(desk.template(template))  # a bad template name fails before any model call
    with desk_lock(folder, wait):
        state = load_state(folder)
        intake = read_new(desk, state, day, settings.skip_bad_inputs, progress, settings.limits)
        archived = load_day(desk.briefs, day)
        reused = bool(intake.fresh) and _same_day(archived, intake.fresh, settings)
        if not intake.fresh:
            brief = _nothing_new(desk, state, day, intake, settings)
        elif reused and archived is not None:
            brief = archived.model_copy(update={"desk": None})
            brief.run.skipped_inputs = list(intake.skipped)
        else:
            brief = brief_documents(intake.fresh, settings, progress=progress, skipped=intake.skipped)
        brief = brief.model_copy(update={"date": day})
        brief.desk = _context(desk, state, brief, intake)
        state.forget_day(day)
        for reading in intake.readings:
            state.record(reading.key, reading.kind, reading.location, reading.version)
        state.days[day] = DayRecord(
            date=day,
            title=brief.title,
            bluf=brief.bluf,
            stories=len(brief.stories),
            sources=len(brief.sources),
            new=len(intake.fresh) - len(intake.updated),
            updated=len(intake.updated),
        )
        written = write_day(desk, brief, state.days.values())
        save_state(folder, state)  # last: until here, a failure leaves the desk as it was
    return DayResult(
        brief=brief,
        written=written,
        new=len(intake.fresh) - len(intake.updated),
        updated=len(intake.updated),
        seen=intake.seen,
        passed_over=intake.passed_over,
        reused=reused,
    )


def _same_day(archived: Briefing | None, fresh: Sequence[Document], settings: Settings) -> bool:
    """The day was briefed from these very texts, in this language, by this model: its brief stands."""
    if archived is None or archived.language != settings.language or not archived.sources:
        return False
    if settings.model and archived.run.model != settings.model:
        return False
    return {(s.location, s.sha256) for s in archived.sources} == {(d.location, d.sha256) for d in fresh}


def _nothing_new(desk: Desk, state: DeskState, day: str, intake: Intake, settings: Settings) -> Briefing:
    previous = state.previous_day(day)
    since = f" since the brief of {previous.date}" if previous else ""
    count = len(desk.file.sources)
    return Briefing(
        title="Nothing new",
        date=day,
        language=settings.language,
        bluf=f"Nothing new in the desk's {count} source{'s' if count != 1 else ''}{since}: "
        + (
            f"{intake.seen} item{'s' if intake.seen != 1 else ''} read, all briefed before."
            if intake.seen
            else f"{'it holds' if count == 1 else 'they hold'} no items yet."
        ),
        key_points=[],
        stories=[],
        actors=[],
        stakes=[],
        risks=[],
        quotes=[],
        sources=[],
        run=RunMetadata(
            model=settings.model or "none",
            endpoint="none",
            structured_output="none",
            prompts={},
            skipped_inputs=list(intake.skipped),
        ),
    )


def _context(desk: Desk, state: DeskState, brief: Briefing, intake: Intake) -> DeskDay:
    """The brief's place among the desk's days: the delta since the previous brief, stories carried on."""
    context = DeskDay(updated=intake.updated, seen=intake.seen, passed_over=intake.passed_over)
    if not brief.sources:
        return context
    look_back = desk.file.brief.look_back
    days = sorted(d.date for d in state.days.values() if d.date < brief.date and not d.nothing_new)
    recent = reversed(days[-look_back:]) if look_back else []
    earlier = [(d, b) for d in recent if (b := load_day(desk.briefs, d)) is not None]
    previous = state.previous_day(brief.date)
    if previous is not None:
        context.previous = previous.date
        before = next((b for d, b in earlier if d == previous.date), None) or load_day(desk.briefs, previous.date)
        if before is not None:
            context.delta = compare(before, brief)
    carried: set[str] = set()
    for date, before in earlier:  # newest first: a story continues from the last day that had it
        for old, new in matching_stories(before, brief):
            if new.id not in carried:
                carried.add(new.id)
                context.continues.append(
                    Continuation(story_id=new.id, date=date, earlier_id=old.id, headline=old.headline)
                )
    context.continues.sort(key=lambda c: [s.id for s in brief.stories].index(c.story_id))
    return context
