"""Progress off a terminal: plain lines a log can keep, at most one every few seconds per stage."""

from __future__ import annotations

import io

from briefing.progress import PlainProgress, StderrProgress, stderr_progress


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_are_throttled_per_stage_and_the_last_one_always_shows():
    out, clock = io.StringIO(), _Clock()
    progress = PlainProgress(out, interval=5.0, clock=clock)
    progress("extract", 0, 17)
    for done in range(1, 8):
        clock.now += 1.0  # a chunk a second: only every fifth second prints
        progress("extract", done, 17)
    progress("load", 0, 0)
    clock.now += 144.0
    progress("extract", 16, 17)
    progress("extract", 17, 17)  # the end of a stage is never held back
    assert out.getvalue().splitlines() == [
        "extracting chunks 0/17, 0:00 elapsed",
        "extracting chunks 5/17, 0:05 elapsed",
        "loading local model, 0:00 elapsed",
        "extracting chunks 16/17, 2:31 elapsed",
        "extracting chunks 17/17, 2:31 elapsed",
    ]


def test_bars_at_a_terminal_and_lines_anywhere_else():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert isinstance(stderr_progress(io.StringIO()), PlainProgress)
    assert isinstance(stderr_progress(Terminal()), StderrProgress)


def test_a_run_under_cron_logs_its_stages(tmp_path, settings, seed_dir, capsys):
    from briefing.cli import main

    args = ["generate", str(seed_dir), "-o", str(tmp_path / "b.md"), "--base-url", settings.base_url]
    assert main([*args, "--model", "m", "--cache-dir", str(tmp_path / "c")]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert any(line.startswith("extracting chunks 0/") for line in lines)
    assert "writing the brief 1/1, 0:00 elapsed" in lines
