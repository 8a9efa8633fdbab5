"""Ours and langextract, once each, on the seed with the embedded local model.

    python bench/local_seed.py [--model GGUF] [--seeds DIR] [--skip-langextract] [--langextract-python PY]

The issue asks for this comparison on real hardware, not bench/run.py's fake
endpoint: `briefing generate SEEDS --provider local`, then langextract on the
same documents against a server started by briefing's own `running_server` (the
same llama.cpp command: model, context, threads, seed), with our local
provider's chunk size, concurrency and reply cap. It prints time, calls, tokens,
actors found and quotes grounded as a Markdown table. On a laptop CPU it runs for
tens of minutes; nothing else should use the CPU meanwhile.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import default_gguf, find_langextract, install_langextract  # noqa: E402
from briefing.config import LLMOptions  # noqa: E402
from briefing.errors import BriefingError  # noqa: E402
from briefing.models.local_model import LocalModel, running_server  # noqa: E402
from briefing.rendering.render import load_briefing  # noqa: E402
from briefing.schema import Briefing  # noqa: E402

LANGEXTRACT_TIMEOUT = 40 * 60


def _row(name: str, calls: int, prompt: int, evaluated: int | None, completion: int, wall: float, actors: int,
         quotes: int, reading: float | None, writing: float | None) -> str:  # fmt: skip
    minutes = f"{int(wall // 60)}:{wall % 60:04.1f}"
    shown = f"{evaluated:,}" if evaluated is not None else "?"
    model = f"{reading:.1f} + {writing:.1f}" if reading is not None and writing is not None else "?"
    return f"| {name} | {calls} | {prompt:,} | {shown} | {completion:,} | {model} | {minutes} | {actors} | {quotes} |"


@dataclass
class Ours:
    brief: Briefing
    wall: float

    def notes(self) -> list[str]:
        run = self.brief.run
        chunks = run.chunks
        notes = [f"ours: {run.quotes_dropped} quotes dropped (not found in the source); wall is the whole process, "
                 f"model check and load included; the pipeline itself {run.seconds:.1f} s"]  # fmt: skip
        if run.first_chunk_seconds is not None and run.extract_seconds is not None and chunks:
            notes.append(f"ours: first chunk done {run.first_chunk_seconds:.1f} s into the pipeline; {chunks} chunks "
                         f"in {run.extract_seconds:.1f} s = {run.extract_seconds / chunks:.1f} s/chunk; synthesis "
                         f"{run.seconds - run.extract_seconds:.1f} s")  # fmt: skip
        return notes


def run_ours(seeds: Path, out: Path, model: Path | None) -> Ours:
    """`briefing generate` in its own process, as a user runs it; its timings come from brief.json."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if model:
        env["BRIEFING_LOCAL_MODEL"] = str(model.resolve())
    command = [sys.executable, "-m", "briefing", "generate", str(seeds), "--provider", "local", "--no-cache",
               "-o", str(out)]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"ours failed (exit {done.returncode}): {last}")
    return Ours(load_briefing(out), wall)


def run_langextract(python: str, model: Path, seeds: Path, work: Path) -> tuple[dict, float]:
    """lx_peer.py against a llama.cpp server started as ours starts it; also returns the server's load time.

    The prompt tokens the server evaluated and its seconds reading and writing come from its log, as for our
    row (local_model.py).
    """
    started = time.perf_counter()
    with running_server(model, work / "server") as server:
        loaded = time.perf_counter() - started
        # Our local provider's chunk size, concurrency and reply cap, so only the method differs.
        settings = [LocalModel.default_chunk_chars, LocalModel.max_concurrency, LLMOptions().max_tokens]
        command = [python, str(ROOT / "bench" / "lx_peer.py"), server.base_url, str(seeds), *map(str, settings)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=LANGEXTRACT_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise SystemExit(f"langextract did not finish within {LANGEXTRACT_TIMEOUT // 60} min") from None
        timings = server.timings()
    if done.returncode:
        raise SystemExit(f"langextract failed (exit {done.returncode}): {(done.stderr.strip() or 'no output')[-300:]}")
    said = {"evaluated": timings.evaluated, "reading": timings.reading, "writing": timings.writing} if timings else {}
    return {"evaluated": None, "reading": None, "writing": None, **json.loads(done.stdout.strip().splitlines()[-1]),
            **said}, loaded  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="GGUF file (default: briefing's, models/ in its cache)")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder of .txt documents")
    parser.add_argument("--skip-langextract", action="store_true", help="only our row")
    parser.add_argument("--langextract-python", help="interpreter that has langextract (default: .venv-bench)")
    args = parser.parse_args()
    rows = ["| row | calls | prompt tok sent | prompt tok evaluated | completion tok | model s: reading + writing | "
            "wall (min:s) | actors | quotes grounded |", "|---|---|---|---|---|---|---|---|---|"]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="briefing-local-seed-") as work:
        ours = run_ours(args.seeds, Path(work) / "brief.json", args.model)
        run = ours.brief.run
        rows.append(_row("ours", run.calls, run.prompt_tokens, run.prompt_tokens_evaluated, run.completion_tokens,
                         ours.wall, len(ours.brief.actors), len(ours.brief.quotes), run.model_seconds_reading,
                         run.model_seconds_writing))  # fmt: skip
        notes = ours.notes()
        if not args.skip_langextract:
            model = args.model or default_gguf()
            if model is None or not model.is_file():
                raise SystemExit(f"no model file at {model}: give --model")
            python = find_langextract(args.langextract_python) or install_langextract()
            try:
                lx, loaded = run_langextract(python, model, args.seeds, Path(work))
            except BriefingError as exc:
                raise SystemExit(f"langextract's server: {exc}") from None
            rows.append(_row("langextract", lx["calls"], lx["prompt_tokens"], lx["evaluated"], lx["completion_tokens"],
                             lx["wall"], lx["actors"], lx["quotes"], lx["reading"], lx["writing"]))  # fmt: skip
            notes.append(f"langextract: wall is lx.extract alone, its server having loaded the model in {loaded:.1f} s "
                         "before; actors are distinct grounded names, not merged")  # fmt: skip
    print("\n".join(rows) + "\n\n" + "\n".join(notes))


if __name__ == "__main__":
    main()
