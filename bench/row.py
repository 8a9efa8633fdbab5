"""One row of the benchmark, measured in a process of its own.

    python bench/row.py ours|naive BASE_URL CACHE_DIR OUT_JSON CONCURRENCY DOC...
    python bench/row.py ours@WINDOW BASE_URL CACHE_DIR OUT_JSON CONCURRENCY DOC...   (--context-window WINDOW)
    python bench/row.py ground CHARS

A fresh process per row makes peak RSS (VmHWM) that row's own, and
time.process_time() counts every thread of ours but not the endpoint's, which
runs in the parent. Our row runs the command line's own entry point, after its
imports: starting Python and importing the SDK is a fixed cost of any process
(reported apart by bench/run.py), not work the run does. Prints one JSON line
of figures.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_mb() -> float:
    """This process's own peak RSS.

    getrusage's ru_maxrss survives exec: a row started by a parent that had grown
    (bench/run.py maps the GGUF to count tokens) reported the parent's size.
    VmHWM is the high-water mark of this program's own memory.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ours(base_url: str, cache_dir: str, out: str, concurrency: int, docs: list[str], window: int | None = None) -> dict:
    """`briefing generate` as a user runs it, in this process, after its imports."""
    import briefing.pipeline  # noqa: F401 - imported before the clock starts, as at startup
    from briefing.cli import main
    from briefing.rendering.render import load_briefing

    os.environ["OPENAI_API_KEY"] = "unused"
    argv = [
        "generate", *docs, "--provider", "openai", "--base-url", base_url, "--model", "bench-model",
        "--cache-dir", cache_dir, "--concurrency", str(concurrency), "-o", out,
        *(["--context-window", str(window)] if window else []),
    ]  # fmt: skip
    wall, cpu = time.perf_counter(), time.process_time()
    code = main(argv)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if code:
        raise SystemExit(code)
    brief = load_briefing(Path(out))
    return {
        "wall": wall, "cpu": cpu, "rss_mb": peak_mb(), "calls": brief.run.calls, "hits": brief.run.cache_hits,
        "actors": len(brief.actors), "quotes": len(brief.quotes), "quotes_dropped": brief.run.quotes_dropped,
        **({"condense_calls": brief.run.condense_calls, "stories": len(brief.stories), "stakes": len(brief.stakes),
            "risks": len(brief.risks)} if window else {}),
    }  # fmt: skip


def naive(base_url: str, docs: list[str]) -> dict:
    from bench.naive import run_naive

    wall, cpu = time.perf_counter(), time.process_time()
    found = run_naive([Path(d) for d in docs], base_url)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"wall": wall, "cpu": cpu, "rss_mb": peak_mb(), "hits": 0, **found}


def ground(chars: int) -> dict:
    """Ground every quotation of one long document and merge its actors, with no model.

    The extraction every chunk 'returns' attributes all its listed quotations and
    names every capitalised name in it, as the benchmark endpoint does; the time
    is what our own grounding and merging cost on that much text.
    """
    from bench.answers import _NAME
    from bench.corpus import long_document
    from briefing.analysis.jobs import ground
    from briefing.analysis.merge import merge_actors
    from briefing.config import Settings
    from briefing.ingest.documents import Document
    from briefing.models.llm import LanguageModel
    from briefing.pipeline import Pipeline
    from briefing.replies import ActorMention, ChunkExtraction, QuoteAttribution

    class _NoModel(LanguageModel):
        def complete(self, messages, *, response_format, options):  # pragma: no cover - never called
            raise AssertionError("grounding makes no call")

    text = long_document(chars)
    doc = Document(id="long", title="Long", location="long.txt", text=text, language="en")
    pipeline = Pipeline(_NoModel("none"), Settings(cache_dir=Path("/nonexistent"), use_cache=False))
    jobs = pipeline._jobs([doc])
    results = {}
    for i, job in enumerate(jobs):
        names = list(dict.fromkeys(_NAME.findall(job.chunk.text)))
        results[i] = ChunkExtraction.model_construct(
            actors=[ActorMention.model_construct(name=n, mention=n, kind="person", role="r") for n in names],
            quotes=[
                QuoteAttribution.model_construct(candidate=n, speaker="x", translation=None)
                for n in range(1, len(job.candidates) + 1)
            ],
            facts=[],
            stakes=[],
            risks=[],
        )
    started = time.perf_counter()
    findings = ground(jobs, results, "en")
    grounded = time.perf_counter() - started
    started = time.perf_counter()
    actors = merge_actors(findings.actors)
    merged = time.perf_counter() - started
    return {
        "chars": len(text), "chunks": len(jobs), "quotes": len(findings.quotes), "dropped": findings.quotes_dropped,
        "actor_findings": len(findings.actors), "actors": len(actors), "ground_s": grounded, "merge_s": merged,
    }  # fmt: skip


def main() -> None:
    kind = sys.argv[1]
    if kind == "ours" or kind.startswith("ours@"):
        window = int(kind.split("@")[1]) if "@" in kind else None
        result = ours(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6:], window)
    elif kind == "naive":
        result = naive(sys.argv[2], sys.argv[6:])
    elif kind == "ground":
        result = ground(int(sys.argv[2]))
    else:
        raise SystemExit(f"unknown row {kind!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
