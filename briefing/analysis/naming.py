"""The name an actor is shown under: the one a reader of the brief knows, in its basic form.

A Russian report writes "переговоры Трампа и Си Цзиньпина" and "Кейт Маллинсон"; an English
reader knows Xi Jinping and Kate Mallinson. Transliterating what the report wrote gives "Si
Tszinpina", a genitive in letters no newspaper uses. So a name written in another script than the
brief's is first put in its basic form (text/lemmas.py: "Си Цзиньпин"), then the model is asked,
in one call for all such names, how a newspaper in the brief's language writes it. Its answer is
taken only when it is the same name: a person's words must sound like the written ones word for
word ("Kate" and "Кейт" share their consonants); an organisation's translation must name the
same countries and keep the Latin words the original writes. Otherwise, or for a name the model
does not know, the brief shows a transliteration of the basic form, never of an inflected one.

The "also written" forms are the opposite: what the sources write, letter for letter
(grounding.written_forms), never a spelling a model made up.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

from ..config import cache_dir_from_env
from ..text import names
from ..text.countries import canonical_country
from ..text.given_names import english_given_name
from ..text.lemmas import basic_form
from ..text.palladius import chinese_name
from .grounding import written_forms

AskNames = Callable[[list[str]], Mapping[int, str]]
"""Asks the model for the conventional forms of numbered names (1-based); returns number -> answer."""

MOST_NAMES = 40  # ConventionalNames' cap: a day with more foreign-script actors asks in several calls


def in_brief_script(name: str, language: str) -> bool:
    """Whether a brief in `language` can show the name as it is: a mixed-script word ("Ministерством") cannot."""
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in name)
    if language in names.CYRILLIC_LANGUAGES:
        return names.is_cyrillic(name)
    return cyrillic == 0


def mixed_script(name: str) -> bool:
    """A word of Latin and Cyrillic letters ("Ministерством", "Kayt Mаллинсон"): a model's slip, no one's spelling."""
    return any(
        any("a" <= ch.lower() <= "z" for ch in w) and any("\u0400" <= ch <= "\u04ff" for ch in w)
        for w in names.words(name)
    )


def _sounds_alike(shown: str, written: str) -> bool:
    a, b = names.sound(shown), names.sound(written)
    return names.close(a, b) or names.skeleton(a) == names.skeleton(b)


def same_name(shown: str, written: str, kind: str) -> bool:
    """Whether `shown` (the model's conventional form) names what `written` names.

    People: as many words, each sounding like its counterpart ("Xi Jinping" ~ "Си Цзиньпин").
    Organisations: the same countries named, and every Latin-script word of the original kept.
    """
    if not shown.strip():
        return False
    shown_words, written_words = names.words(shown), names.words(written)
    if kind == "person":
        return len(shown_words) == len(written_words) and all(map(_sounds_alike, shown_words, written_words))
    kept = [w for w in written_words if w.isascii() and w[:1].isupper()]
    if not all(w in shown_words for w in kept):
        return False
    return _countries(shown_words) == _countries(written_words)


def _countries(words: Sequence[str]) -> set[str]:
    return {c for w in words if w[:1].isupper() and (c := canonical_country(w, inflected=True))}


def conventional_names(
    wanted: Sequence[tuple[str, str]], language: str, ask: AskNames | None, chinese: Collection[str] = ()
) -> dict[str, str]:
    """(basic form, kind) of each name to show -> the name the brief shows.

    A name in `chinese` (its documents name China) that Russian wrote in the Palladius system is
    its pinyin, by rule (text/palladius.py), whatever the model says. Otherwise an organisation is
    the model's form where it is the same organisation (same_name), and a person is the model's
    form word by word (person_from_answer); what the model does not give is the basic form transliterated,
    a person's given name as English speakers write one that sounds the same (spelt_person).
    """
    answered: dict[str, str] = {}
    if ask is not None:
        for start in range(0, len(wanted), MOST_NAMES):
            part = list(wanted[start : start + MOST_NAMES])
            answers = ask([basic for basic, _ in part])
            for number, (basic, kind) in enumerate(part, start=1):
                answer = " ".join(answers.get(number, "").split())
                if kind == "person":
                    answered[basic] = person_from_answer(answer, basic, language)
                elif in_brief_script(answer, language) and same_name(answer, basic, kind):
                    answered[basic] = answer
    # Spelt only for a name no answer is kept for: spelling a person's given name imports faker's
    # lists (0.05 s of CPU), which a person the model was asked about may never need.
    shown = {
        basic: spelt_person(basic) if kind == "person" else names.transliterate(basic)
        for basic, kind in wanted
        if basic not in answered
    } | answered
    for basic, kind in wanted:
        pinyin = chinese_name(basic) if kind == "person" and basic in chinese else None
        shown[basic] = pinyin or shown[basic]
    return shown


def person_from_answer(answer: str, basic: str, language: str) -> str:
    """A person's name as the model wrote it, word by word: each of its words that the brief can show
    and that sounds like its written counterpart ("Kate" for "Кейт"), the written word spelt as if the model
    had given none (spelt_person) for the others ("Malлинсон", mixed-script, gives "Mallinson") and for a
    word the model merely spelt letter by letter. An answer of another number of words cannot be matched
    word to word: then the whole name is spelt so."""
    given, written = names.words(answer), names.words(basic)
    if len(given) != len(written):
        return spelt_person(basic)
    chosen = iter(_answered_word(shown, word, language, i == 0)
                  for i, (shown, word) in enumerate(zip(given, written, strict=True)))  # fmt: skip
    return names.respell(basic, lambda _: next(chosen))


def spelt_person(basic: str) -> str:
    """A person's name the model did not give: the given name as English speakers write one that sounds the
    same ("Кристофер" is Christopher), the rest transliterated."""
    spelt = iter([_spelt(word, i == 0) for i, word in enumerate(names.words(basic))])
    return names.respell(basic, lambda _: next(spelt))


def _spelt(written: str, first: bool) -> str:
    return (first and english_given_name(written, cache_dir_from_env() / "models")) or names.transliterate(written)


def _answered_word(shown: str, written: str, language: str, first: bool) -> str:
    # A word spelt letter by letter ("Tokaev" for "Токаев") is no newspaper's form the model knew:
    # the scheme newspapers follow spells it better ("Tokayev").
    if not in_brief_script(shown, language) or not _respelt(shown, written) or shown.casefold() == names.latin(written):
        return _spelt(written, first)
    if _case_slip(shown, written) or _ending_dropped(shown, written):
        return _spelt(written, first)
    spelt = names.transliterate(written)
    # "Malinson" for "Маллинсон": a letter the source doubles, dropped, is a slip, not a convention.
    if len(shown) < len(spelt) and _undoubled(shown) == _undoubled(spelt):
        return spelt
    return shown


def _respelt(shown: str, written: str) -> bool:
    """The same word in another spelling ("Kate" for "Кейт", "Jomart" for "Жомарт"): its sounds swapped
    for others, never a sound added or dropped ("Landaus" for "Ландау", "Christof" for "Кристофер")."""
    a, b = names.sound(shown), names.sound(written)
    return names.skeleton(a) == names.skeleton(b) or (len(a) == len(b) and names.close(a, b))


def _case_slip(shown: str, written: str) -> bool:
    """ "CoFman" for "Кофман": a capital inside a word the source writes with one capital is a slip."""
    return any(ch.isupper() for ch in shown[1:]) and not any(ch.isupper() for ch in written[1:])


def _ending_dropped(shown: str, written: str) -> bool:
    """ "Alexander" for "Александра": a closing vowel dropped is another name (here a man's for a woman's),
    though every consonant is kept. A silent letter added is a spelling ("Kate" for "Кейт")."""
    shown_end, written_end = names.sound(shown)[-1:], names.sound(written)[-1:]
    return names.skeleton(written_end) == "" and names.skeleton(shown_end) != ""


def _undoubled(word: str) -> str:
    folded = word.casefold()
    return "".join(ch for i, ch in enumerate(folded) if i == 0 or ch != folded[i - 1])


def basic_name(name: str, kind: str, language: str) -> str | None:
    """The basic form of a name the brief cannot show as written; None for a name it can."""
    return None if in_brief_script(name, language) else basic_form(name, kind)


def written_spellings(
    actors: Sequence[tuple[Iterable[str], Iterable[str]]], texts: Mapping[str, str]
) -> list[list[str]]:
    """What the documents write of each actor's names (its spellings, its documents' ids), letter for letter:
    the only spellings shown as aliases. Looked for a document at a time, so each text's words are read once."""
    asked = [(list(dict.fromkeys(s for s in spellings if s)), list(dict.fromkeys(ids))) for spellings, ids in actors]
    by_document: dict[str, dict[str, None]] = {}
    for spellings, ids in asked:
        for source_id in ids:
            by_document.setdefault(source_id, {}).update(dict.fromkeys(spellings))
    forms = {
        (source_id, spelling): written_forms(spelling, texts.get(source_id, ""))
        for source_id, spellings in by_document.items()
        for spelling in spellings
    }
    return [
        list(dict.fromkeys(form for source_id in ids for spelling in spellings for form in forms[source_id, spelling]))
        for spellings, ids in asked
    ]


def as_written(name: str, written: Sequence[str] | None) -> str:
    """A name the model wrote in the source's script, as the source writes it: a model's mixed-script
    "Ministерством …" is the text's "Министерством …"."""
    if not written or name in written:
        return name
    words = names.words(name)
    return next(
        (w for w in written if len(names.words(w)) == len(words) and all(map(_sounds_alike, words, names.words(w)))),
        name,
    )


def names_china(text: str) -> bool:
    """Whether a text names China (or Beijing), in any of its languages and cases: a Chinese name is expected there."""
    return any(
        canonical_country(w, inflected=True) == "China" for w in dict.fromkeys(names.words(text)) if w[:1].isupper()
    )


def shown_names(
    named: Sequence[tuple[str, str, Sequence[str] | None]],
    language: str,
    ask: AskNames | None,
    in_chinese_context: Sequence[bool] | None = None,
) -> list[str]:
    """The name to show for each (chosen name, kind, what the sources write of it): the name itself when
    the brief can show it, else the conventional form of its basic form (conventional_names).
    `in_chinese_context` says, for each, whether its documents name China (names_china)."""
    bases = [basic_name(as_written(name, written), kind, language) for name, kind, written in named]
    # The country table's names are English: an English brief asks the model for none of them (Россия is Russia).
    table = {base: country for base in bases if base and language == "en" and (country := canonical_country(base))}
    wanted = list(
        dict.fromkeys(
            (base, kind) for base, (_, kind, _) in zip(bases, named, strict=True) if base and base not in table
        )
    )
    chinese = {
        base for base, near in zip(bases, in_chinese_context or [False] * len(named), strict=True) if base and near
    }
    shown = conventional_names(wanted, language, ask, chinese) | table
    return [shown[base] if base else name for base, (name, _, _) in zip(bases, named, strict=True)]
