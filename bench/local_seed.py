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
import codecs
import json
import os
import re
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
from briefing.local_model import LocalModel, running_server  # noqa: E402
from briefing.progress import STAGE_LABELS  # noqa: E402
from briefing.render import load_briefing  # noqa: E402
from briefing.schema import Briefing  # noqa: E402

LANGEXTRACT_TIMEOUT = 40 * 60
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# The extraction bar's line, up to its elapsed time: a line cut short by a read does not match.
_EXTRACT_BAR = re.compile(re.escape(STAGE_LABELS["extract"]) + r"\D*(\d+)/(\d+) +\d+:\d\d:\d\d")


def _row(name: str, calls: int, prompt: int, completion: int, wall: float, actors: int, quotes: int) -> str:
    minutes = f"{int(wall // 60)}:{wall % 60:04.1f}"
    return f"| {name} | {calls} | {prompt:,} | {completion:,} | {minutes} | {actors} | {quotes} |"


@dataclass
class Ours:
    brief: Briefing
    wall: float
    load_seen: float | None  # when the model-load bar first showed, seconds after start
    done_seen: dict[int, float]  # chunks done -> when the extraction bar first showed that count
    chunks: int

    def notes(self) -> list[str]:
        run, seen, n = self.brief.run, self.done_seen, self.chunks
        notes = [f"ours: {run.quotes_dropped} quotes dropped (not found in the source); wall is the whole process, "
                 "model check and load included"]  # fmt: skip
        if 0 in seen and n in seen and seen[n] > seen[0]:
            began, first = seen[0], min(t for done, t in seen.items() if done > 0)
            parts = [f"model load {began - self.load_seen:.1f} s"] if self.load_seen is not None else []
            parts += [f"first chunk done {first:.1f} s after start ({first - began:.1f} s after extraction began)",
                      f"{n} chunks in {seen[n] - began:.1f} s = {(seen[n] - began) / n:.1f} s/chunk"]  # fmt: skip
            notes.append("ours, measured from its progress bars (redrawn every 0.5 s, so each time may be 0.5 s "
                         "late): " + ", ".join(parts))  # fmt: skip
        else:
            notes.append("ours: model load, time to first chunk and s/chunk not measured (bars not redrawn live)")
        if n:
            notes.append(f"ours, derived: run.seconds of brief.json ({run.seconds:.1f} s: extraction and synthesis, "
                         f"no model load) / {n} chunks = {run.seconds / n:.1f} s/chunk")  # fmt: skip
        return notes


def run_ours(seeds: Path, out: Path, model: Path | None) -> Ours:
    """`briefing generate` in its own process, timing its progress bars as they move.

    rich redraws its bars only on a terminal, so TTY_COMPATIBLE=1 has it redraw them on our pipe
    too (twice a second, StderrProgress's rate): the first time each bar state shows is timed here.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TTY_COMPATIBLE": "1", "COLUMNS": "200"}
    if model:
        env["BRIEFING_LOCAL_MODEL"] = str(model.resolve())
    command = [sys.executable, "-m", "briefing", "generate", str(seeds), "--provider", "local", "--no-cache",
               "-o", str(out)]  # fmt: skip
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)  # fmt: skip
    assert child.stderr is not None
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    load_seen: float | None = None
    done_seen: dict[int, float] = {}
    chunks, pending, last = 0, "", ""
    while block := os.read(child.stderr.fileno(), 65536):
        now = time.perf_counter() - started
        # A redraw's last line has no end until the next redraw: read it now, and again then.
        lines = re.split(r"[\r\n]", pending + decoder.decode(block))
        pending = lines[-1]
        for line in (_ANSI.sub("", raw).strip() for raw in lines):
            if STAGE_LABELS["load"] in line and load_seen is None:
                load_seen = now
            if match := _EXTRACT_BAR.search(line):
                done_seen.setdefault(int(match[1]), now)
                chunks = int(match[2])
            last = line or last
    code = child.wait()
    wall = time.perf_counter() - started
    if code:
        raise SystemExit(f"ours failed (exit {code}): {last}")
    return Ours(load_briefing(out), wall, load_seen, done_seen, chunks)


def run_langextract(python: str, model: Path, seeds: Path, work: Path) -> tuple[dict, float]:
    """lx_peer.py against a llama.cpp server started as ours starts it; also returns the server's load time."""
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
    if done.returncode:
        raise SystemExit(f"langextract failed (exit {done.returncode}): {(done.stderr.strip() or 'no output')[-300:]}")
    return json.loads(done.stdout.strip().splitlines()[-1]), loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, help="GGUF file (default: briefing's, models/ in its cache)")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds", help="folder of .txt documents")
    parser.add_argument("--skip-langextract", action="store_true", help="only our row")
    parser.add_argument("--langextract-python", help="interpreter that has langextract (default: .venv-bench)")
    args = parser.parse_args()
    rows = ["| row | calls | prompt tok | completion tok | wall (min:s) | actors | quotes grounded |",
            "|---|---|---|---|---|---|---|"]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="briefing-local-seed-") as work:
        ours = run_ours(args.seeds, Path(work) / "brief.json", args.model)
        run = ours.brief.run
        rows.append(_row("ours", run.calls, run.prompt_tokens, run.completion_tokens, ours.wall,
                         len(ours.brief.actors), len(ours.brief.quotes)))  # fmt: skip
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
            rows.append(_row("langextract", lx["calls"], lx["prompt_tokens"], lx["completion_tokens"], lx["wall"],
                             lx["actors"], lx["quotes"]))  # fmt: skip
            notes.append(f"langextract: wall is lx.extract alone, its server having loaded the model in {loaded:.1f} s "
                         "before; actors are distinct grounded names, not merged")  # fmt: skip
    print("\n".join(rows) + "\n\n" + "\n".join(notes))


if __name__ == "__main__":
    main()
