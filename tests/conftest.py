from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing import Settings

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
        api_key="sk-test-not-a-real-key-0000000000",
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


@pytest.fixture(autouse=True)
def _no_user_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never see the developer's key, endpoint or cache."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "BRIEFING_MODEL", "BRIEFING_LOCAL_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "user-cache"))
