"""The claim check's rules that cost nothing: what a claim states that its sentences plainly do not hold.

Each rule reads the claim and the sentences it cites with the project's own matchers
(stories.anchors and notes.numbers_in for amounts and dates, the country table,
grounding.mention_in_text for names and places in any script and case) and the word
lists of text.lexicon. A rule withholds a claim only on what it sees; what it cannot
see is left to the model, which checking.py asks about the rest. The rules,
in the order they are tried, and the misstatements they are for:

- number: an amount, share or date, a designation's number ("A350" over "Boeing 787"), or
  a scale ("million" over "миллиардов") the sentences do not state, or a weekday where they
  name another (wrong number or date);
- negation: a negation where the sentences hold none (a direction inverted by a "not");
- place: a country or a place where the sentences name another (wrong place);
- signing: a signing where the sentences report none (agreed told as signed);
- parties: one party on both sides of an act ("Tokayev met with President Tokayev"), which
  no sentence can state;
- holder: a stake's holder its sentences do not name by any of its names ("Russia: …"
  over a sentence about "the countries of Central Asia");
- amount only: a stake that is an amount and nothing else ("Kazakhstan stands to gain: 1.1 billion
  dollars" over an agreement worth that much): what is gained or lost, the sentences say and it does not;
- name: a person or organisation of the actors table the sentences do not name;
- object: a commodity or a piece of infrastructure where the sentences name another of
  its kind and not it ("oil field" over "месторождению вольфрама": wrong object);
- direction: a trend one way where the sentences state it only the other way
  ("declined" over "усилился": inverted direction); a negation within three words turns a
  direction, one elsewhere in the sentence does not;
- suspended: a measure (restrictions, a ban, sanctions, tariffs) told as in force where every
  mention of it in the sentences is near a word that suspends or lifts it ("Peking's temporary
  restrictions" over "Пекин временно приостановил ограничения": a stop told as in force);
- outcome: a conflict, crisis, war, sanctions, rupture or peace agreement the sentences
  never mention (invented consequence; a truce told as a peace agreement);
- cause: a cause the claim gives ("due to climate change") of which its sentences hold no
  word, tried only where they are in the claim's language (another words a cause otherwise).
- wording: a note the model wrote in its sentences' language, then translated for the brief,
  of which not one word is in them ("ускорение развития экономики и безопасности" over a
  sentence about China's growing presence): a model that restates a sentence in its own
  language reuses its words, and one that shares none states something else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..schema import Actor, Evidence
from ..text import lexicon, names
from ..text.countries import canonical_country, country_at
from ..text.numbers import designations
from .evidence import actors_supported
from .grounding import mention_in_text
from .merge import same_party
from .notes import holder_in_text, numbers_in
from .quantities import values_in
from .stories import MONTHS, anchors

# A place named after a preposition: "in Almaty", "on the Rhine", "в Астану", "an der Mosel".
_CAPITALISED = r"[^\W\d_a-zа-яё][\w-]+"
_PLACE = re.compile(
    rf"\b(?i:in|at|near|on|в|во|на|im|an|am|bei|nach)\s+(?:(?:the|der|dem|den|die)\s+)?"
    rf"({_CAPITALISED}(?:\s+{_CAPITALISED}){{0,2}})"
)


# Two names as the parties of one act: "X met with Y", "X and Y agreed". A name followed by a possessive
# ("Trump's envoy") is no party, and no name is cut short to make one.
_PARTIES = re.compile(
    rf"({_CAPITALISED}(?:\s+{_CAPITALISED})*)\s+(?:[a-z]+\s+){{0,3}}?(?:with|and)\s+"
    rf"({_CAPITALISED}(?:\s+{_CAPITALISED})*)(?![\w'’-])"
)

# Words that scale an amount, by the power of ten they stand for; a word is matched by its start.
_SCALES = {
    3: ("thousand", "тысяч", "тыс", "tausend"),
    6: ("million", "mln", "миллион", "млн", "mio"),
    9: ("billion", "bn", "миллиард", "млрд", "milliard", "mrd"),
    12: ("trillion", "триллион", "трлн"),
}
_NEGATION = re.compile(
    r"\b(?:not|no|never|none|neither|nor|without|cannot|"  # English
    r"не|нет|ни|никогда|без|"  # Russian
    r"nicht|kein\w*|nie|niemals|ohne|weder)\b|n['’]t\b",  # German; English contractions
    re.IGNORECASE,
)
_CONTRACTED = re.compile(r"n['’]t\b", re.IGNORECASE)  # "didn't rise": the negation as a word of its own
_NEAR = 3
"""Words either side of a word within which a negation turns it ("did not rise", "stieg im Mai nicht") and a
suspension stops a measure ("приостановил ограничения")."""
# A signing the claim reports, and the words by which sentences report one, in our sources' languages.
# "sign" and "signs" are nouns as often ("a sign of", "Watch: signs of a slowdown"): the verb only where it is one.
_SIGNED = re.compile(
    r"\bsign(?:ed|ing)\b|\bsigns\b(?!\s+(?:of|that)\b)|"
    r"\b(?:to|will|would|may|might|could|can|shall|must|did|does|do|not)\s+sign\b",
    re.IGNORECASE,
)
_SIGNING = re.compile(
    r"\b(?:sign\w*|conclude\w*|ink\w*|подпис\w*|заключ\w*|unterzeichn\w*|unterschr\w*|abgeschlossen)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Judgement:
    verdict: str  # schema.Verdict
    why: str
    by: str = "model"  # which check decided: "model", or the free check's name


def _scales(text: str) -> set[int]:
    found = set()
    for word in names.words(text.casefold()):
        for power, starts in _SCALES.items():
            if any(word.startswith(s) and (len(s) > 3 or word == s) for s in starts):
                found.add(power)
    return found


def _countries(text: str) -> dict[str, str]:
    """The countries a text names, each by its English name, with the words that name it ("Tashkent", "Астану")."""
    words = names.words(text)
    found: dict[str, str] = {}
    i = 0
    while i < len(words):
        length, country = country_at(words, i)
        if country:
            found.setdefault(country, " ".join(words[i : i + length]))
        i += max(1, length)
    return found


def _places(text: str) -> list[str]:
    """Places named after a preposition; not a date's words ("on Tuesday", "am Dienstag", "in October")."""
    found = (m.group(1) for m in _PLACE.finditer(text))
    return list(dict.fromkeys(p for p in found if not _a_date(names.words(p)[0])))


def _a_date(word: str) -> bool:
    return word.casefold() in MONTHS or any(lexicon.named(days, word) for days in lexicon.WEEKDAYS.values())


def _place_in(place: str, text: str) -> bool:
    """Whether a text names the place: in any script and case ("Astana", "Астану"), or a country or capital
    by its country where the text names no other place ("in Astana" is in "Kazakhstan signed", not in
    "Kazakhstan signed … in Almaty")."""
    if mention_in_text(place, text):
        return True
    country = canonical_country(place, inflected=True)
    if country is None or not holder_in_text(country, text):
        return False
    return all(canonical_country(p, inflected=True) == country for p in _places(text))


def _number(claim: str, cited: str) -> str | None:
    missing = sorted((set(anchors(claim)) - set(anchors(cited))) | (numbers_in(claim) - numbers_in(cited)))
    # An aircraft's or a weapon's designation is a number too: "A350" over "Boeing 787" is another aircraft.
    wrong_type = designations(claim) - designations(cited) - numbers_in(cited)
    missing += sorted(f"a designation with {n}" for n in wrong_type)
    if missing:
        return f"states {', '.join(missing)}, which its sentences do not"
    scales = _scales(claim) - _scales(cited)
    if scales:
        return f"states an amount in {', '.join(f'10^{p}' for p in sorted(scales))}, which its sentences do not"
    return _swapped(lexicon.WEEKDAYS, claim, cited)


def _negation(claim: str, cited: str) -> str | None:
    said = _NEGATION.search(claim)
    if said and not _NEGATION.search(cited):
        return f'says "{said.group()}"; its sentences state no negation'
    return None


def _place(claim: str, cited: str) -> str | None:
    # A country as the claim writes it: "Tashkent" where the sentences name Astana, not "Uzbekistan".
    absent = [written for c, written in _countries(claim).items() if not holder_in_text(c, cited)]
    instead = [c for c in _countries(cited) if not holder_in_text(c, claim)]
    if not (absent and instead):
        absent = [p for p in _places(claim) if not _place_in(p, cited)]
        instead = [p for p in _places(cited) if not _place_in(p, claim)]
    if absent and instead:
        return f"names {', '.join(absent)} where its sentences name {', '.join(instead)}"
    return None


def _signing(claim: str, cited: str) -> str | None:
    said = _SIGNED.search(claim)
    if said and not _SIGNING.search(cited):
        return f'says "{said.group()}"; its sentences report no signing'
    return None


def _parties(claim: str, cited: str) -> str | None:
    for match in _PARTIES.finditer(claim):
        if same_party(match.group(1), match.group(2)):
            return f"names {match.group(1)} on both sides of one act (with {match.group(2)})"
    return None


def _swapped(things: dict[str, lexicon.Words], claim: str, cited: str) -> str | None:
    """One of `things` the claim names where its sentences name another and not it.

    Both must hold: a thing the sentences do not mention, beside none of its kind that
    they name, is the model's to judge ("grain" over "пшеница" is true).
    """
    absent = [n for n, words in things.items() if lexicon.named(words, claim) and not lexicon.mentioned(words, cited)]
    instead = [n for n, words in things.items() if lexicon.named(words, cited) and not lexicon.mentioned(words, claim)]
    if absent and instead:
        return f"names {', '.join(absent)} where its sentences name {', '.join(instead)}"
    return None


def _object(claim: str, cited: str) -> str | None:
    for things in lexicon.OBJECTS.values():
        why = _swapped(things, claim, cited)
        if why:
            return why
    return None


def _unnegated(words: lexicon.Words, text: str) -> tuple[str | None, bool]:
    """The first of `words` the text names with no negation near it, and whether it names one with one."""
    tokens = names.words(text)
    first, negated = None, False
    for i, n in lexicon.named_at(words, text):
        near = tokens[max(0, i - _NEAR) : i] + tokens[i + n : i + n + _NEAR]
        if any(_NEGATION.fullmatch(w) for w in near):
            negated = True
        elif first is None:
            first = " ".join(tokens[i : i + n])
    return first, negated


def _direction(claim: str, cited: str) -> str | None:
    """A trend the claim gives one way where its sentences state it only the other way.

    A negation near a direction word turns it ("did not rise", "не вырос", "stieg nicht"): a claim with one
    is the model's to judge, and in the sentences a turned direction states neither way. A negation
    elsewhere in a sentence ("Russia's resolve not to let Western interests in") leaves its directions as stated.
    """
    claim, cited = _CONTRACTED.sub(" not", claim), _CONTRACTED.sub(" not", cited)
    said: dict[str, str] = {}
    for way, words in lexicon.DIRECTIONS.items():
        word, negated = _unnegated(words, claim)
        if negated:
            return None
        if word:
            said[way] = word
    if len(said) != 1:
        return None  # no direction, or both: "prices fell as demand grew" is for meaning to judge
    ((way, word),) = said.items()
    other, _ = _unnegated(lexicon.DIRECTIONS[lexicon.OPPOSITE[way]], cited)
    if other and not lexicon.mentioned(lexicon.DIRECTIONS[way], cited):
        return f'says "{word}"; its sentences say "{other}"'
    return None


def _stopped(at: int, count: int, tokens: list[str]) -> bool:
    """Whether the `count` words at `at` stand within _NEAR words of one that suspends or lifts them, with no
    negation near."""
    near = " ".join(tokens[max(0, at - _NEAR) : at] + tokens[at + count : at + count + _NEAR])
    return lexicon.named(lexicon.SUSPENDED, near) is not None and not _NEGATION.search(near)


def _suspended(claim: str, cited: str) -> str | None:
    """A measure the claim tells as in force where its sentences report it only suspended or lifted."""
    if lexicon.named(lexicon.SUSPENDED, claim):
        return None  # the claim is about the suspension: for meaning to judge
    tokens = names.words(cited)
    for nouns, acts in lexicon.MEASURES.values():
        # The measure as a noun, word for word: "China restricted exports" is the act, which a suspension presumes.
        said = next((w for w in names.words(claim) if w.casefold() in nouns), None)
        # In the sentences the act counts too ("Китай ограничил экспорт"): the measure put in force.
        mentions = lexicon.named_at(nouns + acts, cited)
        if said and mentions and all(_stopped(i, n, tokens) for i, n in mentions):
            return f'tells "{said}" as in force; its sentences report "{tokens[mentions[0][0]]}" suspended or lifted'
    return None


def _outcome(claim: str, cited: str) -> str | None:
    """An outcome the claim states that its sentences never mention: a consequence the model added."""
    for outcome, words in lexicon.OUTCOMES.items():
        said = lexicon.named(words, claim)
        if said and not lexicon.mentioned(words, cited):
            return f'says "{said}" ({outcome}); its sentences mention none'
    return None


# A cause the claim gives, up to the end of its clause.
_CAUSE = re.compile(
    r"\b(?:due to|because of|owing to|as a result of|caused by|driven by|thanks to)\s+([^,.;:]+)", re.IGNORECASE
)


def unworded(wording: str, text: str) -> bool:
    """Whether a wording in `text`'s language holds words of content and not one of them is in `text`."""
    words = names.content_words(wording)
    said = {w.casefold() for w in names.words(text)}
    return bool(words) and not any(names.same_word(w, s) for w in words for s in said)


def unworded_cause(claim: str, text: str) -> str | None:
    """The cause the claim gives ("due to climate change") when `text` holds not one word of it: the model's own."""
    given = _CAUSE.search(claim)
    if given is not None and unworded(given.group(1), text):
        return given.group(0).strip()
    return None


RULES = (
    ("number", _number), ("negation", _negation), ("place", _place), ("signing", _signing), ("parties", _parties),
)  # fmt: skip
"""Rules on the claim's words and its sentences' alone, tried in this order; the name rule, which needs
the actors table, comes after them, and the rules of meaning in words after it."""
WORD_RULES = (("object", _object), ("direction", _direction), ("suspended", _suspended), ("outcome", _outcome))


def _holder(holder: str, cited: str, actors: Sequence[Actor]) -> str | None:
    """A stake is its holder's: sentences that name the holder by none of its names do not state it."""
    spellings = [a for actor in actors if actor.name == holder for a in actor.aliases]
    if holder_in_text(holder, cited) or any(mention_in_text(s, cited) for s in spellings):
        return None
    return f"is {holder}'s stake; its sentences do not name {holder}"


# Words that say nothing of what a stake is: "worth more than", "a gain of".
_NOT_WHAT = {
    "worth", "about", "around", "some", "more", "than", "over", "under", "total", "almost", "nearly", "roughly",
    "approximately", "least", "the", "and", "for", "with", "from", "gain", "gains", "loss", "losses", "its", "their",
}  # fmt: skip


def _amount_only(stake: str) -> str | None:
    """A stake whose words, but for an amount or a share, say nothing of what is at stake."""
    amounts = sorted((v for v in values_in(stake) if v.kind in ("amount", "percent")), key=lambda v: -v.start)
    if not amounts:
        return None
    rest = stake
    for value in amounts:
        rest = rest[: value.start] + " " + rest[value.end :]
    if any(len(w) >= 3 and w.isalpha() and w.casefold() not in _NOT_WHAT for w in names.words(rest)):
        return None
    return f'says only an amount, "{stake.strip()}", not what is gained or lost'


def free_check(
    claim: str,
    evidence: Sequence[Evidence],
    actors: Sequence[Actor] = (),
    holder: str | None = None,
    same_language: bool = False,
    untranslated: str = "",
    stake: str = "",
) -> Judgement | None:
    """An unsupported verdict when the claim states what its sentences plainly do not hold; else None.

    `holder` is a stake's: the claim is "holder: stake", and the holder must be named. `same_language`:
    the sentences are in the claim's language, so a cause must be worded in them. `untranslated`: the
    model's own words, in the sentences' language, of which the claim is the translation. `stake`: a
    stake's own words, without its holder and way.
    """
    cited = " ".join(e.text for e in evidence)
    for name, rule in RULES:
        why = rule(claim, cited)
        if why:
            return Judgement("unsupported", why, name)
    if holder and (why := _holder(holder, cited, actors)):
        return Judgement("unsupported", why, "holder")
    if stake and (why := _amount_only(stake)):
        return Judgement("unsupported", why, "amount only")
    if not actors_supported(claim, evidence, actors):
        return Judgement("unsupported", "names a person or organisation its sentences do not", "name")
    for name, rule in WORD_RULES:
        why = rule(claim, cited)
        if why:
            return Judgement("unsupported", why, name)
    if same_language and (cause := unworded_cause(claim, cited)):
        return Judgement("unsupported", f'gives a cause, "{cause}", of which its sentences say nothing', "cause")
    if untranslated and unworded(untranslated, cited):
        why = f'translates the model\'s "{untranslated}", not one word of which is in its sentences'
        return Judgement("unsupported", why, "wording")
    return None
