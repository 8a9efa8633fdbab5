"""The reply cache: keyed by content, a corrupt or outdated entry replaced, never trusted."""

from __future__ import annotations

from briefing.models.cache import ReplyCache, cache_key
from briefing.replies import ActorList, ChunkNotes


def test_the_key_is_the_content_whatever_the_order_of_its_parts():
    assert cache_key(prompt="p", messages=[1, 2]) == cache_key(messages=[1, 2], prompt="p")
    assert cache_key(prompt="p", messages=[1, 2]) != cache_key(prompt="p", messages=[2, 1])


def test_a_reply_comes_back_as_it_went_in(tmp_path):
    cache = ReplyCache(tmp_path)
    reply = ActorList(actors=[])
    assert cache.get("ab" * 32, ActorList) is None
    cache.put("ab" * 32, reply)
    assert cache.get("ab" * 32, ActorList) == reply


def test_a_corrupt_or_outdated_entry_is_a_miss_and_is_removed(tmp_path):
    cache = ReplyCache(tmp_path)
    cache.put("cd" * 32, ActorList(actors=[]))
    assert cache.get("cd" * 32, ChunkNotes) is None, "another schema: not this reply"
    assert not any((tmp_path / "replies").rglob("*.json")), "and gone, so the next run asks again"
    cache.put("ef" * 32, ActorList(actors=[]))
    [entry] = (tmp_path / "replies").rglob("*.json")
    entry.write_text('{"actors": [', encoding="utf-8")
    assert cache.get("ef" * 32, ActorList) is None and not entry.exists()


def test_a_cache_that_may_not_be_read_misses_but_still_writes(tmp_path):
    ReplyCache(tmp_path).put("12" * 32, ActorList(actors=[]))
    assert ReplyCache(tmp_path, read=False).get("12" * 32, ActorList) is None
    ReplyCache(tmp_path, read=False).put("34" * 32, ActorList(actors=[]))
    assert ReplyCache(tmp_path).get("34" * 32, ActorList) == ActorList(actors=[])
