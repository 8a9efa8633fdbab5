"""The names an excerpt writes with capitals, offered to the local model (briefing/candidates.py)."""

from __future__ import annotations

from briefing.candidates import written_names


def test_written_names_are_the_capitalised_runs_a_sentence_does_not_merely_start_with():
    sentences = [
        "Трамп направил приглашения.",
        "Позже Пекин временно приостановил ограничения после переговоров Трампа и Си Цзиньпина 30 октября.",
        "Кроме того, Uzbekistan Airways заказала самолеты Boeing 787 Dreamliner, а Казахстан заключил контракт.",
        "Контракт с Wabtec Corp. одобрен, как и с России.",
    ]  # fmt: skip
    names = written_names(sentences)
    assert names == ["Трамп", "Пекин", "Си Цзиньпина", "Uzbekistan Airways", "Boeing 787 Dreamliner", "Казахстан",
                     "Wabtec Corp.", "России"], "an inflected name that starts a sentence counts, and once"  # fmt: skip
    assert written_names(["Встреча Ивана и Иванова, России и Россия."]) == ["Ивана", "Иванова", "России"]
    assert "Позже" not in " ".join(names) and "Кроме" not in " ".join(names), "a sentence's first word alone is no name"
    assert written_names(["中国和美国签署了协议。"]) == [], "a script without capitals offers nothing"


def test_a_country_or_acronym_before_a_name_is_a_name_of_its_own_but_not_inside_a_firms_name():
    sentence = "Глава Казахстана Касым-Жомарт Токаев, глава КНР Си Цзиньпин, Uzbekistan Airways, Cove Capital LLC"
    assert written_names([sentence]) == ["Казахстана", "Касым-Жомарт Токаев", "КНР", "Си Цзиньпин",
                                               "Uzbekistan Airways", "Cove Capital LLC"]  # fmt: skip


def test_only_cyrillic_excerpts_are_offered_names():
    assert written_names(["Der Vertrag mit Cove Kaz Capital sichert den Zugang."]) == [], "German capitalises nouns"
    assert written_names(["On Wednesday the U.S. deal with Cove Kaz Capital was signed."]) == []
    assert written_names(["Сделку с Cove Kaz Capital подписали в среду."]) == ["Cove Kaz Capital"]


def test_a_lowercase_particle_inside_a_name_keeps_it_one_name():
    names = written_names(["Президент Бразилии Луис Инасиу Лула да Силва прибыл, да и только."])
    assert names == ["Бразилии", "Луис Инасиу Лула да Силва"]
