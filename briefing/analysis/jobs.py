"""Chunk jobs: what the model is asked about each chunk, and what of its answer the chunk bears out.

A document is cut into chunks (chunking.py) sized so that a chunk's extraction
prompt fits the model's window. Each chunk is asked about the quotations, the
sentences and the capitalised names that start in it, so the overlap between
chunks never asks twice, and a sentence holding a planted instruction is never
offered for citing. The model's replies are then grounded against what the
model read: actors must be named in it, quotes are the source's own spans at
their own offsets, and notes cite sentences the chunk offered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..ingest.documents import Document
from ..models.calls import Calls, Request
from ..models.prompts import Prompt
from ..replies import EXTRACTION_REPLIES, ActorMention, ChunkExtraction, quotes_at_most
from ..schema import ManipulationAttempt, Quote
from ..text.pages import page_of
from ..text.sentences import Sentence, split_sentences
from .candidates import named_countries, written_names
from .chunking import Chunk, chunk_document
from .grounding import (
    Span,
    blank,
    harvest_quotes,
    listed_quotations,
    mention_in_text,
    person_in_text,
    plausible_translation,
)
from .injection import cites_planted
from .merge import ActorFinding
from .notes import Note, chunk_notes
from .spans import span_holds


@dataclass
class ChunkJob:
    doc: Document
    chunk: Chunk
    candidates: list[Span]
    sentences: list[Sentence]  # the document's sentences that start in this chunk, numbered for citing
    names: list[str]  # the names it writes with capitals that no earlier chunk of the document offered

    @property
    def read_text(self) -> str:
        """What the model read of the document: the chunk, and its last sentence to its end."""
        end = max(self.chunk.end, self.sentences[-1].end if self.sentences else 0)
        return self.doc.text[self.chunk.start : end]

    @property
    def label(self) -> str:
        return f"{self.doc.location}, chunk {self.chunk.index + 1}"

    @property
    def extraction(self) -> type[ChunkExtraction]:
        """What the chunk's replies, merged, validate as: room for an attribution a listed quotation."""
        return quotes_at_most(ChunkExtraction, len(self.candidates))

    def requests(self, prompts: Sequence[Prompt]) -> list[Request]:
        """The calls the chunk's extraction makes, one per prompt, in a row."""
        context = {
            "title": self.doc.title,
            "date": self.doc.date,
            "text": self.chunk.text,
            "sentences": [sentence.text for sentence in self.sentences],
            "candidates": listed_quotations(self.candidates),
            "names": self.names,
        }
        count = len(self.candidates)
        return [Request(prompt, context, quotes_at_most(EXTRACTION_REPLIES[prompt.name], count), self.label)
                for prompt in prompts]  # fmt: skip


@dataclass
class Findings:
    """What the chunks' replies hold that their text bears out, and how much did not hold."""

    actors: list[ActorFinding] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    actors_dropped: int = 0
    quotes_dropped: int = 0
    notes_dropped: int = 0


def chunk_chars(doc: Document, calls: Calls, prompts: Sequence[Prompt], size: int) -> int:
    """`size`, or less where a chunk's extraction prompt would not fit the model's window."""
    budget = calls.model.budget
    if budget is None:
        return size
    empty = {"title": doc.title, "date": doc.date, "text": "", "sentences": "", "candidates": [], "names": []}
    overhead = max(calls.tokens(prompt, empty, EXTRACTION_REPLIES[prompt.name]) for prompt in prompts)
    return budget.chunk_chars(size, doc.text, overhead, calls.settings.options.max_tokens)


def chunk_jobs(
    docs: Sequence[Document],
    size: Mapping[str, int],
    overlap: int,
    planted: Sequence[ManipulationAttempt] = (),
) -> list[ChunkJob]:
    """Every document's chunks (`size` by document id), each with what starts in it and no earlier chunk had."""
    jobs = []
    for doc in docs:
        quotes = harvest_quotes(doc.text)
        sentences = split_sentences(doc.text)
        taken = 0  # where the previous chunk ended: what starts before it was asked there
        offered: list[str] = []
        for chunk in chunk_document(doc, size[doc.id], overlap):
            # A quotation or sentence belongs to the chunk it starts in; overlap must not ask twice.
            mine = [q for q in quotes if chunk.start <= q.start < chunk.end]
            quotes = [q for q in quotes if q not in mine]
            own = [x for x in sentences if max(taken, chunk.start) <= x.start < chunk.end]
            # A blanked planted span is no sentence to cite: a claim may not rest on it.
            own = [x for x in own if not cites_planted(planted, doc.id, x.start, x.end)]
            taken = chunk.end
            names = written_names([x.text for x in own], offered)
            offered += names
            jobs.append(ChunkJob(doc, chunk, mine, own, names))
    return jobs


def ground(jobs: Sequence[ChunkJob], results: Mapping[int, ChunkExtraction], language: str) -> Findings:
    """The findings of every extracted chunk (results by job index) that the chunk's text bears out."""
    found = Findings()
    for i, job in enumerate(jobs):
        extraction = results.get(i)
        if extraction is None:
            continue
        read = job.read_text
        for name, written in named_countries([sentence.text for sentence in job.sentences]):
            found.actors.append(ActorFinding(name, written, "country", "", job.doc.id))
        for actor in extraction.actors:
            finding = actor_finding(actor, job.doc.id, read)
            if finding is None:
                found.actors_dropped += 1
            else:
                found.actors.append(finding)
        for attribution in extraction.quotes:
            quote = _grounded_quote(job, attribution.candidate, attribution.speaker, attribution.translation, language)
            if quote is None:
                found.quotes_dropped += 1
            else:
                found.quotes.append(quote)
        notes, dropped = chunk_notes(extraction, job.sentences, job.doc.id, read, language)
        found.notes.extend(notes)
        found.notes_dropped += dropped
    return found


def actor_finding(actor: ActorMention, doc_id: str, read: str) -> ActorFinding | None:
    """The actor as a finding of the document `doc_id`, when the text the model read of it (`read`) names them."""
    if mention_in_text(actor.mention, read) or mention_in_text(actor.name, read):
        return ActorFinding(actor.name, actor.mention, actor.kind, actor.role, doc_id)
    if actor.kind == "person" and (spelled := person_in_text(actor.name, read)):
        return ActorFinding(spelled, spelled, actor.kind, actor.role, doc_id)
    return None


def _grounded_quote(
    job: ChunkJob, number: int, speaker: str | None, translation: str | None, language: str
) -> Quote | None:
    if not 1 <= number <= len(job.candidates):
        return None
    span = job.candidates[number - 1]
    if not span_holds(job.doc.text, span.start, span.end, span.text):
        return None
    same_language = (job.doc.language or "") == language
    return Quote(
        text=span.text,
        speaker=None if blank(speaker) else speaker,
        source_id=job.doc.id,
        start=span.start,
        end=span.end,
        verified=True,
        translation=None if same_language or not plausible_translation(span.text, translation) else translation,
        page=page_of(job.doc.page_starts, span.start),
    )
