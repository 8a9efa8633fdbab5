"""Where one remote run's seconds go: wall and CPU of each stage, against the bench's endpoint.

    python bench/stages.py [--latency 2] [--cache DIR] [--docs 40]

Runs `briefing generate` (the command line's entry point, in this process) on bench/corpus.py's
documents against tests/fake_endpoint.py answering after `--latency` seconds, with the pipeline's
stages wrapped in timers: no profiler, so the figures are the run's own. A stage's "main-thread CPU"
is its own work; "process CPU" adds what worker threads did meanwhile (the calls of extract_all). Run it
twice with one --cache: the first is cold (every call made), the second warm (every reply cached).
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answers import Tally, make_answer  # noqa: E402
from bench.corpus import write_corpus  # noqa: E402
from tests.fake_endpoint import FakeEndpoint  # noqa: E402

_FUNCTIONS = ("load_sources", "find_duplicates", "find_manipulation", "chunk_jobs", "ground", "merge_actors",
              "group_stories", "compare", "build_claims", "attributed", "check_claims")  # fmt: skip
_METHODS = ("ask_names", "_condensed", "_synthesize")


def _timed(owner: object, name: str, rows: dict[str, list[float]]) -> None:
    wrapped = getattr(owner, name)

    @functools.wraps(wrapped)
    def timer(*args, **kwargs):
        wall, own, process = time.perf_counter(), time.thread_time(), time.process_time()
        try:
            return wrapped(*args, **kwargs)
        finally:
            row = rows.setdefault(name, [0.0, 0.0, 0.0])
            row[0] += time.perf_counter() - wall
            row[1] += time.thread_time() - own
            row[2] += time.process_time() - process

    setattr(owner, name, timer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=2.0)
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.mkdtemp(prefix="briefing-stages-")))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="briefing-stages-corpus-"))
    corpus = write_corpus(work, args.docs)
    endpoint, tally = FakeEndpoint(latency=args.latency), Tally()
    endpoint.answer = make_answer(tally)
    endpoint.start()
    imported = time.process_time()
    import briefing.analysis.extraction as extraction
    import briefing.cli as cli
    import briefing.pipeline as pipeline

    imported = time.process_time() - imported
    rows: dict[str, list[float]] = {}
    for name in _FUNCTIONS:
        _timed(pipeline, name, rows)
    for name in _METHODS:
        _timed(pipeline.Pipeline, name, rows)
    _timed(extraction.Extractor, "extract_all", rows)
    _timed(cli, "write_outputs", rows)
    os.environ["OPENAI_API_KEY"] = "unused"
    argv = ["generate", *map(str, corpus), "--provider", "openai", "--base-url", endpoint.base_url,
            "--model", "bench-model", "--cache-dir", str(args.cache), "--concurrency", "8",
            "-o", str(work / "brief.json"), "--context-window", "128000"]  # fmt: skip
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        code = cli.main(argv)
    finally:
        endpoint.stop()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"exit {code}; imports {imported:.2f} s of CPU; run: wall {wall:.2f} s, CPU {cpu:.2f} s; "
          f"calls {tally.snapshot()[0]}", file=sys.stderr)  # fmt: skip
    print("| stage | wall s | main-thread CPU s | process CPU s |\n|---|---|---|---|")
    for name, (stage_wall, own, process) in rows.items():
        print(f"| {name} | {stage_wall:.2f} | {own:.2f} | {process:.2f} |")


if __name__ == "__main__":
    main()
