"""The basic (nominative) form of a name a Russian text inflects.

Russian declines names: the seed writes "с президентом Касым-Жомартом Токаевым", "переговоры
Трампа и Си Цзиньпина", "с Министерством горнодобывающей промышленности Узбекистана". A brief that
transliterates what it read shows "Si Tszinpina" and "Ministerstvom …", forms no reader looks up.
The dictionary form comes from pymorphy3 (MIT), a morphological analyser with the OpenCorpora
dictionary that also guesses the forms of words it does not know (most foreign names). Its best
guess for one word is often a wrong case ("Токаевым" as a plural dative), so the words of a name
are read together: the case all of them can be in, then each put in the nominative. In a name of
an organisation or place only the head noun and the adjectives before it agree with the sentence;
what follows it ("промышленности Узбекистана") is the head's own complement and stays as written.
"""

from __future__ import annotations

import functools
import re

from .names import is_cyrillic

_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_PERSON_TAGS = {"Name", "Surn", "Patr"}
_CYRILLIC_WORD = re.compile(r"^[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*$")


@functools.cache
def _analyser():  # loading the dictionary takes ~0.05 s: once, and only when a Cyrillic name is met
    import pymorphy3
    import pymorphy3_dicts_ru  # pymorphy3's own dependency, the dictionary it would find for "ru"

    # Named by its path: pymorphy3 finds a language's dictionary among every installed package's
    # entry points, a scan of the environment's metadata that cost 0.025 s of the load's 0.06.
    return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")


def _parses(word: str, case: str, person: bool):
    """The word's singular parses in a case, the name-like ones first; indeclinable words fit every case."""
    found = []
    for parse in _analyser().parse(word):
        tag = parse.tag
        if "Fixd" in tag or (tag.case == case and tag.number != "plur"):
            named = bool(_PERSON_TAGS & tag.grammemes)
            found.append((named if person else tag.POS in ("NOUN", "ADJF"), parse.score, parse))
    return [p for *_, p in sorted(found, key=lambda f: (f[0], f[1]), reverse=True)]


def _nominative(parse, written: str) -> str:
    if "Fixd" in parse.tag or parse.tag.case == "nomn":
        return written
    inflected = parse.inflect({"nomn"})
    if inflected is None:
        return written
    word = inflected.word
    return word[:1].upper() + word[1:] if written[:1].isupper() else word


def _common_case(words: list[str], person: bool) -> str | None:
    """The case every word can be in, by the analyser's confidence summed over its readings in that case.

    On a tie a reading whose words are all masculine (or indeclinable) wins: "Цзиньпина" reads as
    the genitive of "Цзиньпин" as likely as a feminine nominative, and the names news declines are
    mostly men's; a feminine first name ("Кейт", "Анны") takes the tie away. A name of one word keeps
    its nominative reading on a tie ("Лула" is no genitive of "Лул").
    """
    best, best_score = None, (0.0, False)
    for case in _CASES:
        parses = [_parses(w, case, person) for w in words]
        if not all(parses):
            continue
        confidence = sum(sum(p.score for p in word if "Fixd" not in p.tag) or word[0].score for word in parses)
        masculine = len(words) > 1 and all(w[0].tag.gender in ("masc", None) or "Fixd" in w[0].tag for w in parses)
        score = (round(confidence, 6), masculine)
        if score > best_score:
            best, best_score = case, score
    return best


def basic_form(name: str, kind: str) -> str:
    """The name in the nominative: "Касым-Жомартом Токаевым" -> "Касым-Жомарт Токаев",
    "Министерством горнодобывающей промышленности Узбекистана" -> "Министерство горнодобывающей
    промышленности Узбекистана". A name not in Cyrillic, or that the analyser cannot read, is returned as it is.
    """
    if not is_cyrillic(name):
        return name
    words = name.split()
    person = kind == "person"
    if person:
        # A hyphenated first name declines its last part only: "Касым-Жомартом".
        lasts = [w.rsplit("-", 1)[-1] for w in words]
        if not all(_CYRILLIC_WORD.match(w) for w in lasts):
            return name
        heads = [w.rsplit("-", 1)[0] + "-" if "-" in w else "" for w in words]
        case = _common_case(lasts, person=True)
        if case is None:
            # Words in no one case: a model half-undeclined the name ("Касым-Жомарт Токаевым"); each word alone.
            cases = [_common_case([w], person=True) for w in lasts]
            return " ".join(h + (_nominative(_parses(w, c, True)[0], w) if c else w)
                            for h, w, c in zip(heads, lasts, cases, strict=True))  # fmt: skip
        if case == "nomn":
            return name
        return " ".join(h + _nominative(_parses(w, case, True)[0], w) for h, w in zip(heads, lasts, strict=True))
    # An organisation or place: the adjectives, then the head noun, agree; the rest is the head's complement.
    agreeing = []
    for word in words:
        if not _CYRILLIC_WORD.match(word):
            break
        agreeing.append(word)
        if _analyser().parse(word)[0].tag.POS != "ADJF":
            break
    if not agreeing:
        return name
    case = _common_case(agreeing, person=False)
    if case is None or case == "nomn":
        return name
    head = _parses(agreeing[-1], case, False)[0]
    changed = []
    for word in agreeing[:-1]:
        adjective = next((p for p in _parses(word, case, False) if p.tag.gender in (None, head.tag.gender)), None)
        changed.append(_nominative(adjective, word) if adjective else word)
    changed.append(_nominative(head, agreeing[-1]))
    return " ".join([*changed, *words[len(agreeing) :]])


def given_name_gender(word: str) -> str | None:
    """ "femn" or "masc" for a Russian given name in its basic form ("Кейт" is a woman's), None when unknown."""
    if not _CYRILLIC_WORD.match(word):
        return None
    parses = [p for p in _analyser().parse(word) if "Name" in p.tag and p.tag.case == "nomn"]
    return parses[0].tag.gender if parses else None
