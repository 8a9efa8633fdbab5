"""Values a sentence states (amounts, counts, percentages, dates), comparable across languages and notations.

Two outlets disagree when they give different values for one thing, and agree when
they give one value in different notations: "$1.1 billion", "1,1 млрд долларов" and
"1.1bn" are one amount, "51.2%" and "51 Prozent" one share differently rounded. So
values are read, not matched as strings: the digits as evidence.py reads them, a
scale word multiplies, a currency or "%" says what kind of value it is, the noun
after a count says what is counted (a few common news units in a small table, so
"jets", "Flugzeuge" and "самолетов" are one unit), and a month with its day or year
is a date. A value remembers how precisely it was written, so a figure rounded
to fewer digits still meets the precise one.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..text import names
from ..text.countries import canonical_country
from ..text.numbers import NUMBER, canonical_number
from .stories import MONTHS

# Scale words after a number, by the power of ten they stand for.
_SCALES = {
    "trillion": 12, "трлн": 12, "billion": 9, "bn": 9, "b": 9, "млрд": 9, "миллиард": 9, "milliarde": 9,
    "milliarden": 9, "mrd": 9, "million": 6, "millionen": 6, "mn": 6, "m": 6, "mln": 6, "млн": 6, "миллион": 6,
    "mio": 6, "mlrd": 9, "thousand": 3, "тыс": 3, "тысяч": 3, "tausend": 3, "k": 3,
}  # fmt: skip
_CURRENCY_WORDS = {
    "USD": ("dollar", "долл", "usd"), "EUR": ("euro", "евро", "eur"), "KZT": ("tenge", "тенге", "kzt"),
    "RUB": ("rouble", "ruble", "рубл", "rubel", "rub"), "GBP": ("pound", "фунт", "pfund", "gbp"),
    "CNY": ("yuan", "юан", "cny"),
}  # fmt: skip
_CURRENCY_SIGNS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "₸": "KZT", "₽": "RUB", "¥": "CNY"}
_PERCENT = ("%", "percent", "per cent", "prozent", "процент")
# What is counted, by word beginnings: a unit is the same thing in every language listed.
_UNITS = {
    "aircraft": ("jet", "aircraft", "plane", "airliner", "flugzeug", "maschine", "самолет", "самолёт", "лайнер"),
    "people": ("people", "person", "menschen", "personen", "человек", "люд"),
    "jobs": ("job", "arbeitsplätz", "arbeitsplatz", "stellen", "рабочих мест", "рабочие мест"),
    "routes": ("route", "strecke", "маршрут"),
    "tonnes": ("tonne", "tons", "tonnen", "тонн"),
    "barrels": ("barrel", "баррел", "fass"),
    "troops": ("troop", "soldier", "soldat", "военнослужащ", "солдат"),
    "dead": ("death", "fatalit", "tote", "todesopfer", "погибш", "погибл", "убит", "жертв"),
    "injured": ("injur", "wounded", "verletzt", "verwundet", "ранен", "пострадавш"),
}  # fmt: skip
_WHOLE_UNITS = {"dead": "dead", "killed": "dead"}  # whole words: "deadline" counts no dead
# "About 40", "more than 80%": a figure given loosely contradicts no precise one.
_LOOSE = re.compile(
    r"\b(?:about|around|approximately|roughly|nearly|almost|some|over|more than|less than|up to|at least|"
    r"etwa|rund|fast|über|mehr als|bis zu|mindestens|"
    r"около|почти|не менее|не более|более|свыше|примерно|порядка|до)\s*[$€£]?\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# Words between a number and what it counts: "37 new jets", "29 Jets vom Typ", "24 самолета".
_SKIP = {"new", "more", "additional", "further", "of", "the", "neue", "neuen", "weitere", "новых", "новые"}


def _first_letters(alternatives: list[str]) -> str:
    """A lookahead on the first letters of a regex's alternatives (each starting with a letter): at a
    position none of them starts at, the regex engine no longer tries each alternative. Every sentence of a
    day is searched for a month and an event: each search twice as fast, with the same matches."""
    return "(?=[" + "".join(sorted({a[0] for a in alternatives})) + "])"


_MONTH = re.compile(_first_letters(list(MONTHS)) + r"(?<!\w)("
                    + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?(?!\w)",
                    re.IGNORECASE)  # fmt: skip
_YEAR = re.compile(r"[\s,]*((?:19|20)\d\d)(?!\d)")
_DAY_BEFORE = re.compile(r"(?<![\d.,])(\d{1,2})\.?\s*$")
_DAY_AFTER = re.compile(r"\s*(\d{1,2})(?![\d.,]\d)(?:st|nd|rd|th)?\b")
_DIGIT = re.compile(r"\d")
_PLACE = re.compile(r"(?<!\w)(?:in|at|near|im|в|во)\s+([A-ZА-ЯЁ][\w'’-]+)", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;:.!?](?:\s|$)|[()«»“”\"—–]")  # "$1.1 billion" goes on
_EVENTS = [
    "signed", "sign", "held", "hold", "holds", "met", "meet", "meets", "took place", "opened", "opens", "launched",
    "crashed", "struck", "unterzeichnet", "unterschrieben", "unterzeichnete", "statt", "abgehalten", "eröffnet",
    "getroffen", r"подписал\w*", r"подписан\w*", "прош[её]л", r"прошл\w*", r"состоял\w*", r"открыл\w*", r"встретил\w*",
]  # fmt: skip
_EVENT = re.compile(_first_letters(_EVENTS) + r"\b(?:" + "|".join(_EVENTS) + r")\b", re.IGNORECASE)
# Capitalised words a place preposition is also used with.
_NOT_PLACES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "montag", "dienstag",
    "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "english", "german", "russian", "chinese",
    "french", "spanish", "dollars", "euros", "the", "this", "that", "a", "an", "his", "her", "their", "its", "our",
}  # fmt: skip
_ISO = re.compile(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)")


@dataclass(frozen=True)
class Value:
    """One value a text states, where, and how precisely it was written."""

    kind: str  # "amount", "count", "percent", "date" or "place"
    unit: str  # the currency, what is counted, a date's parts ("ym", "md", "ymd"), a place's script, rank and event
    number: float  # for a date: year * 10000 + month * 100 + day, the parts it gives
    step: float  # what its last written digit is worth: 0.1e9 for "1.1 billion"
    loose: bool  # "about", "more than": given as a bound or an estimate
    start: int
    end: int
    text: str
    key: str = ""  # a place's name as it sounds, without its case ending: "Astana", "Астане" -> "asta"
    # What kind of thing it measures: only values of one slot are compared. Set once, not built on every
    # comparison (a story's figures are compared pair by pair).
    slot: tuple[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "slot", (self.kind, self.unit))


def compatible(a: Value, b: Value) -> bool:
    """The same value, written alike or rounded: "51.2%" and "51%"; "$1.1bn" and "1,1 млрд долларов"."""
    if a.slot != b.slot:
        return False
    if a.kind == "date":
        return a.number == b.number
    if a.kind == "place":
        return a.key == b.key
    return abs(a.number - b.number) <= max(a.step, b.step) / 2 * (1 + 1e-9)


def is_part_sum(whole: Value, parts: list[Value]) -> bool:
    """A figure and its parts: "40 routes" against "28 … and 12 routes" in one sentence."""
    if whole.kind not in ("count", "amount") or len(parts) < 2:
        return False
    total = sum(p.number for p in parts)
    return abs(total - whole.number) <= max(whole.step, *(p.step for p in parts)) / 2 * (1 + 1e-9)


def _step(canonical: str, power: int) -> float:
    whole, _, decimals = canonical.partition(".")
    if decimals:
        return 10.0 ** (power - len(decimals))
    # "1,200 jobs" may be rounded to the hundred; "37 jets" is exact.
    zeros = len(whole) - len(whole.rstrip("0")) if len(whole) >= 4 else 0
    return 10.0 ** (power + zeros)


def _scale(after: str) -> tuple[int, int]:
    """The power of ten of a scale word at the start of `after`, and the characters it takes."""
    match = re.match(r"\s*([^\W\d_]+)\.?", after)
    if match:
        word = match.group(1).casefold()
        for scale, power in _SCALES.items():
            if word == scale or (len(scale) > 3 and word.startswith(scale)):
                return power, match.end()
    return 0, 0


def _currency(before: str, after: str) -> str:
    sign = re.search(r"(US\$|[$€£₸₽¥]|USD|EUR)\s*$", before, re.IGNORECASE)
    if sign:
        return _CURRENCY_SIGNS.get(sign.group(1).casefold(), sign.group(1).upper())
    word = re.match(r"\s*([^\W\d_]+)", after)
    if word:
        folded = word.group(1).casefold()
        for code, stems in _CURRENCY_WORDS.items():
            if folded.startswith(stems):
                return code
    if re.match(r"\s*[$€£₸₽]", after):
        return _CURRENCY_SIGNS[after.strip()[0]]
    return ""


@functools.lru_cache(maxsize=4096)
def unit_of(word: str) -> str:
    """What a word counts, the same in every language the table lists: "Jets", "самолета" -> "aircraft"."""
    folded = word.casefold()
    if folded in _WHOLE_UNITS:
        return _WHOLE_UNITS[folded]
    for unit, stems in _UNITS.items():
        if folded.startswith(stems):
            return unit
    return ""


def _counted(after: str) -> tuple[str, int]:
    """The unit of the first words after a count, skipping model names ("A320neo") and adjectives,
    and where its word ends in `after`."""
    for match in list(_WORD.finditer(after))[:3]:
        word = match.group()
        if any(ch.isdigit() for ch in word) or word.casefold() in _SKIP:
            continue
        unit = unit_of(word)
        if unit:
            return unit, match.end()
        # A lower-case noun names its own unit; a capitalised word after a number is a name.
        return (word.casefold()[:5], match.end()) if word[:1].islower() and len(word) > 3 else ("", 0)
    return "", 0


def _dates(text: str) -> tuple[list[Value], list[tuple[int, int]]]:
    found: list[Value] = []
    taken: list[tuple[int, int]] = []
    for iso in _ISO.finditer(text):
        year, month, day = map(int, iso.groups())
        found.append(Value("date", "ymd", year * 10000 + month * 100 + day, 1, False, iso.start(), iso.end(),
                           iso.group()))  # fmt: skip
        taken.append((iso.start(), iso.end()))
    for match in _MONTH.finditer(text):
        word = match.group(1)
        # English months are written with a capital; "may" is a verb.
        if word[:1].islower() and not ("а" <= word[:1] <= "я"):
            continue
        start, end = match.start(), match.end()
        day = 0
        before = _DAY_BEFORE.search(text, max(0, start - 5), start)
        after = _DAY_AFTER.match(text, end)
        if before:
            day, start = int(before.group(1)), before.start(1)
        elif after and not _YEAR.match(text, end):
            day, end = int(after.group(1)), after.end(1)
        year = _YEAR.match(text, end)
        if year:
            end = year.end(1)
        if not 0 <= day <= 31:
            continue
        parts = ("y" if year else "") + "m" + ("d" if day else "")
        number = (int(year.group(1)) if year else 0) * 10000 + MONTHS[word.casefold()] * 100 + day
        found.append(Value("date", parts, number, 1, False, start, end, text[start:end]))
        taken.append((start, end))
    return found, taken


def event_before(text: str, start: int) -> str | None:
    """The verb of an event ("signed", "held", "подписано") earlier in the clause that reaches `start`."""
    events = _EVENT.findall(_CLAUSE_BREAK.split(text[:start])[-1])
    return events[-1] if events else None


def _places(text: str) -> list[Value]:
    """Where an event happened: a place after "in", "at", "im", "в" in a clause with the event's verb
    ("signed … in Almaty", "подписано в Астане"). Compared within one script only, since exonyms differ
    ("Beijing", "Пекин"), and a country never with a city ("in Kazakhstan", "in Almaty")."""
    found = []
    for match in _PLACE.finditer(text):
        name = match.group(1)
        if not name[:1].isupper() or name.casefold() in MONTHS or name.casefold() in _NOT_PLACES:
            continue
        # Where an event happened, not where someone spoke or lives: an event's verb earlier in the clause.
        event = event_before(text, match.start())
        if event is None:
            continue
        script = "cyrillic" if names.is_cyrillic(name) else "latin"
        rank = "country" if canonical_country(name, inflected=True) else "place"
        key = names.stem(names.sound(name.casefold()))
        # The event is part of what the place is of: where it was signed is not where it was held.
        unit = f"{script} {rank} {names.stem(event.casefold())}"
        found.append(Value("place", unit, 0.0, 1.0, False, match.start(1), match.end(1), name, key))
    return found


def values_in(text: str) -> list[Value]:
    """Every amount, count with its unit, percentage, date and place `text` states, in order."""
    return list(_values_in(text))


# A sentence is read for its values again and again (its figures, then each count's neighbours, then
# the claims citing it), and copies repeat sentences: each text is read once. Values are frozen.
@functools.lru_cache(maxsize=16384)
def _values_in(text: str) -> tuple[Value, ...]:
    places = _places(text) if _EVENT.search(text) else []
    if not _DIGIT.search(text) and not _MONTH.search(text):
        return tuple(places)
    found, taken = _dates(text)
    found += places
    for match in NUMBER.finditer(text):
        start, end = match.span()
        if any(s <= start < e for s, e in taken):
            continue
        canonical = canonical_number(match.group())
        after = text[end : end + 40]
        power, used = _scale(after)
        before = text[max(0, start - 30) : start]
        currency = _currency(before, after[used:])
        loose = bool(_LOOSE.search(before))
        number = float(canonical) * 10.0**power
        step = _step(canonical, power)
        percent = re.match(r"\s*(%|percent|per cent|prozent|процент)", after, re.IGNORECASE)
        if percent:
            stop = end + percent.end()
            found.append(Value("percent", "%", number, step, loose, start, stop, text[start:stop]))
        elif currency:
            tail = re.match(r"\s*[^\W\d_]+", after[used:]) if not re.search(r"[$€£₸₽¥]\s*$", before) else None
            stop = end + used + (tail.end() if tail else 0)
            sign = re.search(r"(US\$|[$€£₸₽¥])\s*$", before)
            begin = start - (len(before) - sign.start()) if sign else start
            found.append(Value("amount", currency, number, step, loose, begin, stop, text[begin:stop]))
        elif not power and re.fullmatch(r"(19|20)\d\d", canonical):
            continue  # a year alone dates nothing we can compare
        else:
            unit, stop = _counted(after[used:])
            if unit:
                stop += end + used
                found.append(Value("count", unit, number, step, loose, start, stop, text[start:stop]))
    return tuple(sorted(found, key=lambda v: v.start))


def years_in(text: str) -> set[int]:
    """The years a text names: a shared year ties two sentences about one event together."""
    return {int(m.group()) for m in re.finditer(r"(?<!\d)(?:19|20)\d\d(?!\d)", text)}


def describe(value: Value) -> str:
    """A value as the brief names what it measures: "amount (USD)", "aircraft", "share (%)", "date", "place"."""
    if value.kind == "date":
        return "date"
    if value.kind == "place":
        return "place"
    if value.kind == "amount":
        return f"amount ({value.unit})"
    if value.kind == "percent":
        return "share (%)"
    return value.unit
