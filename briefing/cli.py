"""The command line: parse options, call the library, print. Nothing else.

Every command maps to functions tests can call directly (`generate`, `check`,
`load_briefing`, `render_format`, `write_outputs`). Errors briefing raises on
purpose become one line on stderr and the exit code of their class
(0 success, 1 a failed run, 2 bad usage or input); progress goes to stderr,
never to stdout.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import get_args

import pydantic

from .atomic import write_atomic
from .config import Settings, StructuredMode
from .errors import BriefingError, InputError
from .rendering.output import write_outputs
from .rendering.render import load_briefing, render_format


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description="Turn documents into an analyst's brief.")
    sub = parser.add_subparsers(dest="command", required=True)

    gen = sub.add_parser("generate", help="brief documents (files, folders, globs)")
    gen.add_argument(
        "inputs",
        nargs="+",
        help="documents: .txt, .md, .html, .pdf, .docx, .eml files, folders, globs, http(s) URLs of pages or "
        "RSS/Atom feeds, or a sources file listing them one per line",
    )
    gen.add_argument(
        "-o", "--output", type=Path, help="brief.md, brief.html or brief.json (brief.json is written beside it)"
    )
    gen.add_argument("--format", choices=["md", "html", "json"], help="output format (default: from -o's suffix)")
    gen.add_argument("--template", help="a bundled template name (brief.md.j2, brief.html.j2, …) or a path")
    _run_options(gen)
    tape = gen.add_mutually_exclusive_group()
    tape.add_argument("--replay", type=Path, metavar="CASSETTE", help="serve every call from a recorded cassette")
    tape.add_argument("--record", type=Path, metavar="CASSETTE", help="record every call into a cassette")
    tape.add_argument(
        "--refresh", type=Path, metavar="CASSETTE", help="record into a cassette, keeping the calls it holds unchanged"
    )

    chk = sub.add_parser("check", help="check every claim of a saved brief against the sentences it cites")
    chk.add_argument("brief", type=Path, help="a brief.json written by generate")
    chk.add_argument("-o", "--output", type=Path, help="report.json (default: stdout)")
    _run_options(chk)  # the model options of generate; the claims' language is the brief's
    tape = chk.add_mutually_exclusive_group()
    tape.add_argument("--replay", type=Path, metavar="CASSETTE", help="serve every call from a recorded cassette")
    tape.add_argument("--record", type=Path, metavar="CASSETTE", help="record every call into a cassette")
    tape.add_argument(
        "--refresh", type=Path, metavar="CASSETTE", help="record into a cassette, keeping the calls it holds unchanged"
    )

    ini = sub.add_parser("init", help="make a briefing desk: a folder with a commented desk.toml")
    ini.add_argument("desk", type=Path, help="the desk's folder (made if missing)")
    ini.add_argument(
        "--source", action="append", metavar="SOURCE", help="a feed, page, folder or sources file (repeatable)"
    )

    day = sub.add_parser(
        "daily",
        help="brief what is new at a desk today, file it in DESK/briefs/",
        description="Exit codes: 0 the day's brief is written (also when nothing was new), 1 the run failed "
        "(endpoint, model), 2 a bad desk.toml, source or option, 75 another run holds the desk.",
    )
    day.add_argument("desk", type=Path, help="a folder made by `briefing init`")
    day.add_argument("--date", help="the day to brief, YYYY-MM-DD (default today; for backfills and re-runs)")
    day.add_argument(
        "--wait", type=float, default=0.0, metavar="SECONDS", help="wait this long for another run on the desk to end"
    )
    _run_options(day)

    ren = sub.add_parser("render", help="render a saved brief.json again, with no model calls")
    ren.add_argument("brief", type=Path, help="a brief.json written by generate")
    ren.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    ren.add_argument("--format", choices=["md", "html", "json"])
    ren.add_argument("--template", help="a bundled template name (brief.md.j2, brief.html.j2, …) or a path")

    dif = sub.add_parser("diff", help="what changed between two saved briefs: new, resolved, changed")
    dif.add_argument("before", type=Path, help="yesterday's brief.json")
    dif.add_argument("after", type=Path, help="today's brief.json")
    dif.add_argument("-o", "--output", type=Path, help="output file (default: stdout)")
    dif.add_argument(
        "--template", default="diff.md.j2", help="a bundled template name (brief.md.j2, brief.html.j2, …) or a path"
    )
    return parser


def _run_options(parser: argparse.ArgumentParser) -> None:
    """The options of a run that briefs (generate, daily): the fields of Settings."""
    parser.add_argument("--provider", choices=["auto", "openai", "local"], help="default auto")
    parser.add_argument("--base-url", help="OpenAI-compatible endpoint (env OPENAI_BASE_URL)")
    parser.add_argument("--model", help="model name (env BRIEFING_MODEL)")
    parser.add_argument("--local-model", type=Path, help="GGUF file for the local provider (env BRIEFING_LOCAL_MODEL)")
    parser.add_argument("--structured-output", choices=get_args(StructuredMode), help="default auto")
    parser.add_argument("--concurrency", type=int, help="parallel calls (default 4)")
    parser.add_argument("--chunk-chars", type=int, help="characters per chunk (default: the provider's)")
    parser.add_argument(
        "--pack",
        action=argparse.BooleanOptionalAction,
        help="ask about several short documents in one extraction request (default: on for a remote endpoint)",
    )
    parser.add_argument(
        "--context-window",
        type=int,
        metavar="TOKENS",
        help="the model's context window, prompt and reply (default: known per model name, 32768 otherwise; "
        "the local server's n_ctx)",
    )
    parser.add_argument("--language", help="language the brief is written in (default en)")
    parser.add_argument("--timeout", type=float, help="seconds per call")
    parser.add_argument("--max-attempts", type=int, help="tries per call on 429, 5xx, timeouts (default 5)")
    parser.add_argument("--max-wait", type=float, help="longest wait between tries, in seconds (default 60)")
    parser.add_argument("--allow-partial", action="store_true", help="write the brief even if some chunks fail")
    parser.add_argument(
        "--skip-bad-inputs",
        action="store_true",
        help="brief the other inputs when one cannot be read (the brief's run metadata lists it)",
    )
    parser.add_argument(
        "--batch",
        action="store_true",
        help="extract through OpenAI's Batch API: half the price, up to 24 h; an interrupted run resumes its batch",
    )
    parser.add_argument("--batch-poll", type=float, metavar="SECONDS", help="seconds between looks at the batch (30)")
    parser.add_argument(
        "--limit",
        action="append",
        metavar="NAME=VALUE",
        help="change a limit on what an input may unpack to or nest, e.g. member_bytes=64MiB or pdf_pages=5000 "
        "(names and defaults: docs/hostile-files.md); repeat for several",
    )
    parser.add_argument("--no-cache", action="store_true", help="ignore cached replies (still refreshes them)")
    parser.add_argument("--cache-dir", type=Path, help="where replies and the local model are cached")


def _settings(args: argparse.Namespace) -> Settings:
    try:
        return _settings_from(args)
    except pydantic.ValidationError as exc:
        first = exc.errors()[0]
        loc = [str(p) for p in first["loc"]]
        option = f"--limit {loc[1]}" if loc[0] == "limits" and len(loc) > 1 else "--" + ".".join(loc).replace("_", "-")
        raise InputError(f"{option}: {first['msg']}") from None


def _limits(pairs: list[str] | None) -> dict[str, str] | None:
    """--limit NAME=VALUE options as the `limits` of Settings; the model validates names and values."""
    if not pairs:
        return None
    limits = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip() or not value.strip():
            raise InputError(f"--limit {pair}: expected NAME=VALUE, e.g. member_bytes=64MiB")
        limits[name.strip()] = value.strip()
    return limits


def _settings_from(args: argparse.Namespace) -> Settings:
    return Settings.from_env(**_overrides(args))


def _overrides(args: argparse.Namespace) -> dict[str, object]:
    """The Settings fields the command line gives; None where an option was left out."""
    return {
        "provider": args.provider,
        "base_url": args.base_url,
        "model": args.model,
        "local_model": args.local_model,
        "structured_output": args.structured_output,
        "concurrency": args.concurrency,
        "chunk_chars": args.chunk_chars,
        "pack_documents": args.pack,
        "context_window": args.context_window,
        "language": args.language,
        "timeout": args.timeout,
        "max_attempts": args.max_attempts,
        "max_wait": args.max_wait,
        "allow_partial": args.allow_partial or None,
        "skip_bad_inputs": args.skip_bad_inputs or None,
        "batch": args.batch or None,
        "batch_poll": args.batch_poll,
        "use_cache": False if args.no_cache else None,
        "cache_dir": args.cache_dir,
        "limits": _limits(args.limit),
    }


def _single_threaded_blas() -> None:
    # numpy comes in with the language model (py3langid) and for the stories' name overlaps: products
    # of a day's few hundred names, no work for threads. OpenBLAS starts one a core at numpy's import
    # all the same, half of that import's CPU (0.05 s of a run's ~1.5 s). A user's own setting stands.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _freeze_imports() -> None:
    # What is imported by now (the SDK's types, pydantic's validators: ~100k objects) lives as
    # long as the process. Frozen, it is not walked again by every full garbage collection of
    # the run, each of which walks all of them again. Once per
    # process: a host calling main() again must not freeze its own garbage for good.
    if not gc.get_freeze_count():
        gc.freeze()


def _recording(args: argparse.Namespace) -> dict:
    return {"record": args.refresh, "refresh": True} if args.refresh else {"record": args.record}


def _run(args: argparse.Namespace) -> int:
    if args.command == "generate":
        _single_threaded_blas()  # before anything imports numpy
        from .pipeline import generate  # here, so `render` never imports the openai SDK
        from .progress import stderr_progress

        _freeze_imports()

        with stderr_progress() as progress:
            brief = generate(args.inputs, _settings(args), replay=args.replay, **_recording(args), progress=progress)
        written = write_outputs(brief, args.output, fmt=args.format, template=args.template)
        if written:
            print(", ".join(str(p) for p in written), file=sys.stderr)
        return 0
    if args.command == "check":
        from .pipeline import check
        from .progress import stderr_progress

        brief = load_briefing(args.brief)
        with stderr_progress() as progress:
            report = check(brief, _settings(args), replay=args.replay, **_recording(args), progress=progress)
        text = report.model_dump_json(indent=2) + "\n"
        if args.output:
            write_atomic(args.output, text)
        else:
            sys.stdout.write(text)
        verdicts = [c.verdict for c in report.claims]
        counts = ", ".join(f"{verdicts.count(v)} {v}" for v in ("supported", "partly", "unsupported"))
        print(f"{len(verdicts)} claims checked: {counts}", file=sys.stderr)
        return 0
    if args.command == "init":
        from .desk.config import init_desk

        written = init_desk(args.desk, args.source)
        print(f"{written}: edit its sources, then run `briefing daily {args.desk}`", file=sys.stderr)
        return 0
    if args.command == "daily":
        from .desk.daily import run_day
        from .progress import stderr_progress

        _settings(args)  # a bad option is named as the option, before the desk is touched
        _freeze_imports()
        with stderr_progress() as progress:
            result = run_day(args.desk, args.date, _overrides(args), wait=args.wait, progress=progress)
        print(f"briefing: {result.summary}", file=sys.stderr)
        return 0
    if args.command == "diff":
        from .rendering.diff import render_diff

        text = render_diff(args.before, args.after, args.template)
        if args.output:
            write_atomic(args.output, text)
        else:
            sys.stdout.write(text)
        return 0
    brief = load_briefing(args.brief)
    if args.output:
        write_outputs(brief, args.output, fmt=args.format, template=args.template, with_json=False)
    else:
        sys.stdout.write(render_format(brief, args.format or "md", args.template))
    return 0


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so cleanup (the local server, temp files) runs as for Ctrl-C."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    on_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if on_main_thread else None
    try:
        return _run(args)
    except BriefingError as exc:
        print(f"briefing: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except _Terminated:
        print("briefing: terminated", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("briefing: interrupted", file=sys.stderr)
        return 130
    finally:
        if on_main_thread:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
