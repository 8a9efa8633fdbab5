"""Hostile files: zip bombs, entity expansion, deep nesting, huge feeds and PDFs are refused in one line, or read.

Every probe (tests/hostile_files.py) goes through the library (load_sources, as
the pipeline calls it) and through the command line in a real process: a file
over a limit is one line naming the limit, exit 2, no traceback, no output file
and no model call. bench/hostile.py measures the time and memory of each.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing import LimitError, Limits, generate, load_documents, load_sources
from briefing.cli import main

from .. import make_documents as make
from ..conftest import DAILY, ROOT, SEED
from ..hostile_files import PROBES, Probe, html_deep, mail_nested_attachments, pdf_stream, word_one_part
from ..site import Site
from .test_desk import make_desk

REFUSED = [probe for probe in PROBES if probe.refused_by]


@pytest.fixture
def folder(tmp_path: Path) -> Iterator[tuple[Path, Site]]:
    """A folder for the probes, served over HTTP too (feeds and pages are read from URLs)."""
    root = tmp_path / "probes"
    root.mkdir()
    site = Site(root).start()
    yield root, site
    site.stop()


def _target(probe: Probe, folder: tuple[Path, Site]) -> str:
    root, site = folder
    path = probe.make(root)
    return site.url(path.name) if probe.served else str(path)


@pytest.mark.parametrize("probe", REFUSED, ids=[p.name for p in REFUSED])
def test_library_refuses_the_probe_naming_the_limit(probe, folder):
    target = _target(probe, folder)
    with pytest.raises(LimitError) as info:
        load_sources([target])
    message = str(info.value)
    assert "\n" not in message and message.startswith(target)
    assert probe.refused_by in message


def test_a_zip_bomb_inside_a_word_file_is_never_opened_and_the_memo_reads(folder):
    [probe] = [p for p in PROBES if p.refused_by is None]
    [doc] = load_sources([_target(probe, folder)])
    [memo] = load_documents([str(make.docx(folder[0] / "memo.docx"))])
    assert doc.text == memo.text and doc.title == "Memo on the rail corridor"


def _cli(args: list[str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFING_"))}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "briefing", "generate", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("probe", REFUSED, ids=[p.name for p in REFUSED])
def test_cli_refuses_the_probe_in_one_line_with_exit_2_and_writes_nothing(probe, folder, endpoint, tmp_path, capsys):
    target = _target(probe, folder)
    out = tmp_path / "out" / "brief.html"
    args = [target, "-o", str(out), "--base-url", endpoint.base_url, "--model", "test-model"]
    assert main(["generate", *args, "--cache-dir", str(tmp_path / "cache")]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    [line] = captured.err.splitlines()
    assert line.startswith(f"briefing: error: {target}") and probe.refused_by in line
    assert not out.parent.exists(), "no output, not even its folder"
    assert endpoint.requests == [], "a refused file costs no model call"


# One probe for each way in, in a process of its own: exit status and stderr as a shell sees them.
ONE_A_WAY = [p for p in REFUSED if p.make.__name__ in {"mail_word_bomb", "mail_nested_mime", "html_deep_served",
                                                         "feed_entries", "pdf_stream"}]  # fmt: skip


@pytest.mark.parametrize("probe", ONE_A_WAY, ids=[p.name for p in ONE_A_WAY])
def test_a_real_process_refuses_the_probe_in_one_line(probe, folder, endpoint, tmp_path):
    target = _target(probe, folder)
    out = tmp_path / "out" / "brief.html"
    args = [target, "-o", str(out), "--base-url", endpoint.base_url, "--model", "test-model"]
    done = _cli([*args, "--cache-dir", str(tmp_path / "cache")])
    assert done.returncode == 2 and done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith(f"briefing: error: {target}") and probe.refused_by in line
    assert not out.parent.exists() and endpoint.requests == []


def test_with_skip_bad_inputs_the_rest_is_briefed_and_the_hostile_files_listed(tmp_path, settings):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.txt").write_text("Alpha Corp opened a plant in Astana. Workers were hired.\n")
    bombs = [word_one_part(inbox), pdf_stream(inbox), html_deep(inbox)]
    brief = generate([str(inbox)], settings.model_copy(update={"skip_bad_inputs": True}))
    assert [s.title for s in brief.sources] == ["Alpha Corp opened a plant in Astana. Workers were hired."]
    skipped = brief.run.skipped_inputs
    assert len(skipped) == 3
    for bomb, limit in zip(bombs, ["member_bytes", "ratio", "html_depth"], strict=True):
        [line] = [s for s in skipped if s.startswith(str(bomb))]
        assert limit in line


def test_the_cli_skips_a_bomb_and_lists_it_in_the_brief(tmp_path, settings, capsys):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.txt").write_text("Alpha Corp opened a plant in Astana. Workers were hired.\n")
    bomb = word_one_part(inbox)
    out = tmp_path / "brief.md"
    args = ["generate", str(inbox), "-o", str(out), "--base-url", settings.base_url, "--model", "test-model"]
    assert main([*args, "--cache-dir", str(tmp_path / "cache"), "--skip-bad-inputs"]) == 0
    capsys.readouterr()
    [line] = json.loads(out.with_suffix(".json").read_text())["run"]["skipped_inputs"]
    assert line.startswith(str(bomb)) and "member_bytes" in line


def test_limits_are_settings_the_cli_can_change(tmp_path, capsys):
    report = make.pdf(tmp_path / "report.pdf")
    assert main(["generate", str(report), "--base-url", "http://127.0.0.1:9/v1", "--limit", "pdf_pages=2"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"briefing: error: {report}: 3 pages, over the pdf_pages limit of 2"
    ]
    forwarded = mail_nested_attachments(tmp_path)
    with pytest.raises(LimitError, match="mail_depth"):
        load_documents([str(forwarded)])
    docs = load_documents([str(forwarded)], limits=Limits(mail_depth=12))
    assert [d.title.split(" (")[0] for d in docs] == [f"Level {n}" for n in range(1, 13)]


def test_ordinary_documents_read_the_same_whatever_the_limits(tmp_path):
    """The test corpus is far from every limit: what it reads does not depend on them."""
    samples = make.write_samples(tmp_path / "samples")
    inputs = [*map(str, samples), str(DAILY), str(SEED)]
    roomy = Limits(members=10**6, html_depth=1000, html_elements=10**6, mime_depth=10**4, mail_depth=10)
    as_before = [(d.id, d.title, d.text, d.page_starts) for d in load_documents(inputs, limits=roomy)]
    assert [(d.id, d.title, d.text, d.page_starts) for d in load_documents(inputs)] == as_before
    assert len(as_before) >= 10


def test_the_daily_desk_refuses_a_bomb_in_its_inbox_or_skips_it_and_honours_limit(tmp_path, endpoint, capsys):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.txt").write_text("Alpha Corp opened a plant in Astana. Workers were hired.\n")
    bomb = word_one_part(inbox)
    desk = make_desk(tmp_path / "desk", [str(inbox)], endpoint.base_url, tmp_path / "cache")
    capsys.readouterr()
    assert main(["daily", str(desk), "--date", "2025-11-06"]) == 2
    assert capsys.readouterr().err.splitlines()[-1].startswith(f"briefing: error: {bomb}: word/document.xml")
    assert main(["daily", str(desk), "--date", "2025-11-06", "--skip-bad-inputs", "--limit", "member_bytes=16MiB"]) == 0
    [line] = json.loads((desk / "briefs" / "2025-11-06.json").read_text())["run"]["skipped_inputs"]
    assert line.startswith(str(bomb)) and "over the member_bytes limit of 16 MiB" in line, "the option reached the desk"
