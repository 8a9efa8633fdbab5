from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing import Settings
from briefing.ingest import documents
from briefing.text.languages import guess_language

from .fake_endpoint import FakeEndpoint

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "c5-summit-2025-11-06.ru.txt"


@pytest.fixture
def endpoint() -> Iterator[FakeEndpoint]:
    server = FakeEndpoint().start()
    yield server
    server.stop()


@pytest.fixture
def settings(endpoint: FakeEndpoint, tmp_path: Path) -> Settings:
    """Settings for a run against the fake endpoint, with a private cache and fast retries."""
    return Settings(
        provider="openai",
        base_url=endpoint.base_url,
        model="test-model",
        api_key="test-key-not-a-real-one-0000000000",
        cache_dir=tmp_path / "cache",
        max_wait=0.05,
        timeout=5,
    )


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    return folder


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """A replayed run must not open any network connection."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a replayed run tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.fixture(scope="session")
def _shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder holding the language model unpacked (66 MB), once a session."""
    shared = tmp_path_factory.mktemp("shared-cache")
    guess_language("A sentence long enough to be told apart by its language.", shared / "models")
    return shared


@pytest.fixture(autouse=True)
def _no_user_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, _shared_cache: Path) -> None:
    """Tests never see the developer's key, endpoint or cache."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "BRIEFING_MODEL", "BRIEFING_LOCAL_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "user-cache"))
    # Every test's own cache folder would unpack the language model anew: documents read in
    # this process find it in the session's. (A test's subprocess unpacks it in its own.)
    monkeypatch.setattr(documents, "cache_dir_from_env", lambda: _shared_cache)


DAILY = ROOT / "tests" / "data" / "daily"
SUMMIT_PAGES = ("wire-c5-summit.html", "daily-herald-c5-summit-syndicated.html")


def _rss(site_url: str) -> str:
    def item(title: str, link: str | None, date: str, summary: str) -> str:
        link_tag = f"<link>{link}</link>" if link else ""
        dated = f"<pubDate>{date}</pubDate><description>{summary}</description>"
        return f"<item><title>{title}</title>{link_tag}{dated}</item>"

    items = [
        item(
            "Tungsten, railways and jets: what the White House wants from Central Asia",
            site_url + "eurasia-monitor-tungsten.html",
            "Thu, 06 Nov 2025 09:30:00 GMT",
            "Five presidents in Washington.",
        ),
        item(
            "Kazakhstan's wheat harvest hits record",
            site_url + "farm-journal-wheat.html",
            "Wed, 05 Nov 2025 07:00:00 GMT",
            "A record grain crop.",
        ),
        item(
            "Rare earth prices slide as Beijing suspends export curbs",
            site_url + "markets-daily-rare-earths.html",
            "Tue, 04 Nov 2025 12:00:00 GMT",
            "Prices fall.",
        ),
        item(
            "Caspian ferry operators add sailings",
            site_url + "gone.html",  # 404: the feed's own summary stands in
            "Tue, 04 Nov 2025 08:00:00 GMT",
            "&lt;p&gt;Ferry operators on the Caspian Sea added three weekly sailings between Aktau and Baku "
            "as cargo shifts away from northern routes, the port authority said on Tuesday.&lt;/p&gt;",
        ),
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Region wire</title>'
        f"<link>{site_url}</link><language>en</language>{''.join(items)}</channel></rss>\n"
    )


@pytest.fixture
def site(tmp_path: Path) -> Iterator:
    """The daily test pages served from 127.0.0.1, with feed.xml listing three of them and a dead link."""
    from .site import Site

    root = tmp_path / "site"
    shutil.copytree(DAILY, root)
    server = Site(root, big_bytes=6 * 1024 * 1024).start()
    (root / "feed.xml").write_text(_rss(server.url()), encoding="utf-8")
    yield server
    server.stop()


@pytest.fixture
def summit_folder(tmp_path: Path) -> Path:
    """A folder holding the wire story and a syndicated copy of it."""
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in SUMMIT_PAGES:
        shutil.copy(DAILY / name, folder / name)
    return folder
