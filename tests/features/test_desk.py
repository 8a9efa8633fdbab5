"""The briefing desk over simulated days: a real feed and page server on 127.0.0.1, the fake endpoint counting calls.

Day 6 briefs what the newsroom published; on day 7 the newsroom publishes one
more article, edits one in its feed and one standalone page, and a file lands
in the inbox: the desk briefs those four and nothing it briefed on day 6.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefing import Briefing, Story, init_desk, load_briefing, render, run_day
from briefing.cli import main
from briefing.desk.daily import DayResult

from ..fake_endpoint import FakeEndpoint, Reply, Rule, default_answer
from .newsroom import Newsroom, article_words, start_newsroom

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def newsroom(tmp_path: Path):
    room = start_newsroom(tmp_path / "site")
    yield room
    room.site.stop()


def make_desk(folder: Path, sources: list[str], base_url: str, cache: Path) -> Path:
    """A desk made by init, its [model] table pointed at the fake endpoint."""
    init_desk(folder, sources)
    toml = folder / "desk.toml"
    model = (
        f'[model]\nprovider = "openai"\nbase_url = "{base_url}"\nmodel = "test-model"\n'
        f'cache_dir = "{cache}"\nmax_wait = 0.05\ntimeout = 10\n'
    )
    toml.write_text(toml.read_text(encoding="utf-8").replace("[model]\n", model), encoding="utf-8")
    return folder


def extracted(endpoint: FakeEndpoint, codes: dict[str, str], since: int) -> list[str]:
    """The articles (by slug) that extraction calls since request `since` were about, one entry a call."""
    calls = []
    for request in endpoint.requests[since:]:
        system = request["messages"][0]["content"]
        if "morning brief" in system or "condensing the notes" in system:
            continue
        text = json.dumps(request["messages"], ensure_ascii=False)
        calls += [slug for slug, code in codes.items() if f"{code}." in text]  # "Filed as <code>."
    return calls


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@dataclass
class TwoDays:
    desk: Path
    newsroom: Newsroom
    codes: dict[str, str]
    day6: DayResult
    day7: DayResult
    day7_since: int  # the endpoint's request count before day 7
    day7_fetched: list[str]


@pytest.fixture
def two_days(tmp_path: Path, newsroom: Newsroom, endpoint: FakeEndpoint) -> TwoDays:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    newsroom.publish("port-strike", "Dockers strike at the port of Rotterdam")
    newsroom.publish("wheat-harvest", "Kazakhstan harvests record wheat crop")
    standalone = newsroom.publish("rail-talks", "Rail talks in Tashkent resume")
    newsroom.order.remove("rail-talks")  # a page the desk lists by its URL, in no feed
    newsroom.write_feed()
    memo = inbox / "memo-ferries.txt"
    memo.write_text("Caspian ferry timetables\n\n" + " ".join(article_words(1)) + " Filed as CodewordFerrymemo.\n")
    desk = make_desk(
        tmp_path / "desk",
        [newsroom.feed_url, newsroom.url("rail-talks"), str(inbox)],
        endpoint.base_url,
        tmp_path / "cache",
    )
    day6 = run_day(desk, "2025-11-06")

    newsroom.publish("copper-smelter", "Copper smelter opens in Almalyk", day=7)
    newsroom.publish("port-strike-week-two", "Dockers strike at Rotterdam enters a second week", day=7)
    edited = ["Kazakhstan revised its record wheat crop to 28 million tonnes on Friday.", *article_words(7)]
    newsroom.edit("wheat-harvest", edited, day=7)
    newsroom.edit("rail-talks", ["Rail talks in Tashkent broke down on Friday.", *standalone.paragraphs], day=7)
    (inbox / "memo-dams.txt").write_text(
        "Reservoir inspection findings\n\n" + " ".join(article_words(2)) + " Filed as CodewordDammemo.\n"
    )
    before, fetched = len(endpoint.requests), len(newsroom.site.requests)
    day7 = run_day(desk, "2025-11-07")
    codes = {slug: a.code for slug, a in newsroom.articles.items()}
    codes |= {"memo-ferries": "CodewordFerrymemo", "memo-dams": "CodewordDammemo"}
    return TwoDays(desk, newsroom, codes, day6, day7, before, newsroom.pages_fetched(fetched))


def test_day_two_briefs_only_what_is_new_and_what_was_edited(two_days: TwoDays, endpoint: FakeEndpoint):
    days = two_days
    assert {s.location.rsplit("/", 1)[-1] for s in days.day6.brief.sources} == {
        "port-strike.html", "wheat-harvest.html", "rail-talks.html", "memo-ferries.txt",
    }  # fmt: skip
    assert sorted(set(extracted(endpoint, days.codes, days.day7_since))) == [
        "copper-smelter", "memo-dams", "port-strike-week-two", "rail-talks", "wheat-harvest",
    ], "day 7 extracts its new articles, the two edited ones and the new file, and nothing day 6 briefed"  # fmt: skip
    assert sorted(days.day7_fetched) == ["copper-smelter", "port-strike-week-two", "rail-talks", "wheat-harvest"], (
        "the feed entry listed as before is not fetched again"
    )
    assert (days.day7.new, days.day7.updated, days.day7.seen) == (3, 2, 2)

    brief = days.day7.brief
    by_location = {s.location.rsplit("/", 1)[-1]: s.id for s in brief.sources}
    assert brief.desk.updated == {
        by_location["wheat-harvest.html"]: "2025-11-06",
        by_location["rail-talks.html"]: "2025-11-06",
    }
    page = (days.desk / "briefs" / "2025-11-07.html").read_text(encoding="utf-8")
    assert page.count('<span class="updated">updated</span> <span class="meta">since the brief of') == 2
    markdown = (days.desk / "briefs" / "2025-11-07.md").read_text(encoding="utf-8")
    assert "(updated since the brief of 2025-11-06)" in markdown


def test_a_story_that_carries_on_says_so_and_links_to_the_day_that_had_it(two_days: TwoDays):
    brief, earlier = two_days.day7.brief, two_days.day6.brief

    def story(of: Briefing, slug: str) -> Story:
        sources = {s.id: s.location for s in of.sources}
        return next(s for s in of.stories if any(f"/{slug}.html" in sources[i] for i in s.source_ids))

    continues = {c.story_id: c for c in brief.desk.continues}
    for today, before in (("wheat-harvest", "wheat-harvest"), ("port-strike-week-two", "port-strike")):
        carried = continues[story(brief, today).id]  # the edited article, and a new one on the same story
        assert (carried.date, carried.earlier_id) == ("2025-11-06", story(earlier, before).id)
    assert story(brief, "copper-smelter").id not in continues, "a new story continues nothing"
    page = (two_days.desk / "briefs" / "2025-11-07.html").read_text(encoding="utf-8")
    carried = continues[story(brief, "wheat-harvest").id]
    assert f'Continues from <a href="2025-11-06.html#{carried.earlier_id}">2025-11-06</a>' in page
    assert f'id="{carried.earlier_id}"' in (two_days.desk / "briefs" / "2025-11-06.html").read_text()


def test_the_day_opens_with_what_changed_since_the_previous_brief(two_days: TwoDays):
    delta = two_days.day7.brief.desk.delta
    assert two_days.day7.brief.desk.previous == "2025-11-06"
    assert delta is not None and delta.before_date == "2025-11-06"
    assert delta.stories.new or delta.stories.changed
    markdown = (two_days.desk / "briefs" / "2025-11-07.md").read_text(encoding="utf-8")
    assert markdown.index("## Since the brief of [2025-11-06](2025-11-06.md)") < markdown.index("**Bottom line:**")
    assert two_days.day6.brief.desk.delta is None, "the first day has nothing to compare with"
    quiet = [s.headline for s in delta.stories.resolved]
    assert quiet, "day 6's ferry memo has no news on day 7"
    page = (two_days.desk / "briefs" / "2025-11-07.html").read_text(encoding="utf-8")
    folded = page[page.index('<details id="quiet">') : page.index("</details>")]
    assert all(headline in folded for headline in quiet), "yesterday's quiet stories are folded away, not listed first"
    filed = load_briefing(two_days.desk / "briefs" / "2025-11-07.json")
    assert filed.desk == two_days.day7.brief.desk, "the archived JSON holds the day's context"
    assert 'id="delta"' in render(filed, "brief.html.j2"), "so `briefing render` shows the delta again"


def test_running_a_day_again_calls_no_model_and_files_it_once(two_days: TwoDays, endpoint: FakeEndpoint):
    briefs = two_days.desk / "briefs"
    first = json.loads((briefs / "2025-11-07.json").read_text())
    calls = len(endpoint.requests)
    again = run_day(two_days.desk, "2025-11-07")
    assert len(endpoint.requests) == calls, "a re-run with nothing changed asks no model"
    assert again.reused and again.brief.title == first["title"]
    assert sorted(p.name for p in briefs.iterdir()) == [
        "2025-11-06.html", "2025-11-06.json", "2025-11-06.md",
        "2025-11-07.html", "2025-11-07.json", "2025-11-07.md", "index.html",
    ]  # fmt: skip
    index = (briefs / "index.html").read_text(encoding="utf-8")
    assert index.count('id="day-2025-11-07"') == 1 and index.count('id="day-2025-11-06"') == 1
    state = json.loads((two_days.desk / "state.json").read_text())
    assert sorted(state["days"]) == ["2025-11-06", "2025-11-07"]
    assert again.brief.desk.updated == two_days.day7.brief.desk.updated, "the same items, the same marks"


def test_a_day_with_nothing_new_says_so_exits_0_and_calls_no_model(two_days: TwoDays, endpoint, capsys):
    calls = len(endpoint.requests)
    assert main(["daily", str(two_days.desk), "--date", "2025-11-08"]) == 0
    assert len(endpoint.requests) == calls
    err = capsys.readouterr().err
    assert "2025-11-08: nothing new (7 items briefed before); no model call" in err
    assert "reading the desk's sources" in err, "plain progress lines where stderr is not a terminal"
    brief = json.loads((two_days.desk / "briefs" / "2025-11-08.json").read_text())
    assert brief["title"] == "Nothing new" and brief["sources"] == []
    assert "since the brief of 2025-11-07" in brief["bluf"]
    index = (two_days.desk / "briefs" / "index.html").read_text()
    assert index.index('id="day-2025-11-08"') < index.index('id="day-2025-11-07"') < index.index('id="day-2025-11-06"')


def test_a_failing_day_leaves_the_desk_as_it_was(two_days: TwoDays, endpoint: FakeEndpoint, capsys):
    two_days.newsroom.publish("gold-mine", "Gold mine strike spreads", day=8)
    before = snapshot(two_days.desk)
    endpoint.rules.append(Rule("CodewordGoldmine", Reply(503, {"error": {"message": "overloaded"}})))
    code = main(["daily", str(two_days.desk), "--date", "2025-11-08", "--max-attempts", "1"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert err[-1].startswith("briefing: error: ") and "gold-mine.html" in err[-1], "one line naming the source"
    assert snapshot(two_days.desk) == before, "state and archive as they were"

    endpoint.rules.clear()
    assert main(["daily", str(two_days.desk), "--date", "2025-11-08"]) == 0, "the next run briefs it"
    assert "gold-mine" in (two_days.desk / "briefs" / "2025-11-08.md").read_text()


def test_a_bad_source_fails_the_day_in_one_line_unless_skipped(two_days: TwoDays, capsys):
    toml = two_days.desk / "desk.toml"
    missing = two_days.newsroom.site.url("closed-feed.xml")
    toml.write_text(toml.read_text().replace("sources = [\n", f'sources = [\n    "{missing}",\n'))
    two_days.newsroom.publish("gold-mine", "Gold mine strike spreads", day=8)
    before = snapshot(two_days.desk)
    assert main(["daily", str(two_days.desk), "--date", "2025-11-08"]) == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == f"briefing: error: {missing}: HTTP 404"
    assert snapshot(two_days.desk) == before

    assert main(["daily", str(two_days.desk), "--date", "2025-11-08", "--skip-bad-inputs"]) == 0
    brief = json.loads((two_days.desk / "briefs" / "2025-11-08.json").read_text())
    assert brief["run"]["skipped_inputs"] == [f"{missing}: HTTP 404"]
    assert [s["location"].rsplit("/", 1)[-1] for s in brief["sources"]] == ["gold-mine.html"]


def test_command_line_model_options_override_the_desk_file(tmp_path, newsroom, endpoint, capsys):
    newsroom.publish("port-strike", "Dockers strike at the port of Rotterdam")
    desk = make_desk(tmp_path / "desk", [newsroom.feed_url], "http://127.0.0.1:9/v1", tmp_path / "cache")
    assert main(["daily", str(desk), "--date", "2025-11-06", "--base-url", endpoint.base_url]) == 0
    assert extracted(endpoint, {"port-strike": newsroom.articles["port-strike"].code}, 0) == ["port-strike"]


def test_a_feed_of_200_with_10_new_costs_the_calls_and_fetches_of_10(tmp_path, newsroom, endpoint):
    for i in range(190):
        newsroom.publish(f"item-{i:03d}", f"Dispatch {i} from the region")
    desk = make_desk(tmp_path / "desk", [newsroom.feed_url], endpoint.base_url, tmp_path / "cache")
    first = run_day(desk, "2025-11-06")
    assert (first.new, first.passed_over) == (50, 140), "a new desk starts from the feed's latest 50 entries"
    assert first.brief.desk.passed_over == 140
    assert "140 older feed entries past the newest of each feed were passed over" in first.written[0].read_text()

    for i in range(190, 200):
        newsroom.publish(f"item-{i:03d}", f"Dispatch {i} from the region", day=7)
    calls, fetches = len(endpoint.requests), len(newsroom.site.requests)
    second = run_day(desk, "2025-11-07")
    codes = {slug: a.code for slug, a in newsroom.articles.items()}
    new = [f"item-{i:03d}" for i in range(190, 200)]
    assert sorted(extracted(endpoint, codes, calls)) == new, "one extraction call for each new item, none else"
    assert sorted(newsroom.pages_fetched(fetches)) == new
    assert (second.new, second.seen, len(second.brief.sources)) == (10, 190, 10)


def test_two_runs_at_once_one_refuses_one_waits_and_the_desk_stays_whole(tmp_path, newsroom):
    gate = threading.Event()  # the first run's model answers only when the test opens the gate
    held = FakeEndpoint(latency=0).start()
    held.answer = lambda body: gate.wait(120) and default_answer(body)
    try:
        newsroom.publish("port-strike", "Dockers strike at the port of Rotterdam")
        newsroom.publish("wheat-harvest", "Kazakhstan harvests record wheat crop")
        desk = make_desk(tmp_path / "desk", [newsroom.feed_url], held.base_url, tmp_path / "cache")
        command = [sys.executable, "-m", "briefing", "daily", str(desk), "--date", "2025-11-06"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        first = subprocess.Popen(command, cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not held.requests and time.monotonic() < deadline:  # the first run is at the model: it holds the lock
            time.sleep(0.05)
        refused = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
        waiting = subprocess.Popen(
            [*command, "--wait", "120"], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True
        )
        time.sleep(1.0)
        still_waiting = waiting.poll() is None
        gate.set()
        assert first.wait(timeout=120) == 0, first.stderr.read()
        calls = len(held.requests)
        assert waiting.wait(timeout=120) == 0, waiting.stderr.read()
    finally:
        gate.set()
        held.stop()
    assert still_waiting
    assert refused.returncode == 75
    assert refused.stderr.startswith("briefing: error: ") and "another run holds the desk" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert len(held.requests) == calls, "the run that waited found the day briefed and asked no model"
    state = json.loads((desk / "state.json").read_text())
    assert list(state["days"]) == ["2025-11-06"] and len(state["items"]) == 2
    assert sorted(p.name for p in (desk / "briefs").iterdir() if not p.name.startswith(".")) == [
        "2025-11-06.html", "2025-11-06.json", "2025-11-06.md", "index.html",
    ]  # fmt: skip
    assert not [p for p in desk.rglob("*.tmp")], "no half-written file left behind"


def test_init_writes_a_commented_desk_and_daily_names_what_is_wrong(tmp_path, capsys):
    desk = tmp_path / "desk"
    assert main(["init", str(desk)]) == 0
    assert (desk / "desk.toml").read_text().startswith("# A briefing desk.")
    assert (desk / "inbox").is_dir() and (desk / "briefs").is_dir()
    assert main(["init", str(desk)]) == 2
    assert capsys.readouterr().err.strip().endswith("desk.toml exists; not overwritten")

    assert main(["daily", str(desk), "--date", "2025-11-06"]) == 0, "an empty inbox is a quiet day"
    assert "nothing new" in capsys.readouterr().err
    assert json.loads((desk / "briefs" / "2025-11-06.json").read_text())["title"] == "Nothing new"

    assert main(["daily", str(tmp_path / "nowhere")]) == 2
    assert "no desk.toml here; `briefing init" in capsys.readouterr().err
    assert main(["daily", str(desk), "--date", "2025-13-01"]) == 2
    assert (
        capsys.readouterr().err.strip().splitlines()[-1]
        == "briefing: error: --date 2025-13-01: not a date (YYYY-MM-DD)"
    )
    toml = desk / "desk.toml"
    toml.write_text(toml.read_text().replace("[model]\n", '[model]\napi_key = "sk-secret"\n'))
    assert main(["daily", str(desk)]) == 2
    assert "api_key: the API key stays in the environment" in capsys.readouterr().err


def test_the_index_and_the_day_open_in_chromium_every_day_listed_and_the_delta_first(two_days: TwoDays, tmp_path):
    from ..chromium import chromium, run_chromium

    browser = chromium()
    assert main(["daily", str(two_days.desk), "--date", "2025-11-08"]) == 0  # a quiet day is listed too
    briefs = two_days.desk / "briefs"
    index = run_chromium(browser, tmp_path / "profile-index", "--dump-dom", (briefs / "index.html").as_uri())
    listed = [index.index(f'id="day-2025-11-0{d}"') for d in (8, 7, 6)]
    assert listed == sorted(listed), "every day, newest first"
    for day in (two_days.day6, two_days.day7):
        assert f'<a href="{day.brief.date}.html">{day.brief.title}</a>' in index
    assert "Nothing new" in index and 'class="day quiet"' in index

    page = run_chromium(browser, tmp_path / "profile-day", "--dump-dom", (briefs / "2025-11-07.html").as_uri())
    assert page.index('id="delta"') < page.index('id="bluf"') < page.index('id="stories"'), "the delta comes first"
    assert 'Since the brief of <a href="2025-11-06.html">2025-11-06</a>' in page

    shot = tmp_path / "index.png"
    run_chromium(
        browser,
        tmp_path / "profile-shot",
        f"--screenshot={shot}",
        "--window-size=390,1200",
        (briefs / "index.html").as_uri(),
    )
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000


def test_a_file_as_it_was_is_not_read_again_and_a_touched_one_is_read_not_rebriefed(tmp_path, endpoint, monkeypatch):
    from briefing.ingest import documents

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, seed in (("a.txt", 11), ("b.txt", 12), ("c.txt", 13)):
        (inbox / name).write_text(f"Notes {name}\n\n" + " ".join(article_words(seed)) + "\n")
    desk = make_desk(tmp_path / "desk", [str(inbox)], endpoint.base_url, tmp_path / "cache")
    run_day(desk, "2025-11-06")

    read: list[str] = []
    real = documents.load_file
    monkeypatch.setattr(documents, "load_file", lambda path, *rest: read.append(path.name) or real(path, *rest))
    touched = (inbox / "b.txt").stat().st_mtime_ns + 10**9
    os.utime(inbox / "b.txt", ns=(touched, touched))  # saved again, the same text
    (inbox / "c.txt").write_text("Notes c.txt\n\n" + " ".join(article_words(14)) + "\n")
    (inbox / "d.txt").write_text("Notes d.txt\n\n" + " ".join(article_words(15)) + "\n")
    second = run_day(desk, "2025-11-07")
    assert sorted(read) == ["b.txt", "c.txt", "d.txt"], "a file as it was is passed over unread"
    assert (second.new, second.updated, second.seen) == (1, 1, 2)
    assert sorted(s.location.rsplit("/", 1)[-1] for s in second.brief.sources) == ["c.txt", "d.txt"]

    read.clear()
    third = run_day(desk, "2025-11-08")
    assert read == [] and third.seen == 4, "the touched file's new time was remembered"
    assert third.brief.title == "Nothing new"
