"""Asking the model about chunk jobs: each job alone, or several whole documents in one request.

The map stage runs these requests concurrently (`Extractor.extract_all`) and counts and names
what fails; what a request is and how its reply becomes one reply a job is decided here too. A job alone makes its
prompts' calls in a row and merges their replies, as it always has. A pack (packing.py) makes
one call whose reply is split back into its documents; a pack whose reply never validates is
asked again a document at a time, so a document that derails the model fails alone, not the
documents that shared its request.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, wait

from ..errors import (
    BriefingError,
    EndpointError,
    EndpointRefused,
    ExtractionError,
    LocalModelError,
    ReplayError,
    RunError,
)
from ..fanout import start_all
from ..models.calls import Calls, Request
from ..models.prompts import Prompt, load_prompt
from ..replies import ChunkExtraction
from ..schema import FailedChunk
from .jobs import ChunkJob
from .packing import PACK_PROMPT, Pack, pack_request, packs, split

# Errors every other call would meet too: no point in going on with other chunks.
_EVERY_CALL_FAILS = (EndpointRefused, ReplayError, LocalModelError)


def _failure(failed: list[tuple[ChunkJob, str]], total: int) -> RunError:
    job, error = min(failed, key=lambda f: (f[0].doc.location, f[0].chunk.index))
    count = f"{len(failed)} of {total} chunks failed; first: " if len(failed) > 1 else ""
    return RunError(
        f"{count}{job.doc.location}, chunk {job.chunk.index + 1}: {error} (--allow-partial briefs what succeeded)"
    )


def _reason(exc: BaseException) -> str:
    """The error without the chunk label an ExtractionError already starts with."""
    text = str(exc)
    return text.split(": ", 1)[1] if isinstance(exc, ExtractionError) and ": " in text else text


class Extractor:
    """The extraction requests of a run and their replies, one a job."""

    def __init__(self, calls: Calls, prompts: Sequence[Prompt], pack: bool) -> None:
        self.calls = calls
        self.prompts = list(prompts)
        # Packing is for the one-prompt extraction (a remote endpoint's): the local model's three prompts
        # share one excerpt word for word, for its prefix cache, and it never packs (config.packs_documents).
        packing = pack and [p.name for p in self.prompts] == ["extract"]
        self.pack_prompt = load_prompt(PACK_PROMPT) if packing else None

    def packs(self, jobs: Sequence[ChunkJob], sizes: Mapping[str, int]) -> list[Pack]:
        """The requests: each job alone, or whole documents several to a request where the run packs them."""
        if self.pack_prompt is None:
            return [Pack((i,)) for i in range(len(jobs))]
        prompt = self.pack_prompt
        return packs(jobs, sizes, lambda some: self.calls.fits(pack_request(some, prompt)))

    def requests(self, jobs: Sequence[ChunkJob]) -> list[Request]:
        """The calls one request's extraction makes: a job's, one per prompt, or a pack's one."""
        if len(jobs) == 1:
            return jobs[0].requests(self.prompts)
        assert self.pack_prompt is not None  # only a run that packs makes packs of more than one
        return [pack_request(jobs, self.pack_prompt)]

    def extract(self, jobs: Sequence[ChunkJob]) -> list[ChunkExtraction | ExtractionError]:
        """The model's findings for one request's jobs, one a job: every prompt's reply, merged.

        A lone job's failure is raised; in a pack asked again alone, it is returned in the job's place.
        """
        requests = self.requests(jobs)
        if len(jobs) == 1:
            parts: dict[str, object] = {}
            for request in requests:
                parts.update(self.calls.call(request).model_dump())
            return [jobs[0].extraction.model_validate(parts)]
        [request] = requests
        try:
            return list(split(jobs, request.output.model_validate(self.calls.call(request).model_dump())))
        except ExtractionError:
            return [self._alone(job) for job in jobs]

    def _alone(self, job: ChunkJob) -> ChunkExtraction | ExtractionError:
        try:
            return self.extract([job])[0]
        except ExtractionError as exc:  # counted and named as the chunk's failure, as a lone chunk's is
            return exc

    def extract_all(
        self, jobs: list[ChunkJob], requests: Sequence[Pack], progress: Callable[[str, int, int], None]
    ) -> tuple[dict[int, ChunkExtraction], list[FailedChunk], float | None]:
        """Extract every chunk, a request per pack; a failed chunk is counted and named, never dropped silently.

        Also returns when the first chunk's extraction ended (perf_counter), a local model's time to first result.

        Extractions that succeed are cached as they come, so the next run repeats
        only what failed. A chunk with no valid reply fails alone (a pack without one is
        asked again a document at a time) and the others go on; an endpoint that stayed down through the retries
        ends the run at once unless allow_partial, since the brief would not be written anyway.
        """
        model, settings = self.calls.model, self.calls.settings
        members = [pack.members for pack in requests]
        units = [[jobs[i] for i in pack] for pack in members]
        if settings.batch:  # the calls go through the provider's Batch API; what failed there is asked below
            self.calls.batch((request for unit in units for request in self.requests(unit)), progress)
        results: dict[int, ChunkExtraction] = {}
        failed: list[tuple[ChunkJob, str]] = []
        first_done: float | None = None
        fatal: list[BaseException] = []  # the error that stopped the model, if any

        def extract_or_stop(unit: Sequence[ChunkJob]) -> list[ChunkExtraction | ExtractionError]:
            try:
                return self.extract(unit)
            except _EVERY_CALL_FAILS as exc:
                # Stop here, in the worker, before it takes the next chunk: every call would fail
                # alike. Remember why first: the calls this stop cuts short may be reported sooner.
                fatal[:] = fatal or [exc]
                model.stop()
                raise

        workers = max(1, min(settings.concurrency, model.max_concurrency, len(units)))
        progress("extract", 0, len(jobs))
        # A chunk's calls run in a row, in one worker: a local model's prompts share the instructions
        # and the excerpt, so its one slot evaluates them once and only the last line of each call anew.
        futures = start_all(extract_or_stop, units, workers)
        index = {future: u for u, future in enumerate(futures)}
        pending = set(futures)
        try:
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)  # progress as each chunk ends
                for future in done:
                    u = index[future]
                    exc = future.exception()
                    if exc is None:
                        for i, result in zip(members[u], future.result(), strict=True):
                            if isinstance(result, ExtractionError):
                                failed.append((jobs[i], _reason(result)))
                            else:
                                results[i] = result
                        first_done = first_done or time.perf_counter()
                    elif isinstance(exc, _EVERY_CALL_FAILS) or not isinstance(exc, BriefingError):
                        raise exc
                    elif fatal:
                        raise fatal[0]
                    else:
                        failed.extend((job, _reason(exc)) for job in units[u])
                        if isinstance(exc, EndpointError) and not settings.allow_partial:
                            raise _failure(failed, len(jobs))
                    progress("extract", len(results) + len(failed), len(jobs))
        except BaseException:
            # Ctrl-C or a failed run: do not wait for calls in flight. Stop the ones in
            # retry loops, skip the ones not started; daemon threads cannot hold the exit.
            model.stop()
            for future in pending:
                future.cancel()
            raise
        if failed and not settings.allow_partial:
            raise _failure(failed, len(jobs))
        chunks = [FailedChunk(source_id=job.doc.id, chunk=job.chunk.index, error=error) for job, error in failed]
        return results, sorted(chunks, key=lambda f: (f.source_id, f.chunk)), first_done
