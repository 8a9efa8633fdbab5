"""The briefing's data model: what we write to brief.json and render.

It holds only what grounding, merging and checking let through, never raw model text passed off
as fact. What the model is asked for (the reply models, whose JSON Schema is sent to the
endpoint) is in replies.py; both are the single source of truth for their shapes.
"""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from .text.pages import page_of

SCHEMA_VERSION = "4"

ActorKind = Literal["person", "organization", "country", "other"]
Level = Literal["low", "medium", "high"]
Direction = Literal["gain", "loss", "mixed", "uncertain"]
Verdict = Literal["supported", "partly", "unsupported"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- what we publish ----------------------------------------------------------------


class Evidence(_Model):
    """A span of a source that supports a claim: offsets we found, never text the model wrote."""

    source_id: str
    start: int
    end: int
    text: str = Field(description="source.text[start:end], copied by us; re-checked at render time.")


class Corroboration(_Model):
    """Who states a claim (corroboration.py): its evidence and the story's other reports that say the same."""

    independent_sources: list[str] = Field(
        default=[], description="Ids of the sources that state it, one per original: copies of one text count once."
    )
    copies: list[str] = Field(default=[], description="Ids of sources that state it by copying another's text.")
    disagree: list[str] = Field(
        default=[], description="Ids of sources that give a different value for a figure it states."
    )


class Claim(_Model):
    """A sentence of the brief's own (a key point) and the source sentences that support it."""

    text: str
    evidence: list[Evidence] = Field(min_length=1)
    corroboration: Corroboration = Field(default_factory=Corroboration)


class WithheldClaim(_Model):
    """A claim the check did not find in the sentences it cites: kept aside, never shown as the brief's."""

    where: str = Field(description='Where the brief had it: "key_points[0]", "stakes[2]", "quotes[1].translation".')
    text: str
    verdict: Verdict
    why: str = Field(description="What the claim states that its sentences do not, and which check saw it.")
    evidence: list[Evidence] = []


class Source(_Model):
    id: str
    title: str
    location: str = Field(description="File path or URL.")
    date: str | None = None
    language: str | None = None
    sha256: str
    text: str = Field(description="The text the brief was made from; quotes' offsets point into it.")
    page_starts: list[int] = Field(
        default=[], description="Offset in text where each page begins (page 1 at 0); empty when unpaginated."
    )

    def page_of(self, offset: int) -> int | None:
        """The page an offset of `text` is on (pages.page_of), or None for an unpaginated source."""
        return page_of(self.page_starts, offset)


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
    also_in: list[Evidence] = Field(default=[], description="The same words carried by other sources.")
    page: int | None = Field(default=None, description="Page of the source the quote starts on, if paginated.")


_UNTRANSLATED = "The model's own words, in its sources' language, when the text shown is their translation."


class Stake(_Model):
    holder: str
    stake: str
    direction: Direction
    evidence: list[Evidence] = Field(min_length=1)
    corroboration: Corroboration = Field(default_factory=Corroboration)
    untranslated: str | None = Field(None, description=_UNTRANSLATED)


class Risk(_Model):
    description: str
    likelihood: Level
    impact: Level
    indicators: list[str] = []
    evidence: list[Evidence] = Field(min_length=1)
    corroboration: Corroboration = Field(default_factory=Corroboration)
    untranslated: str | None = Field(None, description=_UNTRANSLATED)


class Story(_Model):
    id: str
    headline: str
    summary: str
    summary_evidence: list[Evidence] = Field(default=[], description="Empty only when the summary is empty.")
    summary_corroboration: Corroboration = Field(default_factory=Corroboration)
    key_points: list[Claim] = []
    source_ids: list[str]


class CopyOf(_Model):
    """A report that reproduces another's text (copies.py): its sentences are evidence, not another source."""

    source_id: str
    original_id: str
    shared_sentences: int = Field(description="Sentences of the copy found in the original.")
    sentences: int = Field(description="Sentences of the copy.")
    whole_document: bool = Field(default=False, description="A near-duplicate of the whole document, not briefed.")


class Position(_Model):
    """One value sources give in a disagreement, and the sentences that give it."""

    value: str = Field(description="The value as the first of its sources writes it.")
    evidence: list[Evidence] = Field(min_length=1)
    sources: list[str] = Field(description="Ids of the independent sources that give it.")
    copies: list[str] = Field(default=[], description="Ids of copies of those sources that repeat it.")


class Disagreement(_Model):
    """Sources of one story giving different values for one thing (corroboration.py)."""

    id: str
    story_id: str
    about: str = Field(description="What the values measure, e.g. 'number of aircraft'.")
    kind: Literal["amount", "count", "percent", "date", "place"]
    positions: list[Position] = Field(min_length=2)


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
    run_date: str = Field(default="", description="The day the brief was run (the news date is Briefing.date).")
    endpoint: str = Field(description="openai, local or replay.")
    structured_output: str
    schema_version: str = SCHEMA_VERSION
    prompts: dict[str, str] = Field(description="Prompt file name -> sha256.")
    chunks: int = Field(default=0, description="Chunks the documents were cut into for extraction.")
    calls: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    prompt_tokens_evaluated: int | None = Field(
        default=None,
        description="Prompt tokens the model evaluated, the rest reused from its cache; null if it did not say.",
    )
    model_seconds_reading: float | None = Field(
        default=None, description="Seconds the model spent evaluating prompts, by its server's timings (local model)."
    )
    model_seconds_writing: float | None = Field(
        default=None, description="Seconds the model spent generating replies, by its server's timings (local model)."
    )
    seconds: float = 0.0
    first_chunk_seconds: float | None = Field(
        default=None, description="Seconds from the start of the run until the first chunk's extraction ended."
    )
    extract_seconds: float | None = Field(default=None, description="Seconds until every chunk's extraction ended.")
    quotes_dropped: int = 0
    actors_dropped: int = 0
    claims_dropped: int = Field(
        default=0, description="Key points, summaries, stakes and risks whose evidence was missing or invalid."
    )
    notes_dropped: int = Field(default=0, description="Chunk notes citing no sentence of their excerpt.")
    not_ours_dropped: int = Field(
        default=0,
        description="Summaries, key points and bottom-line sentences of the synthesis in another language than the "
        "brief's or speaking of the excerpt, text or notes it was given (wording.py): not shown.",
    )
    headlines_replaced: int = Field(
        default=0, description="Headlines and titles in another language, replaced by a title in the brief's."
    )
    bottom_line_added: int = Field(
        default=0, description="Stories the bottom line said nothing of: their first sentence added to it."
    )
    claims_checked: int = Field(default=0, description="Claims checked against the sentences they cite.")
    claims_unsupported: int = Field(
        default=0, description="Claims their sentences do not state (see withheld): not shown."
    )
    check_seconds: float | None = Field(default=None, description="Seconds the check of the claims took.")
    condense_calls: list[int] = Field(
        default=[], description="Condense calls at each level of the reduce (reduce.py); empty when the notes fit."
    )
    condensed_dropped: int = Field(default=0, description="Condensed notes citing a note that does not exist.")
    failed_chunks: list[FailedChunk] = []
    duplicates_dropped: list[str] = []
    skipped_inputs: list[str] = Field(default=[], description="Inputs not read, and why (--skip-bad-inputs).")
    manipulation_attempts: int = Field(default=0, description="Planted instructions found, kept from the model.")
    partial: bool = Field(default=False, description="True when failed chunks are missing from the brief.")


class Briefing(_Model):
    title: str
    date: str = Field(
        description="The news date: the day the documents carry, a range for several days, the run date if none do."
    )
    language: str
    bluf: str
    key_points: list[Claim]
    stories: list[Story]
    actors: list[Actor]
    stakes: list[Stake]
    risks: list[Risk]
    quotes: list[Quote]
    sources: list[Source]
    run: RunMetadata
    manipulation: list[ManipulationAttempt] = []
    desk: DeskDay | None = Field(default=None, description="Where a desk's daily brief sits among its days.")
    withheld: list[WithheldClaim] = Field(default=[], description="Claims the check withheld, with its verdict.")
    copies: list[CopyOf] = Field(default=[], description="Which document copies which: one source, not two.")
    disagreements: list[Disagreement] = []


# --- what changed between two briefs (rendering/diff.py) and a desk's days (desk/) -------

DiffItem = TypeVar("DiffItem", Story, Risk, Actor)


class Change(BaseModel, Generic[DiffItem]):
    before: DiffItem
    after: DiffItem
    what: list[str]


class Section(BaseModel, Generic[DiffItem]):
    new: list[DiffItem] = []
    resolved: list[DiffItem] = []
    changed: list[Change[DiffItem]] = []
    unchanged: int = 0

    @property
    def empty(self) -> bool:
        return not (self.new or self.resolved or self.changed)


class BriefDiff(BaseModel):
    before_title: str
    before_date: str
    after_title: str
    after_date: str
    stories: Section[Story]
    risks: Section[Risk]
    actors: Section[Actor]

    @property
    def empty(self) -> bool:
        return self.stories.empty and self.risks.empty and self.actors.empty


class Continuation(_Model):
    story_id: str = Field(description="Today's story.")
    date: str = Field(description="The earlier day whose brief carried the story.")
    earlier_id: str = Field(description="The story's id in that day's brief.")
    headline: str = Field(description="Its headline there.")


class DeskDay(_Model):
    """What a desk knows of the days around a brief: only new items are briefed, so a reader needs the thread."""

    previous: str | None = Field(default=None, description="Date of the desk's previous brief, `delta`'s before.")
    delta: BriefDiff | None = None
    updated: dict[str, str] = Field(
        default={}, description="Source id -> date it was briefed before; its text has changed since."
    )
    continues: list[Continuation] = []
    seen: int = Field(default=0, description="Items in the desk's sources that earlier briefs covered.")
    passed_over: int = Field(default=0, description="Older feed entries past the day's cap, recorded unread.")


Briefing.model_rebuild()  # its `desk` field is defined after it


class CheckedClaim(_Model):
    where: str
    text: str
    verdict: Verdict
    why: str


class CheckReport(_Model):
    """`briefing check`: every claim of a saved brief, checked against its sentences."""

    claims: list[CheckedClaim]
    run: RunMetadata | None = Field(default=None, description="What the check cost: calls, tokens, seconds.")
