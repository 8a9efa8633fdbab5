"""The desk's memory and lock: versions by day, a re-run forgetting its own day, one run at a time."""

from __future__ import annotations

import os
import threading
import time

import pytest

from briefing.desk.state import DeskState, Version, desk_lock, load_state, save_state
from briefing.errors import DeskBusy, InputError


def test_an_item_is_judged_by_what_it_was_before_the_day_run():
    state = DeskState()
    state.record("page http://x/a", "page", "http://x/a", Version(date="2025-11-06", sha256="h1"))
    state.record("page http://x/a", "page", "http://x/a", Version(date="2025-11-08", sha256="h2"))
    item = state.items["page http://x/a"]
    assert item.before("2025-11-06") is None, "a re-run of its first day sees it as new again"
    assert item.before("2025-11-07").sha256 == "h1"
    assert item.before("2025-11-09").sha256 == "h2"
    state.forget_day("2025-11-08")
    assert [v.date for v in item.versions] == ["2025-11-06"]
    state.forget_day("2025-11-06")
    assert state.items == {}, "an item no day read any more is forgotten"


def test_state_round_trips_and_a_damaged_one_is_named(tmp_path):
    state = DeskState()
    state.record("file /a.txt", "file", "/a.txt", Version(date="2025-11-06", sha256="h1"))
    save_state(tmp_path, state)
    assert load_state(tmp_path) == state
    (tmp_path / "state.json").write_text('{"version": 1, "items": [')
    with pytest.raises(InputError, match=r"state\.json: not a desk's state .*move it away"):
        load_state(tmp_path)


def test_a_second_run_is_refused_and_told_who_holds_the_desk(tmp_path):
    busy = rf"another run holds the desk \(pid {os.getpid()},"
    with desk_lock(tmp_path), pytest.raises(DeskBusy, match=busy), desk_lock(tmp_path):
        pass
    with desk_lock(tmp_path):  # let go: the next run gets it
        pass


def test_a_run_that_waits_gets_the_desk_when_the_first_lets_go(tmp_path):
    held = threading.Event()

    def first() -> None:
        with desk_lock(tmp_path):
            held.set()
            time.sleep(0.6)

    thread = threading.Thread(target=first)
    thread.start()
    held.wait(5)
    started = time.monotonic()
    with desk_lock(tmp_path, wait=10):
        waited = time.monotonic() - started
    thread.join()
    assert 0.3 < waited < 5
