"""Chinese names as Russian writes them (the Palladius system), back in pinyin.

Russian writes a Chinese name syllable by syllable in the Palladius system: "Си Цзиньпин" is
Xi Jinping, "Ван И" Wang Yi, "Ли Цян" Li Qiang. Read letter by letter it gives "Si Tszinpin",
a name no English reader knows. The system maps each pinyin syllable to one Cyrillic spelling,
so it can be read back: the syllables are those of pypinyin's dictionary (MIT), each spelt in
Cyrillic by pypinyin's own Palladius style, and the table is that mapping reversed. No name is
listed anywhere: a word either splits wholly into syllables or is no Chinese name.

Short Russian words split too ("Ван" may be the Dutch "van", "Анна" reads as "ang-na"), so a
name is read as Chinese only in a Chinese name's shape: two words, a surname of one syllable and
a given name of one or two. Whether the name is Chinese at all is for the caller to confirm
(naming.py asks that the document name China): converting a Russian name is worse than missing
a Chinese one.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_CYRILLIC = re.compile(r"^[а-яё]+$")
_VOWEL = re.compile("[aeiouü]")
_GIVEN_NAME_SYLLABLES = 2
_LONGEST_SYLLABLE = 5  # "чжуан", "цзюань": no Palladius syllable is longer


@functools.cache
def _syllables() -> dict[str, str]:
    """Palladius spelling -> pinyin syllable (toneless), from pypinyin; loaded once, when a name needs it."""
    from pypinyin import Style
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.style import convert

    readings = {_toneless(r) for value in pinyin_dict.values() for r in value.split(",")}
    table: dict[str, str] = {}
    for syllable in sorted(readings, key=lambda s: (len(s), s)):
        cyrillic = convert(syllable.replace("ü", "v"), Style.CYRILLIC, strict=True)
        # "n", "ng", "hm" are interjections, no syllable of a name: "Ден" is no "die-n"
        if cyrillic and _CYRILLIC.match(cyrillic) and _VOWEL.search(syllable):
            table.setdefault(cyrillic, syllable)  # "ло" is luo and the interjection lo: the shorter, lo, is rare
    table["ло"] = "luo"
    return table


def _toneless(reading: str) -> str:
    decomposed = unicodedata.normalize("NFD", reading)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", bare.replace("u\u0308", "ü")) if "\u0308" in decomposed else bare


def syllables(word: str) -> list[str] | None:
    """The pinyin syllables a Cyrillic word splits into wholly, the fewest there are; None if it does not."""
    word = word.casefold()
    if not _CYRILLIC.match(word):
        return None
    table = _syllables()
    best: list[list[str] | None] = [[]] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - _LONGEST_SYLLABLE), end):
            before, syllable = best[start], table.get(word[start:end])
            if before is not None and syllable and (best[end] is None or len(before) + 1 < len(best[end] or ())):
                best[end] = [*before, syllable]
    return best[-1]


def _pinyin_word(parts: list[str]) -> str:
    # Pinyin marks where a syllable starting with a vowel follows another: Xi'an, not Xian.
    joined = "".join(p if i == 0 or p[0] not in "aoe" else "'" + p for i, p in enumerate(parts))
    return joined.capitalize()


def chinese_name(name: str) -> str | None:
    """A Russian-written name in a Chinese name's shape, in pinyin ("Си Цзиньпин" -> "Xi Jinping"); else None."""
    words = name.split()
    if len(words) != 2:
        return None
    surname, given = syllables(words[0]), syllables(words[1])
    if not surname or not given or len(surname) != 1 or len(given) > _GIVEN_NAME_SYLLABLES:
        return None
    return f"{_pinyin_word(surname)} {_pinyin_word(given)}"
