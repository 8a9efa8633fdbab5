"""Respelling: what the model copied from a source, spelt as the brief's readers write it.

The numbers and designations of a claim are the sources', and the checks hold them to the sources'
values; their spelling is the brief's:

- A designation read from Cyrillic is spelt as the sources spell it in Latin letters: "C5+1", not
  "S5+1". The seed writes the summit of the five Central Asian states and the United States «С5+1»,
  with a Cyrillic С that looks like the Latin C it stands for, and a few lines on "стран C5", in
  Latin. Read as Russian, С is S: the model writes "S5+1", a name no English reader knows. Where the
  sources do not write the letters in Latin, the model's reading stands: «С-400» alone is the S-400.
- In an English brief a decimal comma is a point: "1,1 billion dollars", copied from «1,1 млрд
  долларов», reads as a typo or as eleven; "1.1 billion dollars" (numbers.in_english).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from ..schema import Claim
from ..text import names
from ..text.numbers import in_english
from .evidence import Claims

# Letters, then a number, then more numbers joined by signs: "С5+1", "C5", "G7", "S-400", "B2B" is no designation.
_DESIGNATION = re.compile(r"(?<![\w+-])[A-ZА-ЯЁ]{1,3}-?\d+(?:[+/-]\d+)*(?![\w+-])")
_LOOKALIKE = str.maketrans("АВЕКМНОРСТХ", "ABEKMHOPCTX")


def latin_spellings(texts: Iterable[str]) -> dict[str, str]:
    """How the brief would read each Cyrillic designation (its transliteration) -> the sources' Latin spelling."""
    found = {m.group() for text in texts for m in _DESIGNATION.finditer(text)}
    latin = {d for d in found if d.isascii()}
    spellings = {}
    for written in found - latin:
        looks = written.translate(_LOOKALIKE)
        if not looks.isascii():  # a letter with no Latin twin ("Ф-35"): it is read, not seen
            continue
        read = names.transliterate(written)
        # The sources write it, or its stem before a sign ("C5" of "C5+1"), in Latin letters.
        if read != looks and any(looks == d or (looks.startswith(d) and not looks[len(d)].isalnum()) for d in latin):
            spellings[read] = looks
    return spellings


def spelt(text: str, spellings: Mapping[str, str]) -> str:
    """`text` with each designation read from Cyrillic spelt as the sources spell it in Latin letters."""
    if not spellings:
        return text
    return _DESIGNATION.sub(lambda m: spellings.get(m.group(), m.group()), text)


def respeller(texts: Iterable[str], language: str) -> Callable[[str], str]:
    """How the brief spells a text of a day whose sources are `texts`, in `language`."""
    spellings = latin_spellings(texts)
    if language == "en":
        return lambda text: in_english(spelt(text, spellings))
    return lambda text: spelt(text, spellings)


def spelt_claims(claims: Claims, spell: Callable[[str], str]) -> Claims:
    """Every text the claims show, through `spell`."""

    def point(claim: Claim) -> Claim:
        return claim.model_copy(update={"text": spell(claim.text)})

    return replace(
        claims,
        key_points=[point(c) for c in claims.key_points],
        stories=[
            s.model_copy(
                update={
                    "headline": spell(s.headline),
                    "summary": spell(s.summary),
                    "key_points": [point(c) for c in s.key_points],
                }
            )
            for s in claims.stories
        ],
        stakes=[s.model_copy(update={"stake": spell(s.stake)}) for s in claims.stakes],
        risks=[
            r.model_copy(update={"description": spell(r.description), "indicators": [spell(w) for w in r.indicators]})
            for r in claims.risks
        ],
    )
