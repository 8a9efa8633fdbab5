"""briefing: documents in, an analyst's brief out.

from briefing import Settings, check, generate, render
brief = generate(["seeds/"], Settings.from_env())
print(render(brief, "brief.md.j2"))
report = check(brief, Settings.from_env())  # every claim against its sentences, as generate did
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .config import Limits, LLMOptions, Settings
from .errors import (
    AuthError,
    BriefingError,
    EndpointError,
    ExtractionError,
    InputError,
    LimitError,
    LocalModelError,
    ReplayError,
    RunError,
)
from .rendering.output import write_outputs
from .rendering.render import load_briefing, render, render_format
from .schema import Actor, Briefing, CheckReport, Quote, Risk, Source, Stake, Story

if TYPE_CHECKING:
    from .desk.config import init_desk
    from .desk.daily import run_day
    from .ingest.documents import Document, load_documents
    from .ingest.fetching import load_sources
    from .models.llm import Completion, LanguageModel, OpenAIEndpoint
    from .pipeline import Pipeline, check, generate

# The model-, web- and document-facing names load on first use, so `briefing render` does not
# pay for importing the openai SDK (over a second) or reading code it never runs.
_LAZY = {
    **dict.fromkeys(("Document", "load_documents"), "ingest.documents"),
    **dict.fromkeys(("Completion", "LanguageModel", "OpenAIEndpoint"), "models.llm"),
    **dict.fromkeys(("Pipeline", "check", "generate"), "pipeline"),
    "load_sources": "ingest.fetching",
    "init_desk": "desk.config",
    "run_day": "desk.daily",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'briefing' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(__all__) | {name for name in globals() if name.startswith("__")})


__all__ = [
    "Actor",
    "AuthError",
    "Briefing",
    "BriefingError",
    "CheckReport",
    "Completion",
    "Document",
    "EndpointError",
    "ExtractionError",
    "InputError",
    "LLMOptions",
    "LanguageModel",
    "LimitError",
    "Limits",
    "LocalModelError",
    "OpenAIEndpoint",
    "Pipeline",
    "Quote",
    "ReplayError",
    "Risk",
    "RunError",
    "Settings",
    "Source",
    "Stake",
    "Story",
    "check",
    "generate",
    "init_desk",
    "load_briefing",
    "load_documents",
    "load_sources",
    "render",
    "render_format",
    "run_day",
    "write_outputs",
]
