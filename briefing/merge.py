"""Merging what the chunks found into one cast of actors and one set of quotes.

The same person appears in many chunks, documents and languages: "Trump",
"Donald Trump", "Дональд Трамп". The model names every actor in the brief's
language and also reports the mention as written, so actors are merged on the
names in the brief's language (exact after folding, or one name's words inside
the other's for the same kind) and every spelling seen is kept as an alias.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .schema import Actor, ActorKind, Quote

_SUFFIXES = {"llc", "inc", "ltd", "corp", "corporation", "co", "plc", "gmbh", "ag", "sa", "jsc", "oao", "ooo", "the"}
_WORD = re.compile(r"\w+", re.UNICODE)


def name_key(name: str) -> tuple[str, ...]:
    """Words of a name, folded, without corporate suffixes: "Wabtec Corp." -> ("wabtec",)."""
    words = [w for w in _WORD.findall(name.casefold()) if w not in _SUFFIXES]
    return tuple(words) or tuple(_WORD.findall(name.casefold()))


@dataclass
class ActorFinding:
    """One actor as one chunk saw it."""

    name: str
    mention: str
    kind: ActorKind
    role: str
    source_id: str


@dataclass
class _Group:
    keys: set[tuple[str, ...]]
    kind: ActorKind
    findings: list[ActorFinding] = field(default_factory=list)


def _same_actor(a: tuple[str, ...], b: tuple[str, ...], kind: ActorKind) -> bool:
    if a == b:
        return True
    if kind != "person":
        # "Cove Capital" and "Cove Capital LLC" fold alike already; subsets of
        # organisation names ("Uzbekistan" in "Uzbekistan Airways") are different actors.
        return False
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    # A surname alone ("Trump") joins the full name ("Donald Trump").
    return len(short) >= 1 and set(short) <= set(long_) and short[-1] == long_[-1]


def merge_actors(findings: Iterable[ActorFinding]) -> list[Actor]:
    groups: list[_Group] = []
    for finding in findings:
        key = name_key(finding.name)
        if not key:
            continue
        target = next(
            (g for g in groups if g.kind == finding.kind and any(_same_actor(key, k, g.kind) for k in g.keys)),
            None,
        )
        if target is None:
            target = _Group(keys=set(), kind=finding.kind)
            groups.append(target)
        target.keys.add(key)
        target.findings.append(finding)
    return [_to_actor(g) for g in groups]


def _to_actor(group: _Group) -> Actor:
    # The longest name is usually the fullest ("Donald Trump" over "Trump").
    name = max((f.name.strip() for f in group.findings), key=lambda n: (len(name_key(n)), len(n)))
    spellings = {f.name.strip() for f in group.findings} | {f.mention.strip() for f in group.findings}
    aliases = sorted(s for s in spellings if s and s != name)
    role = max((f.role.strip() for f in group.findings), key=len)
    sources = list(dict.fromkeys(f.source_id for f in group.findings))
    return Actor(name=name, kind=group.kind, role=role, aliases=aliases, source_ids=sources)


def dedupe_quotes(quotes: Iterable[Quote]) -> list[Quote]:
    """One quote per source span; an attributed copy wins over an unattributed one."""
    best: dict[tuple[str, int, int], Quote] = {}
    for quote in quotes:
        key = (quote.source_id, quote.start, quote.end)
        if key not in best or (best[key].speaker is None and quote.speaker):
            best[key] = quote
    return sorted(best.values(), key=lambda q: (q.source_id, q.start))
