"""Asking the model about chunk jobs: each job alone, or several whole documents in one request.

The map stage (pipeline.py) runs these requests concurrently and counts what fails; what a
request is and how its reply becomes one reply a job is decided here. A job alone makes its
prompts' calls in a row and merges their replies, as it always has. A pack (packing.py) makes
one call whose reply is split back into its documents; a pack whose reply never validates is
asked again a document at a time, so a document that derails the model fails alone, not the
documents that shared its request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..errors import ExtractionError
from ..models.calls import Calls, Request
from ..models.prompts import Prompt, load_prompt
from ..replies import ChunkExtraction
from .jobs import ChunkJob
from .packing import PACK_PROMPT, Pack, pack_request, packs, split


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
