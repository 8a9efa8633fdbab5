"""briefing: documents in, an analyst's brief out.

from briefing import Settings, generate, render
brief = generate(["seeds/"], Settings.from_env())
print(render(brief, "brief.md.j2"))
"""

from .config import LLMOptions, Settings
from .documents import Document, load_documents
from .errors import (
    AuthError,
    BriefingError,
    EndpointError,
    ExtractionError,
    InputError,
    LocalModelError,
    ReplayError,
    RunError,
)
from .fetching import load_sources
from .llm import Completion, LanguageModel, OpenAIEndpoint
from .output import write_outputs
from .pipeline import Pipeline, generate
from .render import load_briefing, render, render_format
from .schema import Actor, Briefing, Quote, Risk, Source, Stake, Story

__all__ = [
    "Actor",
    "AuthError",
    "Briefing",
    "BriefingError",
    "Completion",
    "Document",
    "EndpointError",
    "ExtractionError",
    "InputError",
    "LLMOptions",
    "LanguageModel",
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
    "generate",
    "load_briefing",
    "load_documents",
    "load_sources",
    "render",
    "render_format",
    "write_outputs",
]
