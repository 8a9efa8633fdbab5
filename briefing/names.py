"""Comparing names across spellings, inflections and scripts.

News names the same actor as "Трамп", "Трампа", "Trump" and "Donald Trump".
Grounding asks whether a name the model reported occurs in the text; merging
asks whether two reported names are one actor. Both compare *keys*: words
folded, transliterated from Cyrillic to Latin letters and reduced to a rough
phonetic form, so "Токаев" meets "Tokayev" and "Кристофер" meets "Christofer".
"""

from __future__ import annotations

import functools
import re

_WORD = re.compile(r"\w+", re.UNICODE)
_CYRILLIC = {  # Cyrillic letter -> Latin, the usual news transliteration
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}  # fmt: skip
_LATIN = str.maketrans(_CYRILLIC)
# Spellings of one sound, folded: two letters first, then one (x -> ks, c -> k, h dropped).
_DIGRAPHS = [("ph", "f"), ("ck", "k")]
_SOUNDS = str.maketrans({"x": "ks", "c": "k", "w": "v", "y": "i", "j": "i", "h": ""})
CYRILLIC_LANGUAGES = {"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"}


def latin(word: str) -> str:
    """A lowercase word in Latin letters."""
    return word.casefold().translate(_LATIN)


@functools.lru_cache(maxsize=65536)  # news repeats its words: most keys are computed once
def sound(word: str) -> str:
    """A rough phonetic key of a word, in any script: "Christofer" and "Кристофер" -> "kristofer"."""
    word = latin(word)
    for spelled, sounded in _DIGRAPHS:
        word = word.replace(spelled, sounded)
    return word.translate(_SOUNDS)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def transliterate(name: str) -> str:
    """A Cyrillic name in Latin letters, for a brief whose readers may not read Cyrillic."""
    return _WORD.sub(lambda m: latin(m.group(0)).capitalize(), name)


def is_cyrillic(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum("\u0400" <= ch <= "\u04ff" for ch in letters) > len(letters) / 2


def close(a: str, b: str) -> bool:
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


def stem(key: str) -> str:
    """All but an inflected ending: the last three letters, keeping at least four."""
    return key if len(key) <= 4 else key[: max(4, len(key) - 3)]
