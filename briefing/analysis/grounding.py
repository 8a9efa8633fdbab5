"""Grounding: only text that is really in the source is ever shown as said.

Models paraphrase, complete and "fix" what they copy, so we do not ask them to
copy quotes at all. The source's own quotation marks are harvested here
(« », “ ”, „ “, " ") with their offsets, and the model is only asked to attribute
and translate them by number; a quote is shown only if the source still holds its
text at its offsets (checked again at render time). Harvesting is one regex pass.
Names the model reports are checked against the text they came from, allowing
for inflection and script (names.py), so invented actors are dropped.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text import names

# Opening mark -> closing marks it pairs with. The straight quote pairs with itself.
_PAIRS = {"«": "»", "“": "”", "„": "“”", '"': '"'}
MIN_QUOTE_WORDS = 4
_MARK_OR_BREAK = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_PAIRS.values())) + "\n]")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def harvest_quotes(text: str, min_words: int = MIN_QUOTE_WORDS) -> list[Span]:
    """Spans the source itself puts in quotation marks, outermost only.

    Short quoted terms («С5+1», a company's name) are names, not statements, so
    spans with fewer than `min_words` words are skipped.
    """
    spans: list[Span] = []
    stack: list[tuple[str, int]] = []
    # Only quotation marks and line breaks change the state: jump between them
    # (a regex scan in C) instead of visiting every character in Python.
    for match in _MARK_OR_BREAK.finditer(text):
        ch, i = match.group(), match.start()
        if stack and ch in _PAIRS[stack[-1][0]]:
            _, begin = stack.pop()
            if not stack:
                inner = text[begin + 1 : i]
                if len(inner.split()) >= min_words:
                    spans.append(Span(begin + 1, i, inner))
            continue
        if ch in _PAIRS:
            stack.append((ch, i))
        elif ch == "\n" and stack and stack[0][0] == '"':
            stack.clear()  # a stray straight quote must not swallow the next paragraph
    return spans


def mention_in_text(mention: str, text: str) -> bool:
    """Whether a name occurs in text, allowing for inflection and script.

    Each word of the name must match some word of the text by its phonetic key
    (names.sound): the same word in another form (names.same_word: "Токаев" in
    "Токаевым"), or a word that begins one letter away from it ("Trump", "Трампа").
    """
    folded, keys = _text_keys(text)
    if mention.casefold() in folded:
        return True
    wanted = [names.sound(w) for w in names.words(mention)]
    if not wanted:
        return False
    # Remembered comparisons: a pack's actors are looked for in each of its documents, then again in
    # their own when grounded, and most of them are in neither (an actor of another document).
    return all(w in keys or any(_key_matches(k, w) for k in keys) for w in wanted)


def _word_matches(key: str, wanted: str) -> bool:
    """A text word's key against a name word's: the same word in another form, or its start one edit away.

    A shorter name word only begins a word of an ending more ("Ким", "Кима"): "Си" (Xi) begins
    "Силва" (Silva), another man's name.
    """
    if names.same_word(key, wanted):
        return True
    if len(wanted) < names.MIN_STEM:
        return key.startswith(wanted) and len(key) - len(wanted) <= SHORT_NAME_ENDING
    return names.close(key[: len(wanted)], wanted)


SHORT_NAME_ENDING = 2


_NAME_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)


# A few texts: their names are looked for a document at a time (naming.written_spellings), and
# a day's documents held as words weigh 12 MB at 32 of them.
@functools.lru_cache(maxsize=4)
def _text_words(text: str) -> tuple[tuple[str, int, int], ...]:
    """A text's words as (key, start, end), computed once for all the names looked for in it."""
    return tuple((names.sound(m.group()), m.start(), m.end()) for m in _NAME_WORD.finditer(text))


@functools.lru_cache(maxsize=4)
def _key_positions(text: str) -> dict[str, list[int]]:
    """Each distinct word key of a text -> the indexes of its words in `_text_words`, in order.

    A news text repeats most of its words: a name's first word is compared with each distinct
    key once, not with every word (merging a day's actors looked for their names hundreds of times).
    """
    positions: dict[str, list[int]] = {}
    for i, (key, _, _) in enumerate(_text_words(text)):
        positions.setdefault(key, []).append(i)
    return positions


@functools.lru_cache(maxsize=1 << 16)
def _key_matches(key: str, wanted: str) -> bool:
    """_word_matches, remembered: the same name words are looked for in every document of a day."""
    return _word_matches(key, wanted)


def written_forms(name: str, text: str) -> list[str]:
    """The text's own strings for a name: runs of its words that match the name's words in order.

    "Касым-Жомарт Токаев" in "с президентом Касым-Жомартом Токаевым" is "Касым-Жомартом Токаевым";
    a model's "Ministерством …" is the text's "Министерством …". Every string returned is in
    the text letter for letter, so what the brief shows as "also written" is what a source writes.
    A capitalised word of the name matches only a capitalised word of the text.
    """
    wanted = [(names.sound(m.group()), m.group()[:1].isupper()) for m in _NAME_WORD.finditer(name)]
    # A name has letters: a model's "mention" of "3" (its list's number) would find "14 ноября" as its form.
    if not wanted or not all(key for key, _ in wanted) or not any(ch.isalpha() for ch in name):
        return []
    words = _text_words(text)
    last_start = len(words) - len(wanted)
    first = wanted[0][0]
    starts = sorted(
        i for key, at in _key_positions(text).items() if _key_matches(key, first) for i in at if i <= last_start
    )
    found: dict[str, None] = {}
    for i in starts:
        run = words[i : i + len(wanted)]
        if all(
            _key_matches(key, want) and (not capital or text[start].isupper())
            for (key, start, _), (want, capital) in zip(run, wanted, strict=True)
        ) and all(text[a[2] : b[1]].strip() in ("", "-") for a, b in itertools.pairwise(run)):
            end = run[-1][2] + (1 if name.endswith(".") and text[run[-1][2] : run[-1][2] + 1] == "." else 0)
            found.setdefault(text[run[0][1] : end], None)
    return list(found)


@functools.lru_cache(maxsize=32)
def _text_keys(text: str) -> tuple[str, frozenset[str]]:
    """A chunk's folded text and word keys, computed once for all the names checked in it."""
    return text.casefold(), frozenset(map(names.sound, set(names.words(text))))


# A remote prompt lists a chunk's quotations by their first words (the excerpt holds them whole): five, or
# more where the eight that every quotation was listed by before tell it from another quotation of the
# chunk and five do not. Eight for every quotation cost a remote run 0.02 of its source tokens more
# (bench/run.py).
OPENING_WORDS = 5
LONGEST_OPENING = 8


def listed_quotations(spans: Sequence[Span]) -> list[dict[str, str]]:
    """A chunk's quotations as the prompts list them: whole (the local model translates them), or by their first words.

    An opening is the shortest, from OPENING_WORDS words, that tells its quotation from every other
    of the chunk that LONGEST_OPENING words tell it from. The words around a quotation are not
    listed: they are in the excerpt, and the speaker is read from them by attribution.py, not
    taken from the model.
    """
    split = [span.text.split() for span in spans]

    def sharing(words: list[str], n: int) -> int:
        """How many of the chunk's quotations start with these n words (this one too)."""
        return sum(other[:n] == words[:n] for other in split)

    listed = []
    for span, words in zip(spans, split, strict=True):
        longest = sharing(words, LONGEST_OPENING)
        n = next(n for n in range(OPENING_WORDS, LONGEST_OPENING + 1) if sharing(words, n) == longest)
        listed.append({"text": span.text, "opening": " ".join(words[:n]) + (" …" if len(words) > n else "")})
    return listed


_WORD_AT = re.compile(r"\w[\w'-]*", re.UNICODE)


def person_in_text(name: str, text: str) -> str | None:
    """The text's own spelling of a person the model named with a misspelt first name.

    Small models render foreign first names freely ("Kaye" for «Кейт») while the
    surname survives. When the surname is in the text and the word before it
    is a capitalised name with the same first sound, those two words of the
    text are the person: grounded by construction, never the model's guess.
    """
    parts = names.words(name)
    if len(parts) < 2 or len(parts[-1]) < 4:
        return None
    surname, first = names.sound(parts[-1]), names.sound(parts[0])
    # The words whose key is the surname's, in the text's order: each distinct key compared once.
    starts = sorted(i for key, at in _spelled_words(text).items() if _key_matches(key, surname) for i in at)
    for start in starts:
        word = _WORD_AT.match(text, start).group()
        before = re.search(r"(\w[\w-]*)\s+$", text[max(0, start - 40) : start])
        if before and before.group(1)[0].isupper() and names.sound(before.group(1))[:1] == first[:1]:
            return f"{before.group(1)} {word}"
    return None


# A pack's documents are each looked through for every actor its reply names, by worker threads at
# once: room for the texts of several packs in flight. A text's entry is its distinct keys and starts.
@functools.lru_cache(maxsize=32)
def _spelled_words(text: str) -> dict[str, list[int]]:
    """Each distinct key of a text's words (as person_in_text reads them) -> where those words start."""
    starts: dict[str, list[int]] = {}
    for match in _WORD_AT.finditer(text):
        starts.setdefault(names.sound(match.group()), []).append(match.start())
    return starts


def blank(value: str | None) -> bool:
    """Small models write "null" or "unknown" as text where JSON null was meant."""
    return value is None or value.strip().strip(".").casefold() in {"", "null", "none", "unknown", "n/a", "неизвестно"}


def plausible_translation(quote: str, translation: str | None) -> bool:
    """Whether `translation` may be shown as the quote's translation.

    A translation far longer or shorter than its quote translated something else; one that is
    mostly the quote's own words ("Мы открываем дверь …" for «Мы открываем дверь …», "Braziliya ne
    будет выбирать …") translated nothing: a small model copies quotations it cannot translate.
    """
    if blank(translation) or not 0.4 <= len(translation) / max(1, len(quote)) <= 3.0:
        return False
    words = names.words(translation.casefold())
    own = set(names.words(quote.casefold()))
    return sum(word in own for word in words) < len(words) / 2
