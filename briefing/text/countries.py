"""One name per country, whatever the outlet or language calls it.

News writes "US", "U.S.", "USA", "United States", "США", "Vereinigte Staaten" for one
actor; phonetic keys cannot see that these are the same. The table is written by hand
because what it must know is usage, not ISO data: abbreviations ("U.S.", "США", "КНР",
"РФ") and short forms ("Britain", "America") are in no permissively licensed library.
pycountry is LGPL-2.1; babel (BSD, installed with trafilatura) has names in every
language but no abbreviations, and loading a locale's territory names for every language
would cost more CPU than the whole table. It covers the countries and unions our sources
name most; any other country still merges with itself across spellings by names.py's keys.
"""

from __future__ import annotations

import functools

from . import names

# Canonical English name -> other names (English abbreviations, Russian, German, and a few more).
_TABLE: dict[str, tuple[str, ...]] = {
    "United States": (
        "US", "U.S.", "USA", "U.S.A.", "United States of America", "America", "the US", "the United States",
        "США", "Соединенные Штаты", "Соединённые Штаты", "Соединенные Штаты Америки", "Америка",
        "Vereinigte Staaten", "Vereinigten Staaten", "Vereinigte Staaten von Amerika",
        "Estados Unidos", "États-Unis", "EE.UU.",
        "Washington", "Вашингтон",  # news writes the capital for the government
    ),
    "United Kingdom": (
        "UK", "U.K.", "Britain", "Great Britain", "the United Kingdom", "Великобритания", "Британия",
        "Соединенное Королевство", "Vereinigtes Königreich", "Großbritannien", "Royaume-Uni", "Reino Unido",
    ),
    "European Union": ("EU", "E.U.", "the EU", "ЕС", "Евросоюз", "Европейский союз", "Europäische Union", "UE"),
    "Russia": (
        "Russian Federation", "Россия", "РФ", "Российская Федерация", "Russland", "Russie", "Rusia",
        "Moscow", "Москва", "Kremlin", "Кремль",
    ),
    "China": (
        "PRC", "People's Republic of China", "Китай", "КНР", "Китайская Народная Республика", "Volksrepublik China",
        "Chine", "Beijing", "Peking", "Пекин",
    ),
    "Kazakhstan": ("Казахстан", "Республика Казахстан", "Kasachstan", "Qazaqstan", "Republic of Kazakhstan"),
    "Uzbekistan": ("Узбекистан", "Usbekistan", "O'zbekiston", "Republic of Uzbekistan"),
    "Kyrgyzstan": ("Kyrgyz Republic", "Кыргызстан", "Киргизия", "Kirgisistan", "Kirgistan"),
    "Tajikistan": ("Таджикистан", "Tadschikistan"),
    "Turkmenistan": ("Туркменистан", "Туркмения"),
    "Brazil": ("Бразилия", "Brasilien", "Brasil", "Brésil"),
    "Germany": ("Германия", "ФРГ", "Deutschland", "Federal Republic of Germany", "Allemagne", "Alemania"),
    "France": ("Франция", "Frankreich"),
    "Japan": ("Япония", "Japon", "Japón"),
    "India": ("Индия", "Indien", "Inde"),
    "Iran": ("Иран", "Islamic Republic of Iran"),
    "Afghanistan": ("Афганистан",),
    "Ukraine": ("Украина", "Ucrania"),
    "Turkey": ("Türkiye", "Turkiye", "Турция", "Türkei", "Turquie"),
    "South Korea": ("Republic of Korea", "Южная Корея", "Республика Корея", "Südkorea", "Corée du Sud"),
    "North Korea": ("DPRK", "КНДР", "Северная Корея", "Nordkorea"),
    "United Arab Emirates": ("UAE", "U.A.E.", "ОАЭ", "Объединённые Арабские Эмираты", "Vereinigte Arabische Emirate"),
    "Saudi Arabia": ("Саудовская Аравия", "Saudi-Arabien", "KSA"),
    "Azerbaijan": ("Азербайджан", "Aserbaidschan"),
    "Mongolia": ("Монголия", "Mongolei"),
    "Poland": ("Польша", "Polen", "Pologne"),
    "Italy": ("Италия", "Italien", "Italie"),
    "Spain": ("Испания", "Spanien", "Espagne", "España"),
    "Canada": ("Канада", "Kanada"),
    "Mexico": ("Мексика", "Mexiko", "México", "Mexique"),
    "Israel": ("Израиль",),
    "Egypt": ("Египет", "Ägypten", "Égypte"),
    "South Africa": ("ЮАР", "Южно-Африканская Республика", "Südafrika", "Afrique du Sud"),
    "Indonesia": ("Индонезия", "Indonesien", "Indonésie"),
    "Belarus": ("Беларусь", "Белоруссия", "Belarus", "Weißrussland"),
    "Georgia": ("Грузия", "Georgien", "Géorgie"),
    "Armenia": ("Армения", "Armenien", "Arménie"),
}  # fmt: skip


# Capitals that stand for their country only where a text is asked whether it names the country (a stake's
# holder, a claim's place: "прибыл в Астану" names Kazakhstan). They are not the country's names: "signed in
# Astana" and "signed in Almaty" are two places to compare, and "Астане" is a name an excerpt offers the model.
_CAPITALS: dict[str, tuple[str, ...]] = {
    "Kazakhstan": ("Astana", "Астана", "Nur-Sultan", "Нур-Султан"),
    "Uzbekistan": ("Tashkent", "Ташкент"),
    "Kyrgyzstan": ("Bishkek", "Бишкек"),
    "Tajikistan": ("Dushanbe", "Душанбе"),
    "Turkmenistan": ("Ashgabat", "Ашхабад"),
    "Germany": ("Berlin", "Берлин"),
    "Brazil": ("Brasília", "Brasilia", "Бразилиа"),
    "Ukraine": ("Kyiv", "Kiev", "Киев", "Kiew"),
}


def _key(name: str) -> str:
    """ "U.S." and "U. S." and "us" meet; a leading "the" is dropped."""
    words = [w.casefold() for w in names.words(name)]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return "".join(words)


def _inflected_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Cyrillic words of one name, inflected: "России" ~ "Россия", "Бразилии" ~ "Бразилия".

    Words of four letters or more, one word in two forms by the project's one rule (names.same_word):
    "По" (a sentence's first word, "По словам …") is no "Польша", and "Европы" (Europe) is no "Евросоюз".
    """
    return len(a) == len(b) and all(
        x == y or (min(len(x), len(y)) >= 4 and names.same_word(x, y)) for x, y in zip(a, b, strict=True)
    )


def _sounds(name: str) -> tuple[str, ...]:
    return tuple(names.sound(w) for w in names.words(name))


@functools.cache
def _index(capitals: bool = False) -> tuple[dict[str, str], list[tuple[tuple[str, ...], str]]]:
    exact: dict[str, str] = {}
    cyrillic: list[tuple[tuple[str, ...], str]] = []
    for canonical, others in (_CAPITALS if capitals else _TABLE).items():
        for spelling in (canonical, *others):
            exact[_key(spelling)] = canonical
            if names.is_cyrillic(spelling):
                cyrillic.append((_sounds(spelling), canonical))
    return exact, cyrillic


def country_at(words: list[str], start: int) -> tuple[int, str | None]:
    """How many words from `start` (three at most) name a country, and which; (0, None) if none.

    Inflected Cyrillic forms count ("Южной Корее"): the words stand where a name stands.
    """
    for length in (3, 2, 1):
        if start + length <= len(words) and (
            country := canonical_country(" ".join(words[start : start + length]), inflected=True)
        ):
            return length, country
    return 0, None


@functools.lru_cache(maxsize=4096)
def canonical_country(name: str, inflected: bool = False) -> str | None:
    """The English name of the country (or union) a name denotes, if the table knows it.

    `inflected` also accepts inflected Cyrillic forms ("Казахстана"); only where a country
    is expected, since a stem is loose ("Грузия" would meet "грузовик").
    """
    exact, cyrillic = _index()
    found = exact.get(_key(name))
    if found is None and inflected and names.is_cyrillic(name):
        sounds = _sounds(name)
        found = next((c for s, c in cyrillic if _inflected_match(sounds, s)), None)
    return found


@functools.lru_cache(maxsize=4096)
def country_of_capital(name: str) -> str | None:
    """The country whose capital a name is, in any of its forms ("Астану"), if the table knows it."""
    exact, cyrillic = _index(capitals=True)
    found = exact.get(_key(name))
    if found is None and names.is_cyrillic(name):
        sounds = _sounds(name)
        found = next((c for s, c in cyrillic if _inflected_match(sounds, s)), None)
    return found
