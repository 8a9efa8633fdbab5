"""Grouping documents into stories, and dropping duplicate articles.

Several outlets run the same story; the brief should tell it once and cite them
all. Grouping is cheap and local, no model and no download:

- Duplicates: a syndicated copy carries the original's text plus the reprinting
  site's boilerplate, so a document is a duplicate when most of the *smaller*
  one's word shingles are in the other (containment, not Jaccard). The earliest
  published (then the shorter, boilerplate-free) copy is kept.
- Stories: two documents are about the same story when their word stems are
  close (TF-IDF cosine: words every article uses weigh little) or when they
  share most of their named actors, weighted by rarity (every Central Asia
  article names Kazakhstan and Russia; only the summit pieces name Landau and
  Cove Capital). Actors are merged across languages upstream, so they link a
  Russian and an English article on the same event. Reports of one event in
  several languages also share its numbers and dates ("$1.1 billion", "1,1 млрд",
  "1,1 Milliarden"; "November 12", "12 ноября", "12. November"): these anchors,
  weighted by rarity, count when a pair shares at least two of them (one date alone
  is every story of that day). Across languages words alone rarely meet; actors and
  anchors are what find the pairs (docs/quality.md). Names meet across scripts too, and not
  only the model's actors: the names a text writes with capitals inside its sentences, as
  consonant keys alike in any script and case ("Трампа", "Trump"; "Токаев", "Tokayev"),
  weighted by rarity, count when a pair shares at least three. A long analysis naming thirty
  actors shares too small a part of its cast with a short report of the same event for the
  actors' cosine, but its most written names are the event's (docs/corroboration.md).
  Groups are built by average linkage, so one loose link cannot chain unrelated stories together.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..ingest.documents import Document
from ..text import names
from ..text.numbers import canonical_number

_WORD = re.compile(r"\w{3,}", re.UNICODE)
# A word of four letters or more; one starting with a lowercase Latin or Cyrillic letter, the most of a text's
# words, is never a capitalised one and is skipped in C.
_CAPITALISED = re.compile(r"(?<![\w-])[^\W\d_a-zа-яё][\w-]{3,}")
_OPENS_SENTENCE = set(".!?…\n\r«“„\"'([—–-:")
DUPLICATE_CONTAINMENT = 0.8
STORY_SIMILARITY = 0.2
ACTOR_OVERLAP = 0.5
MIN_SHARED_ACTORS = 2
MIN_SHARED_ANCHORS = 2
MIN_SHARED_NAMES = 3
NAME_KEY = 4  # consonants of a name's key compared: "Трампом" and "Trump" meet, an ending is cut off

# Month names that date an event, in the languages our sources come in (Russian in the genitive).
MONTHS = {
    name: number
    for number, spelled in enumerate(
        [
            "jan january januar января январь", "feb february februar февраля февраль", "mar march märz марта март",
            "apr april апреля апрель", "may mai мая май", "jun june juni июня июнь", "jul july juli июля июль",
            "aug august августа август", "sep sept september сентября сентябрь", "oct october oktober октября октябрь",
            "nov november ноября ноябрь", "dec december dezember декабря декабрь",
        ],
        start=1,
    )
    for name in spelled.split()
}  # fmt: skip
_MONTH = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))
# Dates are found from their day number, looking around each number: a regex for
# "day month | month day" would be tried at every position of the text.
_MONTH_AFTER = re.compile(rf"\.?\s+({_MONTH})\b", re.IGNORECASE)
_MONTH_BEFORE = re.compile(rf"\b({_MONTH})\.?\s+$", re.IGNORECASE)
_ISO_TAIL = re.compile(r"-(\d{2})-(\d{2})\b")
# A number not inside a word, a version or an identifier ("C5+1"), and whether it is a percentage.
_NUMBER = re.compile(r"(?<![\w.,+-])(\d+(?:[.,]\d+)*)\s*(%|percent|prozent|процент)?", re.IGNORECASE)


def words_of(text: str) -> list[str]:
    """Casefolded words of three letters or more: what shingles, stems and sentence keys are made of."""
    return _WORD.findall(text.casefold())


def shingles(text: str) -> set[int]:
    """Every run of three words, hashed: ints build and compare faster than tuples (40 vs 60+ ms for 40 docs)."""
    words = words_of(text)
    return set(map(hash, zip(words, words[1:], words[2:], strict=False))) if len(words) >= 3 else {hash(tuple(words))}


def _stems(text: str) -> Counter[str]:
    # Six-letter prefixes, so inflected forms ("Казахстана", "Казахстан") still meet.
    return Counter(w[:6] for w in words_of(text) if len(w) >= 5 and not w.isdigit())


def anchors(text: str) -> Counter[str]:
    """The numbers and dates a text states, written alike across languages.

    "$4.2 billion", "4,2 миллиарда" -> "4.2"; "8,000" -> "8000"; "70 Prozent" -> "70%";
    "November 12", "12 ноября", "12. November", "2025-11-12" -> "11-12". Bare one-digit
    numbers are left out: every text has them.
    """
    found: Counter[str] = Counter()
    for match in _NUMBER.finditer(text):
        digits = match.group(1)
        if len(digits) == 4 and (iso := _ISO_TAIL.match(text, match.end(1))):
            found[f"{int(iso.group(1))}-{int(iso.group(2))}"] += 1
            continue
        if len(digits) <= 2 and not match.group(2):
            month = _MONTH_AFTER.match(text, match.end(1)) or _MONTH_BEFORE.search(
                text, max(0, match.start() - 12), match.start()
            )
            if month:
                found[f"{MONTHS[month.group(1).casefold()]}-{int(digits)}"] += 1
                continue
        number = canonical_number(digits)
        if match.group(2) or len(number) > 1:
            found[number + ("%" if match.group(2) else "")] += 1
    return found


def written_names(text: str) -> Counter[str]:
    """The names a text writes, as keys alike across scripts and cases: "Трампа", "Trump" -> "trmb".

    Capitalised words of four letters or more inside a sentence: a sentence's (or a quotation's)
    first word is capitalised whatever it is. German capitalises its nouns too, which rarely meet
    another language's names. One pass over the text, no sentence split: 0.17 s of CPU for the bench's 500 reports.
    """
    found: Counter[str] = Counter()
    for match in _CAPITALISED.finditer(text):
        word = match.group()
        if not word[:1].isupper():
            continue
        before = text[max(0, match.start() - 8) : match.start()].rstrip(" \t")[-1:]
        if (not before and match.start() < 8) or before in _OPENS_SENTENCE:
            continue
        if key := _name_key(word):
            found[key] += 1
    return found


@functools.lru_cache(maxsize=65536)  # a day's reports repeat their names: each is keyed once
def _name_key(word: str) -> str:
    """A name's key as written_names counts it, or "" for one too short to tell names apart."""
    key = names.skeleton(names.sound(word))
    return key[:NAME_KEY] if len(key) >= 3 else ""


def _containment(a: set, b: set) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def find_duplicates(docs: Sequence[Document]) -> dict[str, str]:
    """Duplicate document id -> id of the copy that is kept."""
    order = sorted(range(len(docs)), key=lambda i: (docs[i].date or "9999", len(docs[i].text), i))
    kept: list[tuple[str, set]] = []
    duplicates: dict[str, str] = {}
    for i in order:
        own = shingles(docs[i].text)
        original = next((doc_id for doc_id, other in kept if _containment(own, other) >= DUPLICATE_CONTAINMENT), None)
        if original is None:
            kept.append((docs[i].id, own))
        else:
            duplicates[docs[i].id] = original
    return duplicates


def drop_duplicates(docs: Sequence[Document]) -> tuple[list[Document], list[str]]:
    """Documents with the duplicates removed, and the ids of those removed."""
    duplicates = find_duplicates(docs)
    return [d for d in docs if d.id not in duplicates], [d.id for d in docs if d.id in duplicates]


def _idf(bags: Sequence[set[str] | Counter[str]]) -> dict[str, float]:
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(set(bag))
    n = len(bags)
    # Smoothed, so with two documents a shared word still weighs something.
    return {term: math.log((1 + n) / (1 + count)) + 1 for term, count in df.items()}


def _tfidf(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    vector = {t: (1 + math.log(c)) * idf[t] for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(a[t] * b[t] for t in a.keys() & b.keys())


def similarity_matrix(docs: Sequence[Document], actors_by_doc: dict[str, set[str]]) -> list[list[float]]:
    """How likely each pair of documents tells the same story, from 0 to 1."""
    stems = [_stems(d.text) for d in docs]
    stem_idf = _idf(stems)
    vectors = [_tfidf(s, stem_idf) for s in stems]
    actors = [{a.casefold() for a in actors_by_doc.get(d.id, set())} for d in docs]
    actor_idf = _idf(actors)
    numbers = [anchors(d.text) for d in docs]
    number_idf = _idf(numbers)
    number_vectors = [_tfidf(a, number_idf) for a in numbers]
    names_shared, names_cosine = _name_overlap([written_names(d.text) for d in docs])
    n = len(docs)
    matrix = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            score = _cosine(vectors[i], vectors[j])
            if len(numbers[i].keys() & numbers[j].keys()) >= MIN_SHARED_ANCHORS:
                score = max(score, _cosine(number_vectors[i], number_vectors[j]))
            if names_shared[i, j] >= MIN_SHARED_NAMES:
                score = max(score, float(names_cosine[i, j]))
            shared = actors[i] & actors[j]
            if len(shared) >= MIN_SHARED_ACTORS:
                # Cosine of rarity-weighted name sets: a short list of common names
                # inside a long cast is not the same story.
                weight = sum(actor_idf[a] ** 2 for a in shared)
                norms = math.sqrt(sum(actor_idf[a] ** 2 for a in actors[i]) * sum(actor_idf[a] ** 2 for a in actors[j]))
                overlap = weight / norms
                if overlap >= ACTOR_OVERLAP:
                    score = max(score, overlap)
            matrix[i][j] = matrix[j][i] = score
    return matrix


def _name_overlap(written: Sequence[Counter[str]]):
    """Per pair of documents, how many name keys they share and the cosine of their TF-IDF vectors.

    As matrix products: a day of 500 documents shares names across most pairs, and the same
    sums over dicts in Python loops cost 0.5 s of CPU.
    """
    import numpy as np  # here, not at import: rendering a brief never needs it

    idf = _idf(written)
    column = {key: i for i, key in enumerate(idf)}
    weights = np.zeros((len(written), len(column)))
    for row, counts in enumerate(written):
        for key, value in _tfidf(counts, idf).items():
            weights[row, column[key]] = value
    present = (weights > 0).astype(np.float64)
    return present @ present.T, weights @ weights.T


def group_stories(docs: Sequence[Document], actors_by_doc: dict[str, set[str]]) -> list[list[str]]:
    """Document ids grouped into stories, in order of first appearance."""
    return [[docs[i].id for i in cluster] for cluster in average_linkage(similarity_matrix(docs, actors_by_doc))]


def average_linkage(matrix: list[list[float]]) -> list[list[int]]:
    """Clusters of the matrix's indices: the closest pair of clusters merged while its average similarity holds.

    On numpy arrays: a day of 500 documents takes about 500 merges, each a search
    over every pair of clusters, which in Python loops cost 2.8 s of CPU (0.13 s here). The same
    float operations in the same order, so the clusters are exactly the loops'.
    """
    import numpy as np  # here, not at import: rendering a brief never needs it

    n = len(matrix)
    clusters: list[list[int]] = [[i] for i in range(n)]
    # total[x, y]: the summed similarity between clusters x and y. Merging y into x
    # adds y's row and column to x's, so the matrix shrinks with the clusters.
    total = np.array(matrix, dtype=np.float64).reshape(n, n)
    sizes = np.ones(n)
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)  # pairs x < y
    while len(clusters) > 1:
        k = len(clusters)
        scores = np.where(upper[:k, :k], total / np.outer(sizes, sizes), -np.inf).ravel()
        # The last of the best in row-major order: the largest x, then y, among equal scores.
        best = scores.size - 1 - int(np.argmax(scores[::-1]))
        if scores[best] < STORY_SIMILARITY:
            break
        x, y = divmod(best, k)
        clusters[x] = sorted(clusters[x] + clusters[y])
        del clusters[y]
        total[:, x] += total[:, y]
        total[x, :] += total[y, :]
        total = np.delete(np.delete(total, y, axis=0), y, axis=1)
        sizes[x] += sizes[y]
        sizes = np.delete(sizes, y)
    clusters.sort(key=lambda c: c[0])
    return clusters


def news_date(dates: Iterable[str | None]) -> str | None:
    """The day the documents report, or the range of days of several ("2025-11-06 – 2025-11-12").

    A brief is read as the news of its documents' day, not of the day it was run; None when no document says.
    """
    days = sorted({d[:10] for d in dates if d})
    if not days:
        return None
    return days[0] if len(days) == 1 else f"{days[0]} – {days[-1]}"
