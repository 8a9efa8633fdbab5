"""What the model is asked for: the reply models, whose JSON Schema is sent to the endpoint.

Every reply is validated against them before anything of it is used. Lists and strings are capped
because small local models otherwise ramble until max_tokens. What we publish, built from replies
only after grounding and checking, is in schema.py.
"""

from __future__ import annotations

import functools
from typing import Any, Literal

from pydantic import Field, create_model

from .schema import ActorKind, Direction, Level, Verdict, _Model


class NamedActor(_Model):
    name: str = Field(max_length=80, description="Full name, written in the brief's language.")
    mention: str = Field(max_length=80, description="The name exactly as it is written in the document.")
    # Countries come from a table (candidates.named_countries), not from the local model.
    kind: Literal["person", "organization", "other"]


class ActorMention(NamedActor):
    kind: ActorKind
    # Empty where the reply was a NamedActor: the local model is asked for no roles (NamedActors).
    role: str = Field(default="", max_length=160, description="Who they are and what they do in this text.")


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


class NamedActors(_Model):
    """The local model's actors: ActorList without roles.

    The actors are half of what a local model writes on a chunk, and a role a third of each actor
    (about 7 of 29 tokens). A 1.5B model's roles were also often wrong ("journalist" for Lula, "vice
    president" for a deputy secretary of state) and, unlike every other claim the brief makes,
    rest on no sentence; so the brief shows none rather than those (issue 13).
    """

    actors: list[NamedActor] = Field(max_length=20)


def _sentence_numbers() -> list[int]:
    return Field(max_length=3, description="Numbers of the excerpt's sentences that state it.")


class FactNote(_Model):
    fact: str = Field(max_length=240, description="One short sentence: who did what, with its numbers and dates.")
    sentences: list[int] = _sentence_numbers()


class StakeNote(_Model):
    holder: str = Field(max_length=80, description="An actor the excerpt names, who gains or loses.")
    stake: str = Field(
        max_length=240, description="What they stand to gain or lose, with the amounts and objects the sentence gives."
    )
    direction: Direction
    sentences: list[int] = _sentence_numbers()


class RiskNote(_Model):
    risk: str = Field(max_length=240, description="What could go wrong, as the excerpt states or signals it.")
    likelihood: Level
    impact: Level
    sentences: list[int] = _sentence_numbers()


class ChunkNotes(_Model):
    # A 12,000-character chunk of quote-rich news can list 20 quotations; a lower cap loses them.
    quotes: list[QuoteAttribution] = Field(max_length=24)
    facts: list[FactNote] = Field(max_length=6, description="The most important facts.")


class ChunkAnalysis(_Model):
    stakes: list[StakeNote] = Field(max_length=4)
    risks: list[RiskNote] = Field(max_length=3)


class ChunkExtraction(ChunkAnalysis, ChunkNotes, ActorList):
    """Everything one chunk yields: asked in one prompt, or in one prompt per part."""


# Which reply each extraction prompt (prompts/NAME.*.j2) asks for.
EXTRACTION_REPLIES: dict[str, type[_Model]] = {
    "extract": ChunkExtraction,
    "actors": NamedActors,
    "notes": ChunkNotes,
    "analysis": ChunkAnalysis,
}


@functools.cache
def for_documents(reply: type[_Model], documents: int) -> type[_Model]:
    """The reply type of a request asking about several documents at once (analysis/packing.py).

    Every list has the room it has for one document, that many times over, so a document in a
    packed request may yield as many actors, facts, stakes and risks as it would alone. One
    document's reply type is `reply` itself: its schema, and the cache key of its request, stay as
    they were.
    """
    if documents == 1:
        return reply
    fields: dict[str, Any] = {}
    for name, info in reply.model_fields.items():
        most = next((m.max_length for m in info.metadata if getattr(m, "max_length", None) is not None), None)
        if most is not None and getattr(info.annotation, "__origin__", None) is list:
            fields[name] = (info.annotation, Field(max_length=most * documents, description=info.description))
    return create_model(reply.__name__, __base__=reply, __module__=__name__, **fields)


@functools.cache
def quotes_at_most(reply: type[_Model], count: int) -> type[_Model]:
    """The reply type with room for one attribution a listed quotation and no more.

    A small model that loops writes "candidate" 3, 4, 5 … for a chunk that lists two, until
    its token cap, and the retry with a doubled cap loops again, minutes of a local model's time.
    The cap is in the schema, for the grammar (and strict structured outputs) to enforce;
    validation keeps the usual limit, so an endpoint that ignores the schema and adds an
    attribution has it dropped and counted by grounding, not the whole reply refused. A chunk
    listing more quotations than the usual limit allows as many: a reply that attributes every
    one, as its schema allowed, was refused and asked again (a call more, in a row).
    """
    if "quotes" not in reply.model_fields:
        return reply
    field = (list[QuoteAttribution], Field(max_length=max(24, count), json_schema_extra={"maxItems": count}))
    return create_model(reply.__name__, __base__=reply, __module__=__name__, quotes=field)


def _note_numbers() -> list[int]:
    return Field(max_length=4, description="Numbers of the notes it rests on.")


class PointDraft(_Model):
    text: str = Field(max_length=300)
    notes: list[int] = _note_numbers()


# Stakes and risks are the chunks' notes, merged and ranked by number: the synthesis
# writes none of their words, so it cannot add one, and a small model answers in a few tokens.
class StakeDraft(_Model):
    notes: list[int] = Field(max_length=4, description="Numbers of the stake notes that state this one stake.")


class RiskDraft(_Model):
    notes: list[int] = Field(max_length=4, description="Numbers of the risk notes that state this one risk.")
    indicators: list[str] = Field(max_length=2, description="Signs to watch for.")


class StoryDraft(_Model):
    story: int = Field(description="Number of the story from the list.")
    headline: str = Field(max_length=120)
    summary: str = Field(max_length=600)
    summary_notes: list[int] = Field(max_length=6, description="Numbers of the notes the summary rests on.")
    key_points: list[PointDraft] = Field(max_length=4)


class BriefDraft(_Model):
    """The synthesis of a day that is one story: a story of its own would only repeat the brief's points."""

    title: str = Field(max_length=120)
    bluf: str = Field(max_length=600, description="Bottom line up front: two or three sentences.")
    key_points: list[PointDraft] = Field(max_length=6)
    stakes: list[StakeDraft] = Field(max_length=8)
    risks: list[RiskDraft] = Field(max_length=6)


class Synthesis(BriefDraft):
    stories: list[StoryDraft] = Field(max_length=30)


@functools.cache
def synthesis_reply(
    notes: tuple[int, ...], stake_notes: tuple[int, ...], risk_notes: tuple[int, ...], stories: int
) -> type[BriefDraft]:
    """The synthesis' reply type, able to cite only the numbers it was given.

    A 1.5B model cited notes "713, 714" taken from the data fence's marker, and the key point
    resting on them was lost. In the schema, for the grammar, a note number is one of the notes
    listed, a stake's one of the stake notes, a risk's one of the risk notes, a story's one of the
    stories; validation keeps plain integers, so an endpoint that ignores the schema has a wrong
    number dropped by the evidence check, not the whole reply refused.
    """

    def cites(allowed: tuple[int, ...], cap: int, description: str) -> tuple[type, Any]:
        extra = {"items": {"type": "integer", "enum": list(allowed)}}
        return (list[int], Field(max_length=cap, description=description, json_schema_extra=extra))

    def listed(item: type, cap: int, allowed: tuple[int, ...] = (1,)) -> tuple[type, Any]:
        return (list[item], Field(max_length=cap, json_schema_extra=None if allowed else {"maxItems": 0}))

    def sub(base: type[_Model], **fields: Any) -> type[_Model]:
        return create_model(base.__name__, __base__=base, __module__=__name__, **fields)

    point = sub(PointDraft, notes=cites(notes, 4, "Numbers of the notes it rests on."))
    stake = sub(
        StakeDraft, notes=cites(stake_notes or notes, 4, "Numbers of the stake notes that state this one stake.")
    )
    risk = sub(RiskDraft, notes=cites(risk_notes or notes, 4, "Numbers of the risk notes that state this one risk."))
    drafted = {
        "key_points": listed(point, 6),
        "stakes": listed(stake, 8, stake_notes),
        "risks": listed(risk, 6, risk_notes),
    }
    if stories <= 1:
        return sub(BriefDraft, **drafted)
    story = sub(
        StoryDraft,
        story=(
            int,
            Field(
                description="Number of the story from the list.",
                json_schema_extra={"enum": list(range(1, stories + 1))},
            ),
        ),
        summary_notes=cites(notes, 6, "Numbers of the notes the summary rests on."),
        key_points=(list[point], Field(max_length=4)),
    )
    return sub(Synthesis, **drafted, stories=listed(story, 30))


class ConventionalName(_Model):
    number: int = Field(description="Number of the name from the list.")
    name: str = Field(max_length=100, description="The name as a newspaper in the brief's language writes it.")


class ConventionalNames(_Model):
    """The names a reader of the brief knows actors by (analysis/naming.py), for names written in another script."""

    names: list[ConventionalName] = Field(max_length=40)


MOST_LINES_A_TRANSLATION = 12
"""Notes one translation call holds: a short reply a small model keeps in order."""


class Translations(_Model):
    """Notes a small model wrote in the source's language, in the brief's (analysis/notes.py)."""

    lines: list[str] = Field(max_length=MOST_LINES_A_TRANSLATION, description="One translation a note, in order.")


@functools.cache
def translations_of(count: int) -> type[Translations]:
    """Translations with room for exactly `count` lines, each as long as a note may be: the grammar ends the list."""
    sized = (
        list[str],
        Field(
            max_length=MOST_LINES_A_TRANSLATION,
            json_schema_extra={"minItems": count, "maxItems": count, "items": {"type": "string", "maxLength": 300}},
        ),
    )
    return create_model("Translations", __base__=Translations, __module__=__name__, lines=sized)


class CondensedNote(_Model):
    kind: Literal["fact", "stake", "risk"]
    text: str = Field(max_length=300, description="One or two sentences, with the numbers and dates of its notes.")
    holder: str | None = Field(max_length=80, description="For a stake: its holder as the notes name them; else null.")
    direction: Direction | None = Field(description="For a stake; else null.")
    likelihood: Level | None = Field(description="For a risk; else null.")
    impact: Level | None = Field(description="For a risk; else null.")
    notes: list[int] = Field(max_length=8, description="Numbers of the notes it merges.")


class Condensed(_Model):
    """Fewer notes from many (reduce.py): what a story's notes say when they do not fit one synthesis call."""

    notes: list[CondensedNote] = Field(max_length=10)


class ClaimVerdict(_Model):
    """The check of one claim against the sentences it cites (analysis/checking.py)."""

    claim: int = Field(description="Number of the claim from the list.")
    differs: str = Field(max_length=160, description="What the claim says that its sentences do not; empty if none.")
    verdict: Verdict


class CheckReply(_Model):
    """The check of a few claims, in one call: short, so a local model spends few tokens on it."""

    verdicts: list[ClaimVerdict] = Field(max_length=8)
