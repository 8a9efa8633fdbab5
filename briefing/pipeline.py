"""The pipeline: documents → chunks → extractions → grounded findings → merged briefing.

`Pipeline` only conducts; each step is a stage of its own. Chunk jobs are cut and
asked (analysis/jobs.py), every chunk on its own or, on a remote endpoint, several
short documents in one request (analysis/packing.py), concurrently (analysis/extraction.py)
and through the cache (models/calls.py); what the chunk does not bear out is dropped and counted
(analysis/jobs.py). Actors merge across chunks, documents and languages
(analysis/merge.py), documents group into stories (analysis/stories.py), the
notes are condensed when they do not fit the window (analysis/reduce.py), and
one synthesis call writes the BLUF, stories, stakes and risks, whose citations
become evidence (analysis/notes.py, analysis/evidence.py). Quotes get their speakers from
the words around them (analysis/attribution.py). Within each story, which reports copy which
and where their figures disagree comes from the documents alone (analysis/corroboration.py);
each claim then carries its independent sources.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .analysis.attribution import attributed, dedupe_quotes
from .analysis.checking import Checker, check_claims, report
from .analysis.corroboration import compare
from .analysis.evidence import Claims, build_claims
from .analysis.extraction import Extractor
from .analysis.injection import find_manipulation, without_planted
from .analysis.jobs import ChunkJob, chunk_chars, chunk_jobs, ground
from .analysis.merge import merge_actors
from .analysis.notes import in_language, number_notes
from .analysis.reduce import Numbered, Reduced, condensed, synthesis_context
from .analysis.respelling import respeller, spelt_claims
from .analysis.stories import find_duplicates, group_stories, news_date
from .analysis.wording import Report, bottom_line, own_words
from .config import Settings
from .errors import (
    ExtractionError,
)
from .ingest.documents import Document
from .ingest.fetching import load_sources
from .models.calls import Calls, Request
from .models.cassettes import cassette
from .models.llm import LanguageModel
from .models.prompts import load_prompt
from .models.providers import open_model
from .replies import (
    MOST_LINES_A_TRANSLATION,
    BriefDraft,
    ConventionalNames,
    synthesis_reply,
    translations_of,
)
from .schema import Briefing, CheckReport, ManipulationAttempt, RunMetadata
from .text.languages import forget_model
from .text.sentences import Sentence

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total) as work completes."""


class Pipeline:
    def __init__(self, model: LanguageModel, settings: Settings, progress: Progress | None = None) -> None:
        self.model = model
        self.settings = settings
        self.progress = progress or (lambda stage, done, total: None)
        self.calls = Calls(model, settings)
        self.extract_prompts = [load_prompt(name) for name in model.extraction_prompts]
        self.extractor = Extractor(self.calls, self.extract_prompts, settings.packs_documents())
        self.synthesize_prompt = load_prompt("synthesize")
        self.condense_prompt = load_prompt("condense")
        self.names_prompt = load_prompt("names")
        self._names_asked = False
        self.translate_prompt = load_prompt("translate")
        self._translated = False
        self.check_prompt = load_prompt("check")

    # -- map ---------------------------------------------------------------------

    def _jobs(self, docs: Sequence[Document], planted: Sequence[ManipulationAttempt] = ()) -> list[ChunkJob]:
        return chunk_jobs(docs, self._sizes(docs), self.settings.chunk_overlap, planted)

    def _sizes(self, docs: Sequence[Document]) -> dict[str, int]:
        """Each document's chunk size (by id): the settings' or the model's, or less where the window asks it."""
        size = self.settings.chunk_chars or self.model.default_chunk_chars
        return {doc.id: chunk_chars(doc, self.calls, self.extract_prompts, size) for doc in docs}

    # -- reduce ------------------------------------------------------------------

    def _condensed(self, numbered_notes: Numbered, actor_names: list[str], differ: dict[int, list[str]]) -> Reduced:
        prompts = (self.condense_prompt, self.synthesize_prompt)
        return condensed(numbered_notes, actor_names, self.calls, prompts, self.progress, differ)

    def ask_names(self, wanted: list[str]) -> dict[int, str]:
        """How a newspaper in the brief's language writes these names (naming.py); none when the reply is invalid."""
        self._names_asked = True
        try:
            reply = self.calls.call(Request(self.names_prompt, {"names": wanted}, ConventionalNames, "names"))
        except ExtractionError:
            return {}  # each name falls back to the transliteration of its basic form
        return {item.number: item.name for item in reply.names}

    def translate(self, lines: list[str]) -> list[str | None]:
        """Notes in the brief's language (notes.in_language), a call for every few; None for a reply that failed."""
        self._translated = True
        out: list[str | None] = []
        for start in range(0, len(lines), MOST_LINES_A_TRANSLATION):
            part = lines[start : start + MOST_LINES_A_TRANSLATION]
            try:
                reply = self.calls.call(
                    Request(self.translate_prompt, {"lines": part}, translations_of(len(part)), "translation")
                )
                out += [*reply.lines, *[None] * (len(part) - len(reply.lines))][: len(part)]
            except ExtractionError:
                out += [None] * len(part)  # those notes are dropped, as before there was a translation
        return out

    def _synthesize(self, numbered_notes: Numbered, actor_names: list[str], differ: dict[int, list[str]]) -> BriefDraft:
        self.progress("synthesize", 0, 1)
        context = synthesis_context(numbered_notes, actor_names, differ)
        # One story asks for no stories: they would repeat the brief's key points, a local model's slowest tokens.
        listed = [(number, note.kind) for story in numbered_notes for number, note in story]
        output = synthesis_reply(
            tuple(n for n, _ in listed),
            tuple(n for n, kind in listed if kind == "stake"),
            tuple(n for n, kind in listed if kind == "risk"),
            len(numbered_notes),
        )
        synthesis = self.calls.call(Request(self.synthesize_prompt, context, output, "synthesis"))
        self.progress("synthesize", 1, 1)
        return synthesis

    def checker(self, languages: Mapping[str, str | None]) -> Checker:
        """The claim check (analysis/checking.py), asking through this run's cached calls; `languages`: each
        source's, by its id."""
        workers = max(1, min(self.settings.concurrency, self.model.max_concurrency))
        return Checker(self.check_prompt, self.calls.call, workers, self.progress, self.model.stop,
                       self.settings.language, languages)  # fmt: skip

    def run(self, docs: Sequence[Document]) -> Briefing:
        started = time.perf_counter()
        all_docs = list(docs)
        duplicate_of = find_duplicates(all_docs)
        # Planted instructions are reported, and blanked in what the model reads and claims may cite.
        manipulation = find_manipulation(all_docs)
        docs = [without_planted(d, manipulation) for d in all_docs if d.id not in duplicate_of]
        sizes = self._sizes(docs)
        jobs = chunk_jobs(docs, sizes, self.settings.chunk_overlap, manipulation)
        packs = self.extractor.packs(jobs, sizes)
        results, failed, first_done = self.extractor.extract_all(jobs, packs, self.progress)
        extracted = time.perf_counter()
        if not results:
            first = failed[0]
            raise ExtractionError(
                f"all {len(failed)} chunks failed, nothing to brief; first: {first.source_id} chunk {first.chunk + 1}: "
                f"{first.error}"
            )
        findings = ground(jobs, results, self.settings.language)
        findings.notes, untranslated = in_language(findings.notes, self.translate, self.settings.language)
        findings.notes_dropped += untranslated
        actors = merge_actors(findings.actors, self.settings.language, {d.id: d.text for d in docs}, self.ask_names)
        actors_by_doc: dict[str, set[str]] = {}
        for actor in actors:
            for doc_id in actor.source_ids:
                actors_by_doc.setdefault(doc_id, set()).add(actor.name)
        story_groups = group_stories(docs, actors_by_doc)
        # A story cites every outlet that ran it, the dropped copies too.
        for group in story_groups:
            group.extend(dup for dup, original in duplicate_of.items() if original in group)
        offered: dict[str, list[Sentence]] = {}
        for job in jobs:
            offered.setdefault(job.doc.id, []).extend(job.sentences)
        comparison = compare(story_groups, all_docs, duplicate_of, manipulation, offered)
        differ = comparison.differences({d.id: d.title for d in all_docs})
        reduced = self._condensed(number_notes(story_groups, findings.notes), [a.name for a in actors], differ)
        numbered_notes = reduced.numbered
        synthesis = self._synthesize(numbered_notes, [a.name for a in actors], differ)
        reports = {d.id: Report(d.title, d.language) for d in all_docs}
        worded = own_words(synthesis, story_groups, reports, self.settings.language)
        synthesis = worded.draft
        forget_model()  # the wording checks are done: the language model's pages leave the peak of the calls to come
        claims = build_claims(synthesis, numbered_notes, story_groups, {d.id: d.title for d in all_docs}, actors)
        spell = respeller((d.text for d in all_docs), self.settings.language)
        claims = spelt_claims(claims, spell)
        synthesis = synthesis.model_copy(update={"title": spell(synthesis.title), "bluf": spell(synthesis.bluf)})
        texts = {d.id: d.text for d in all_docs}
        quotes = attributed(dedupe_quotes(findings.quotes), actors, texts, self.settings.language)
        check_started = time.perf_counter()
        checker = self.checker({d.id: d.language for d in all_docs})
        checked = check_claims(claims, quotes, actors, checker, synthesis.bluf)
        claims, quotes = comparison.hedge(comparison.corroborate(checked.claims)), checked.quotes
        check_seconds = round(time.perf_counter() - check_started, 3)
        bluf, bottom_line_added = bottom_line(comparison.hedger().bluf(checked.bluf), claims.stories, claims.key_points)
        later = [self.condense_prompt] if reduced.calls else []
        later += [self.names_prompt] if self._names_asked else []
        later += [self.translate_prompt] if self._translated else []
        later += [p for p in [self.extractor.pack_prompt] if p and any(len(pack.members) > 1 for pack in packs)]
        run_date = dt.date.today().isoformat()
        run = RunMetadata(
            run_date=run_date,
            **self.calls.recorded(),
            prompts={
                p.name: p.sha256 for p in (*self.extract_prompts, self.synthesize_prompt, *later, self.check_prompt)
            },
            chunks=len(jobs),
            seconds=round(time.perf_counter() - started, 3),
            first_chunk_seconds=round(first_done - started, 3) if first_done else None,
            extract_seconds=round(extracted - started, 3),
            quotes_dropped=findings.quotes_dropped,
            actors_dropped=findings.actors_dropped,
            claims_dropped=claims.dropped,
            notes_dropped=findings.notes_dropped,
            not_ours_dropped=worded.dropped,
            headlines_replaced=worded.headlines,
            bottom_line_added=bottom_line_added,
            claims_checked=checked.checked,
            claims_unsupported=len(checked.withheld),
            check_seconds=check_seconds,
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
            bluf=bluf,
            key_points=claims.key_points,
            stories=claims.stories,
            actors=actors,
            stakes=claims.stakes,
            risks=claims.risks,
            quotes=quotes,
            sources=[d.source() for d in all_docs],
            run=run,
            manipulation=manipulation,
            withheld=checked.withheld,
            copies=comparison.copies,
            disagreements=comparison.disagreements,
        )


def generate(
    inputs: Sequence[str],
    settings: Settings,
    *,
    replay: Path | None = None,
    record: Path | None = None,
    refresh: bool = False,
    progress: Progress | None = None,
) -> Briefing:
    """Brief the documents at `inputs` (files, folders, globs, URLs, feeds, sources files): the main entry point.

    `record` tapes every call into a cassette; with `refresh`, the calls it already holds unchanged are kept.
    """
    skipped: list[str] = []
    docs = load_sources(list(inputs), skipped if settings.skip_bad_inputs else None, settings.limits)
    return brief_documents(
        docs, settings, replay=replay, record=record, refresh=refresh, progress=progress, skipped=skipped
    )


def brief_documents(
    docs: Sequence[Document],
    settings: Settings,
    *,
    replay: Path | None = None,
    record: Path | None = None,
    refresh: bool = False,
    progress: Progress | None = None,
    skipped: Sequence[str] = (),
) -> Briefing:
    """Brief documents already read (the desk reads only what is new); `skipped` lists inputs that were not."""
    if record or replay:
        # A recording must hold every call; a replay answers from the recording alone, not from replies a live run
        # of the same requests left in the cache (the local model does not answer a request the same way twice).
        settings = settings.model_copy(update={"use_cache": False})
    forget_model()  # the documents are read
    documents = [d.sha256 for d in docs]
    with cassette(replay=replay, record=record, documents=documents, refresh=refresh) as tape:
        settings = tape.settings(settings)  # a replay runs as recorded, whatever the environment holds
        with open_model(settings, replaying=bool(replay), progress=progress) as model:
            brief = Pipeline(model, settings, progress).run(docs)
        tape.finish(model, settings, brief.run, documents)  # a recording says how it was made
        brief.run.skipped_inputs = list(skipped)
        return brief


def check(
    brief: Briefing,
    settings: Settings,
    *,
    replay: Path | None = None,
    record: Path | None = None,
    refresh: bool = False,
    progress: Progress | None = None,
) -> CheckReport:
    """Check every claim of a saved brief against the sentences it cites, as `generate` does before showing it."""
    documents = [s.sha256 for s in brief.sources]
    settings = settings.model_copy(update={"language": brief.language})  # the claims are in the brief's language
    if record or replay:
        settings = settings.model_copy(update={"use_cache": False})  # as in brief_documents
    with cassette(replay=replay, record=record, documents=documents, refresh=refresh) as tape:
        settings = tape.settings(settings)
        started = time.perf_counter()
        with open_model(settings, replaying=bool(replay), progress=progress) as model:
            pipeline = Pipeline(model, settings, progress)
            claims = Claims(key_points=brief.key_points, stories=brief.stories, stakes=brief.stakes, risks=brief.risks)
            checker = pipeline.checker({s.id: s.language for s in brief.sources})
            checked = check_claims(claims, brief.quotes, brief.actors, checker, brief.bluf)
        run = RunMetadata(
            **pipeline.calls.recorded(),
            prompts={pipeline.check_prompt.name: pipeline.check_prompt.sha256},
            seconds=round(time.perf_counter() - started, 3),
            claims_checked=checked.checked,
            claims_unsupported=len(checked.withheld),
            check_seconds=round(time.perf_counter() - started, 3),
        )
        tape.finish(model, settings, run, documents)
    return CheckReport(claims=report(checked), run=run)
