"""Grouping documents into stories, and dropping duplicate articles.

Several outlets run the same story; the brief should tell it once and cite them
all. Grouping is cheap and local: documents that share most of their word
shingles are duplicates (the later one is dropped), and documents that share
enough vocabulary or named actors are one story. No model, no download.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .documents import Document

_WORD = re.compile(r"\w{3,}", re.UNICODE)
DUPLICATE_SIMILARITY = 0.8
STORY_SIMILARITY = 0.2
STORY_SHARED_ACTORS = 3


def _shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    return {tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def _vocabulary(text: str) -> set[str]:
    # Word stems, so inflected forms of a name or term still meet.
    return {w[:6] for w in _WORD.findall(text.casefold()) if len(w) >= 5}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def drop_duplicates(docs: Sequence[Document]) -> tuple[list[Document], list[str]]:
    """Documents with the duplicates removed, and the ids of those removed."""
    kept: list[Document] = []
    kept_shingles: list[set] = []
    dropped: list[str] = []
    for doc in docs:
        shingles = _shingles(doc.text)
        if any(_jaccard(shingles, other) >= DUPLICATE_SIMILARITY for other in kept_shingles):
            dropped.append(doc.id)
            continue
        kept.append(doc)
        kept_shingles.append(shingles)
    return kept, dropped


def group_stories(docs: Sequence[Document], actors_by_doc: dict[str, set[str]]) -> list[list[str]]:
    """Document ids grouped into stories, in order of first appearance."""
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    vocab = [_vocabulary(d.text) for d in docs]
    for i in range(len(docs)):
        for j in range(i + 1, len(docs)):
            shared_actors = actors_by_doc.get(docs[i].id, set()) & actors_by_doc.get(docs[j].id, set())
            if _jaccard(vocab[i], vocab[j]) >= STORY_SIMILARITY or len(shared_actors) >= STORY_SHARED_ACTORS:
                parent[find(j)] = find(i)
    groups: dict[int, list[str]] = {}
    for i, doc in enumerate(docs):
        groups.setdefault(find(i), []).append(doc.id)
    return list(groups.values())
