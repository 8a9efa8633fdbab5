"""Values read as values: one amount in several notations and languages, rounding, parts, loose figures."""

from __future__ import annotations

from briefing.analysis.quantities import compatible, is_part_sum, values_in


def _one(text: str):
    (value,) = values_in(text)
    return value


def test_one_amount_in_every_notation_and_language():
    amounts = [_one(t) for t in ("$1.1 billion", "1,1 млрд долларов", "US$1.1bn", "1,1 Milliarden Dollar")]
    assert {(a.kind, a.unit, a.number) for a in amounts} == {("amount", "USD", 1.1e9)}
    assert all(compatible(amounts[0], a) for a in amounts)
    assert not compatible(amounts[0], _one("$900 million"))


def test_counts_compare_by_what_they_count_across_languages():
    jets, planes, german = _one("37 A320neo jets"), _one("29 aircraft"), _one("37 Jets vom Typ A320neo")
    assert jets.slot == planes.slot == german.slot == ("count", "aircraft")
    assert compatible(jets, german) and not compatible(jets, planes)
    assert _one("1,200 jobs").slot != jets.slot


def test_rounded_figures_agree_and_different_ones_do_not():
    assert compatible(_one("51.2%"), _one("51 Prozent"))
    assert compatible(_one("51,2%"), _one("51%"))
    assert not compatible(_one("51%"), _one("53%"))
    assert compatible(_one("1,180 jobs"), _one("1,200 jobs"))  # "1,200" may be rounded to the hundred
    assert not compatible(_one("1,200 jobs"), _one("900 jobs"))


def test_dates_to_the_month_in_three_languages():
    march = [_one(t) for t in ("in March 2027", "im März 2027", "с марта 2027 года")]
    assert all(compatible(march[0], m) for m in march)
    assert not compatible(march[0], _one("in May 2027"))
    assert values_in("It may rain.") == []  # "may" is a verb
    assert _one("3. März").slot == _one("March 3").slot and compatible(_one("3 марта"), _one("March 3"))


def test_a_figure_and_its_parts_and_loose_figures():
    parts = values_in("28 Strecken im Inland und 12 Strecken ins Ausland")
    assert is_part_sum(_one("40 routes"), parts)
    assert not is_part_sum(_one("41 routes"), parts)
    assert _one("more than 80% of it").loose and not _one("83% of it").loose


def test_where_an_event_happened_is_a_place_compared_within_its_script():
    signed = values_in("The deal was signed in Almaty on Tuesday.")
    assert [(v.kind, v.text) for v in signed] == [("place", "Almaty")]
    assert not compatible(signed[0], _one("It was signed in Astana."))
    assert compatible(_one("подписано в Астане"), _one("Соглашение подписали в Астана"))
    assert _one("signed in Astana").slot != _one("подписано в Астане").slot  # "Beijing" is "Пекин"
    assert _one("signed in Kazakhstan").slot != _one("signed in Astana").slot  # a country, a city
    assert values_in("Local businesses in Almaty say prices rose.") == []  # where people are, not an event


def test_a_casualty_figure_in_three_languages():
    dead = [_one(t) for t in ("37 dead", "37 Tote", "37 погибших")]
    assert {v.slot for v in dead} == {("count", "dead")} and all(compatible(dead[0], v) for v in dead)
    assert not compatible(dead[0], _one("29 погибших"))
    assert _one("12 injured").slot != dead[0].slot
    assert _one("3 deadlines").slot != dead[0].slot
