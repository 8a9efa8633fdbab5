"""The names an excerpt writes with capitals: offered to the local model, or countries found without it."""

from __future__ import annotations

from briefing.analysis.candidates import named_countries, written_names


def test_written_names_are_the_capitalised_runs_a_sentence_does_not_merely_start_with():
    sentences = [
        "Трамп направил приглашения.",
        "Позже Пекин временно приостановил ограничения после переговоров Трампа и Си Цзиньпина 30 октября.",
        "Кроме того, Uzbekistan Airways заказала самолеты Boeing 787 Dreamliner, а Казахстан заключил контракт.",
        "Контракт с Wabtec Corp. одобрен, как и с России.",
    ]  # fmt: skip
    names = written_names(sentences)
    assert names == ["Трамп", "Си Цзиньпина", "Uzbekistan Airways", "Boeing 787 Dreamliner", "Wabtec Corp."], (
        "an inflected name that starts a sentence counts, and once; countries are not offered"
    )
    assert written_names(["Встреча Ивана и Иванова, Петрова и Петров."]) == ["Ивана", "Иванова", "Петрова"]
    assert "Позже" not in " ".join(names) and "Кроме" not in " ".join(names), "a sentence's first word alone is no name"
    assert written_names(["中国和美国签署了协议。"]) == [], "a script without capitals offers nothing"


def test_a_country_or_acronym_before_a_name_is_cut_off_it_but_not_off_a_firms_name():
    sentence = "Глава Казахстана Касым-Жомарт Токаев, глава ОДКБ Си Цзиньпин, Uzbekistan Airways, Cove Capital LLC"
    assert written_names([sentence]) == ["Касым-Жомарт Токаев", "ОДКБ", "Си Цзиньпин", "Uzbekistan Airways",
                                         "Cove Capital LLC"]  # fmt: skip


def test_only_cyrillic_excerpts_are_offered_names():
    assert written_names(["Der Vertrag mit Cove Kaz Capital sichert den Zugang."]) == [], "German capitalises nouns"
    assert written_names(["On Wednesday the U.S. deal with Cove Kaz Capital was signed."]) == []
    assert written_names(["Сделку с Cove Kaz Capital подписали в среду."]) == ["Cove Kaz Capital"]


def test_a_lowercase_particle_inside_a_name_keeps_it_one_name():
    names = written_names(["Президент Бразилии Луис Инасиу Лула да Силва прибыл, да и только."])
    assert names == ["Луис Инасиу Лула да Силва"]


def test_a_name_an_earlier_excerpt_offered_in_some_form_is_not_offered_again():
    first = written_names(["Встреча Трампа и Ландау прошла в Астане."])
    assert first == ["Трампа", "Ландау", "Астане"]
    assert written_names(["Позже Трамп и Кейт Маллинсон выступили."], offered=first) == ["Кейт Маллинсон"]


def test_countries_come_from_the_table_as_the_excerpt_writes_them():
    sentences = [
        "Глава Казахстана Касым-Жомарт Токаев и заместитель госсекретаря США Кристофер Ландау встретились.",
        "По словам Ландау, Китай и Южная Корея следят, а Казахстан ждёт.",
    ]  # fmt: skip
    assert named_countries(sentences) == [("Kazakhstan", "Казахстана"), ("United States", "США"),
                                          ("China", "Китай"), ("South Korea", "Южная Корея")]  # fmt: skip
    assert ("Poland", "По") not in named_countries(sentences), "a short word is no inflected country"


def test_a_country_that_starts_a_two_word_name_is_part_of_it():
    assert named_countries(["Uzbekistan Airways ordered jets, The Washington Post wrote."]) == []
    assert named_countries(["Uzbekistan Airways flies to Uzbekistan."]) == [("Uzbekistan", "Uzbekistan")]
    assert named_countries(["The U.S. President Donald Trump spoke."]) == [("United States", "U.S.")]
    assert named_countries(["Die Exporte Deutschlands nach China"]) == [("China", "China")]
