"""The hierarchical reduce: a day whose notes do not fit one synthesis call still gets its brief.

The synthesis reads every note of the day in one call (pipeline.py). A desk's day of
hundreds of articles has thousands of notes, far more than a small model's context
window holds. When the synthesis prompt would not fit, the notes are condensed first:
taken in story order, a story whole (small neighbours together, a huge story in parts),
in groups that fit the window, one call of the condense prompt each, which merges a
group's notes into fewer notes citing the numbers of the notes they merge. Levels
repeat until the synthesis fits; the calls of a level run concurrently.

The model never writes evidence. A condensed note's evidence is the union of the
sentences behind the notes it cites; a cited number that is not in its group drops it,
as does an amount or date its evidence does not state (evidence.numbers_kept). A stake
stays a stake of a holder among the stakes it merges and a risk keeps levels its
risks had. Each story keeps its own list of notes, so stories keep their sources, and
evidence.build_claims turns the synthesis' citations into evidence unchanged. A day
that fits makes no condense call and sends the synthesis exactly what it did before.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field
from typing import Any

from ..errors import ContextOverflow
from ..fanout import start_all
from ..models.budget import ContextBudget, estimate_tokens
from ..models.calls import Calls, Request
from ..models.prompts import Prompt
from ..replies import Condensed, CondensedNote, Synthesis
from ..schema import Evidence
from .notes import Note, note_line, numbers_kept

Numbered = list[list[tuple[int, Note]]]
"""Notes grouped by story (one list per story, in story order), numbered from 1 across the brief."""

MOST_PER_CALL = 10  # Condensed.notes' cap: a reply of ten notes fits the default 1,024-token reply budget
MAX_RATIO = 6  # one level merges at most this many notes into one: beyond it, another level
_LEVELS = ("low", "medium", "high")
_HEADER = 6  # tokens of a "Story N:" line


@dataclass
class Condenser:
    """What the reduce needs from the pipeline that conducts it."""

    prompt: Prompt  # prompts/condense.*.j2
    call: Callable[[Request], Any]  # the run's cached, structured call
    room: Callable[[Prompt, dict[str, Any], type], int]  # tokens a call leaves free in the window (estimated)
    synthesis_room: Callable[[Numbered], int]  # the same for the synthesis of these notes
    budget: ContextBudget
    workers: int
    progress: Callable[[str, int, int], None]
    stop: Callable[[], None]  # stop the model's calls in flight when one fails


@dataclass
class Reduced:
    """The notes the synthesis reads, and what condensing them took."""

    numbered: Numbered
    calls: list[int] = field(default_factory=list)  # condense calls at each level
    dropped: int = 0  # condensed notes that cited what their group did not hold, or lost an amount


@dataclass
class _Group:
    """Notes condensed by one call: (story index, number, note) in story order."""

    notes: list[tuple[int, int, Note]]
    most: int = 1

    def context(self) -> dict[str, Any]:
        stories: list[dict[str, Any]] = []
        for story, number, note in self.notes:
            if not stories or stories[-1]["number"] != story + 1:
                stories.append({"number": story + 1, "lines": []})
            stories[-1]["lines"].append(note_line(number, note))
        return {"stories": stories, "most": self.most}

    def label(self, level: int) -> str:
        first, last = self.notes[0][0] + 1, self.notes[-1][0] + 1
        where = f"story {first}" if first == last else f"stories {first}-{last}"
        return f"condense, level {level}, {where}"


def synthesis_context(
    numbered: Numbered, actor_names: list[str], differ: Mapping[int, list[str]] | None = None
) -> dict[str, Any]:
    """What the synthesis prompt is filled with: each story's note lines, the actors' names, and
    per story (numbered from 1) the figures its sources give differently, so no summary states one as fact."""
    stories = [[note_line(number, note) for number, note in story] for story in numbered]
    differ = differ or {}
    return {
        "stories": stories,
        "actors": actor_names,
        "differ": [differ.get(n, []) for n in range(1, len(stories) + 1)],
    }


def condensed(
    numbered: Numbered,
    actor_names: list[str],
    calls: Calls,
    prompts: tuple[Prompt, Prompt],
    progress: Callable[[str, int, int], None],
    differ: Mapping[int, list[str]] | None = None,
) -> Reduced:
    """The notes, condensed with `calls` when their synthesis would not fit the window.

    `prompts` are the condense and the synthesis prompt; `differ`, the disagreement lines the
    synthesis is sent with the notes (synthesis_context), which take room in its window too.
    """
    model = calls.model
    if model.budget is None:  # a test double: no window
        return Reduced(numbered)
    condense_prompt, synthesize_prompt = prompts
    condenser = Condenser(
        prompt=condense_prompt,
        call=calls.call,
        room=calls.room,
        synthesis_room=lambda notes: calls.room(
            synthesize_prompt, synthesis_context(notes, actor_names, differ), Synthesis
        ),
        budget=model.budget,
        workers=max(1, min(calls.settings.concurrency, model.max_concurrency)),
        progress=progress,
        stop=model.stop,
    )
    return condense(numbered, condenser)


def condense(numbered: Numbered, condenser: Condenser) -> Reduced:
    """The notes as they are when the synthesis fits, else condensed level by level until it does."""
    reduced = Reduced(numbered)
    while (room := condenser.synthesis_room(reduced.numbered)) < 0:
        notes = sum(len(story) for story in reduced.numbered)
        size = sum(_line_tokens(n, note) for story in reduced.numbered for n, note in story)
        capacity = size + room  # what the synthesis prompt holds of note lines
        if capacity <= 0:
            raise _overflow("synthesis", "the prompt does not fit even without its notes", condenser)
        # Merge no harder than needed (with a margin: merged notes run longer), never more than MAX_RATIO to one.
        ratio = max(1 / MAX_RATIO, 0.8 * capacity / size)
        groups = _groups(reduced.numbered, ratio, condenser)
        level = len(reduced.calls) + 1
        replies = _call_all([g for g in groups if len(g.notes) > 1], condenser, level, sum(reduced.calls))
        reduced = _next_level(reduced, groups, replies)
        if sum(len(story) for story in reduced.numbered) >= notes:
            detail = f"{notes:,} notes (~{size:,} tokens) do not fit after {level} levels of condensing"
            raise _overflow("synthesis", detail, condenser)
    return reduced


def _line_tokens(number: int, note: Note) -> int:
    return estimate_tokens(note_line(number, note)) + 1


def _overflow(label: str, detail: str, condenser: Condenser) -> ContextOverflow:
    budget = condenser.budget
    return ContextOverflow(
        f"{label}: {detail} in the {budget.window:,}-token context window of {budget.model} "
        "(--context-window if it has more)"
    )


def _groups(numbered: Numbered, ratio: float, condenser: Condenser) -> list[_Group]:
    """Consecutive notes in story order, as many to a call as the window and the reply's cap allow."""
    free = condenser.room(condenser.prompt, _Group([], MOST_PER_CALL).context(), Condensed)
    largest = max(1, math.floor(MOST_PER_CALL / ratio))  # notes a call may take and still merge them into ten
    groups: list[_Group] = []
    current: list[tuple[int, int, Note]] = []
    used = 0
    for story, notes in enumerate(numbered):
        for number, note in notes:
            cost = _line_tokens(number, note) + (_HEADER if not current or current[-1][0] != story else 0)
            if cost + _HEADER > free:
                detail = f"note [{number}] (~{cost:,} tokens) leaves no room even alone"
                raise _overflow(f"condense, story {story + 1}", detail, condenser)
            if current and (used + cost > free or len(current) >= largest):
                groups.append(_Group(current))
                current, used = [], 0
                cost = _line_tokens(number, note) + _HEADER
            current.append((story, number, note))
            used += cost
    if current:
        groups.append(_Group(current))
    fitted: list[_Group] = []
    for group in groups:
        fitted.extend(_fit(group, ratio, condenser))
    return fitted


def _fit(group: _Group, ratio: float, condenser: Condenser) -> list[_Group]:
    """The group, or its halves where the rendered prompt counts more than its lines added up to."""
    group.most = max(1, min(MOST_PER_CALL, math.floor(len(group.notes) * ratio)))
    if len(group.notes) < 2 or condenser.room(condenser.prompt, group.context(), Condensed) >= 0:
        return [group]
    half = len(group.notes) // 2
    return _fit(_Group(group.notes[:half]), ratio, condenser) + _fit(_Group(group.notes[half:]), ratio, condenser)


def _call_all(groups: list[_Group], condenser: Condenser, level: int, done_before: int) -> dict[int, Condensed]:
    """One condense call per group, concurrently; a failure stops the others and ends the reduce."""
    total = done_before + len(groups)
    condenser.progress("condense", done_before, total)

    def one(group: _Group) -> Condensed:
        return condenser.call(Request(condenser.prompt, group.context(), Condensed, group.label(level)))

    futures = start_all(one, groups, condenser.workers)
    index = {future: id(group) for future, group in zip(futures, groups, strict=True)}
    replies: dict[int, Condensed] = {}
    pending = set(futures)
    try:
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                replies[index[future]] = future.result()
            condenser.progress("condense", done_before + len(replies), total)
    except BaseException:
        condenser.stop()  # as in the map stage: no waiting on calls in flight, none started after
        for future in pending:
            future.cancel()
        raise
    return replies


def _next_level(reduced: Reduced, groups: Sequence[_Group], replies: dict[int, Condensed]) -> Reduced:
    """Each group's condensed notes (or its single note, carried over) filed under their stories, renumbered."""
    stories: list[list[Note]] = [[] for _ in reduced.numbered]
    dropped = reduced.dropped
    for group in groups:
        if len(group.notes) == 1:
            story, _, note = group.notes[0]
            stories[story].append(note)
            continue
        inputs = {number: (story, note) for story, number, note in group.notes}
        kept = []
        for draft in replies[id(group)].notes:
            result = _condensed(draft, inputs)
            if result is None:
                dropped += 1
            else:
                kept.append(result)
        for story, note in kept[: group.most]:
            stories[story].append(note)
    numbered: Numbered = []
    counter = 0
    for notes in stories:
        numbered.append([(counter + i, note) for i, note in enumerate(notes, start=1)])
        counter += len(notes)
    return Reduced(numbered, [*reduced.calls, sum(len(g.notes) > 1 for g in groups)], dropped)


def _condensed(draft: CondensedNote, inputs: dict[int, tuple[int, Note]]) -> tuple[int, Note] | None:
    """The merged note with the evidence of the notes it cites, filed under the story most of them are in."""
    if not draft.notes or any(n not in inputs for n in draft.notes) or not draft.text.strip():
        return None
    cited = [inputs[n] for n in dict.fromkeys(draft.notes)]
    spans: dict[tuple[str, int, int], Evidence] = {}
    for _, note in cited:
        for item in note.evidence:
            spans.setdefault((item.source_id, item.start, item.end), item)
    evidence = tuple(sorted(spans.values(), key=lambda e: (e.source_id, e.start)))
    text = draft.text.strip()
    if not evidence or not numbers_kept(text, evidence):
        return None
    stories = [story for story, _ in cited]
    story = max(dict.fromkeys(stories), key=stories.count)  # the most cited; the first among equals
    kinds = [note for _, note in cited if note.kind == draft.kind]
    note = Note(draft.kind, text, evidence[0].source_id, evidence)
    if draft.kind == "stake":
        note = _stake(note, draft, kinds)
    elif draft.kind == "risk":
        note = _risk(note, draft, kinds)
    return None if note is None else (story, note)


def _stake(note: Note, draft: CondensedNote, stakes: list[Note]) -> Note | None:
    """A stake of a holder among the stakes it merges (never one the model brought in), same direction."""
    holders = {(s.holder or "").strip().casefold(): s.holder for s in stakes}
    wanted = (draft.holder or "").strip().casefold()
    if wanted not in holders:
        if len(holders) != 1:
            return None
        wanted = next(iter(holders))
    directions = {s.direction for s in stakes if (s.holder or "").strip().casefold() == wanted}
    direction = (
        draft.direction if draft.direction in directions else (directions.pop() if len(directions) == 1 else "mixed")
    )
    return Note("stake", note.text, note.source_id, note.evidence, holder=holders[wanted], direction=direction)


def _risk(note: Note, draft: CondensedNote, risks: list[Note]) -> Note | None:
    """A risk with levels its risks had: the model's pick among them, else the highest."""
    if not risks:
        return None

    def level(picked: str | None, had: list[str | None]) -> str:
        known = [x for x in had if x in _LEVELS]
        if picked in known:
            return picked
        return max(known, key=_LEVELS.index) if known else "medium"

    return Note(
        "risk", note.text, note.source_id, note.evidence,
        likelihood=level(draft.likelihood, [r.likelihood for r in risks]),
        impact=level(draft.impact, [r.impact for r in risks]),
    )  # fmt: skip
