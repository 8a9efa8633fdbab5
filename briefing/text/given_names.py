"""Given names as English speakers spell them: "Кристофер" is Christopher, not Kristofer.

A Russian report writes an English-speaking person's given name as it sounds ("Кристофер Ландау");
spelt back letter by letter it is "Kristofer", a name no reader looks up. When the model does not give
a person's conventional name, the given name English speakers write that sounds exactly as the written
one (names.sound: "Christopher" and "Кристофер" are both "kristofer") is shown, a woman's name for a
woman's ("Кейт" sounds as "Keith" does, and is a woman's: no such name, so it is transliterated), the
most common one on a tie ("Christopher" before "Kristopher"). The names and their frequencies are
faker's (MIT) lists of given names in the United States, read once and only when a foreign-script
person is named, and kept for later runs (kept.py): importing faker imports every locale it has.
"""

from __future__ import annotations

import functools
from pathlib import Path

from . import names
from .kept import keep, kept_file, read_kept
from .lemmas import given_name_gender


@functools.cache
def _given_names(kept_in: Path | None) -> dict[str, dict[str, float]]:
    """faker's US given names and their frequencies, by gender ("femn", "masc")."""
    kept = kept_file(kept_in, "faker", "given-names")
    table = read_kept(kept)
    if set(table) != {"femn", "masc"}:
        from faker.providers.person.en_US import Provider

        table = {"femn": dict(Provider.first_names_female), "masc": dict(Provider.first_names_male)}
        keep(kept, table)
    return table


@functools.cache
def _by_sound(gender: str, kept_in: Path | None) -> dict[str, str]:
    table = _given_names(kept_in)[gender]
    commonest: dict[str, str] = {}
    for name in sorted(table, key=lambda n: (-table[n], n)):
        commonest.setdefault(names.sound(name), name)
    return commonest


def english_given_name(written: str, kept_in: Path | None = None) -> str | None:
    """The English given name that sounds exactly as `written` (a Russian given name), or None, also when
    the name's gender is unknown. `kept_in`: where faker's lists are kept for later runs."""
    gender = given_name_gender(written)
    return _by_sound(gender, kept_in).get(names.sound(written)) if gender in ("femn", "masc") else None
