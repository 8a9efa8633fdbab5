"""Sentences with their offsets, for the model to cite by number (the prompt files number them).

Evidence is the analysis' counterpart of quote grounding: the model never copies
a supporting sentence, it cites the number we gave it, and we look the offsets
up. So the splitting must be ours, deterministic and offset-exact. It is a rule
splitter (sentence-final mark, then a space and a capital, digit, dash or
opening quote), because what it must get right is narrow: news prose in any
script, where the usual traps are abbreviations ("Ltd.", "Corp.", "U.S.", "т.е."),
initials ("J. Smith"), decimals ("4.2"), abbreviated months ("30 окт.", "12. Okt.") and
German ordinal dates ("bis zum 21. November dauert"), whose period ends no sentence either.
Line breaks always end a sentence: headlines, list items and paragraphs are units of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A mark that may end a sentence, with any closing quotes/brackets after it, then whitespace.
_END = re.compile(r"[.!?…]+[»”\"')\]]*\s+|\n+")
# What may start the next sentence: a capital in any script, a digit, a dash or an opening quote.
_NEXT = re.compile(r"[^\W\d_a-zа-яё]|\d|[—–«“„\"'(\[]")
# Words that end with a period without ending the sentence (casefolded, without the period).
_ABBREVIATIONS = frozenset({
    "ltd", "inc", "corp", "co", "plc", "llc", "jsc", "gmbh", "ag", "sa", "mr", "mrs", "ms", "dr", "prof", "st",
    "no", "vs", "etc", "jr", "sr", "gen", "col", "lt", "sgt", "gov", "sen", "rep",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "т", "д", "г", "гг", "им", "др", "пр", "см", "стр", "тыс", "млн", "млрд", "руб", "долл", "ул", "обл", "проф",
    "акад", "ген",
    "янв", "фев", "февр", "апр", "авг", "сен", "сент", "окт", "ноя", "нояб", "дек",  # "30 окт."
    "jän", "mär", "okt", "dez", "nr", "bzw", "vgl", "ca",
})  # fmt: skip
# A German day or century is an ordinal written with a period: "am 21. November", "12. Okt.", "im 19. Jahrhundert".
_ORDINAL_BEFORE = re.compile(
    r"\.[^\S\n]+(?:jan|feb|mär|apr|mai|jun|jul|aug|sep|okt|nov|dez|jahrhundert)\w*\b",
    re.IGNORECASE,
)
MAX_SENTENCE_CHARS = 600  # a run-on "sentence" (a table, a list without marks) is cut so a citation stays specific


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def _ends_sentence(text: str, mark_start: int) -> bool:
    """Whether the period at `mark_start` ends a sentence (not an abbreviation or an initial)."""
    if text[mark_start] != ".":
        return True
    # The word before the mark, looked for in the 40 characters before it: a search anchored at the end of
    # the whole text before it would scan it all, for every period. A longer word is cut, and is no
    # abbreviation and no initial either way.
    word = re.search(r"(\w+)$", text[max(0, mark_start - 40) : mark_start])
    if word is None:
        return True
    token = word.group(1)
    if token.casefold() in _ABBREVIATIONS:
        return False
    if token.isdigit() and len(token) <= 2 and _ORDINAL_BEFORE.match(text, mark_start):
        return False
    # An initial ("J. Smith", "К. Маллинсон") or a dotted acronym ("U.S.", "U.S.A.").
    return not (len(token) == 1 and token.isalpha() and token.isupper())


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """`text` cut into sentences; offsets are shifted by `offset` (a chunk's start in its document)."""
    sentences: list[Sentence] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        if "\n" not in match.group():
            following = _NEXT.match(text, end)
            if following is None or not _ends_sentence(text, match.start()):
                continue
        _add(sentences, text, start, end, offset)
        start = end
    _add(sentences, text, start, len(text), offset)
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int, offset: int) -> None:
    # Trim the whitespace around a sentence so its offsets hold the words alone.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        sentences.append(Sentence(start + offset, cut + offset, text[start:cut]))
        start = cut + 1 if text[cut : cut + 1] == " " else cut
    if end > start:
        sentences.append(Sentence(start + offset, end + offset, text[start:end]))
