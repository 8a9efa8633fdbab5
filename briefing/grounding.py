"""Grounding: only text that is really in the source is ever shown as said.

Models paraphrase, complete and "fix" what they copy, so we do not ask them to
copy quotes at all. The source's own quotation marks are harvested here
(« », “ ”, „ “, " "), the model is only asked to attribute them, and any text
that claims to be a quote is located in the source, first exactly, then with
whitespace and quotation marks normalised, before it may be shown.
Everything here is linear in the text: one pass to harvest, one normalised copy
of a document with an offset map to search in.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import names

# Opening mark -> closing marks it pairs with. The straight quote pairs with itself.
_PAIRS = {"«": "»", "“": "”", "„": "“”", '"': '"'}
MIN_QUOTE_WORDS = 4
_QUOTE_CHARS = "«»“”„‟\"'‘’‚‹›"
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


def _normalise_char(ch: str) -> str:
    if ch in _QUOTE_CHARS:
        return '"'
    if ch in "‐‑‒–—―":
        return "-"
    return ch.casefold() if len(ch.casefold()) == 1 else ch


class NormalisedText:
    """A document folded for lenient search, with a map back to original offsets."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        offsets: list[int] = []
        previous_space = True
        for i, ch in enumerate(text):
            if ch.isspace():
                if previous_space:
                    continue
                chars.append(" ")
                previous_space = True
            else:
                chars.append(_normalise_char(ch))
                previous_space = False
            offsets.append(i)
        self.text = "".join(chars)
        self.offsets = offsets

    def find(self, needle: str) -> tuple[int, int] | None:
        folded = " ".join("".join(_normalise_char(c) for c in needle).split())
        folded = folded.strip(' "')
        if not folded:
            return None
        at = self.text.find(folded)
        if at == -1:
            return None
        return self.offsets[at], self.offsets[at + len(folded) - 1] + 1


def locate(text: str, needle: str, normalised: NormalisedText | None = None) -> tuple[int, int] | None:
    """Offsets of `needle` in `text`: exact match first, then a normalised one."""
    stripped = needle.strip().strip(_QUOTE_CHARS).strip()
    if not stripped:
        return None
    at = text.find(stripped)
    if at != -1:
        return at, at + len(stripped)
    return (normalised or NormalisedText(text)).find(stripped)


def mention_in_text(mention: str, text: str) -> bool:
    """Whether a name occurs in text, allowing for inflection and script.

    Each word of the name must match some word of the text by its phonetic key
    (names.sound): the text word begins with the name word's stem ("Токаев" in
    "Токаевым"), or begins one letter away from the name word ("Trump", "Трампа").
    """
    folded, keys = _text_keys(text)
    if mention.casefold() in folded:
        return True
    wanted = [names.sound(w) for w in names.words(mention)]
    if not wanted:
        return False
    return all(any(k.startswith(names.stem(w)) or names.close(k[: len(w)], w) for k in keys) for w in wanted)


@functools.lru_cache(maxsize=32)
def _text_keys(text: str) -> tuple[str, frozenset[str]]:
    """A chunk's folded text and word keys, computed once for all the names checked in it."""
    return text.casefold(), frozenset(names.sound(w) for w in names.words(text))


def quotation_context(text: str, span: Span, around: int = 120) -> dict[str, str]:
    """A quotation as the prompt lists it: whole, by its first words, and the words around it.

    The speaker is often named just before or after the marks ("— said X"), and
    that may fall outside the quotation's chunk, so the context comes along.
    """
    before = text[max(0, span.start - 1 - around) : max(0, span.start - 1)]
    after = text[span.end + 1 : span.end + 1 + around]
    before = before.split(" ", 1)[-1] if len(before) == around else before
    after = after.rsplit(" ", 1)[0] if len(after) == around else after
    words = span.text.split()
    opening = " ".join(words[:8]) + (" …" if len(words) > 8 else "")
    return {
        "text": span.text,
        "opening": opening,
        "before": before.replace("\n", " "),
        "after": after.replace("\n", " "),
    }
