"""The pipeline: documents → chunks → extractions → merged briefing.

Map: every chunk is extracted on its own, concurrently and through the cache.
Ground: actors whose name is not in the chunk and quotes that are not in the
source are dropped and counted; the countries a chunk names come from the country
table, whatever the model listed. Reduce: actors merge across chunks, documents
and languages, duplicate quotes collapse, documents group into stories, and
one synthesis call writes the BLUF, stories, stakes and risks from the notes,
condensed first (reduce.py) when they do not fit its context window.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field
from pathlib import Path

from .analysis.attribution import attribute
from .analysis.candidates import named_countries, written_names
from .analysis.chunking import Chunk, chunk_document
from .analysis.evidence import Note, build_claims, chunk_notes, number_notes
from .analysis.grounding import Span, harvest_quotes, listed_quotation, mention_in_text, person_in_text
from .analysis.injection import cites_planted, find_manipulation, without_planted
from .analysis.merge import ActorFinding, dedupe_quotes, merge_actors
from .analysis.reduce import Condenser, Numbered, Reduced, condense, note_line
from .analysis.stories import find_duplicates, group_stories, news_date
from .config import Settings
from .errors import (
    BriefingError,
    EndpointError,
    EndpointRefused,
    ExtractionError,
    LocalModelError,
    ReplayError,
    RunError,
)
from .fanout import start_all
from .ingest.documents import Document
from .ingest.fetching import load_sources
from .models.batch import BatchRequest, run_batch
from .models.cache import ReplyCache, cache_key
from .models.cassettes import cassette
from .models.llm import LanguageModel, Usage
from .models.prompts import load_prompt
from .models.providers import open_model
from .models.structured import StructuredCaller
from .schema import (
    EXTRACTION_REPLIES,
    SCHEMA_VERSION,
    Actor,
    BriefDraft,
    Briefing,
    ChunkExtraction,
    ConventionalNames,
    FailedChunk,
    ManipulationAttempt,
    Quote,
    RunMetadata,
    Source,
    Synthesis,
    quotes_at_most,
)
from .text import names
from .text.pages import page_of
from .text.sentences import Sentence, split_sentences

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total) as work completes."""

LANGUAGE_NAMES = {
    "en": "English", "ru": "Russian", "de": "German", "fr": "French", "es": "Spanish",
    "it": "Italian", "uk": "Ukrainian", "kk": "Kazakh", "uz": "Uzbek", "zh": "Chinese",
    "ar": "Arabic", "pt": "Portuguese", "tr": "Turkish", "pl": "Polish",
}  # fmt: skip


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code.lower(), code)


# Errors every other call would meet too: no point in going on with other chunks.
_EVERY_CALL_FAILS = (EndpointRefused, ReplayError, LocalModelError)


def _failure(failed: list[tuple[_Job, str]], total: int) -> RunError:
    job, error = min(failed, key=lambda f: (f[0].doc.location, f[0].chunk.index))
    count = f"{len(failed)} of {total} chunks failed; first: " if len(failed) > 1 else ""
    return RunError(
        f"{count}{job.doc.location}, chunk {job.chunk.index + 1}: {error} (--allow-partial briefs what succeeded)"
    )


def _reason(exc: BaseException) -> str:
    """The error without the chunk label an ExtractionError already starts with."""
    text = str(exc)
    return text.split(": ", 1)[1] if isinstance(exc, ExtractionError) and ": " in text else text


@dataclass
class _Job:
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


@dataclass
class _Findings:
    actors: list[ActorFinding] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    actors_dropped: int = 0
    quotes_dropped: int = 0
    notes_dropped: int = 0


class Pipeline:
    def __init__(self, model: LanguageModel, settings: Settings, progress: Progress | None = None) -> None:
        self.model = model
        self.settings = settings
        self.progress = progress or (lambda stage, done, total: None)
        self.usage = Usage()
        self.caller = StructuredCaller(
            model,
            mode=settings.structured_output,
            options=settings.options,
            usage=self.usage,
            max_reasks=settings.max_reasks,
        )
        self.cache = ReplyCache(settings.cache_dir, read=settings.use_cache)
        self.extract_prompts = [load_prompt(name) for name in model.extraction_prompts]
        self.synthesize_prompt = load_prompt("synthesize")
        self.condense_prompt = load_prompt("condense")
        self.names_prompt = load_prompt("names")
        self._names_asked = False
        self.language = language_name(settings.language)
        self._fatal: BaseException | None = None  # the error that stopped the model, if any

    # -- map ---------------------------------------------------------------------

    def _chunk_chars(self, doc: Document) -> int:
        """The provider's chunk size, or less where a chunk's extraction prompt would not fit the window."""
        size = self.settings.chunk_chars or self.model.default_chunk_chars
        budget = self.model.budget
        if budget is None:
            return size
        empty = {
            "title": doc.title,
            "date": doc.date,
            "text": "",
            "sentences": "",
            "candidates": [],
            "names": [],
            "language_name": self.language,
        }
        overhead = max(
            budget.count(
                prompt.messages(**empty, schema=self.caller.schema_for_prompt(EXTRACTION_REPLIES[prompt.name])),
                self.caller.response_format(EXTRACTION_REPLIES[prompt.name]),
                estimate=True,  # a replay without the model's files must cut documents as the recording did
            )
            for prompt in self.extract_prompts
        )
        return budget.chunk_chars(size, doc.text, overhead, self.settings.options.max_tokens)

    def _jobs(self, docs: Sequence[Document], planted: Sequence[ManipulationAttempt] = ()) -> list[_Job]:
        jobs = []
        for doc in docs:
            quotes = harvest_quotes(doc.text)
            sentences = split_sentences(doc.text)
            taken = 0  # where the previous chunk ended: what starts before it was asked there
            offered: list[str] = []
            for chunk in chunk_document(doc, self._chunk_chars(doc), self.settings.chunk_overlap):
                # A quotation or sentence belongs to the chunk it starts in; overlap must not ask twice.
                mine = [q for q in quotes if chunk.start <= q.start < chunk.end]
                quotes = [q for q in quotes if q not in mine]
                own = [x for x in sentences if max(taken, chunk.start) <= x.start < chunk.end]
                # A blanked planted span is no sentence to cite: a claim may not rest on it.
                own = [x for x in own if not cites_planted(planted, doc.id, x.start, x.end)]
                taken = chunk.end
                names = written_names([x.text for x in own], offered)
                offered += names
                jobs.append(_Job(doc, chunk, mine, own, names))
        return jobs

    def _plan(self, prompt, context: dict, output):
        """A call's cache key and the builder of its messages: one place, so a batch sends what a call would."""
        rendered: dict[bool, list[dict[str, str]]] = {}

        def build(schema):
            # Rendered once per mode family: the cache key and the call send the same messages.
            with_schema = schema is not None
            if with_schema not in rendered:
                rendered[with_schema] = prompt.messages(**context, schema=schema, language_name=self.language)
            return rendered[with_schema]

        key = cache_key(
            prompt=prompt.sha256,
            model=self.model.model,
            schema=SCHEMA_VERSION,
            mode=self.caller.mode,
            options=self.settings.options.model_dump(),
            messages=build(self.caller.schema_for_prompt(output)),
        )
        return key, build

    def _cached_call(self, prompt, context: dict, output, label: str):
        key, build = self._plan(prompt, context, output)
        cached = self.cache.get(key, output)
        if cached is not None:
            self.usage.hit()
            return cached
        reply = self.caller.call(build, output, label=label)
        self.cache.put(key, reply)
        return reply

    def _extraction_calls(self, job: _Job) -> list[tuple]:
        """(prompt, context, reply type, label) of each call one chunk's extraction makes."""
        context = {
            "title": job.doc.title,
            "date": job.doc.date,
            "text": job.chunk.text,
            "sentences": [sentence.text for sentence in job.sentences],
            "candidates": [listed_quotation(q) for q in job.candidates],
            "names": job.names,
        }
        label = f"{job.doc.location}, chunk {job.chunk.index + 1}"
        count = len(job.candidates)
        return [(prompt, context, quotes_at_most(EXTRACTION_REPLIES[prompt.name], count), label)
                for prompt in self.extract_prompts]  # fmt: skip

    def _extract(self, job: _Job) -> dict[str, object]:
        """The model's findings for one chunk: every prompt's reply, merged."""
        parts: dict[str, object] = {}
        for prompt, context, output, label in self._extraction_calls(job):
            parts.update(self._cached_call(prompt, context, output, label).model_dump())
        return parts

    def _batch_requests(self, jobs: list[_Job]) -> Iterator[BatchRequest]:
        for job in jobs:
            for prompt, context, output, label in self._extraction_calls(job):
                key, build = self._plan(prompt, context, output)
                yield BatchRequest(key, build(self.caller.schema_for_prompt(output)), output, label)

    def _extract_or_stop(self, job: _Job) -> dict[str, object]:
        try:
            return self._extract(job)
        except _EVERY_CALL_FAILS as exc:
            # Stop here, in the worker, before it takes the next chunk: every call would fail
            # alike. Remember why first: the calls this stop cuts short may be reported sooner.
            self._fatal = self._fatal or exc
            self.model.stop()
            raise

    def _map(self, jobs: list[_Job]) -> tuple[dict[int, ChunkExtraction], list[FailedChunk], float | None]:
        """Extract every chunk; a failed chunk is counted and named, never dropped silently.

        Also returns when the first chunk's extraction ended (perf_counter), a local model's time to first result.

        Extractions that succeed are cached as they come, so the next run repeats
        only what failed. A chunk with no valid reply fails alone and the others go
        on; an endpoint that stayed down through the retries ends the run at once
        unless allow_partial, since the brief would not be written anyway.
        """
        if self.settings.batch:  # the calls go through the provider's Batch API; what failed there is asked below
            batch = (self.model, self.caller, self.cache, self.usage, self.settings, self.progress)
            self.cache = run_batch(self._batch_requests(jobs), *batch)
        results: dict[int, ChunkExtraction] = {}
        failed: list[tuple[_Job, str]] = []
        first_done: float | None = None
        workers = max(1, min(self.settings.concurrency, self.model.max_concurrency, len(jobs)))
        self.progress("extract", 0, len(jobs))
        # A chunk's calls run in a row, in one worker: a local model's prompts share the instructions
        # and the excerpt, so its one slot evaluates them once and only the last line of each call anew.
        futures = start_all(self._extract_or_stop, jobs, workers)
        index = {future: i for i, future in enumerate(futures)}
        pending = set(futures)
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)  # progress as each chunk ends
                for future in done:
                    i = index[future]
                    exc = future.exception()
                    if exc is None:
                        results[i] = ChunkExtraction.model_validate(future.result())
                        first_done = first_done or time.perf_counter()
                    elif isinstance(exc, _EVERY_CALL_FAILS) or not isinstance(exc, BriefingError):
                        raise exc
                    elif self._fatal is not None:
                        raise self._fatal
                    else:
                        failed.append((jobs[i], _reason(exc)))
                        if isinstance(exc, EndpointError) and not self.settings.allow_partial:
                            raise _failure(failed, len(jobs))
                    self.progress("extract", len(results) + len(failed), len(jobs))
        except BaseException:
            # Ctrl-C or a failed run: do not wait for calls in flight. Stop the ones in
            # retry loops, skip the ones not started; daemon threads cannot hold the exit.
            self.model.stop()
            for future in pending:
                future.cancel()
            raise
        if failed and not self.settings.allow_partial:
            raise _failure(failed, len(jobs))
        chunks = [FailedChunk(source_id=job.doc.id, chunk=job.chunk.index, error=error) for job, error in failed]
        return results, sorted(chunks, key=lambda f: (f.source_id, f.chunk)), first_done

    # -- ground ------------------------------------------------------------------

    def _ground(self, jobs: list[_Job], results: dict[int, ChunkExtraction]) -> _Findings:
        found = _Findings()
        for i, job in enumerate(jobs):
            extraction = results.get(i)
            if extraction is None:
                continue
            read = job.read_text
            for name, written in named_countries([sentence.text for sentence in job.sentences]):
                found.actors.append(ActorFinding(name, written, "country", "", job.doc.id))
            for actor in extraction.actors:
                if mention_in_text(actor.mention, read) or mention_in_text(actor.name, read):
                    found.actors.append(ActorFinding(actor.name, actor.mention, actor.kind, actor.role, job.doc.id))
                elif actor.kind == "person" and (spelled := person_in_text(actor.name, read)):
                    found.actors.append(ActorFinding(spelled, spelled, actor.kind, actor.role, job.doc.id))
                else:
                    found.actors_dropped += 1
            for attribution in extraction.quotes:
                quote = self._grounded_quote(job, attribution.candidate, attribution.speaker, attribution.translation)
                if quote is None:
                    found.quotes_dropped += 1
                else:
                    found.quotes.append(quote)
            notes, dropped = chunk_notes(extraction, job.sentences, job.doc.id, read, self.settings.language)
            found.notes.extend(notes)
            found.notes_dropped += dropped
        return found

    def _grounded_quote(self, job: _Job, number: int, speaker: str | None, translation: str | None) -> Quote | None:
        if not 1 <= number <= len(job.candidates):
            return None
        span = job.candidates[number - 1]
        # The span's own offsets are checked, not searched for: O(quote), not O(document).
        if job.doc.text[span.start : span.end] != span.text:
            return None
        same_language = (job.doc.language or "") == self.settings.language
        return Quote(
            text=span.text,
            speaker=None if _blank(speaker) else speaker,
            source_id=job.doc.id,
            start=span.start,
            end=span.end,
            verified=True,
            translation=None if same_language or not _plausible_translation(span.text, translation) else translation,
            page=page_of(job.doc.page_starts, span.start),
        )

    # -- reduce ------------------------------------------------------------------

    def _attributed(self, quotes: list[Quote], actors: list[Actor], docs: Sequence[Document]) -> list[Quote]:
        """Each quote's speaker from the words around it (attribution.py), as the actors table names them."""
        texts = {d.id: d.text for d in docs}
        attributed = []
        for quote in quotes:
            mine = [a for a in actors if quote.source_id in a.source_ids]
            speaker = attribute(
                texts[quote.source_id], quote.start, quote.end, quote.speaker, mine, self.settings.language
            )
            attributed.append(quote.model_copy(update={"speaker": speaker}))
        return attributed

    def _room(self, prompt, context: dict, output) -> int:
        """Tokens the window leaves free beside this call's prompt and reply budget; by the estimate, as replays do."""
        budget = self.model.budget
        messages = prompt.messages(**context, schema=self.caller.schema_for_prompt(output), language_name=self.language)
        tokens = budget.count(messages, self.caller.response_format(output), estimate=True)
        return budget.window - tokens - self.settings.options.max_tokens

    def _condensed(self, numbered_notes: Numbered, actor_names: list[str]) -> Reduced:
        """The notes, condensed by reduce.py when their synthesis would not fit the window."""
        if self.model.budget is None:  # a test double: no window
            return Reduced(numbered_notes)
        condenser = Condenser(
            prompt=self.condense_prompt,
            call=self._cached_call,
            room=self._room,
            synthesis_room=lambda notes: self._room(
                self.synthesize_prompt, _synthesis_context(notes, actor_names), Synthesis
            ),
            budget=self.model.budget,
            workers=max(1, min(self.settings.concurrency, self.model.max_concurrency)),
            progress=self.progress,
            stop=self.model.stop,
        )
        return condense(numbered_notes, condenser)

    def ask_names(self, wanted: list[str]) -> dict[int, str]:
        """How a newspaper in the brief's language writes these names (naming.py); none when the reply is invalid."""
        self._names_asked = True
        try:
            reply = self._cached_call(self.names_prompt, {"names": wanted}, ConventionalNames, "names")
        except ExtractionError:
            return {}  # each name falls back to the transliteration of its basic form
        return {item.number: item.name for item in reply.names}

    def _synthesize(self, numbered_notes: Numbered, actor_names: list[str]) -> BriefDraft:
        self.progress("synthesize", 0, 1)
        context = _synthesis_context(numbered_notes, actor_names)
        # One story asks for no stories: they would repeat the brief's key points, a local model's slowest tokens.
        output = Synthesis if len(numbered_notes) > 1 else BriefDraft
        synthesis = self._cached_call(self.synthesize_prompt, context, output, "synthesis")
        self.progress("synthesize", 1, 1)
        return synthesis

    def run(self, docs: Sequence[Document]) -> Briefing:
        started = time.perf_counter()
        all_docs = list(docs)
        duplicate_of = find_duplicates(all_docs)
        # Planted instructions are reported, and blanked in what the model reads and claims may cite.
        manipulation = find_manipulation(all_docs)
        docs = [without_planted(d, manipulation) for d in all_docs if d.id not in duplicate_of]
        jobs = self._jobs(docs, manipulation)
        results, failed, first_done = self._map(jobs)
        extracted = time.perf_counter()
        if not results:
            first = failed[0]
            raise ExtractionError(
                f"all {len(failed)} chunks failed, nothing to brief; first: {first.source_id} chunk {first.chunk + 1}: "
                f"{first.error}"
            )
        findings = self._ground(jobs, results)
        actors = merge_actors(findings.actors, self.settings.language, {d.id: d.text for d in docs}, self.ask_names)
        actors_by_doc: dict[str, set[str]] = {}
        for actor in actors:
            for doc_id in actor.source_ids:
                actors_by_doc.setdefault(doc_id, set()).add(actor.name)
        story_groups = group_stories(docs, actors_by_doc)
        reduced = self._condensed(number_notes(story_groups, findings.notes), [a.name for a in actors])
        numbered_notes = reduced.numbered
        synthesis = self._synthesize(numbered_notes, [a.name for a in actors])
        # A story cites every outlet that ran it, the dropped copies too.
        for group in story_groups:
            group.extend(dup for dup, original in duplicate_of.items() if original in group)
        claims = build_claims(synthesis, numbered_notes, story_groups, {d.id: d.title for d in all_docs}, actors)
        quotes = self._attributed(dedupe_quotes(findings.quotes), actors, all_docs)
        later = [self.condense_prompt] if reduced.calls else []
        later += [self.names_prompt] if self._names_asked else []
        run_date = dt.date.today().isoformat()
        run = RunMetadata(
            model=self.model.model,
            run_date=run_date,
            endpoint=self.model.endpoint,
            structured_output=self.caller.mode,
            prompts={p.name: p.sha256 for p in (*self.extract_prompts, self.synthesize_prompt, *later)},
            chunks=len(jobs),
            calls=self.usage.calls,
            cache_hits=self.usage.cache_hits,
            prompt_tokens=self.usage.prompt_tokens,
            completion_tokens=self.usage.completion_tokens,
            prompt_tokens_evaluated=self.usage.prompt_tokens_evaluated,
            seconds=round(time.perf_counter() - started, 3),
            first_chunk_seconds=round(first_done - started, 3) if first_done else None,
            extract_seconds=round(extracted - started, 3),
            quotes_dropped=findings.quotes_dropped,
            actors_dropped=findings.actors_dropped,
            claims_dropped=claims.dropped,
            notes_dropped=findings.notes_dropped,
            condense_calls=reduced.calls,
            condensed_dropped=reduced.dropped,
            failed_chunks=failed,
            duplicates_dropped=list(duplicate_of),
            manipulation_attempts=len(manipulation),
            partial=bool(failed),
        )
        return Briefing(
            title=synthesis.title,
            date=news_date(d.date for d in all_docs) or run_date,
            language=self.settings.language,
            bluf=synthesis.bluf,
            key_points=claims.key_points,
            stories=claims.stories,
            actors=actors,
            stakes=claims.stakes,
            risks=claims.risks,
            quotes=quotes,
            sources=[
                Source(
                    id=d.id,
                    title=d.title,
                    location=d.location,
                    date=d.date,
                    language=d.language,
                    sha256=d.sha256,
                    text=d.text,
                    page_starts=list(d.page_starts),
                )
                for d in all_docs
            ],
            run=run,
            manipulation=manipulation,
        )


def _blank(value: str | None) -> bool:
    """Small models write "null" or "unknown" as text where JSON null was meant."""
    return value is None or value.strip().strip(".").casefold() in {"", "null", "none", "unknown", "n/a", "неизвестно"}


def _synthesis_context(numbered_notes: Numbered, actor_names: list[str]) -> dict:
    stories = [[note_line(number, note) for number, note in story] for story in numbered_notes]
    return {"stories": stories, "actors": actor_names}


def _plausible_translation(quote: str, translation: str | None) -> bool:
    """A translation far longer or shorter than its quote translated something else; one that is
    mostly the quote's own words ("Мы открываем дверь …" for «Мы открываем дверь …», "Braziliya ne
    будет выбирать …") translated nothing: the 1.5B model copies quotations it cannot translate."""
    if _blank(translation) or not 0.4 <= len(translation) / max(1, len(quote)) <= 3.0:
        return False
    words = names.words(translation.casefold())
    own = set(names.words(quote.casefold()))
    return sum(word in own for word in words) < len(words) / 2


def generate(
    inputs: Sequence[str],
    settings: Settings,
    *,
    replay: Path | None = None,
    record: Path | None = None,
    progress: Progress | None = None,
) -> Briefing:
    """Brief the documents at `inputs` (files, folders, globs, URLs, feeds, sources files): the main entry point."""
    skipped: list[str] = []
    docs = load_sources(list(inputs), skipped if settings.skip_bad_inputs else None, settings.limits)
    return brief_documents(docs, settings, replay=replay, record=record, progress=progress, skipped=skipped)


def brief_documents(
    docs: Sequence[Document],
    settings: Settings,
    *,
    replay: Path | None = None,
    record: Path | None = None,
    progress: Progress | None = None,
    skipped: Sequence[str] = (),
) -> Briefing:
    """Brief documents already read (the desk reads only what is new); `skipped` lists inputs that were not."""
    if record:
        settings = settings.model_copy(update={"use_cache": False})  # a recording must hold every call
    documents = [d.sha256 for d in docs]
    with cassette(replay=replay, record=record, documents=documents) as tape:
        settings = tape.settings(settings)  # a replay runs as recorded, whatever the environment holds
        with open_model(settings, replaying=bool(replay), progress=progress) as model:
            brief = Pipeline(model, settings, progress).run(docs)
        tape.finish(model, settings, brief.run, documents)  # a recording says how it was made
        brief.run.skipped_inputs = list(skipped)
        return brief
