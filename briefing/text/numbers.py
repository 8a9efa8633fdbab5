"""Numbers written alike: one spelling per number, whatever the language's separators.

A claim must state the amounts its evidence states, and two articles on one
event share their figures; both comparisons need "4,2" and "4.2", "8,000" and
"8 000" to be the same number. The rule is here once: a last group of other
than three digits is the decimal part, every other separator groups thousands.
"""

from __future__ import annotations

import re

# 4,2 / 4.2 / 8,000 / 1 200 / 30: digits with separators; canonical_number says what they mean.
# Digits inside a name ("C5", "G7") are not an amount.
NUMBER = re.compile(r"(?<![^\W_])\d+(?:[.,\u00a0\u202f ]\d+)*")
_SEPARATOR = re.compile(r"[.,\u00a0\u202f ]")
# A320neo / A350 / Су-57 / C5: a designation, its digits glued to up to four letters; Latin and Cyrillic
# spell its letters differently, its digits alike. Q3 and H1 are a year's quarter and half, a date that
# sentences write in words ("в третьем квартале"), not a designation.
_DESIGNATION = re.compile(r"(?<!\w)(?![QqHh][1-4]\b)[^\W\d_]{1,4}-?(\d+)(?!\d)")


def canonical_number(number: str) -> str:
    """One spelling per number: "4,2" and "4.2" -> "4.2"; "8,000" and "8 000" -> "8000"."""
    parts = _SEPARATOR.split(number)
    if len(parts) > 1 and len(parts[-1]) != 3:
        return "".join(parts[:-1]) + "." + parts[-1]
    return "".join(parts)


# A number and the scale or share it counts: only there is "1,1" surely a decimal, not a list ("articles 1,2").
_SCALED = re.compile(r"(?<![^\W_])(\d+(?:[.\u00a0\u202f ]\d{3})*),(\d{1,2})(?=\s?(?:%|percent\b|per cent\b|"
                     r"thousand\b|million\b|billion\b|trillion\b|bn\b|mn\b))")  # fmt: skip


def in_english(text: str) -> str:
    """A decimal comma written as English writes it: "1,1 billion" -> "1.1 billion"; "1,200" stays."""
    return _SCALED.sub(lambda m: f"{m.group(1)}.{m.group(2)}", text)


def designations(text: str) -> set[str]:
    """The numbers of the designations a text writes: "Boeing 787" has none, "Airbus A350" 350, "Су-57" 57."""
    return {canonical_number(m.group(1)) for m in _DESIGNATION.finditer(text)}
