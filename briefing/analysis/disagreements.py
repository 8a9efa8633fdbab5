"""Disagreements: figures that the reports of one story give differently.

When sources about one event state different amounts, counts, dates or percentages
for the same thing, the brief lists the disagreement with each value, the sentences
that give it and the outlets that hold it. Decided without the model, from the values
the sentences state (quantities.py):

Two reports that are not copies of one text (copies.py) disagree on a figure when each
gives a value of one kind and unit (an amount in dollars, a number of aircraft, a share,
a date given to the month) that the other never gives, and the two values are not one
value rounded or in another notation. The two figures must also be about the same thing:
the words around them share a name, a unit, a year or a word stem beyond the story's
main names, they are not told of different names, and an amount's, share's or date's
clause does not go on to different things. A figure and its parts ("40 routes" and
"28 … and 12 routes" in one sentence) agree; a figure given loosely ("about", "more
than", "около") contradicts nothing; a report that gives both values is in dispute with
neither; a dateline is when the outlet wrote, not a fact of the story.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..schema import CopyOf, Disagreement, Evidence, Position
from ..text import names
from ..text.sentences import Sentence
from .copies import Report, original_of
from .quantities import Value, compatible, describe, event_before, is_part_sum, unit_of, values_in, years_in

_DATELINE = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ .'-]+,\s*$")
MAX_POSITIONS = 4  # values of one disagreement
MAX_COMPARED = 16  # reports of one story compared figure by figure
WINDOW_WORDS = 6  # words either side of a figure that say what it is about
MAX_ABOUT_WORDS = 3
OBJECT_WORDS = 10  # words of the clause after a figure that say what it is of
COMMON_SHARE = 0.25  # of a story's sentences: a token this common (its main actors) tells no two figures apart


@dataclass(frozen=True, eq=False)  # one object per figure given: compared and hashed by identity
class Mention:
    """A figure one report gives, in its sentence."""

    value: Value
    source_id: str
    sentence: Sentence

    @functools.cached_property
    def around(self) -> set[str]:
        """What the figure is about (see _about_same)."""
        return _around(self)

    @functools.cached_property
    def name_tokens(self) -> set[str]:
        """The names (by sound) of what it is about: asked of one figure again for every pair."""
        return {t for t in self.around if t[0] == "n"}

    @functools.cached_property
    def object_stems(self) -> set[str]:
        """What an amount, share or date is of (see _object): asked of one figure again for every pair."""
        return _object(self)

    @property
    def evidence(self) -> Evidence:
        s = self.sentence
        return Evidence(source_id=self.source_id, start=s.start, end=s.end, text=s.text)


@dataclass
class StoryFigures:
    """A story's reports as compared: the figures each gives, and the words too common to tell figures apart."""

    id: str
    source_ids: list[str]  # the reports compared
    mentions: dict[str, list[Mention]] = field(default_factory=dict)  # by source
    common: frozenset[str] = frozenset()  # context tokens in COMMON_SHARE of the story's sentences or more
    all_ids: list[str] = field(default_factory=list)  # every report of the story, compared or not

    @functools.cached_property
    def by_slot(self) -> dict[str, dict[tuple[str, str], list[Mention]]]:
        """Each report's figures by what they measure."""
        found: dict[str, dict[tuple[str, str], list[Mention]]] = {}
        for sid, mentions in self.mentions.items():
            for m in mentions:
                found.setdefault(sid, {}).setdefault(m.value.slot, []).append(m)
        return found


@functools.lru_cache(maxsize=65536)  # a story's sentences repeat their words: each word is read once
def _token(word: str) -> str | None:
    """A word as context: its unit, a name by its sound (any script), or a word stem; None for a small word."""
    if unit := unit_of(word):
        return f"u{unit}"
    if word[:1].isupper() and len(word) > 3:
        return f"n{names.sound(word)}"
    if len(word) >= 5 and word.isalpha():
        return f"w{word.casefold()[:5]}"
    return None


def _window(text: str, start: int, end: int) -> list[str]:
    """The words either side of a figure, nearest first."""
    before = names.words(text[:start])[-WINDOW_WORDS:]
    after = names.words(text[end:])[:WINDOW_WORDS]
    return [w for pair in itertools.zip_longest(reversed(before), after) for w in pair if w]


def _context(text: str, start: int | None = None, end: int | None = None) -> set[str]:
    """What a stretch of text is about: names (by sound, any script), units, years, word stems."""
    words = _window(text, start, end) if start is not None and end is not None else names.words(text)
    found = {f"y{year}" for year in years_in(" ".join(words))}
    found.update(map(_token, words))  # in C: a sentence's words are mostly known to _token's cache
    found.discard(None)  # the small words
    return found


def _about_same(a: Mention, b: Mention, common: frozenset[str]) -> bool:
    """Whether two figures of one kind are about one thing: what surrounds them shares a telling token.

    A count's whole sentence is read, with the other figures it gives ("37 jets" and "29 jets"
    in sentences that both give the deal's $1.1 billion); an amount's, share's or date's nearest
    words. Tokens in a quarter of the story's sentences or more (its main actors) tell nothing apart;
    two figures each told of names the other's sentence does not give are about two subjects, and
    two amounts, shares or dates each followed by words the other's clause lacks are of two things.
    """
    if a.value.kind == "place":
        return True  # its slot holds its event's verb: "signed in Almaty", "signed in Astana"
    if a.value.kind == "date" and a.value.number // 10000 and a.value.number // 10000 == b.value.number // 10000:
        return True  # "March 2027" and "May 2027": one year's event
    objects = (a.object_stems, b.object_stems) if a.value.kind != "count" else (set(), set())
    if all(objects) and objects[0] - objects[1] and objects[1] - objects[0]:
        return False  # "a 33 percent rise in costs of the rail link", "a 57 percent rise … of the dredging"
    shared = (a.around & b.around) - common
    names_a, names_b = a.name_tokens - common, b.name_tokens - common
    if names_a and names_b and not names_a & names_b:
        return False  # "Northwind reported a 33 percent rise", "Helios reported a 13 percent rise": two subjects
    return bool(shared)


def _object(m: Mention) -> set[str]:
    """The word stems of the clause after a figure: what the amount, share or date is of."""
    clause = re.split(r"[,;:.!?()—–]", m.sentence.text[m.value.end :], maxsplit=1)[0]
    return {w.casefold()[:5] for w in names.words(clause)[:OBJECT_WORDS] if len(w) >= 5 and w.islower()}


def _around(m: Mention) -> set[str]:
    if m.value.kind != "count":
        return _context(m.sentence.text, m.value.start, m.value.end)
    others = {f"v{v.kind}{v.unit}{v.number:g}" for v in values_in(m.sentence.text) if v.start != m.value.start}
    return (_context(m.sentence.text) - {f"u{m.value.unit}"}) | others


def states(mentions: Mapping[tuple[str, str], Sequence[Mention]], value: Value) -> bool:
    """Whether a report gives this value: itself, rounded, in another notation, or as the sum of its parts."""
    same_slot = mentions.get(value.slot, ())
    if any(compatible(m.value, value) for m in same_slot):
        return True
    by_sentence: dict[int, list[Value]] = {}
    for m in same_slot:
        by_sentence.setdefault(m.sentence.start, []).append(m.value)
    return any(is_part_sum(value, parts) for parts in by_sentence.values())


def is_dateline(value: Value, text: str) -> bool:
    """ "ALMATY, March 4 (Northwire) -": when the outlet wrote, not a fact of the story."""
    return value.kind == "date" and bool(_DATELINE.match(text[: value.start]))


def _mentions(report: Report) -> list[Mention]:
    found = []
    for sentence in report.sentences:
        for value in values_in(sentence.text):
            if not is_dateline(value, sentence.text):
                found.append(Mention(value, report.id, sentence))
    return found


def _disputes(story: StoryFigures, copies: Mapping[str, CopyOf]) -> list[tuple[Mention, Mention]]:
    pairs = []
    said: dict[tuple[str, str, str, float, float, str], bool] = {}

    def gives(source_id: str, mention: Mention) -> bool:
        # Whether a report states a value depends on the value, not on where it is written: a figure
        # many reports repeat is looked up in each report once.
        v = mention.value
        key = (source_id, v.kind, v.unit, v.number, v.step, v.key)
        if key not in said:
            said[key] = states(story.by_slot.get(source_id, {}), v)
        return said[key]

    ids = [i for i in story.source_ids if story.mentions.get(i) and i not in copies]  # a copy repeats its original
    for x, a_id in enumerate(ids):
        for b_id in ids[x + 1 :]:
            if original_of(a_id, copies) == original_of(b_id, copies):
                continue
            b_slots = story.by_slot.get(b_id, {})
            unsaid: dict[tuple[str, str], list[Mention]] = {}  # b's precise figures a's report does not give
            for a in story.mentions[a_id]:
                if a.value.loose or gives(b_id, a):
                    continue
                # Only figures of one slot are compared. None of b's is compatible with a: b's report
                # does not give a's value (states), so each pair here gives two values.
                slot = a.value.slot
                if slot not in unsaid:
                    unsaid[slot] = [b for b in b_slots.get(slot, ()) if not b.value.loose and not gives(a_id, b)]
                pairs.extend((a, b) for b in unsaid[slot] if _about_same(a, b, story.common))
    return pairs


def _components(pairs: Sequence[tuple[Mention, Mention]]) -> list[list[Mention]]:
    """The figures linked by disputes, in groups: one group, one disagreement."""
    parent: dict[Mention, Mention] = {}

    def root(m: Mention) -> Mention:
        while parent.setdefault(m, m) is not m:
            parent[m] = parent[parent[m]]  # path halving: a story's many pairs make long chains otherwise
            m = parent[m]
        return m

    for a, b in pairs:
        parent[root(a)] = root(b)
    groups: dict[Mention, list[Mention]] = {}
    for m in parent:
        groups.setdefault(root(m), []).append(m)
    return list(groups.values())


def _positions(mentions: Sequence[Mention], copies: Mapping[str, CopyOf]) -> list[tuple[Position, Value]]:
    clusters: list[list[Mention]] = []
    for m in sorted(mentions, key=lambda m: (m.source_id, m.value.start, m.sentence.start)):
        home = next((c for c in clusters if compatible(c[0].value, m.value)), None)
        (home.append(m) if home is not None else clusters.append([m]))
    positions = []
    for cluster in clusters:
        evidence = {(m.source_id, m.sentence.start): m.evidence for m in cluster}
        holders = list(dict.fromkeys(m.source_id for m in cluster))
        independent, copied = one_per_original(holders, copies)
        position = Position(
            value=cluster[0].value.text,
            evidence=[evidence[k] for k in sorted(evidence)],
            sources=independent,
            copies=copied,
        )
        positions.append((position, cluster[0].value))
    return sorted(positions, key=lambda p: (-len(p[0].sources), p[0].value))


def one_per_original(holders: Sequence[str], copies: Mapping[str, CopyOf]) -> tuple[list[str], list[str]]:
    """The holders, one per original text (the original itself when it is among them), and the other copies."""
    chosen: dict[str, str] = {}
    for holder in holders:
        original = original_of(holder, copies)
        if original not in chosen or holder == original:
            chosen[original] = holder
    independent = sorted(chosen.values())
    return independent, sorted(h for h in holders if h not in independent)


@dataclass(frozen=True)
class Dispute:
    """A disagreement as the brief shows it, and the value of each position, for the claims to be held to."""

    disagreement: Disagreement
    values: tuple[Value, ...]  # each position's value, in the order of the positions


def find_disputes(stories: Sequence[StoryFigures], copies: Mapping[str, CopyOf]) -> list[Dispute]:
    found: list[Dispute] = []
    for story in stories:
        for group in _components(_disputes(story, copies)):
            # Copies of a disputing report hold its value too: add the story's other mentions of these values.
            slot = group[0].value.slot
            extra = [
                m
                for mentions in story.mentions.values()
                for m in mentions
                if m not in group
                and m.value.slot == slot
                and any(_holds_too(m, g, copies, story.common) for g in group)
            ]
            positions = _positions([*group, *extra], copies)
            if not 2 <= len(positions) <= MAX_POSITIONS:
                continue  # many values linked pair by pair are figures of many things, not one disputed
            first = group[0].value
            disagreement = Disagreement(
                id=f"disagreement-{len(found) + 1}",
                story_id=story.id,
                about=_about(group, story.common),
                kind=first.kind,  # type: ignore[arg-type]
                positions=[p for p, _ in positions],
            )
            found.append(Dispute(disagreement, tuple(v for _, v in positions)))
    return found


def _holds_too(m: Mention, g: Mention, copies: Mapping[str, CopyOf], common: frozenset[str]) -> bool:
    """A mention giving a disputed value about the same thing: a copy's, or a third report's."""
    if not compatible(m.value, g.value):
        return False
    return original_of(m.source_id, copies) == original_of(g.source_id, copies) or _about_same(m, g, common)


def _about(group: Sequence[Mention], common: frozenset[str]) -> str:
    """What the disputed figures measure, and the nearest words their sentences share: "number of jobs (Kazakhstan)"."""
    first = group[0]
    label = describe(first.value)
    label = f"number of {label}" if first.value.kind == "count" else label
    if first.value.kind == "place":  # its event: "place (signed)"
        return f"{label} ({event_before(first.sentence.text, first.value.start)})"
    other = next((m for m in group if not compatible(m.value, first.value)), first)
    shared = (first.around & other.around) - common - {f"u{first.value.unit}"}
    words = _window(first.sentence.text, first.value.start, first.value.end)
    near = list(dict.fromkeys(w for w in words if _token(w) in shared))[:MAX_ABOUT_WORDS]
    return f"{label} ({', '.join(near)})" if near else label


def story_figures(
    number: int, group: Sequence[str], reports: Mapping[str, Report], copies: Mapping[str, CopyOf]
) -> StoryFigures:
    """A story as compared: its first MAX_COMPARED originals and their copies, with the figures they give.

    The pairs of reports grow with the square of a story's size, and a story of hundreds of
    reports is a topic, not an event: beyond MAX_COMPARED originals a claim's count of independent
    sources is a lower bound (its own evidence always counts).
    """
    originals = [sid for sid in group if sid in reports and sid not in copies][:MAX_COMPARED]
    members = [sid for sid in group if sid in reports and original_of(sid, copies) in originals]
    return StoryFigures(
        f"story-{number}",
        members,
        {sid: _mentions(reports[sid]) for sid in members},
        _common([reports[sid] for sid in members]),
        all_ids=list(group),
    )


def _common(reports: Sequence[Report]) -> frozenset[str]:
    counts: Counter[str] = Counter()
    total = 0
    read: dict[str, set[str]] = {}  # by a sentence's text: copies and wires repeat sentences
    for report in reports:
        for sentence in report.sentences:
            if sentence.text not in read:
                read[sentence.text] = _context(sentence.text)
            counts.update(read[sentence.text])
            total += 1
    return frozenset(token for token, n in counts.items() if n >= COMMON_SHARE * total)
