"""How long each hostile-file probe takes to be refused (or read), and its peak memory: target 5 s and 500 MB.

    python bench/hostile.py                 # every probe of tests/hostile_files.py
    python bench/hostile.py --only PDF      # the probes whose name holds PDF

Makes the probes (tests/hostile_files.py: zip bombs, entity expansion, deep
nesting, a feed of 100,000 entries, PDFs of a million pages or a 1 GiB stream)
and three ordinary-looking files just under the default limits, which are read,
serves the ones read from a URL from 127.0.0.1, then reads each in a fresh
process with `load_sources`, as `briefing generate` does. Per probe it prints the
time load_sources took, the whole process's time (Python's start and briefing's
imports included: what a user waits for), and peak memory both as VmHWM (this
program's own high-water mark) and as getrusage's ru_maxrss, which also counts
what the process inherited from the bench before exec.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECONDS, PEAK_MB = 5.0, 500


def _row(target: str) -> dict:
    from bench.row import peak_mb
    from briefing import InputError, load_sources

    started = time.perf_counter()
    cpu = time.process_time()
    try:
        docs = load_sources([target])
        outcome = f"read: {len(docs)} document(s), {sum(len(d.text) for d in docs):,} chars"
    except InputError as exc:
        outcome = f"refused: {str(exc).removeprefix(target).lstrip(': ')}"
    return {
        "outcome": outcome,
        "seconds": round(time.perf_counter() - started, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
        "peak_mb": round(peak_mb()),
        "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", default="", help="run the probes whose name holds this text")
    parser.add_argument("--row", metavar="TARGET", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.row:
        print(json.dumps(_row(args.row)))
        return
    from tests.hostile_files import PROBES, UNDER_LIMITS
    from tests.site import Site

    missed = 0
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (the target is for the probes)")
    with tempfile.TemporaryDirectory() as folder:
        site = Site(Path(folder)).start()
        try:
            for probe in [p for p in PROBES + UNDER_LIMITS if args.only.lower() in p.name.lower()]:
                if probe is UNDER_LIMITS[0]:
                    print("Just under the default limits, read:")
                path = probe.make(Path(folder))
                target = site.url(path.name) if probe.served else str(path)
                started = time.perf_counter()
                out = subprocess.run(
                    [sys.executable, __file__, "--row", target], capture_output=True, text=True, check=True
                )
                process = time.perf_counter() - started
                row = json.loads(out.stdout)
                ok = process < SECONDS and row["peak_mb"] < PEAK_MB and row["maxrss_mb"] < PEAK_MB
                missed += not ok and probe in PROBES
                print(
                    f"{probe.name:40} {path.stat().st_size / 1e6:6.2f} MB  load {row['seconds']:6.3f} s "
                    f"(CPU {row['cpu_seconds']:.3f})  process {process:5.2f} s  peak {row['peak_mb']:4} MB "
                    f"(ru_maxrss {row['maxrss_mb']:4})  {'met' if ok else 'MISS'}  {row['outcome']}",
                    flush=True,
                )
        finally:
            site.stop()
    print(f"target: every probe within {SECONDS:g} s and {PEAK_MB} MB: {'met' if not missed else f'{missed} MISSED'}")
    print(f"load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
