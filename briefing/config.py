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

from pydantic import BaseModel, ByteSize, ConfigDict, Field, SecretStr

# Package data, found the same way from a checkout, an editable install, a wheel or pipx.
PROMPTS_DIR = Path(str(resources.files("briefing") / "prompts"))
TEMPLATES_DIR = Path(str(resources.files("briefing") / "templates"))

Provider = Literal["auto", "openai", "local"]
StructuredMode = Literal["auto", "json_schema", "grammar", "json_object", "prompt"]


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


MiB = 1024 * 1024


class Limits(BaseModel):
    """How much a file may make us unpack, parse and hold; a file over one is refused, naming the limit.

    A hostile sender controls every byte of an input: a 2 MB Word file can inflate to
    gigabytes, an e-mail can nest a thousand levels deep, a page can be one tag inside
    another a hundred thousand times. Each limit is checked while the file is read, so
    a file over it costs well under a second of work past the limit. Sizes take a
    number of bytes or a unit ("32MiB"). docs/hostile-files.md says what each guards.
    """

    model_config = ConfigDict(extra="forbid")

    file_bytes: ByteSize = Field(default=ByteSize(20 * MiB), gt=0, description="A file on disk, as stored.")
    unpacked_bytes: ByteSize = Field(default=ByteSize(64 * MiB), gt=0, description="A Word file's parts unpacked.")
    member_bytes: ByteSize = Field(default=ByteSize(32 * MiB), gt=0, description="One part of a Word file unpacked.")
    pdf_content_bytes: ByteSize = Field(
        default=ByteSize(8 * MiB), gt=0, description="A PDF's deflated streams inflated, images aside."
    )
    pdf_stream_bytes: ByteSize = Field(
        default=ByteSize(2 * MiB),
        gt=0,
        description="One PDF stream inflated (a page's text: PDFium holds 150 bytes a letter).",
    )
    ratio: float = Field(default=100.0, gt=1, description="Unpacked size over packed size, for one part.")
    ratio_grace_bytes: ByteSize = Field(
        default=ByteSize(1 * MiB), ge=0, description="A part unpacking to less than this is not held to `ratio`."
    )
    members: int = Field(default=1000, ge=1, description="Parts of a Word file, or of an e-mail's MIME tree.")
    xml_depth: int = Field(
        default=256, ge=8, le=256, description="Elements inside elements in one XML part (python-docx stops at 256)."
    )
    html_depth: int = Field(
        default=256,
        ge=8,
        le=1000,
        description="Elements inside elements in a page (trafilatura loses text past 1,000).",
    )
    html_elements: int = Field(default=30_000, ge=100, description="Elements in one page.")
    mime_depth: int = Field(default=32, ge=2, description="Parts inside parts in one e-mail.")
    mail_depth: int = Field(default=3, ge=1, description="E-mails attached to e-mails: the levels read.")
    feed_entries: int = Field(default=1000, ge=1, description="Entries a feed may hold (the first 50 are read).")
    pdf_pages: int = Field(default=2500, ge=1, description="Pages of a PDF.")


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
    pack_documents: bool | None = Field(
        default=None,
        description="Ask about several short documents in one extraction request; None: the provider's default.",
    )
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
    limits: Limits = Limits()

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

    def packs_documents(self) -> bool:
        """Whether short documents share an extraction request (analysis/packing.py).

        On by default for a remote endpoint: its instructions and schema, about 1,100 tokens, are
        paid again by every request, so several short documents in one pay them once. Off for the
        embedded model: llama.cpp keeps the instructions as a cached prefix, so a request more costs
        it no instructions again, and its 900-character chunks are what a 1.5B model reads well
        (its recorded cassettes replay as they were made).
        """
        return self.pack_documents if self.pack_documents is not None else self.resolved_provider() == "openai"
