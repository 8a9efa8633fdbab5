"""Settings: read from the environment once, validated, overridable by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from briefing.config import PROMPTS_DIR, TEMPLATES_DIR, Settings


def test_the_environment_gives_the_endpoint_key_model_and_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("BRIEFING_MODEL", "some-model")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(tmp_path / "c"))
    settings = Settings.from_env()
    assert settings.base_url == "http://127.0.0.1:9/v1" and settings.model == "some-model"
    assert settings.api_key.get_secret_value() == "sk-test"
    assert "sk-test" not in repr(settings), "the key is never printed"
    assert settings.cache_dir == tmp_path / "c"
    assert settings.resolved_provider() == "openai"


def test_no_key_and_no_endpoint_is_the_local_model():
    settings = Settings.from_env()
    assert settings.resolved_provider() == "local"
    assert Settings.from_env(model="x", chunk_chars=None).model == "x", "an override of None leaves the default"


def test_bad_values_and_unknown_settings_are_refused():
    with pytest.raises(ValidationError):
        Settings(concurrency=0)
    with pytest.raises(ValidationError):
        Settings(chunk_size=100)  # a misspelt setting is an error, not ignored
    with pytest.raises(ValidationError):
        Settings(options={"temperature": 0, "top_k": 5})


def test_prompts_and_templates_are_package_data():
    package = Path(__file__).resolve().parent.parent / "briefing"
    assert package / "prompts" == PROMPTS_DIR and package / "templates" == TEMPLATES_DIR
    assert (PROMPTS_DIR / "synthesize.system.j2").is_file() and (TEMPLATES_DIR / "brief.html.j2").is_file()
