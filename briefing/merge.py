"""Merging what the chunks found into one cast of actors and one set of quotes.

The same person appears in many chunks, documents and languages: "Trump",
"Donald Trump", "Дональд Трамп". Names are compared by their words, folded,
stripped of corporate suffixes, transliterated to Latin letters and reduced to a
rough phonetic key, so "Токаев" meets "Tokayev" and "Кристофер" meets "Christofer". People match on the surname (and the
first name where both have one); organisations and countries only on the whole
name, since "Uzbekistan" and "Uzbekistan Airways" are different actors. Every
spelling seen is kept as an alias. Candidates are looked up by an index on the
surname's first letters, so merging stays near-linear in the number of findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .schema import Actor, ActorKind, Quote

_SUFFIXES = {"llc", "inc", "ltd", "corp", "corporation", "co", "plc", "gmbh", "ag", "sa", "jsc", "the"}
_WORD = re.compile(r"\w+", re.UNICODE)
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "y",
            "_",
            "e",
            "yu",
            "ya",
            "i",
            "yi",
            "ye",
            "g",
            "u",
        ],
        strict=True,
    )
)
_CYRILLIC_LANGUAGES = {"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"}


def _latin(word: str) -> str:
    return "".join(_CYRILLIC.get(ch, ch) for ch in word).replace("_", "")


_SOUNDS = [("x", "ks"), ("ph", "f"), ("ck", "k"), ("c", "k"), ("w", "v"), ("y", "i"), ("j", "i"), ("h", "")]


def _sound(word: str) -> str:
    """A rough phonetic key, so transliterations meet: Christofer/Кристофер, Tokayev/Токаев."""
    for spelled, sounded in _SOUNDS:
        word = word.replace(spelled, sounded)
    return word


def name_key(name: str) -> tuple[str, ...]:
    """Words of a name as comparison keys, without corporate suffixes: "Wabtec Corp." -> ("vabtek",)."""
    words = [w for w in _WORD.findall(name.casefold()) if w not in _SUFFIXES] or _WORD.findall(name.casefold())
    return tuple(_sound(_latin(w)) for w in words)


def transliterate(name: str) -> str:
    """A Cyrillic name in Latin letters, for a brief whose readers may not read Cyrillic."""
    return re.sub(r"\w+", lambda m: _latin(m.group(0).casefold()).capitalize(), name)


def _close(a: str, b: str) -> bool:
    """Equal, or one edit apart for words long enough that this is a spelling, not a name."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def _same_actor(a: tuple[str, ...], b: tuple[str, ...], kind: ActorKind) -> bool:
    if kind != "person":
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if not _close(a[-1], b[-1]):
        return False
    if len(a) > 1 and len(b) > 1:  # both give a first name: it must agree ("Kris" ~ "Kristofer")
        return a[0].startswith(b[0]) or b[0].startswith(a[0]) or _close(a[0], b[0])
    return True


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
    kind: ActorKind
    keys: set[tuple[str, ...]] = field(default_factory=set)
    findings: list[ActorFinding] = field(default_factory=list)


def merge_actors(findings: Iterable[ActorFinding], language: str = "en") -> list[Actor]:
    groups: list[_Group] = []
    index: dict[tuple[ActorKind, str], list[_Group]] = {}
    for finding in findings:
        key = name_key(finding.name)
        if not key:
            continue
        bucket = index.setdefault((finding.kind, key[-1][:2]), [])
        target = next((g for g in bucket if any(_same_actor(key, k, g.kind) for k in g.keys)), None)
        if target is None:
            target = _Group(kind=finding.kind)
            groups.append(target)
            bucket.append(target)
        target.keys.add(key)
        target.findings.append(finding)
    return [_to_actor(g, language) for g in groups]


def _in_brief_script(name: str, language: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in letters)
    wants_cyrillic = language in _CYRILLIC_LANGUAGES
    return bool(letters) and (cyrillic > len(letters) / 2) == wants_cyrillic


def _to_actor(group: _Group, language: str) -> Actor:
    # Prefer a name in the brief's script, then the fullest ("Donald Trump" over "Trump").
    names = [f.name.strip() for f in group.findings]
    name = max(names, key=lambda n: (_in_brief_script(n, language), len(name_key(n)), len(n)))
    if not _in_brief_script(name, language) and language not in _CYRILLIC_LANGUAGES:
        name = transliterate(name)
    spellings = set(names) | {f.mention.strip() for f in group.findings}
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
