"""Pages, feeds and sources files fetched from a real web server on 127.0.0.1."""

from __future__ import annotations

import pytest

from briefing.cli import main
from briefing.errors import InputError
from briefing.ingest import fetching
from briefing.ingest.fetching import load_sources


def test_page_becomes_its_article_with_title_url_date_and_language(site):
    [doc] = load_sources([site.url("daily-herald-c5-summit-syndicated.html")])
    assert doc.title == "Trump hosts Central Asian leaders as US seeks critical minerals"
    assert doc.location == site.url("daily-herald-c5-summit-syndicated.html")
    assert doc.date == "2025-11-06" and doc.language == "en"
    assert "Kassym-Jomart Tokayev" in doc.text
    assert "Most read" not in doc.text and "Log in" not in doc.text, "navigation and sidebars are not article text"


def test_feed_entries_are_fetched_and_a_dead_link_falls_back_to_the_summary(site):
    docs = load_sources([site.url("feed.xml")])
    by_title = {d.title: d for d in docs}
    assert len(docs) == 4
    tungsten = by_title["Tungsten, railways and jets: what the White House wants from Central Asia"]
    assert "Uzbekistan Airways ordered Boeing 787" in tungsten.text, "the page, not the feed's one-line summary"
    assert tungsten.date == "2025-11-06" and tungsten.location.endswith("/eurasia-monitor-tungsten.html")
    ferry = by_title["Caspian ferry operators add sailings"]
    assert ferry.text.startswith("Ferry operators on the Caspian Sea") and "<p>" not in ferry.text
    assert ferry.date == "2025-11-04"


def test_sources_file_lists_urls_feeds_and_relative_paths(site, tmp_path, summit_folder):
    listing = tmp_path / "sources.txt"
    listing.write_text(
        f"# this morning's sources\n{site.url('feed.xml')}\n\npages/wire-c5-summit.html  # the wire original\n"
    )
    docs = load_sources([str(listing)])
    assert len(docs) == 5
    assert docs[-1].location.endswith("wire-c5-summit.html") and docs[-1].language == "en"


def test_an_ordinary_text_document_is_not_taken_for_a_sources_file(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Kazakhstan signed a rail contract with Wabtec worth $4.2 billion.\n")
    [doc] = load_sources([str(note)])
    assert doc.text.startswith("Kazakhstan signed")


def test_redirects_are_followed_up_to_the_limit(site):
    [doc] = load_sources([site.url("redirect/3")])
    assert doc.location == site.url("wire-c5-summit.html")
    with pytest.raises(InputError, match="more than 5 redirects"):
        load_sources([site.url("loop")])


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("to-file", "only http and https"),
        ("big", "limit"),
        ("missing.html", "HTTP 404"),
    ],
)
def test_unusable_urls_are_input_errors_naming_them(site, path, message):
    with pytest.raises(InputError, match=message) as info:
        load_sources([site.url(path)])
    assert site.url("") in str(info.value)


def test_a_slow_server_times_out(site, monkeypatch):
    import httpx

    monkeypatch.setattr(fetching, "TIMEOUT", httpx.Timeout(0.2))
    site.delay = 1.0
    with pytest.raises(InputError, match="timed out"):
        load_sources([site.url("slow")])


def test_cli_reports_an_unreachable_url_in_one_line(tmp_path, capsys):
    code = main(["generate", "http://127.0.0.1:9/nothing", "-o", str(tmp_path / "b.md")])
    err = capsys.readouterr().err
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "http://127.0.0.1:9/nothing" in lines[0] and "Traceback" not in err
    assert not (tmp_path / "b.md").exists()
