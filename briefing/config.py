"""All settings in one place, read from the environment once and validated.

The CLI only overrides fields of `Settings`; the library never reads the
environment anywhere else, so a test (or another program) can build a
`Settings` by hand and know exactly what the run will do.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

# Package data, found the same way from a checkout, an editable install, a wheel or pipx.
PROMPTS_DIR = Path(str(resources.files("briefing") / "prompts"))
TEMPLATES_DIR = Path(str(resources.files("briefing") / "templates"))

Provider = Literal["auto", "openai", "local"]
StructuredMode = Literal["auto", "json_schema", "json_object", "prompt"]


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "briefing"


def cache_dir_from_env() -> Path:
    """BRIEFING_CACHE_DIR, else the user's cache folder: where replies, the model and compiled templates go."""
    named = os.environ.get("BRIEFING_CACHE_DIR")
    return Path(named) if named else default_cache_dir()


class LLMOptions(BaseModel):
    """Sampling options sent with every call."""

    model_config = ConfigDict(extra="forbid")

    temperature: float = 0.0
    max_tokens: int = Field(default=1024, ge=64, description="Doubled once for a reply cut off.")
    seed: int | None = 0


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    provider: Provider = "auto"
    base_url: str | None = None
    model: str | None = None
    api_key: SecretStr | None = None
    local_model: Path | None = None
    structured_output: StructuredMode = "auto"
    options: LLMOptions = LLMOptions()

    concurrency: int = Field(default=4, ge=1, le=64)
    chunk_chars: int | None = Field(default=None, ge=200, description="None: the provider's default.")
    chunk_overlap: int = Field(default=150, ge=0)
    context_window: int | None = Field(
        default=None, ge=1024, description="Tokens a call may use, prompt and reply; None: the model's default."
    )
    language: str = "en"

    timeout: float = Field(default=120.0, gt=0)
    max_attempts: int = Field(default=5, ge=1, description="Tries per call for transient faults.")
    max_reasks: int = Field(default=2, ge=0, description="Re-asks per call for invalid replies.")
    max_wait: float = Field(default=60.0, ge=0, description="Longest single backoff or Retry-After.")

    cache_dir: Path = Field(default_factory=default_cache_dir)
    use_cache: bool = True
    allow_partial: bool = False
    skip_bad_inputs: bool = Field(default=False, description="Brief the other inputs when one cannot be read.")
    batch: bool = Field(default=False, description="Send the map stage through the provider's Batch API.")
    batch_poll: float = Field(default=30.0, gt=0, description="Seconds between looks at a batch's progress.")

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        values: dict[str, object] = {
            "base_url": env.get("OPENAI_BASE_URL") or None,
            "model": env.get("BRIEFING_MODEL") or None,
            "api_key": env.get("OPENAI_API_KEY") or None,
            "local_model": env.get("BRIEFING_LOCAL_MODEL") or None,
            "cache_dir": cache_dir_from_env(),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls.model_validate(values)

    def resolved_provider(self) -> Literal["openai", "local"]:
        if self.provider != "auto":
            return self.provider
        return "openai" if (self.api_key or self.base_url) else "local"
