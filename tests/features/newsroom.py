"""A newsroom on 127.0.0.1 for desk tests: articles published, edited and listed in a feed, day by day.

Pages and feed.xml are files served by tests/site.py's real HTTP server, so a
test sees exactly which pages the desk fetched (`site.requests`). Each
article's text is made of its own words (a seeded vocabulary draw), so no two
articles read as copies of one another, and carries a code word of its own,
so a test can tell which article a model request was about; articles made
of different words are different stories to the pipeline.
"""

from __future__ import annotations

import html
import random
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..site import Site

_SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ten",
    "ros",
    "vu",
    "shi",
    "dar",
    "pel",
    "gon",
    "bri",
    "tas",
    "nem",
    "ulo",
    "fen",
    "rak",
    "sim",
    "dov",
    "pra",
    "zel",
    "hu",
    "mor",
    "tie",
    "gab",
]


def article_words(seed: int, sentences: int = 4) -> list[str]:
    """Sentences of made-up words drawn for this seed alone: two articles share next to no words."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choices(_SYLLABLES, k=3)) for _ in range(30)]
    return [f"The {' '.join(rng.sample(vocabulary, 10))} report was filed." for _ in range(sentences)]


@dataclass
class Article:
    slug: str
    headline: str
    paragraphs: list[str]
    date: str  # RFC 822, as RSS writes it

    @property
    def code(self) -> str:
        return f"Codeword{self.slug.replace('-', '').title()}"


class Newsroom:
    def __init__(self, site: Site) -> None:
        self.site = site
        self.root = site.root
        self.articles: dict[str, Article] = {}
        self.order: list[str] = []  # newest first, as a feed lists them

    def url(self, slug: str) -> str:
        return self.site.url(f"{slug}.html")

    @property
    def feed_url(self) -> str:
        return self.site.url("feed.xml")

    def publish(self, slug: str, headline: str, paragraphs: list[str] | None = None, day: int = 6) -> Article:
        article = Article(slug, headline, paragraphs or article_words(zlib.crc32(slug.encode())), _rfc822(day))
        self.articles[slug] = article
        self.order.insert(0, slug)
        self._write(article)
        return article

    def edit(self, slug: str, paragraphs: list[str], day: int) -> Article:
        article = self.articles[slug]
        article.paragraphs, article.date = paragraphs, _rfc822(day)
        self._write(article)
        return article

    def _write(self, article: Article) -> None:
        body = "".join(f"<p>{html.escape(p)}</p>" for p in [*article.paragraphs, f"Filed as {article.code}."])
        page = (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(article.headline)}'
            f"</title></head><body><nav>Region wire · World · Markets</nav><article><h1>"
            f"{html.escape(article.headline)}</h1>{body}</article><footer>Region wire</footer></body></html>\n"
        )
        (self.root / f"{article.slug}.html").write_text(page, encoding="utf-8")
        self.write_feed()

    def write_feed(self) -> None:
        items = "".join(
            f"<item><title>{html.escape(a.headline)}</title><link>{self.url(a.slug)}</link>"
            f"<guid>{self.url(a.slug)}</guid><pubDate>{a.date}</pubDate>"
            f"<description>{html.escape(a.paragraphs[0])}</description></item>"
            for a in (self.articles[s] for s in self.order)
        )
        feed = (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Region wire</title>'
            f"<link>{self.site.url()}</link><language>en</language>{items}</channel></rss>\n"
        )
        (self.root / "feed.xml").write_text(feed, encoding="utf-8")

    def pages_fetched(self, since: int = 0) -> list[str]:
        """Article pages requested since request number `since` (the feed itself left out)."""
        return [p.strip("/").removesuffix(".html") for p in self.site.requests[since:] if p.endswith(".html")]


def _rfc822(day: int) -> str:
    return f"{['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][(day + 4) % 7]}, {day:02d} Nov 2025 07:00:00 GMT"


def start_newsroom(root: Path) -> Newsroom:
    root.mkdir(parents=True, exist_ok=True)
    newsroom = Newsroom(Site(root).start())
    newsroom.write_feed()
    return newsroom
