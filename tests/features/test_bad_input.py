"""Bad input through the CLI: a correct brief or one line naming the cause, never a traceback or a half file."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing import generate, load_documents
from briefing.cli import main

from ..conftest import ROOT
from ..fake_endpoint import Reply, Rule

RUSSIAN = (
    "Президент Казахстана Касым-Жомарт Токаев заявил журналистам: "
    '"Мы готовы к долгосрочному сотрудничеству с нашими партнёрами". '
    "Встреча прошла в Вашингтоне.\n"
)


def _run(args: list[str], capsys) -> tuple[int, list[str]]:
    code = main(args)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err.splitlines()


def _endpoint(settings, tmp_path: Path) -> list[str]:
    return ["--base-url", settings.base_url, "--model", "test-model", "--cache-dir", str(tmp_path / "cache")]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _bad(tmp_path: Path, case: str) -> Path:
    """Make the bad input `case` and return the path to hand to the CLI."""
    path = (
        tmp_path
        / "in"
        / {"folder without documents": "empty-folder", "missing path": "nowhere.txt"}.get(
            case, f"{case.replace(' ', '-')}.txt"
        )
    )
    path.parent.mkdir(exist_ok=True)
    if case == "empty file":
        path.write_bytes(b"")
    elif case == "only whitespace":
        path.write_bytes(b" \n\r\n\t \n")
    elif case == "binary file":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    elif case == "binary without zero bytes":
        path.write_bytes(bytes(b for b in range(1, 256) if b not in b"\n\r\t ") * 40)
    elif case == "50 MB file":
        with path.open("wb") as handle:  # sparse: costs no disk and no time
            handle.truncate(50 * 1024 * 1024)
    elif case == "folder without documents":
        path.mkdir()
        (path / "picture.png").write_bytes(b"\x89PNG")
    elif case == "html without text":
        path = path.with_suffix(".html")
        path.write_text("<html><head><script>var a = 'x';</script><style>p{}</style></head><body></body></html>")
    return path


BAD = [
    "empty file",
    "only whitespace",
    "binary file",
    "binary without zero bytes",
    "50 MB file",
    "folder without documents",
    "missing path",
    "html without text",
]


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_one_line_naming_the_file_and_exit_2(case, tmp_path, settings, endpoint, capsys):
    path = _bad(tmp_path, case)
    out = tmp_path / "out" / "brief.html"
    code, lines = _run(["generate", str(path), "-o", str(out), *_endpoint(settings, tmp_path)], capsys)
    assert code == 2
    assert len(lines) == 1 and lines[0].startswith("briefing: error: ")
    assert str(path) in lines[0]
    assert not out.parent.exists(), "no output, not even a folder"
    assert endpoint.requests == [], "bad input costs no model call"


def test_one_bad_file_among_good_ones_is_named(tmp_path, settings, capsys):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha Corp opened a plant. Workers were hired.")
    (folder / "b.txt").write_bytes(b"\x00\x01\x02binary\x00" * 100)
    code, lines = _run(["generate", str(folder), "-o", str(tmp_path / "b.md"), *_endpoint(settings, tmp_path)], capsys)
    assert code == 2 and len(lines) == 1 and str(folder / "b.txt") in lines[0] and "binary" in lines[0]


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "utf-16-le", "utf-16-be", "utf-16", "utf-8-sig"])
def test_russian_news_in_legacy_encodings_is_decoded(encoding, tmp_path, settings):
    path = tmp_path / "in" / f"news-{encoding}.txt"
    path.parent.mkdir()
    path.write_bytes(RUSSIAN.encode(encoding))
    [doc] = load_documents([str(path)])
    assert doc.text == RUSSIAN.strip() and doc.language == "ru"
    brief = generate([str(path)], settings)
    assert [q.text for q in brief.quotes] == ["Мы готовы к долгосрочному сотрудничеству с нашими партнёрами"]
    assert any("Токаев" in name for a in brief.actors for name in [a.name, *a.aliases])


def test_western_legacy_text_is_not_read_as_cyrillic(tmp_path):
    text = "Le café était fermé. L'élève a déjà mangé à Montréal, où les prix sont élevés."
    path = tmp_path / "fr.txt"
    path.write_bytes(text.encode("cp1252"))
    assert load_documents([str(path)])[0].text == text


def test_html_with_scripts_and_styles_keeps_only_the_article(tmp_path, settings):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Grain deal signed</title><style>body { color: red }</style>"
        "<script>document.write('INJECTED SCRIPT TEXT')</script></head><body>"
        "<nav>Home | About</nav><article><h1>Grain deal signed</h1>"
        "<p>Kazakhstan and Uzbekistan signed a grain deal in Tashkent on Monday, officials said.</p>"
        "<p>The agreement covers exports of wheat through the next three years and sets new quotas.</p>"
        "<script>alert('SECOND SCRIPT')</script></article></body></html>"
    )
    [doc] = load_documents([str(path)])
    assert "grain deal in Tashkent" in doc.text
    assert "INJECTED" not in doc.text and "SECOND SCRIPT" not in doc.text and "color: red" not in doc.text
    assert doc.title == "Grain deal signed"
    assert generate([str(path)], settings).actors


def test_mixed_languages_give_a_brief_with_verbatim_quotes(tmp_path, settings):
    path = tmp_path / "mixed.txt"
    path.write_text(
        'Reuters reported: "The talks in Astana went better than expected today".\n\n' + RUSSIAN, encoding="utf-8"
    )
    brief = generate([str(path)], settings)
    text = brief.sources[0].text
    assert len(brief.quotes) == 2
    for quote in brief.quotes:
        assert text[quote.start : quote.end] == quote.text


def test_unreachable_endpoint_is_one_line_and_exit_1(doc_file, tmp_path, capsys):
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    out = tmp_path / "brief.md"
    args = ["generate", str(doc_file), "-o", str(out), "--base-url", url, "--model", "m", "--max-attempts", "2"]
    code, lines = _run([*args, "--max-wait", "0.01", "--cache-dir", str(tmp_path / "c")], capsys)
    assert code == 1
    [error] = [line for line in lines if line.startswith("briefing:")]
    assert error.startswith("briefing: error: ") and "cannot reach the endpoint" in error and url in error
    assert str(doc_file) in error and lines[-1] == error
    assert not out.exists()


def test_missing_key_is_one_line_and_exit_2(doc_file, tmp_path, capsys):
    code, lines = _run(["generate", str(doc_file), "--provider", "openai", "--model", "gpt-x"], capsys)
    assert code == 2 and lines == ["briefing: error: missing API key: set OPENAI_API_KEY, or --base-url for a server "
                                   "that needs none"]  # fmt: skip


def test_bad_usage_exits_2(doc_file, capsys):
    with pytest.raises(SystemExit) as info:
        main(["generate"])
    assert info.value.code == 2
    capsys.readouterr()
    code, lines = _run(["generate", str(doc_file), "--base-url", "http://x", "--concurrency", "0"], capsys)
    assert code == 2 and lines == ["briefing: error: --concurrency: Input should be greater than or equal to 1"]


@pytest.fixture
def doc_file(tmp_path: Path) -> Path:
    path = tmp_path / "note.txt"
    path.write_text("Alpha Corp met Beta Group in Geneva. They signed a supply deal.\n")
    return path


def _default_sigint() -> None:
    """In the child, before exec: Ctrl-C handled as at a terminal.

    A parent started from cron, nohup or `setsid … &` ignores SIGINT, and an ignored
    signal stays ignored across exec: Python then installs no KeyboardInterrupt
    handler, and a test that interrupts the child would wait for nothing.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _subprocess(args: list[str], **kwargs) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "BRIEFING_"))}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.Popen(
        [sys.executable, "-m", "briefing", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_default_sigint,
        **kwargs,
    )


def test_real_process_missing_path(tmp_path):
    out = tmp_path / "brief.md"
    proc = _subprocess(["generate", str(tmp_path / "nowhere.txt"), "-o", str(out), "--base-url", "http://x"])
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert stderr.splitlines() == [f"briefing: error: {tmp_path / 'nowhere.txt'}: no such file or folder"]
    assert stdout == "" and not out.exists()


@pytest.mark.parametrize(
    ("sig", "code", "word"), [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")]
)
def test_signal_during_a_slow_call_ends_promptly(sig, code, word, doc_file, tmp_path, endpoint):
    endpoint.rules = [Rule("", Reply(delay=60))]
    out = tmp_path / "brief.md"
    args = ["generate", str(doc_file), "-o", str(out), "--base-url", endpoint.base_url, "--model", "test-model"]
    proc = _subprocess([*args, "--cache-dir", str(tmp_path / "c")])
    deadline = time.monotonic() + 30
    while not endpoint.requests and time.monotonic() < deadline:
        time.sleep(0.05)
    assert endpoint.requests, "the run reached the endpoint"
    proc.send_signal(sig)
    try:
        _, stderr = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("the process did not end after the signal: it is waiting for the call in flight")
    assert proc.returncode == code
    assert "Traceback" not in stderr and stderr.splitlines()[-1] == f"briefing: {word}"
    assert not out.exists()
