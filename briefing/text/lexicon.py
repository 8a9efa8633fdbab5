"""Words a claim checker can compare across English, Russian and German without a model.

A claim in English cites sentences in Russian or German: "oil field" over "месторождению
вольфрама", "declined" over "усилился", "conflict" over an exploration agreement. Each
entry below is one thing, direction or outcome, with its words in the three languages.
Words are compared by the project's one word-form rule, names.same_word ("вольфрам",
"вольфрама"; "grow", "growing"), so a table lists a word's forms only where that rule does
not join them (a built-in suffix: "вольфрамовый"; a changed stem: "grew", "rose"). A word
that rule joins to common words of another meaning is left out or written in a phrase:
"fall" meets "fallout", "surge" "surgery", "рост" "Ростов", so "to fall", not "fall". A
word missing from the table makes a check see nothing, never withhold a claim.

A text *names* an entry when its words are one of the entry's words or phrases in some
form (`named`); it *mentions* an entry when it names it or holds one of its words inside
a longer word, a compound ("Rohöl", "Wolfram-Lagerstätte", "Erdgas"; `mentioned`). The
checks ask the strict question of what a claim states and the generous one of whether
its sentences hold it, so that a form the table lacks withholds nothing true.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from . import names

Words = tuple[str, ...]

# Days of the week: a date a claim may move ("until Friday" over "bis Donnerstag").
WEEKDAYS: dict[str, Words] = {
    "Monday": ("monday", "понедельник", "montag"),
    "Tuesday": ("tuesday", "вторник", "dienstag"),
    "Wednesday": ("wednesday", "среда", "среду", "mittwoch"),
    "Thursday": ("thursday", "четверг", "donnerstag"),
    "Friday": ("friday", "пятница", "пятницу", "freitag"),
    "Saturday": ("saturday", "суббота", "субботу", "samstag", "sonnabend"),
    "Sunday": ("sunday", "воскресенье", "sonntag"),
}

# Things a claim may swap for another of the same group: the wrong-object misstatement.
OBJECTS: dict[str, dict[str, Words]] = {
    "commodity": {
        "oil": ("oil", "oilfield", "crude", "petroleum", "нефть", "нефтяной", "нефтегазовый", "öl", "erdöl", "rohöl"),
        "gas": ("gas", "lng", "газ", "газа", "газу", "газовый", "erdgas"),
        "coal": ("coal", "уголь", "угля", "угольный", "kohle"),
        "tungsten": ("tungsten", "wolfram", "вольфрам", "вольфрамовый"),
        "copper": ("copper", "медь", "меди", "медный", "kupfer"),
        "gold": ("gold", "золото", "золотой"),
        "uranium": ("uranium", "уран", "урана", "урановый", "uran"),
        "lithium": ("lithium", "литий", "лития", "литиевый"),
        "rare earths": ("rare earth", "rare earths", "редкоземельный", "редкоземельных", "seltene erden", "seltenerd"),
        "wheat": ("wheat", "пшеница", "пшеницы", "weizen"),
        "barley": ("barley", "ячмень", "ячменя", "gerste"),
        "maize": ("maize", "кукуруза", "кукурузы", "mais"),
        "soy": ("soy", "soya", "soybean", "soybeans", "соя", "сои", "сою", "соевый", "soja"),
        "coffee": ("coffee", "кофе", "kaffee"),
        "cotton": ("cotton", "хлопок", "хлопка", "хлопковый", "baumwolle"),
        "aluminium": ("aluminium", "aluminum", "алюминий", "алюминия", "алюминиевый"),
        "nickel": ("nickel", "никель", "никеля"),
        "cobalt": ("cobalt", "кобальт", "kobalt"),
    },
    "infrastructure": {
        "pipeline": ("pipeline", "pipelines", "трубопровод", "газопровод", "нефтепровод", "gasleitung", "ölleitung"),
        "railway": (
            "rail", "rails", "railway", "railways", "railroad", "railroads", "железная дорога", "железной дороги",
            "железной дороге", "железнодорожный", "железнодорожной", "bahn", "eisenbahn", "bahnstrecke", "schiene",
        ),
        "port": ("port", "ports", "seaport", "порт", "порта", "порту", "порты", "портов", "hafen", "häfen"),
        "airport": ("airport", "airports", "аэропорт", "flughafen"),
        "road": ("highway", "highways", "motorway", "motorways", "шоссе", "автомагистраль", "autobahn"),
        "power plant": ("power plant", "power station", "электростанция", "kraftwerk"),
    },
}  # fmt: skip

# Which way an amount or a trend goes.
DIRECTIONS: dict[str, Words] = {
    "up": (
        "grow", "grew", "grown", "growth", "rise", "rose", "risen", "rising", "increase", "increasing", "climb",
        "jump", "soar", "accelerate", "accelerating", "strengthen", "intensify", "intensified",
        "expand", "expanding", "expansion",
        "вырос", "выросла", "вырастет", "растет", "растёт", "растут", "растущий", "увеличил",
        "увеличился", "увеличение", "увеличения", "усилил", "усилился", "усиление", "повысил", "повысился",
        "повышение", "подорожал", "ускорил", "ускорился", "ускорение", "расширил", "расширение", "расширяет",
        "steigen", "steigt", "stieg", "gestiegen", "anstieg", "wachsen", "wächst", "gewachsen", "wachstum",
        "erhöht", "erhöhung", "zugenommen", "zunehmen", "beschleunigt", "verstärkt", "teurer",
    ),
    "down": (
        "decline", "declining", "fell", "falls", "to fall", "will fall", "fall by", "drop", "dropped", "dropping",
        "decrease", "decreasing", "slow", "slowed", "slowing", "weaken", "reduce", "reduced", "reducing",
        "reduction", "cut", "cuts", "cutting", "lowered", "lowering", "shrink", "shrank", "plunge", "slump",
        "снизил", "снизился", "снижение", "снижения", "упал", "упала", "упали", "падение", "падает", "сократил",
        "сокращение", "сокращения", "уменьшил", "уменьшение", "замедлил", "замедлилась", "замедление", "ослаб",
        "ослабление", "подешевел", "спад",
        "sinken", "sinkt", "sank", "gesunken", "fällt", "gefallen", "rückgang", "zurückgegangen", "verringern",
        "verringert", "senken", "gesenkt", "verlangsamt", "geschwächt", "abbauen", "abbau", "abgebaut", "billiger",
    ),
}  # fmt: skip
OPPOSITE = {"up": "down", "down": "up"}

# Measures a government or a company puts in force, as nouns and as the act of imposing them, and the words
# by which sentences report one suspended or lifted ("Пекин временно приостановил ограничения"): a claim
# that tells such a measure as in force ("Beijing's temporary restrictions") states what was stopped.
SANCTIONS: Words = ("sanction", "sanctions", "санкция", "санкции", "санкций", "sanktion", "sanktionen")
MEASURES: dict[str, tuple[Words, Words]] = {
    "restrictions": (
        ("restriction", "restrictions", "curbs", "ограничение", "ограничения", "ограничений", "beschränkung",
         "beschränkungen", "einschränkung", "einschränkungen"),
        ("restrict", "restricted", "curbed", "ограничил", "ограничила", "ограничили", "beschränkt", "eingeschränkt"),
    ),
    "ban": (
        ("ban", "bans", "embargo", "запрет", "эмбарго", "verbot"),
        ("banned", "запретил", "запретила", "запретили", "verboten"),
    ),
    "sanctions": (SANCTIONS, ("sanctioned", "sanktioniert")),
    "tariffs": (
        ("tariff", "tariffs", "duties", "пошлина", "пошлины", "пошлин", "zoll", "zölle"),
        ("imposed", "ввел", "ввёл", "ввела", "ввели", "verhängt"),
    ),
}  # fmt: skip
SUSPENDED: Words = (
    "suspend", "suspended", "suspension", "pause", "paused", "lift", "lifted", "lifting", "halt", "halted",
    "scrap", "scrapped", "end", "ended", "remove", "removed", "drop", "dropped",
    "приостановил", "приостановила", "приостановили", "приостановлены", "приостановка", "отменил", "отменила",
    "отменили", "отменены", "отмена", "снял", "сняла", "сняли", "сняты",
    "ausgesetzt", "aussetzen", "aufgehoben", "aufheben", "aufhebung", "gestoppt",
)  # fmt: skip

# Outcomes a model adds to what its sentences report: a conflict, a crisis, a peace agreement.
OUTCOMES: dict[str, Words] = {
    "conflict": ("conflict", "conflicts", "clash", "clashes", "конфликт", "столкновение", "konflikt"),
    "tension": ("tension", "tensions", "напряженность", "напряжённость", "напряжение", "spannung", "spannungen"),
    "sanctions": SANCTIONS,
    "crisis": ("crisis", "crises", "кризис", "krise"),
    "war": ("war", "wars", "warfare", "война", "войны", "войне", "войну", "военный", "krieg"),
    "dispute": ("dispute", "disputes", "спор", "споры", "разногласия", "streit"),
    "rupture": (
        "break off", "breaks off", "broke off", "cut ties", "sever ties", "severed ties", "разорвать", "разрыв",
        "abbrechen",
    ),
    "recession": ("recession", "рецессия", "рецессии", "rezession"),
    "bankruptcy": ("bankruptcy", "bankrupt", "insolvency", "insolvent", "банкротство", "insolvenz", "pleite"),
    # A truce, a ceasefire or peace talks told as a settled peace: the agreement is the model's.
    "peace agreement": (
        "peace agreement", "peace agreements", "peace deal", "peace treaty", "peace accord", "мирное соглашение",
        "мирного соглашения", "мирный договор", "мирного договора", "friedensabkommen", "friedensvertrag",
    ),
}  # fmt: skip


@functools.lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in names.words(text))


@functools.lru_cache(maxsize=4096)
def _by_stem(text: str) -> dict[str, list[int]]:
    """Where each of the text's words starts, by its first MIN_STEM letters: the only words same_word can match."""
    starts: dict[str, list[int]] = {}
    for i, word in enumerate(_words(text)):
        starts.setdefault(word[: names.MIN_STEM], []).append(i)
    return starts


def _matches(words: Words, text: str) -> Iterator[tuple[int, int]]:
    """Where the text's words are one of `words` (or of its phrases) in some form, entry by entry: (first word,
    word count)."""
    found = _words(text)
    by_stem = _by_stem(text)
    for entry in words:
        parts = entry.split()
        for i in by_stem.get(parts[0][: names.MIN_STEM], ()):
            if i <= len(found) - len(parts) and all(
                names.same_word(found[i + k], part) for k, part in enumerate(parts)
            ):
                yield i, len(parts)


def named(words: Words, text: str) -> str | None:
    """The text's words that are one of `words` (or of its phrases) in some form: what a claim states."""
    for i, n in _matches(words, text):
        return " ".join(names.words(text)[i : i + n])
    return None


def named_at(words: Words, text: str) -> list[tuple[int, int]]:
    """Every place where the text names one of `words`, as (index of its first word, word count)."""
    return sorted(set(_matches(words, text)))


def mentioned(words: Words, text: str) -> bool:
    """Whether the text names one of `words` or holds it inside a longer word: what sentences may hold."""
    folded = text.casefold()
    return named(words, text) is not None or any(entry in folded for entry in words if len(entry) > 3)
