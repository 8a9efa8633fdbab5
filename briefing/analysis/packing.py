"""Packing: several short documents asked about in one extraction request.

A remote request pays for its instructions and its schema (about 1,100 tokens) every time,
and most news documents are far shorter than a chunk may be: asked one a request, 40 documents
of the bench paid them 46 times. Here documents that are one chunk whole share a request, up
to what one chunk may hold, so they pay them once a pack. A longer document is still asked chunk
by chunk, each chunk alone, as before; a pack of one is the very request it was (same words,
same cache key).

Which documents share a request must not depend on which others came with them, or one more
document would ask every later request again instead of hitting the cache. The rule:

- only a document that is one chunk whole is packed;
- packable documents are taken in the order of a hash of their id, not in the order they were
  named, so the same documents always make the same packs;
- a document starts a new pack when a second hash of its id says so (one in `BOUNDARY_EVERY`),
  or when the pack would not hold it: its characters past the chunk size, or the request's prompt
  and a reply budget for each document past the window.

So the packs fall into segments, each from one document the hash marks to the next (4 documents
on average), and no pack spans two. A document added or removed changes the packs of its own
segment only (and of the one before when the hash marks it: it splits the two, or joins them),
most often the one pack it joins or leaves; every other request is the same text and its reply
is read from the cache. Marking one document in 4 keeps that reach small while
leaving packs room to fill: on the 40 bench documents, 35 requests where one mark in 8, or none
at all, would make 34, with a change then reaching further (with none, any pack after it).

In the request the documents follow one another, each with its title, date, numbered sentences
and quotations as a lone document's prompt gives them, but numbered on across the documents: the
model answers with numbers from one sequence, as it does for one document. `split` maps every
number back to its document and that document's own number, so grounding (jobs.ground) sees each
document's reply as if it had been asked alone. Actors go to every document of the pack whose text
names them (jobs.actor_finding); a note citing sentences of two documents, or a number no document
has, is dropped and counted as grounding drops a lone document's: every claim rests on sentences
of its own document.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..models.calls import Request
from ..models.prompts import Prompt
from ..replies import EXTRACTION_REPLIES, ChunkExtraction, QuoteAttribution, for_documents, quotes_at_most
from .grounding import listed_quotations
from .jobs import ChunkJob, actor_finding

BOUNDARY_EVERY = 4
"""One document in this many (by a hash of its id) starts a pack: how far a change to the documents reaches."""

PACK_PROMPT = "extract_pack"
"""The prompt of a request about several documents: `extract`'s instructions, its documents numbered on."""


def _digest(job: ChunkJob) -> bytes:
    return hashlib.sha256(job.doc.id.encode("utf-8")).digest()


def _whole(job: ChunkJob) -> bool:
    return job.chunk.start == 0 and job.chunk.end >= len(job.doc.text)


def starts_segment(job: ChunkJob) -> bool:
    """Whether the document starts a new pack whatever came before it: no pack holds documents on both sides."""
    return int.from_bytes(_digest(job)[16:24], "big") % BOUNDARY_EVERY == 0


@dataclass(frozen=True)
class Pack:
    """Chunk jobs asked about in one request, by their index among the run's jobs, in the order it lists them."""

    members: tuple[int, ...]


def packs(jobs: Sequence[ChunkJob], size: Mapping[str, int], fits: Callable[[Sequence[ChunkJob]], bool]) -> list[Pack]:
    """The run's extraction requests: a pack for each chunk of a long document, whole documents packed by the rule.

    `size` is the chunk size of each document (by id); `fits(jobs)` says whether a request about these
    jobs fits the model's window, replies included.
    """
    alone = [Pack((i,)) for i, job in enumerate(jobs) if not _whole(job)]
    ordered = sorted((i for i, job in enumerate(jobs) if _whole(job)), key=lambda i: _digest(jobs[i]))
    packed: list[list[int]] = []
    for i in ordered:
        job = jobs[i]
        current = packed[-1] if packed else []
        if current and not starts_segment(job):
            members = [jobs[m] for m in current] + [job]
            limit = min(size[m.doc.id] for m in members)
            if sum(len(m.doc.text) for m in members) <= limit and fits(members):
                current.append(i)
                continue
        packed.append([i])
    return sorted([*alone, *(Pack(tuple(p)) for p in packed)], key=lambda p: p.members[0])


def pack_request(jobs: Sequence[ChunkJob], prompt: Prompt) -> Request:
    """The one extraction request about several whole documents, numbered on across them."""
    documents = []
    sentences = quotes = 0
    for job in jobs:
        documents.append(
            {
                "title": job.doc.title,
                "date": job.doc.date,
                "sentences": [sentence.text for sentence in job.sentences],
                "candidates": listed_quotations(job.candidates),
                "first_sentence": sentences,  # the numbers before this document's
                "first_quote": quotes,
            }
        )
        sentences += len(job.sentences)
        quotes += len(job.candidates)
    reply = quotes_at_most(for_documents(EXTRACTION_REPLIES["extract"], len(jobs)), quotes)
    label = " + ".join(job.label for job in jobs)
    return Request(prompt, {"documents": documents}, reply, label, replies=len(jobs))


def split(jobs: Sequence[ChunkJob], reply: ChunkExtraction) -> list[ChunkExtraction]:
    """The reply to a packed request as one reply a document, its numbers the document's own.

    What belongs to no document (a number out of range, a note citing two documents, an actor no
    text names) goes to the first, where grounding drops it and counts it, as it would for a
    document asked alone.
    """
    sentence_starts = _starts([len(job.sentences) for job in jobs])
    quote_starts = _starts([len(job.candidates) for job in jobs])
    parts: list[dict[str, list]] = [{"actors": [], "quotes": [], "facts": [], "stakes": [], "risks": []} for _ in jobs]
    # The documents that name an actor, looked for once: a pack's reply lists an actor again for each
    # document, and looking for a name in every text of a pack grows with the square of its documents.
    naming: dict[tuple[str, str, str], list[int]] = {}
    for actor in reply.actors:
        key = (actor.name, actor.mention, actor.kind)  # all that actor_finding reads of it
        if key not in naming:
            named = [k for k, job in enumerate(jobs) if actor_finding(actor, job.doc.id, job.read_text) is not None]
            naming[key] = named or [0]
        for k in naming[key]:
            parts[k]["actors"].append(actor)
    for quote in reply.quotes:
        k, number = _locate(quote.candidate, quote_starts) or (0, 0)
        parts[k]["quotes"].append(
            QuoteAttribution(candidate=number, speaker=quote.speaker, translation=quote.translation)
        )
    for kind in ("facts", "stakes", "risks"):
        for note in getattr(reply, kind):
            located = [_locate(n, sentence_starts) for n in note.sentences]
            owners = {place[0] for place in located if place is not None}
            if len(owners) == 1 and None not in located:
                parts[owners.pop()][kind].append(note.model_copy(update={"sentences": [n for _, n in located]}))
            else:
                parts[0][kind].append(note.model_copy(update={"sentences": []}))  # cites nothing it may: dropped
    # Each part holds what the pack's reply validated with; a document's share is not held to a lone reply's caps.
    return [ChunkExtraction.model_construct(**part) for part in parts]


def _starts(counts: Sequence[int]) -> list[int]:
    """Where each document's numbers begin, less one: document k holds starts[k] + 1 … starts[k + 1]."""
    starts = [0]
    for count in counts:
        starts.append(starts[-1] + count)
    return starts


def _locate(number: int, starts: Sequence[int]) -> tuple[int, int] | None:
    """(document, its own number) of a number of the pack's sequence; None when no document has it."""
    if not starts[0] < number <= starts[-1]:
        return None
    k = bisect.bisect_left(starts, number) - 1
    return k, number - starts[k]
