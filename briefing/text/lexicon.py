"""Words a claim checker can compare across English, Russian and German without a model.

A claim in English cites sentences in Russian or German: "oil field" over "месторождению
вольфрама", "declined" over "усилился", "conflict" over an exploration agreement. Each
entry below is one thing, direction or outcome, with its forms in the three languages as
regular expressions: stems with `\\w*` where the word inflects ("нефт\\w*" for нефть,
нефти, нефтяной), whole forms where a stem would catch other words ("port|ports", not
"port\\w*", which is "portfolio"). Only what the checks need is here; a word missing from
the table makes a check see nothing, never withhold a claim.

A text *names* an entry when a word of it begins with one of the forms (`names`); a text
*mentions* it when a form occurs anywhere in it, inside compounds ("Rohöl", "Wolfram-
Lagerstätte") and longer words too (`mentions`). The checks ask the strict question of
what a claim states and the generous one of whether its sentences hold it, so that a
form the table spells narrowly withholds nothing true.
"""

from __future__ import annotations

import functools
import re

# Words that scale an amount, by the power of ten they stand for.
SCALES: dict[int, str] = {
    3: r"thousand\w*|тысяч\w*|тыс|tausend\w*",
    6: r"million\w*|mln|миллион\w*|млн|mio",
    9: r"billion\w*|bn|миллиард\w*|млрд|milliard\w*|mrd",
    12: r"trillion\w*|триллион\w*|трлн\w*",
}
NEGATION = (
    r"not|no|never|none|neither|nor|without|cannot|\w+n['’]t|"  # English, its contractions too
    r"не|нет|ни|никогда|без|"
    r"nicht|kein\w*|nie|niemals|ohne|weder"
)
# A signing a claim reports, and the words by which sentences report one.
SIGNED = r"sign|signs|signed|signing"
SIGNING = r"sign\w*|conclude\w*|ink\w*|подпис\w*|заключ\w*|unterzeichn\w*|unterschr\w*|abgeschlossen\w*"

# Days of the week: a date a claim may move ("until Friday" over "bis Donnerstag").
WEEKDAYS: dict[str, str] = {
    "Monday": r"monday|понедельник\w*|montag\w*",
    "Tuesday": r"tuesday|вторник\w*|dienstag\w*",
    "Wednesday": r"wednesday|сред[аыуе]|mittwoch\w*",
    "Thursday": r"thursday|четверг\w*|donnerstag\w*",
    "Friday": r"friday|пятниц\w*|freitag\w*",
    "Saturday": r"saturday|суббот\w*|samstag\w*|sonnabend\w*",
    "Sunday": r"sunday|воскресень\w*|sonntag\w*",
}

# Things a claim may swap for another of the same group: the wrong-object misstatement.
OBJECTS: dict[str, dict[str, str]] = {
    "commodity": {
        "oil": r"oil\w*|crude|petroleum|нефт\w*|(?:erd|roh)?öl\w*|petrol\w*",
        "gas": r"gas|gases|lng|natural gas|газ|газа|газу|газом|газов\w*|erdgas\w*",
        "coal": r"coal\w*|угол\w*|угл[яеюи]\w*|kohle\w*",
        "tungsten": r"tungsten|wolfram\w*|вольфрам\w*",
        "copper": r"copper|медь|меди|медью|медн\w*|kupfer\w*",
        "gold": r"gold|золот\w*",
        "uranium": r"uranium|уран|урана|урану|урановы\w*|uran",
        "lithium": r"lithium|лити[йяюем]\w*",
        "rare earths": r"rare[ -]earth\w*|редкоземельн\w*|seltene\w* erde\w*|seltenerd\w*",
        "wheat": r"wheat|пшениц\w*|weizen\w*",
        "barley": r"barley|ячмен\w*|ячмень|gerste\w*",
        "maize": r"maize|corn|кукуруз\w*|mais",
        "soy": r"soy|soya|soybean\w*|соя|сои|сою|соей|соев\w*|soja\w*",
        "coffee": r"coffee|кофе|kaffee\w*",
        "cotton": r"cotton|хлоп(?:ок|ка|ку|ком|ков\w*|чат\w*)|baumwoll\w*",
        "aluminium": r"alumin\w*|алюмини\w*",
        "nickel": r"nickel|никел\w*",
        "cobalt": r"cobalt|кобальт\w*|kobalt\w*",
    },
    "infrastructure": {
        "pipeline": r"pipelines?|трубопровод\w*|газопровод\w*|нефтепровод\w*|pipeline\w*|gasleitung\w*|ölleitung\w*",
        "railway": (
            r"rail|rails|railways?|railroads?|железн\w* дорог\w*|железнодорожн\w*|"
            r"bahn|bahnen|eisenbahn\w*|bahnstrecke\w*|bahnlinie\w*|schienen\w*"
        ),
        "port": r"ports?|seaports?|порт|порта|порту|портом|порты|портов|портах|hafen|hafens|häfen|seehafen\w*",
        "airport": r"airports?|аэропорт\w*|flughäfen|flughafen",
        "road": r"roads?|highways?|motorways?|дорог[аиуе]|шосс\w*|автомагистрал\w*|straße\w*|autobahn\w*",
        "power plant": r"power (?:plant|station)s?|электростанц\w*|кэс|гэс|аэс|tpp|kraftwerk\w*",
    },
}

# Which way an amount or a trend goes.
UP = (
    r"grow\w*|grew|grown|rise|rises|rising|rose|risen|increas\w*|climb\w*|surg\w*|jump\w*|soar\w*|"
    r"accelerat\w*|strengthen\w*|intensif\w*|expand\w*|"
    r"вырос\w*|выраст\w*|раст(?:ет|ут|[её]т|ущ)\w*|рост|роста|росту|ростом|росте|увелич\w*|усил\w*|повыс\w*|повыш\w*|подорож\w*|ускор\w*|"
    r"расшир\w*|steig\w*|gestiegen|\w*stieg|\w*stiegen|anstieg\w*|wächst|wachs\w*|gewachsen|erhöh\w*|zugenommen|zunehm\w*|"
    r"beschleunig\w*|verstärk\w*|teurer"
)
DOWN = (
    r"declin\w*|fell|fall|falls|falling|fallen|drop\w*|decreas\w*|slow\w*|weaken\w*|reduc\w*|cut|cuts|"
    r"cutting|lower(?:ed|ing|s)|shrink\w*|shrank|plung\w*|slump\w*|diminish\w*|"
    r"сниз\w*|сниж\w*|упал\w*|упад\w*|падени\w*|пада\w*|сокращ\w*|сократ\w*|уменьш\w*|замедл\w*|ослаб\w*|"
    r"подешев\w*|спад\w*|sink(?:t|en)|gesunken|sank\w*|fällt|gefallen|rückgang\w*|zurückgegangen|"
    r"verringer\w*|senk\w*|gesenkt|verlangsam\w*|schwäch\w*|abbau\w*|abgebaut|billiger"
)
DIRECTIONS = {"up": UP, "down": DOWN}
OPPOSITE = {"up": "down", "down": "up"}

# Outcomes a model adds to what its sentences report: a conflict, a crisis, a closure.
OUTCOMES: dict[str, str] = {
    "conflict": r"conflict\w*|clash\w*|конфликт\w*|столкновени\w*|konflikt\w*",
    "tension": r"tension\w*|напряж\w*|spannung\w*",
    "sanctions": r"sanction\w*|санкци\w*|sanktion\w*",
    "crisis": r"crisis|crises|кризис\w*|krise\w*",
    "war": r"war|wars|warfare|войн\w*|военн\w*|krieg\w*",
    "dispute": r"disput\w*|спор|спора|споры|споров|разноглас\w*|streit\w*",
    "closure": (
        r"closures?|closing|closed|closes|close\b(?!\s+(?:to|ties|relations|cooperation|partners?|ally)\b)|"
        r"shut\w*|закры\w*|закро\w*|schließ\w*|schlie\w*|geschlossen|stillleg\w*|stilleg\w*"
    ),
    "rupture": (
        r"break\w* off|broke off|sever|severs|severed|severing|разорв\w*|разрыв\w*|abbrech\w*|abgebrochen|brech\w* ab"
    ),
    "recession": r"recession\w*|рецесси\w*|rezession\w*",
    "bankruptcy": r"bankrupt\w*|insolven\w*|банкрот\w*|pleite\w*",
}


@functools.cache
def _pattern(forms: str, anywhere: bool) -> re.Pattern[str]:
    start = "" if anywhere else r"(?<!\w)"
    return re.compile(rf"{start}(?:{forms})(?!\w)" if not anywhere else f"(?:{forms})", re.IGNORECASE)


def names(forms: str, text: str) -> str | None:
    """The words of `text` that are one of `forms`, from a word's start: what a claim states."""
    found = _pattern(forms, anywhere=False).search(text)
    return found.group() if found else None


def mentions(forms: str, text: str) -> bool:
    """Whether one of `forms` occurs anywhere in `text`, inside a longer word too: what sentences may hold."""
    return _pattern(forms, anywhere=True).search(text) is not None
