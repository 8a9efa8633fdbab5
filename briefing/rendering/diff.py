"""What changed since yesterday: two briefs in, new, resolved and changed items out.

A reader who saw yesterday's brief wants the delta first. Items are matched
across runs by what stays stable when the model rewords things: stories by the
sources they cite (URL or path, else text hash), then by headline words; actors
by their folded names and aliases; risks by the words of their description.
An item found on both days is *changed* when what matters about it moved: a
risk's likelihood or impact, an actor's kind or role, a story's sources or key
points. The result is a pydantic model rendered through templates like a brief.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from ..analysis.merge import name_key
from ..schema import Actor, BriefDiff, Briefing, Change, DiffItem, Risk, Section, Story
from .render import load_briefing, render_template

_WORD = re.compile(r"\w{3,}", re.UNICODE)
TEXT_MATCH = 0.5
STORY_MATCH = 0.3
LEVEL_RANK = {"low": 0, "medium": 1, "high": 2}


def _words(text: str) -> set[str]:
    return {w[:6] for w in _WORD.findall(text.casefold())}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _pair(
    before: Sequence[DiffItem],
    after: Sequence[DiffItem],
    score: Callable[[DiffItem, DiffItem], float],
    threshold: float,
) -> tuple[list[tuple[DiffItem, DiffItem]], list[DiffItem], list[DiffItem]]:
    """Greedy best-first matching: pairs, unmatched before (resolved), unmatched after (new)."""
    candidates = sorted(
        ((score(b, a), i, j) for i, b in enumerate(before) for j, a in enumerate(after)), key=lambda t: -t[0]
    )
    used_b: set[int] = set()
    used_a: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for value, i, j in candidates:
        if value < threshold:
            break
        if i in used_b or j in used_a:
            continue
        used_b.add(i)
        used_a.add(j)
        pairs.append((i, j))
    pairs.sort(key=lambda p: p[1])
    return (
        [(before[i], after[j]) for i, j in pairs],
        [b for i, b in enumerate(before) if i not in used_b],
        [a for j, a in enumerate(after) if j not in used_a],
    )


def _section(
    pairs: list[tuple[DiffItem, DiffItem]],
    resolved: list[DiffItem],
    new: list[DiffItem],
    what: Callable[[DiffItem, DiffItem], list[str]],
) -> Section:
    changed = [Change(before=b, after=a, what=w) for b, a in pairs if (w := what(b, a))]
    return Section(new=new, resolved=resolved, changed=changed, unchanged=len(pairs) - len(changed))


def _story_keys(brief: Briefing) -> dict[str, set[str]]:
    sources = {s.id: s for s in brief.sources}
    return {
        story.id: {sources[i].location if i in sources else i for i in story.source_ids}
        | {sources[i].sha256 for i in story.source_ids if i in sources}
        for story in brief.stories
    }


def _story_score(before: Briefing, after: Briefing) -> Callable[[Story, Story], float]:
    keys_b, keys_a = _story_keys(before), _story_keys(after)

    def score(b: Story, a: Story) -> float:
        return max(_jaccard(keys_b[b.id], keys_a[a.id]), _jaccard(_words(b.headline), _words(a.headline)))

    return score


def matching_stories(before: Briefing, after: Briefing) -> list[tuple[Story, Story]]:
    """The stories of `after` that carry on one of `before`, as (before, after) pairs."""
    return _pair(before.stories, after.stories, _story_score(before, after), STORY_MATCH)[0]


def _stories(before: Briefing, after: Briefing) -> Section[Story]:
    # A source is the same document when its text is: the same file read from another
    # folder, or a page fetched again unchanged, is not news.
    content_b = {s.id: s.sha256 for s in before.sources}
    content_a = {s.id: s.sha256 for s in after.sources}

    def what(b: Story, a: Story) -> list[str]:
        out = []
        added = {content_a.get(i, i) for i in a.source_ids} - {content_b.get(i, i) for i in b.source_ids}
        if added:
            out.append(f"{len(added)} new source{'s' if len(added) != 1 else ''}")
        old_points = {p.text for p in b.key_points}
        new_points = [p.text for p in a.key_points if p.text not in old_points]
        if new_points:
            out.append("new: " + "; ".join(new_points))
        return out

    return _section(*_pair(before.stories, after.stories, _story_score(before, after), STORY_MATCH), what)


def _risks(before: Briefing, after: Briefing) -> Section[Risk]:
    def score(b: Risk, a: Risk) -> float:
        return _jaccard(_words(b.description), _words(a.description))

    def what(b: Risk, a: Risk) -> list[str]:
        out = []
        for field in ("likelihood", "impact"):
            old, new = getattr(b, field), getattr(a, field)
            if old != new:
                arrow = "up" if LEVEL_RANK[new] > LEVEL_RANK[old] else "down"
                out.append(f"{field} {arrow}: {old} → {new}")
        return out

    return _section(*_pair(before.risks, after.risks, score, TEXT_MATCH), what)


def _actor_keys(actor: Actor) -> set[tuple[str, ...]]:
    return {name_key(n) for n in [actor.name, *actor.aliases]} - {()}


def _actors(before: Briefing, after: Briefing) -> Section[Actor]:
    def score(b: Actor, a: Actor) -> float:
        if b.kind != a.kind and name_key(b.name) != name_key(a.name):
            return 0.0
        return 1.0 if _actor_keys(b) & _actor_keys(a) else 0.0

    def what(b: Actor, a: Actor) -> list[str]:
        out = []
        if b.kind != a.kind:
            out.append(f"kind: {b.kind} → {a.kind}")
        if _jaccard(_words(b.role), _words(a.role)) < TEXT_MATCH:
            out.append(f"role: {a.role}")
        return out

    return _section(*_pair(before.actors, after.actors, score, 1.0), what)


def compare(before: Briefing, after: Briefing) -> BriefDiff:
    """What is new, resolved and changed in `after` compared with `before`."""
    return BriefDiff(
        before_title=before.title,
        before_date=before.date,
        after_title=after.title,
        after_date=after.date,
        stories=_stories(before, after),
        risks=_risks(before, after),
        actors=_actors(before, after),
    )


def render_diff(before: Path, after: Path, template: str | Path = "diff.md.j2") -> str:
    """Load two brief.json files and render what changed between them."""
    return render_template(template, diff=compare(load_briefing(before), load_briefing(after)))
