"""The daily brief end to end: a folder of pages plus a local feed, through the fake endpoint."""

from __future__ import annotations

from briefing import generate


def test_folder_plus_feed_merges_duplicates_into_one_story_citing_every_outlet(site, summit_folder, settings):
    brief = generate([str(summit_folder), site.url("feed.xml")], settings)
    locations = {s.id: s.location for s in brief.sources}
    assert len(brief.sources) == 6, "2 pages from the folder, 4 feed entries"
    [herald] = [i for i, loc in locations.items() if "daily-herald" in loc]
    assert brief.run.duplicates_dropped == [herald]
    summit = [s for s in brief.stories if any("wire-c5-summit" in locations[i] for i in s.source_ids)]
    assert len(summit) == 1
    cited = {locations[i].rsplit("/", 1)[-1] for i in summit[0].source_ids}
    assert cited == {"wire-c5-summit.html", "daily-herald-c5-summit-syndicated.html", "eurasia-monitor-tungsten.html"}
    assert len(brief.stories) == 4, "summit, wheat, rare earths, ferries"
    assert sorted(i for s in brief.stories for i in s.source_ids) == sorted(locations), "every source in one story"
    feed_sources = [s for s in brief.sources if s.location.startswith("http://127.0.0.1")]
    assert all(s.date and s.language == "en" and s.title for s in feed_sources)


def test_source_view_escapes_the_text_around_a_highlighted_quote(tmp_path, settings):
    from briefing import render

    doc = tmp_path / "hostile.txt"
    doc.write_text(
        'Alpha Corp said <script>alert(1)</script> and then: "we will <b>never</b> sell the mine". '
        "Beta Ltd <img src=x onerror=alert(2)> disagreed.\n"
    )
    brief = generate([str(doc)], settings)
    page = render(brief, "brief.html.j2")
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>never" not in page
    assert '<mark id="q-0">we will &lt;b&gt;never&lt;/b&gt; sell the mine</mark>' in page
    assert render(brief, "chat.md.j2").startswith(f"*{brief.title}*")


def test_quotes_stay_verbatim_with_a_translation_only_when_languages_differ(seed_dir, settings):
    from briefing import render

    english = generate([str(seed_dir)], settings)
    assert english.quotes and all(q.translation for q in english.quotes), "Russian quotes in an English brief"
    page = render(english, "brief.html.j2")
    assert f'<p class="translation" lang="en">{english.quotes[0].translation}' in page
    russian = generate([str(seed_dir)], settings.model_copy(update={"language": "ru"}))
    assert russian.quotes and not any(q.translation for q in russian.quotes)
    assert [q.text for q in russian.quotes] == [q.text for q in english.quotes]
