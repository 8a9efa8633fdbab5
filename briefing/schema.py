"""The briefing's data model: the single source of truth for every shape.

Two families live here. The *reply* models (`ChunkExtraction`, `Synthesis`) are
what the model is asked for: their JSON Schema is generated from them and sent to
the endpoint, and every reply is validated against them. Lists and strings are
capped because small local models otherwise ramble until max_tokens.
The *briefing* models are what we write to brief.json and render; they hold only
what grounding and merging let through, never raw model text passed off as fact.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "3"

ActorKind = Literal["person", "organization", "country", "other"]
Level = Literal["low", "medium", "high"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- what the model is asked for -------------------------------------------------


class ActorMention(_Model):
    name: str = Field(max_length=80, description="Full name, written in the brief's language.")
    mention: str = Field(max_length=80, description="The name exactly as it is written in the document.")
    kind: ActorKind
    role: str = Field(max_length=160, description="Who they are and what they do in this text.")


class QuoteAttribution(_Model):
    candidate: int = Field(description="Number of the quotation from the list.")
    speaker: str | None = Field(
        max_length=80, description="Who said or wrote it, in the brief's language; null if unknown."
    )
    translation: str | None = Field(
        max_length=400, description="Translation into the brief's language; null if already in it."
    )


class ActorList(_Model):
    actors: list[ActorMention] = Field(max_length=20)


class ChunkNotes(_Model):
    # A 12,000-character chunk of quote-rich news can list 20 quotations; a lower cap loses them.
    quotes: list[QuoteAttribution] = Field(max_length=24)
    facts: list[str] = Field(max_length=6, description="The most important facts, one short sentence each.")


class ChunkExtraction(ChunkNotes, ActorList):
    """Everything one chunk yields: asked in one prompt, or in one prompt per part."""


# Which reply each extraction prompt (prompts/NAME.*.j2) asks for.
EXTRACTION_REPLIES: dict[str, type[_Model]] = {
    "extract": ChunkExtraction,
    "actors": ActorList,
    "notes": ChunkNotes,
}


class StakeDraft(_Model):
    holder: str = Field(max_length=80, description="Actor who gains or loses.")
    stake: str = Field(max_length=240, description="What they stand to gain or lose.")
    direction: Literal["gain", "loss", "mixed", "uncertain"]


class RiskDraft(_Model):
    description: str = Field(max_length=300)
    likelihood: Level
    impact: Level
    indicators: list[str] = Field(max_length=4, description="Signs to watch for.")


class StoryDraft(_Model):
    story: int = Field(description="Number of the story from the list.")
    headline: str = Field(max_length=120)
    summary: str = Field(max_length=600)
    key_points: list[str] = Field(max_length=5)


class Synthesis(_Model):
    title: str = Field(max_length=120)
    bluf: str = Field(max_length=600, description="Bottom line up front: two or three sentences.")
    key_points: list[str] = Field(max_length=6)
    stories: list[StoryDraft] = Field(max_length=30)
    stakes: list[StakeDraft] = Field(max_length=8)
    risks: list[RiskDraft] = Field(max_length=6)


# --- what we publish ----------------------------------------------------------------


class Source(_Model):
    id: str
    title: str
    location: str = Field(description="File path or URL.")
    date: str | None = None
    language: str | None = None
    sha256: str
    text: str = Field(description="The text the brief was made from; quotes' offsets point into it.")


class Actor(_Model):
    name: str
    kind: ActorKind
    role: str
    aliases: list[str] = []
    source_ids: list[str] = []


class Quote(_Model):
    text: str
    speaker: str | None
    source_id: str
    start: int
    end: int
    verified: bool = Field(description="True when grounding found the text at [start, end).")
    translation: str | None = None


class Stake(StakeDraft):
    pass


class Risk(RiskDraft):
    pass


class Story(_Model):
    id: str
    headline: str
    summary: str
    key_points: list[str] = []
    source_ids: list[str]


class ManipulationAttempt(_Model):
    """Instructions a document planted for the AI reading it (injection.py): shown to the reader, never obeyed."""

    source_id: str
    start: int = Field(description="Offset in the source text; 0 with end 0 when not in the text.")
    end: int
    text: str = Field(description="The planted text: source.text[start:end] when where is 'text'.")
    reason: str = Field(description="What the rules saw, e.g. 'tells the model to drop its instructions'.")
    where: Literal["text", "title", "hidden"] = Field(
        default="text", description="In the text as briefed, in the title, or hidden from a reader (and removed)."
    )


class FailedChunk(_Model):
    source_id: str
    chunk: int
    error: str


class RunMetadata(_Model):
    model: str
    endpoint: str = Field(description="openai, local or replay.")
    structured_output: str
    schema_version: str = SCHEMA_VERSION
    prompts: dict[str, str] = Field(description="Prompt file name -> sha256.")
    calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    quotes_dropped: int = 0
    actors_dropped: int = 0
    stakes_dropped: int = Field(default=0, description="Stakes of holders no document names, or saying nothing.")
    failed_chunks: list[FailedChunk] = []
    duplicates_dropped: list[str] = []
    manipulation_attempts: int = Field(default=0, description="Planted instructions found, kept from the model.")
    partial: bool = Field(default=False, description="True when failed chunks are missing from the brief.")


class Briefing(_Model):
    title: str
    date: str
    language: str
    bluf: str
    key_points: list[str]
    stories: list[Story]
    actors: list[Actor]
    stakes: list[Stake]
    risks: list[Risk]
    quotes: list[Quote]
    sources: list[Source]
    run: RunMetadata
    manipulation: list[ManipulationAttempt] = []
