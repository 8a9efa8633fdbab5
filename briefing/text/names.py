"""Comparing names across spellings, inflections and scripts.

News names the same actor as "Трамп", "Трампа", "Trump" and "Donald Trump",
"Токаев", "Tokayev" and "توكاييف". Grounding asks whether a name the model
reported occurs in the text; merging asks whether two reported names are one
actor. Both compare *keys*: words transliterated from any script into Latin
letters by anyascii (ISC), folded and reduced to a rough phonetic form, so
"Токаев" meets "Tokayev" and "Кристофер" meets "Christofer". Keys one edit
apart are the same name (rapidfuzz's edit distance, a transposition counting as one).

Scripts that leave vowels out (Arabic, Hebrew) or spell a foreign name syllable
by syllable (Chinese, Japanese kana, Korean) cannot be compared letter by letter:
their keys are consonant skeletons ("~tkb" for توكاييف and 托卡耶夫), which meet
a Latin key when its own skeleton is the same and at least three consonants long.
What stays our own is the phonetic folding and the inflection stem (Russian and
Ukrainian decline names: "Токаевым").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import iuliia
from anyascii import anyascii
from rapidfuzz.distance import OSA

_WORD = re.compile(r"\w+", re.UNICODE)
_NOT_LETTER = re.compile(r"[^a-z0-9]+")  # anyascii writes ь as ' and splits syllables with -
# Spellings of one sound, folded: two letters first, then one (x -> ks, c -> k, h dropped).
# "tsz" is Russian's Palladius spelling of Chinese j/z ("Цзиньпин", Jinping); "dzh" is Russian's
# spelling of English j ("Джанет", Janet).
_DIGRAPHS = [("tsz", "j"), ("dzh", "j"), ("ph", "f"), ("ck", "k")]
_SOUNDS = str.maketrans({"x": "ks", "c": "k", "q": "k", "w": "v", "y": "i", "j": "i", "h": ""})
# A skeleton keeps classes of consonants: what these scripts write one way, Latin spells several.
_SKELETON = str.maketrans("pfvgqdzl", "bbbkktsr", "aeiouyjwh")
_SKELETAL_SCRIPTS = re.compile(
    "[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff"  # Hebrew, Arabic
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]"  # kana, Han, Hangul
)
MIN_SKELETON = 3
"""Shorter skeletons ("bm") are shared by too many unrelated names to join anything."""
_CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")
_NEWSPAPER_SCHEME = iuliia.WIKIPEDIA
CYRILLIC_LANGUAGES = {"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"}


def latin(word: str) -> str:
    """A word in lowercase Latin letters, from any script: "Зеленський" -> "zelenskiy"."""
    return _NOT_LETTER.sub("", anyascii(word).casefold())


def _fold(word: str) -> str:
    if word.startswith("x") and len(word) <= 3:
        word = "s" + word[1:]  # a short Chinese name: pinyin's Xi, Xu are Russian's Си, Сюй
    for spelled, sounded in _DIGRAPHS:
        word = word.replace(spelled, sounded)
    return word.translate(_SOUNDS)


def skeleton(key: str) -> str:
    """A key's consonant classes, repeats collapsed: "tokaiev" -> "tkb"."""
    if key.startswith("~"):
        return key[1:]
    letters = key.translate(_SKELETON)
    return "".join(ch for i, ch in enumerate(letters) if i == 0 or ch != letters[i - 1])


@functools.lru_cache(maxsize=65536)  # news repeats its words: most keys are computed once
def sound(word: str) -> str:
    """A rough phonetic key of a word, in any script: "Christofer" and "Кристофер" -> "kristofer".

    Words of Arabic, Hebrew, Chinese, Japanese or Korean script get a skeleton key, marked "~".
    """
    if _SKELETAL_SCRIPTS.search(word):
        return "~" + skeleton(latin(word))  # unfolded: here w and y are vowels (و, ي), not v and i
    return _fold(latin(word))


def initial(key: str) -> str:
    """The first consonant class of a key: keys that may be one name share it, whatever their script."""
    return skeleton(key)[:1]


def words(text: str) -> list[str]:
    return _WORD.findall(text)


CONTENT_WORD = 4
"""Letters of the shortest word that says what a text is about ("deal", "jobs"; not "the", "and")."""


def content_words(text: str) -> set[str]:
    """A text's words of CONTENT_WORD letters or more, casefolded: what stories and claims are compared by."""
    return {w.casefold() for w in words(text) if len(w) >= CONTENT_WORD and w.isalpha()}


def transliterate(name: str) -> str:
    """A name in Latin letters, for a brief whose readers may not read its script.

    Russian letters go by the scheme English-language newspapers and Wikipedia follow ("Токаев" ->
    "Tokayev", "Евгений" -> "Yevgeny"), from iuliia (MIT); what that scheme leaves (Kazakh "қ",
    Ukrainian "і", other scripts) by anyascii, letter by letter.
    """
    return respell(name, _latin_word)


def respell(name: str, spell: Callable[[str], str]) -> str:
    """The name with each of its words (as `words` finds them) spelt anew, its spaces and hyphens kept."""
    return _WORD.sub(lambda m: spell(m.group(0)), name)


def _latin_word(word: str) -> str:
    readable = _NEWSPAPER_SCHEME.translate(word) if _CYRILLIC_LETTER.search(word) else word
    spelt = "".join(ch if ch.isascii() else _latin_letter(ch) for ch in readable)
    caseless = word.lower() == word.upper()  # Chinese, Arabic: a name starts with a capital in Latin letters
    return spelt.capitalize() if caseless else spelt


def _latin_letter(letter: str) -> str:
    spelt = latin(letter)
    return spelt.capitalize() if letter.isupper() else spelt


# The letters of the Cyrillic block: all of it but a sign and the combining marks (U+0482-U+0489).
_CYRILLIC_LETTER = re.compile("[\u0400-\u0481\u048a-\u04ff]")


def is_cyrillic(text: str) -> bool:
    """Whether most of the text's letters are Cyrillic (counted in C: whole chunks are asked)."""
    cyrillic = len(_CYRILLIC_LETTER.findall(text))
    if not cyrillic:
        return False  # most texts asked, and their letters need no counting then
    return cyrillic > sum(map(str.isalpha, text)) / 2


def close(a: str, b: str) -> bool:
    """Equal, or one edit apart for words long enough that this is a spelling, not a name.

    A skeleton key meets another key whose skeleton is the same and long enough.
    """
    if a == b:
        return True
    if a[:1] == "~" or b[:1] == "~":
        first = skeleton(a)
        return len(first) >= MIN_SKELETON and first == skeleton(b)
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    return OSA.distance(a, b, score_cutoff=1) <= 1


ENDING = 3
"""Letters an inflected ending may take: "Токаев", "Токаевым"; "Россия", "России"."""
MIN_STEM = 4
"""Shorter words are compared whole: "По" (a sentence's first word) is no "Польша"."""


def stem(word: str) -> str:
    """All but an inflected ending: the last ENDING letters, keeping at least MIN_STEM."""
    return word if len(word) <= MIN_STEM else word[: max(MIN_STEM, len(word) - ENDING)]


def same_word(a: str, b: str) -> bool:
    """One word in two forms, as written or as keys: the rule every comparison of inflected words uses.

    Equal; or, both at least MIN_STEM letters long, an ending added to the whole word ("Трамп",
    "Трампа"; "Токаев", "Токаевым") or one ending for another, the two a letter apart in length at
    most ("Россия", "России"; "Штаты", "Штатов"). A word into which a suffix is built is another
    word: "Ивана" is not "Иванова".
    """
    if a == b:
        return True
    if a[:MIN_STEM] != b[:MIN_STEM]:  # the common case, decided at once: they share no stem
        return False
    shorter, longer = sorted((a, b), key=len)
    shared = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(shorter))
    if len(shorter) < MIN_STEM or shared < MIN_STEM or len(longer) - shared > ENDING:
        return False
    return shared == len(shorter) or len(longer) - len(shorter) <= 1
