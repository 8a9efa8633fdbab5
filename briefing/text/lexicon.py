"""Words the claim checker compares across English, Russian and German without a model.

A claim in English cites sentences in Russian or German: "million" over "миллиардов",
"signed" over "подписали" or "ведет переговоры". Each entry below has its forms in the
three languages as regular expressions: stems with `\\w*` where the word inflects
("подпис\\w*"), whole forms where a stem would catch other words ("тыс", not "тыс\\w*").
A word missing from the table makes a check see nothing, never withhold a claim.

A text *names* an entry when a word of it begins with one of the forms (`names`); a text
*mentions* it when a form occurs anywhere in it, inside compounds and longer words too
(`mentions`).
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
