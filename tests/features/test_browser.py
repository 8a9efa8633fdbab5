"""The HTML brief in a real headless Chromium: sections, highlighted quote, screenshots.

Chromium is Debian's package at /usr/bin/chromium (or $BRIEFING_CHROMIUM). Without
it the test fails, so CI cannot pass silently; locally it may be skipped, only
by setting BRIEFING_SKIP_BROWSER=1. Screenshots (desktop and phone width) are
saved in the test's tmp folder, or in $BRIEFING_SCREENSHOTS when set.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from briefing import generate, render

from ..chromium import chromium, run_chromium


def test_seed_brief_opens_in_chromium_with_its_sections_and_the_quote_highlighted(
    seed_dir, settings, tmp_path, monkeypatch
):
    browser = chromium()
    brief = generate([str(seed_dir)], settings)
    page = tmp_path / "brief.html"
    page.write_text(render(brief, "brief.html.j2"), encoding="utf-8")
    url = page.as_uri()

    dom = run_chromium(browser, tmp_path / "profile-dom", "--dump-dom", url)
    for section in ("bluf", "stories", "actors", "stakes", "risks", "quotes", "sources"):
        assert f'id="{section}"' in dom, f"section {section} missing from the rendered page"
    assert re.search(r'class="matrix"', dom) and dom.count('class="dot"') >= 2 * len(brief.risks)

    quote = brief.quotes[0]
    marked = re.search(r'<mark id="q-0">(.*?)</mark>', dom, re.S)
    assert marked, "the first quote is highlighted in its source text"
    assert html.unescape(marked.group(1)) == quote.text
    source = brief.sources[0].text
    assert source[quote.start : quote.end] == quote.text
    assert 'href="#q-0"' in dom, "the quote links to where it was said"

    # Every claim has a marker that links to its sentence, highlighted in the source, with the sentence on hover.
    point = brief.key_points[0]
    cited = point.evidence[0]
    anchor = f"ev-{cited.source_id}-{cited.start}-{cited.end}"
    marker = re.search(rf'<a href="#{anchor}" title="([^"]*)">\d+</a>', dom)
    assert marker, "the first key point carries a marker linking to its evidence"
    assert html.unescape(marker.group(1)).startswith(cited.text), "the sentence shows on hover"
    target = re.search(rf'<span class="ev" id="{anchor}">(.*?)</span>', dom, re.S)
    assert target, "the cited sentence is marked in the source view"
    assert cited.text.startswith(re.sub(r"<[^>]+>", "", html.unescape(target.group(1)))[:40])
    for item in (e for stake in brief.stakes for e in stake.evidence):
        assert f'id="ev-{item.source_id}-{item.start}-{item.end}"' in dom, "each stake's sentence is in the page"

    out = Path(os.environ.get("BRIEFING_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    for name, size in (("brief-desktop.png", "1280,2000"), ("brief-phone.png", "390,1600")):
        run_chromium(browser, tmp_path / f"profile-{name}", f"--screenshot={out / name}", f"--window-size={size}", url)
        shot = (out / name).read_bytes()
        assert shot.startswith(b"\x89PNG") and len(shot) > 10_000, f"{name} is not a rendered page"
