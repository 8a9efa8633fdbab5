"""The names an excerpt writes with capitals: offered to the local model, or found without it.

A 1.5B model asked to find every name in a Russian excerpt misses some; given the names the
text writes with capitals, it sorts them instead, which it does far better (docs/quality.md).
A run of capitalised words is one candidate, split
where a country or an acronym stands in it ("США Кристофер Ландау" is two names); a sentence's
first word counts only when it is capitalised inside a sentence too. Only Cyrillic excerpts are
offered names: in English ones the model found the names unaided and the list only added
"U.", "Wednesday" and "We" to the actors (the multilingual day); German capitalises every noun.

Countries are not the model's to find: they are a closed set that `countries.py` names better
than a 1.5B model does ("Kazakhstan", not "Kazakhстан"), and they were half of what it
wrote as actors. `named_countries` finds them in the excerpt and the local prompt leaves them out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from ..text.countries import canonical_country, country_at
from ..text.names import MIN_STEM, is_cyrillic, same_word

_TOKEN = re.compile(r"[\w'’&+-]+\.?|[^\w\s]", re.UNICODE)
_ABBREVIATION = re.compile(r"[A-ZА-Я][\w.]{0,3}\.$")  # "Corp.", "Ltd.", "U.S.": the dot is part of the name


# Lowercase words inside names ("Лула да Силва"), in Cyrillic and in the Latin originals.
_PARTICLES = {"да", "де", "дос", "ду", "ван", "фон", "дер", "ибн", "бен", "аль", "эль",
              "da", "de", "dos", "do", "van", "von", "der", "ibn", "bin", "al", "el"}  # fmt: skip


def _written_inside(first: str, inside: Mapping[str, Sequence[str]]) -> bool:
    """A sentence's first word is a name when it is an acronym, or stands capitalised inside a sentence
    too, maybe inflected ("Трамп" and "Трампа"). `inside`: those words by their first MIN_STEM letters
    (same_word joins no two words that differ there)."""
    if len(first) > 1 and first.isupper():
        return True
    return any(same_word(first, w) for w in inside.get(first[:MIN_STEM], ()))


def _stands_alone(token: str) -> bool:
    """An acronym or a country, which a run of capitals joins to the name after it ("Казахстана Касым-Жомарт")."""
    return (len(token) > 1 and token.isupper()) or canonical_country(token, inflected=True) is not None


class _Found:
    """Names found so far, by their number of words and their first word's first MIN_STEM letters: a name
    is another's inflected form only if those are the same (same_word joins no two words that differ
    there), so each new name is compared with those alone, not with every name found before it."""

    def __init__(self, names: Sequence[str]) -> None:
        self._by_start: dict[tuple[int, str], list[list[str]]] = {}
        for name in names:
            self.add(name)

    @staticmethod
    def _words(name: str) -> tuple[list[str], tuple[int, str]]:
        words = name.casefold().split()
        return words, (len(words), words[0][:MIN_STEM] if words else "")

    def add(self, name: str) -> None:
        words, start = self._words(name)
        self._by_start.setdefault(start, []).append(words)

    def inflected(self, name: str) -> bool:
        """Whether `name` is a name found, in some form."""
        words, start = self._words(name)
        return any(all(map(same_word, words, other)) for other in self._by_start.get(start, ()))


def _word(token: str) -> str:
    # Only a token ending in a dot changes: most tokens are decided without the regex.
    return token if token[-1:] != "." or _ABBREVIATION.match(token) else token.rstrip(".")


def written_names(sentences: list[str], offered: Sequence[str] = (), limit: int = 30) -> list[str]:
    """Runs of capitalised words in the sentences, as candidates for the actors prompt.

    Countries are not offered, nor what `offered` (the names an earlier excerpt of the document
    offered) has in some form: the model listed them again in every excerpt, ~25 tokens each.
    """
    if not is_cyrillic(" ".join(sentences)):
        return []
    split = [[_word(t) for t in _TOKEN.findall(s)] for s in sentences]
    inside: dict[str, list[str]] = {}
    for word in dict.fromkeys(t for tokens in split for t in tokens[1:] if t[:1].isupper()):
        inside.setdefault(word[:MIN_STEM], []).append(word)
    found: list[str] = []
    known = _Found(offered)

    def close(run: list[str]) -> None:
        while run and run[-1][:1].isdigit():  # "Трамп 6 ноября": the date's day is no part of the name
            run.pop()
        # A country or acronym followed by a name of two words or more is a name of its own.
        cut = next((j for j, t in enumerate(run) if len(run) - j > 2 and _stands_alone(t)), None)
        parts = [run[:cut], [run[cut]], run[cut + 1 :]] if cut is not None else [run[:]]
        for part in parts:
            # One form of a name is enough to sort; more only make the model list it again.
            name = " ".join(part)
            if part and not known.inflected(name) and canonical_country(name, inflected=True) is None:
                found.append(name)
                known.add(name)
        run.clear()

    for tokens in split:
        run: list[str] = []
        padded = [*tokens, ".", "."]
        for i, token in enumerate(padded[:-1]):
            if (token[:1].isupper() and (i > 0 or _written_inside(token, inside))) or (run and token[:1].isdigit()):
                run.append(token)
            elif run and token.casefold() in _PARTICLES and padded[i + 1][:1].isupper():
                run.append(token)  # "Лула да Силва", "фон дер Ляйен": one name
            elif run:  # most words end no run of capitals
                close(run)
    return found[:limit]


_ARTICLES = {"the", "die", "der", "das", "le", "la", "les"}


# A _TOKEN that may be capitalised: a word token is a whole run of its characters, so one that starts
# with a lowercase Latin or Cyrillic letter (most of a text's words) or a mark is never one. Found in C.
_MAYBE_CAPITALISED = re.compile(r"(?<![\w'’&+-])(?=[^\W\d_a-zа-яё])[\w'’&+-]+\.?")


def _capitalised_runs(sentence: str) -> Iterator[list[re.Match[str]]]:
    """The runs of capitalised _TOKENs of a sentence: tokens with nothing but spaces between them."""
    run: list[re.Match[str]] = []
    for token in [*_MAYBE_CAPITALISED.finditer(sentence), None]:
        if token is not None and token.group()[:1].isupper():
            if run and sentence[run[-1].end() : token.start()].strip():
                yield from _without_article(run)  # a word or a mark stood between them
                run = []
            run.append(token)
        elif run:
            yield from _without_article(run)
            run = []


def _without_article(run: list[re.Match[str]]) -> Iterator[list[re.Match[str]]]:
    while run and run[0].group().casefold() in _ARTICLES:  # "The Washington Post"
        run.pop(0)
    if run:
        yield run


def named_countries(sentences: list[str]) -> list[tuple[str, str]]:
    """(English name, the words as written) of each country the sentences name, once a country.

    A country that starts a name of two words is part of that name ("Uzbekistan Airways",
    "The Washington Post"); before a longer one it stands apart, as in "США Кристофер Ландау".
    """
    found: dict[str, str] = {}
    for sentence in sentences:
        for run in _capitalised_runs(sentence):
            words = [_word(token.group()) for token in run]
            start = 0
            while start < len(run):
                length, country = country_at(words, start)
                if country and not (start == 0 and len(run) - length == 1):
                    last = start + length - 1
                    found.setdefault(country, sentence[run[start].start() : run[last].start() + len(words[last])])
                start += length or 1
    return list(found.items())
