"""Rendering: templates by name or path, untrusted text made inert, quotes shown only while their source holds them."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from briefing.errors import InputError
from briefing.rendering import render as rendering
from briefing.rendering.render import markdown_code, markdown_to_html, render_template, safe_url, shown_quotes
from briefing.schema import Briefing, Quote, RunMetadata, Source


def test_untrusted_markdown_keeps_its_text_and_nothing_live():
    html = str(
        markdown_to_html(
            '**Deal** [x](javascript:alert(1)) [y](https://example.org) ![i](http://e/i.png) <b onclick="z">'
        )
    )
    assert "<strong>Deal</strong>" in html
    assert '<a href="#">x</a>' in html and '<a href="https://example.org">y</a>' in html
    assert "<img" not in html and "javascript" not in html and "<b " not in html and "&lt;b" in html


def test_a_plain_line_is_the_paragraph_markdown_would_make_of_it():
    # markdown_to_html skips markdown and lxml for a line with nothing Markdown reads: tested against them.
    lines = ["A plausible short answer. Евразийская комиссия: что дальше (1).", "Mr. Smith's “deal” — 3% of $1.2bn",
             "Http://example.org/a-b", "Word -- word  and 1. list", "I", "É 2", "Да, «нет»"]  # fmt: skip
    rng = random.Random(24)
    for alphabet in ("aZяЖé1 .,;:?()%$€£'\"«»“”„’‘—–/-", "aZя1 .-=+*_`[]<>&#!\\\n\t"):  # plain characters, then any
        lines += [rng.choice("aZя") + "".join(rng.choices(alphabet, k=rng.randint(0, 12))) for _ in range(1500)]
    plain = [line for line in lines if rendering._PLAIN_LINE.fullmatch(line)]
    assert len(plain) > 1500 and all(rendering._PLAIN_LINE.fullmatch(line) for line in lines[:7])
    for line in plain:
        assert markdown_to_html(line) == rendering._converted(line), line


def test_only_http_links_are_links():
    assert safe_url("https://example.org/a") == "https://example.org/a"
    assert safe_url("javascript:alert(1)") == "#" and safe_url("data:text/html,x") == "#" and safe_url(None) == "#"


def test_a_code_span_outlasts_the_backticks_inside_it():
    assert markdown_code("a ``b`` c\nd") == "``` a ``b`` c d ```"


def test_templates_by_name_or_by_path(tmp_path):
    mine = tmp_path / "mine.md.j2"
    mine.write_text("Hello {{ who }}", encoding="utf-8")
    assert render_template(mine, who="desk") == "Hello desk"
    with pytest.raises(InputError, match=r"^template nowhere\.j2 not found \(a path, or one of: .*brief\.md\.j2"):
        render_template("nowhere.j2")


def _brief(text: str, quote: Quote) -> Briefing:
    source = Source(id="s", title="T", location="t.txt", sha256="0" * 64, text=text)
    run = RunMetadata(model="m", endpoint="e", structured_output="prompt", prompts={}, chunks=1)
    return Briefing(
        title="T", date="2025-11-06", language="en", bluf="b", key_points=[], stories=[], actors=[], stakes=[],
        risks=[], quotes=[quote], sources=[source], run=run,
    )  # fmt: skip


def test_a_quote_is_shown_only_while_its_source_holds_it_at_its_offsets():
    quote = Quote(text="we are ready", speaker=None, source_id="s", start=4, end=16, verified=True)
    assert shown_quotes(_brief("He: we are ready.", quote)) == [quote]
    assert shown_quotes(_brief("He: we are not ready.", quote)) == []
    assert shown_quotes(_brief("He: we are ready.", quote.model_copy(update={"verified": False}))) == []


# What making a brief needs and re-rendering one does not: the SDK, the readers of documents, the
# language and name models, the analysis. Each costs `briefing render` import time or memory.
_NOT_FOR_RENDER = ("openai", "httpx", "tenacity", "vcr", "trafilatura", "feedparser", "pymorphy3", "babel",
                   "py3langid", "numpy", "rapidfuzz", "anyascii", "lxml", "markdown", "briefing.models",
                   "briefing.ingest", "briefing.pipeline", "briefing.replies", "briefing.analysis.evidence",
                   "briefing.analysis.grounding", "briefing.text.names")  # fmt: skip


def _render_in_a_fresh_interpreter(tmp_path, name: str) -> tuple[str, list[str]]:
    """`briefing render` of a saved brief through the command's own entry point: what it wrote, what it imported."""
    quote = Quote(text="we are ready", speaker=None, source_id="s", start=4, end=16, verified=True)
    saved, out = tmp_path / "brief.json", tmp_path / name
    saved.write_text(_brief("He: we are ready.", quote).model_dump_json(), encoding="utf-8")
    script = "import sys; from briefing.cli import main; main(sys.argv[1:]); print(*sorted(sys.modules))"
    done = subprocess.run([sys.executable, "-c", script, "render", str(saved), "-o", str(out)],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return out.read_text(encoding="utf-8"), done.stdout.split()


def test_rendering_a_saved_brief_as_markdown_imports_none_of_what_made_it(tmp_path):
    written, imported = _render_in_a_fresh_interpreter(tmp_path, "brief.md")
    assert "we are ready" in written
    assert "briefing.rendering.render" in imported
    assert [m for m in imported if m.startswith(_NOT_FOR_RENDER)] == []


def test_rendering_a_saved_brief_as_html_with_a_plain_bottom_line_needs_no_markdown(tmp_path):
    written, imported = _render_in_a_fresh_interpreter(tmp_path, "brief.html")
    assert "<p>b</p>" in written
    assert [m for m in imported if m.startswith(_NOT_FOR_RENDER)] == []
