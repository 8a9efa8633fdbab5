"""The pipeline: documents → chunks → extractions → merged briefing.

Map: every chunk is extracted on its own, concurrently and through the cache.
Ground: actors whose name is not in the chunk and quotes that are not in the
source are dropped and counted. Reduce: actors merge across chunks, documents
and languages, duplicate quotes collapse, documents group into stories, and
one synthesis call writes the BLUF, stories, stakes and risks from the notes.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field
from pathlib import Path

from .cache import ReplyCache, cache_key
from .cassettes import cassette
from .chunking import Chunk, chunk_document
from .config import Settings
from .documents import Document
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
from .fetching import load_sources
from .grounding import Span, harvest_quotes, mention_in_text, quotation_context
from .injection import find_manipulation, without_planted
from .llm import LanguageModel, Usage
from .merge import ActorFinding, dedupe_quotes, find_actor, merge_actors, resolve_speakers
from .prompts import load_prompt, unmark
from .providers import open_model
from .schema import (
    EXTRACTION_REPLIES,
    SCHEMA_VERSION,
    Actor,
    Briefing,
    ChunkExtraction,
    FailedChunk,
    Quote,
    Risk,
    RunMetadata,
    Source,
    Stake,
    Story,
    Synthesis,
)
from .stories import find_duplicates, group_stories
from .structured import StructuredCaller

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


@dataclass
class _Findings:
    actors: list[ActorFinding] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    facts: dict[str, list[str]] = field(default_factory=dict)
    actors_dropped: int = 0
    quotes_dropped: int = 0


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
        self.language = language_name(settings.language)
        self._fatal: BaseException | None = None  # the error that stopped the model, if any

    # -- map ---------------------------------------------------------------------

    def _jobs(self, docs: Sequence[Document]) -> list[_Job]:
        size = self.settings.chunk_chars or self.model.default_chunk_chars
        jobs = []
        for doc in docs:
            quotes = harvest_quotes(doc.text)
            for chunk in chunk_document(doc, size, self.settings.chunk_overlap):
                # A quotation belongs to the chunk it starts in; overlap must not ask twice.
                mine = [q for q in quotes if chunk.start <= q.start < chunk.end]
                quotes = [q for q in quotes if q not in mine]
                jobs.append(_Job(doc, chunk, mine))
        return jobs

    def _cached_call(self, prompt, context: dict, output, label: str):
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
        cached = self.cache.get(key, output)
        if cached is not None:
            self.usage.hit()
            return unmark(cached)
        reply = self.caller.call(build, output, label=label)
        self.cache.put(key, reply)
        return unmark(reply)  # names copied from data-marked text, with their spaces back

    def _extract(self, job: _Job) -> ChunkExtraction:
        """All the model's findings for one chunk, from one prompt or one per part."""
        context = {
            "title": job.doc.title,
            "date": job.doc.date,
            "text": job.chunk.text,
            "candidates": [quotation_context(job.doc.text, q) for q in job.candidates],
        }
        label = f"{job.doc.location}, chunk {job.chunk.index + 1}"
        parts: dict[str, object] = {"actors": [], "quotes": [], "facts": []}
        for prompt in self.extract_prompts:
            reply = self._cached_call(prompt, context, EXTRACTION_REPLIES[prompt.name], label)
            parts.update(reply.model_dump())
        return ChunkExtraction.model_validate(parts)

    def _extract_or_stop(self, job: _Job) -> ChunkExtraction:
        try:
            return self._extract(job)
        except _EVERY_CALL_FAILS as exc:
            # Stop here, in the worker, before it takes the next chunk: every call would fail
            # alike. Remember why first: the calls this stop cuts short may be reported sooner.
            self._fatal = self._fatal or exc
            self.model.stop()
            raise

    def _map(self, jobs: list[_Job]) -> tuple[dict[int, ChunkExtraction], list[FailedChunk]]:
        """Extract every chunk; a failed chunk is counted and named, never dropped silently.

        Extractions that succeed are cached as they come, so the next run repeats
        only what failed. A chunk with no valid reply fails alone and the others go
        on; an endpoint that stayed down through the retries ends the run at once
        unless allow_partial, since the brief would not be written anyway.
        """
        results: dict[int, ChunkExtraction] = {}
        failed: list[tuple[_Job, str]] = []
        workers = max(1, min(self.settings.concurrency, self.model.max_concurrency, len(jobs)))
        self.progress("extract", 0, len(jobs))
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
                        results[i] = future.result()
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
        return results, sorted(chunks, key=lambda f: (f.source_id, f.chunk))

    # -- ground ------------------------------------------------------------------

    def _ground(self, jobs: list[_Job], results: dict[int, ChunkExtraction]) -> _Findings:
        found = _Findings()
        for i, job in enumerate(jobs):
            extraction = results.get(i)
            if extraction is None:
                continue
            for actor in extraction.actors:
                if mention_in_text(actor.mention, job.chunk.text) or mention_in_text(actor.name, job.chunk.text):
                    found.actors.append(ActorFinding(actor.name, actor.mention, actor.kind, actor.role, job.doc.id))
                else:
                    found.actors_dropped += 1
            for attribution in extraction.quotes:
                quote = self._grounded_quote(job, attribution.candidate, attribution.speaker, attribution.translation)
                if quote is None:
                    found.quotes_dropped += 1
                else:
                    found.quotes.append(quote)
            found.facts.setdefault(job.doc.id, []).extend(extraction.facts)
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
        )

    # -- reduce ------------------------------------------------------------------

    def _synthesize(self, story_groups: list[list[str]], findings: _Findings, actor_names: list[str]) -> Synthesis:
        stories = [
            {"sources": ids, "facts": [f for doc_id in ids for f in findings.facts.get(doc_id, [])]}
            for ids in story_groups
        ]
        self.progress("synthesize", 0, 1)
        synthesis = self._cached_call(
            self.synthesize_prompt, {"stories": stories, "actors": actor_names}, Synthesis, "synthesis"
        )
        self.progress("synthesize", 1, 1)
        return synthesis

    def run(self, docs: Sequence[Document]) -> Briefing:
        started = time.perf_counter()
        all_docs = list(docs)
        duplicate_of = find_duplicates(all_docs)
        # Planted instructions are reported, and blanked in what the model reads and claims may cite.
        manipulation = find_manipulation(all_docs)
        docs = [without_planted(d, manipulation) for d in all_docs if d.id not in duplicate_of]
        jobs = self._jobs(docs)
        results, failed = self._map(jobs)
        if not results:
            first = failed[0]
            raise ExtractionError(
                f"all {len(failed)} chunks failed, nothing to brief; first: {first.source_id} chunk {first.chunk + 1}: "
                f"{first.error}"
            )
        findings = self._ground(jobs, results)
        actors = merge_actors(findings.actors, self.settings.language)
        actors_by_doc: dict[str, set[str]] = {}
        for actor in actors:
            for doc_id in actor.source_ids:
                actors_by_doc.setdefault(doc_id, set()).add(actor.name)
        story_groups = group_stories(docs, actors_by_doc)
        synthesis = self._synthesize(story_groups, findings, [a.name for a in actors])
        # A story cites every outlet that ran it, the dropped copies too.
        for group in story_groups:
            group.extend(dup for dup, original in duplicate_of.items() if original in group)
        stories = _stories(synthesis, story_groups, docs, findings)
        stakes = _grounded_stakes(synthesis, actors, docs)
        run = RunMetadata(
            model=self.model.model,
            endpoint=self.model.endpoint,
            structured_output=self.caller.mode,
            prompts={p.name: p.sha256 for p in (*self.extract_prompts, self.synthesize_prompt)},
            calls=self.usage.calls,
            cache_hits=self.usage.cache_hits,
            prompt_tokens=self.usage.prompt_tokens,
            completion_tokens=self.usage.completion_tokens,
            seconds=round(time.perf_counter() - started, 3),
            quotes_dropped=findings.quotes_dropped,
            actors_dropped=findings.actors_dropped,
            stakes_dropped=len(synthesis.stakes) - len(stakes),
            failed_chunks=failed,
            duplicates_dropped=list(duplicate_of),
            manipulation_attempts=len(manipulation),
            partial=bool(failed),
        )
        return Briefing(
            title=synthesis.title,
            date=dt.date.today().isoformat(),
            language=self.settings.language,
            bluf=synthesis.bluf,
            key_points=synthesis.key_points,
            stories=stories,
            actors=actors,
            stakes=stakes,
            risks=[Risk(**r.model_dump()) for r in synthesis.risks],
            quotes=resolve_speakers(dedupe_quotes(findings.quotes), actors, self.settings.language),
            sources=[
                Source(
                    id=d.id,
                    title=d.title,
                    location=d.location,
                    date=d.date,
                    language=d.language,
                    sha256=d.sha256,
                    text=d.text,
                )
                for d in all_docs
            ],
            run=run,
            manipulation=manipulation,
        )


def _blank(value: str | None) -> bool:
    """Small models write "null" or "unknown" as text where JSON null was meant."""
    return value is None or value.strip().strip(".").casefold() in {"", "null", "none", "unknown", "n/a", "неизвестно"}


def _grounded_stakes(synthesis: Synthesis, actors: list[Actor], docs: Sequence[Document]) -> list[Stake]:
    """Stakes of actors the documents name, each saying what is at stake.

    A holder found in no document was invented (small models echo the prompt's
    example), and a stake of a word or two ("gain") tells the reader nothing.
    """
    stakes = []
    folded = [d.text.casefold() for d in docs]
    for draft in synthesis.stakes:
        # The actors carry every spelling the documents use; a holder that is none of
        # them must at least be written as such in a document.
        actor = find_actor(draft.holder, actors)
        named = actor is not None or any(draft.holder.casefold() in text for text in folded)
        if named and len(draft.stake.split()) >= 3:
            stakes.append(Stake(**draft.model_dump(exclude={"holder"}), holder=actor.name if actor else draft.holder))
    return stakes


def _plausible_translation(quote: str, translation: str | None) -> bool:
    """A translation far longer or shorter than its quote translated something else."""
    return not _blank(translation) and 0.4 <= len(translation) / max(1, len(quote)) <= 3.0


def _stories(
    synthesis: Synthesis, groups: list[list[str]], docs: Sequence[Document], findings: _Findings
) -> list[Story]:
    """Stories cite the sources our grouping put in them, never ones the model picked.

    A story the model left out still appears, from its notes, so no source is lost.
    """
    stories = []
    seen: set[int] = set()
    for draft in synthesis.stories:
        if not 1 <= draft.story <= len(groups) or draft.story in seen:
            continue
        seen.add(draft.story)
        stories.append(
            Story(
                id=f"story-{draft.story}",
                headline=draft.headline,
                summary=draft.summary,
                key_points=draft.key_points,
                source_ids=groups[draft.story - 1],
            )
        )
    titles = {d.id: d.title for d in docs}
    for number, ids in enumerate(groups, start=1):
        if number not in seen:
            facts = [f for doc_id in ids for f in findings.facts.get(doc_id, [])]
            stories.append(
                Story(id=f"story-{number}", headline=titles[ids[0]], summary="", key_points=facts[:5], source_ids=ids)
            )
    return sorted(stories, key=lambda s: int(s.id.split("-")[1]))


def generate(
    inputs: Sequence[str],
    settings: Settings,
    *,
    replay: Path | None = None,
    record: Path | None = None,
    progress: Progress | None = None,
) -> Briefing:
    """Brief the documents at `inputs` (files, folders, globs, URLs, feeds, sources files): the main entry point."""
    docs = load_sources(list(inputs))
    if record:
        settings = settings.model_copy(update={"use_cache": False})  # a recording must hold every call
    with (
        cassette(replay=replay, record=record),
        open_model(settings, replaying=bool(replay), progress=progress) as model,
    ):
        return Pipeline(model, settings, progress).run(docs)
