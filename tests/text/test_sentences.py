"""The splitter keeps dates whole: a German ordinal day and an abbreviated month end no sentence."""

from briefing.text.sentences import split_sentences


def _texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_german_ordinal_day_stays_in_its_sentence():
    text = "Die Konferenz in Belém, die bis zum 21. November dauert, hat begonnen. Lula sprach zuerst."
    assert _texts(text) == [
        "Die Konferenz in Belém, die bis zum 21. November dauert, hat begonnen.",
        "Lula sprach zuerst.",
    ]


def test_german_ordinal_century_and_abbreviated_month():
    text = (
        "Seit dem 19. Jahrhundert wird hier Wolfram gefördert. Am 12. Okt. Gab es Streit. Das war 2021. Dann kam 2022."
    )
    assert _texts(text) == [
        "Seit dem 19. Jahrhundert wird hier Wolfram gefördert.",
        "Am 12. Okt. Gab es Streit.",
        "Das war 2021.",
        "Dann kam 2022.",
    ]


def test_russian_abbreviated_month_stays_in_its_sentence():
    text = "Перемирие было заключено 30 окт. Пекин приостановил ограничения. Потом все уехали."
    assert _texts(text) == ["Перемирие было заключено 30 окт. Пекин приостановил ограничения.", "Потом все уехали."]
