"""A deterministic corpus for the benchmark: long news articles with quotations.

No downloads: articles are composed from sentence templates, name pools and
topics with a seeded random generator, so every run (and every peer) reads the
same bytes. Some are in Russian with «» quotes, most in English with “” or
straight quotes; lengths vary from a short wire item to a long feature.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

_EN_PEOPLE = [
    "Maria Lindqvist", "James Okafor", "Elena Petrova", "Rajesh Menon", "Sofia Alvarez", "Tomasz Nowak",
    "Aisha Rahman", "Daniel Whitfield", "Hiroshi Tanaka", "Claire Dubois", "Viktor Hale", "Nadia Karimova",
]  # fmt: skip
_EN_ORGS = [
    "Northwind Energy", "the Ministry of Finance", "Baltic Freight Union", "Helios Capital", "the Central Bank",
    "Arcadia Telecom", "the European Commission", "Meridian Rail", "Orion Mining", "the Port Authority",
]  # fmt: skip
_EN_PLACES = ["Rotterdam", "Almaty", "Gdansk", "Lagos", "Osaka", "Tashkent", "Marseille", "Valparaiso"]
_EN_TOPICS = [
    ("grid", "electricity tariffs", "the new interconnector"),
    ("rail", "freight corridors", "the cross-border rail link"),
    ("bank", "interest rates", "the bond programme"),
    ("mine", "copper exports", "the lithium concession"),
    ("port", "container traffic", "the dredging contract"),
    ("telecom", "spectrum auctions", "the fibre rollout"),
]
_EN_SENTENCES = [
    "{person} of {org} said on Tuesday that {thing} would be reviewed before the end of the quarter.",
    "Officials in {place} have spent months negotiating over {issue}, with little visible progress.",
    "{org} reported a {n} percent rise in costs linked to {thing}, according to figures released this week.",
    "Analysts expect {issue} to dominate the agenda when delegations meet in {place} next month.",
    "The dispute over {thing} has drawn in {org}, which has so far declined to comment in detail.",
    "Critics argue that {issue} has been handled poorly, pointing to delays of up to {n} weeks.",
    "{person}, who has followed the file for years, described the mood among investors as cautious.",
    "Documents seen by reporters show that {org} considered at least {n} alternatives to {thing}.",
    "In {place}, local businesses say {issue} already affects prices and hiring decisions.",
    "The timetable for {thing} slipped again after {org} asked for additional guarantees.",
]
_EN_QUOTES = [
    "We will not accept any arrangement that leaves {place} paying for someone else's mistakes",
    "The numbers on {issue} simply do not add up, and everyone in the room knows it",
    "Our position has not changed: {thing} must be finished on time and within budget",
    "This is the most serious test for {org} in a decade and we intend to pass it",
    "Nobody wants a confrontation, but we are prepared to defend our interests on {issue}",
    "If the guarantees arrive this month, work on {thing} can resume immediately",
]

_RU_PEOPLE = [
    "Андрей Соколов", "Марина Ковалева", "Ерлан Нурланов", "Ольга Степанова", "Тимур Рахимов",
    "Игорь Белов", "Дина Сагинтаева", "Сергей Лавров",
]  # fmt: skip
_RU_ORGS = [
    "Министерство энергетики", "компания «Восток Транс»", "Центральный банк", "правительство Казахстана",
    "Евразийская комиссия", "холдинг «Северсталь Логистика»", "администрация порта",
]  # fmt: skip
_RU_PLACES = ["Астане", "Ташкенте", "Новосибирске", "Алматы", "Самарканде", "Владивостоке"]
_RU_TOPICS = [
    ("тарифы на электроэнергию", "новый энергомост"),
    ("транзитные грузы", "железнодорожный коридор"),
    ("процентные ставки", "программу облигаций"),
    ("экспорт меди", "концессию на литий"),
]
_RU_SENTENCES = [
    "{person} заявил во вторник, что {thing} будет пересмотрен до конца квартала.",
    "Чиновники в {place} несколько месяцев обсуждают {issue}, но заметного прогресса пока нет.",
    "{org} сообщила о росте расходов на {n} процентов, связанном с проектом.",
    "Эксперты ожидают, что {issue} станут главной темой встречи делегаций в {place}.",
    "Спор вокруг проекта затронул интересы структуры под названием {org}, которая пока воздерживается от комментариев.",
    "Критики считают, что вопрос решается слишком медленно, указывая на задержки до {n} недель.",
    "По данным источников, {org} рассматривала не менее {n} альтернативных вариантов.",
    "Местный бизнес в {place} говорит, что {issue} уже влияют на цены и найм.",
]
_RU_QUOTES = [
    "Мы не примем никаких договоренностей, которые перекладывают чужие ошибки на наших граждан",
    "Цифры по этому проекту просто не сходятся, и все в зале это понимают",
    "Наша позиция не изменилась: {thing} должен быть завершен в срок и в рамках бюджета",
    "Это самое серьезное испытание за последние десять лет, и мы намерены его выдержать",
    "Никто не хочет конфронтации, но мы готовы защищать свои интересы",
]


def _paragraphs(rng: random.Random, target: int, sentence: Callable[[], str]) -> str:
    """Paragraphs of 3 to 6 sentences until the text reaches `target` characters."""
    paragraphs: list[str] = []
    size = 0
    while size < target:
        paragraph = " ".join(sentence() for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph[0].upper() + paragraph[1:])
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def _english(rng: random.Random, target: int, index: int) -> tuple[str, str]:
    topic = rng.choice(_EN_TOPICS)
    people = rng.sample(_EN_PEOPLE, 4)
    orgs = rng.sample(_EN_ORGS, 3)
    place = rng.choice(_EN_PLACES)
    title = f"{place}: {orgs[0][0].upper() + orgs[0][1:]} and the fight over {topic[2]} ({index})"
    marks = rng.choice([("“", "”"), ('"', '"')])

    def sentence() -> str:
        slots = {
            "person": rng.choice(people), "org": rng.choice(orgs), "place": rng.choice([place, *_EN_PLACES]),
            "issue": topic[1], "thing": topic[2], "n": rng.randint(2, 90),
        }  # fmt: skip
        if rng.random() < 0.1:
            quote = rng.choice(_EN_QUOTES).format(**slots)
            return f"{marks[0]}{quote},{marks[1]} {slots['person']} told reporters in {slots['place']}."
        return rng.choice(_EN_SENTENCES).format(**slots)

    return title, _paragraphs(rng, target, sentence)


def _russian(rng: random.Random, target: int, index: int) -> tuple[str, str]:
    topic = rng.choice(_RU_TOPICS)
    people = rng.sample(_RU_PEOPLE, 4)
    orgs = rng.sample(_RU_ORGS, 3)
    title = f"{orgs[0][0].upper() + orgs[0][1:]} и {topic[1]}: что дальше ({index})"

    def sentence() -> str:
        slots = {
            "person": rng.choice(people), "org": rng.choice(orgs), "place": rng.choice(_RU_PLACES),
            "issue": topic[0], "thing": topic[1], "n": rng.randint(2, 90),
        }  # fmt: skip
        if rng.random() < 0.1:
            quote = rng.choice(_RU_QUOTES).format(**slots)
            return f"«{quote}», — сказал {slots['person']} журналистам в {slots['place']}."
        return rng.choice(_RU_SENTENCES).format(**slots)

    return title, _paragraphs(rng, target, sentence)


# Mostly feature-length pieces, a few short wire items and a few very long ones.
FEATURE_LENGTHS = (2500, 6000, 9000, 12000, 12000, 16000, 20000, 30000)
# A desk's day of hundreds of articles from feeds: wire items and news stories.
NEWS_LENGTHS = (1500, 2500, 2500, 4000, 4000, 6000)


def article(index: int, seed: int = 2025, lengths: tuple[int, ...] = FEATURE_LENGTHS) -> tuple[str, str]:
    """(file name, text) of article `index`; the same index always gives the same bytes."""
    rng = random.Random(seed * 1000 + index)
    target = rng.choice(lengths)
    russian = index % 3 == 1
    title, body = (_russian if russian else _english)(rng, target, index)
    name = f"{index:02d}-{'ru' if russian else 'en'}-2025-11-{1 + index % 28:02d}.txt"
    return name, f"{title}\n\n{body}\n"


def write_corpus(
    folder: Path, count: int = 40, start: int = 0, lengths: tuple[int, ...] = FEATURE_LENGTHS
) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(start, start + count):
        name, text = article(index, lengths=lengths)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def long_document(chars: int = 1_000_000) -> str:
    """One very long article (about `chars` characters) for the grounding-at-scale check."""
    rng = random.Random(7)
    parts = []
    size = 0
    index = 0
    while size < chars:
        _, body = (_russian if index % 2 else _english)(rng, 20000, index)
        parts.append(body)
        size += len(body) + 2
        index += 1
    return "\n\n".join(parts)[:chars]
