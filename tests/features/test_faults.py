"""Faults from the endpoint, request by request, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from briefing import generate, load_briefing
from briefing.atomic import write_atomic
from briefing.cli import main
from briefing.errors import AuthError, EndpointRefused, RunError
from briefing.models.cache import ReplyCache
from briefing.replies import ChunkExtraction

from ..fake_endpoint import Reply, Rule, completion
from ..html_page import Page


def _error(message: str, status: int) -> Reply:
    return Reply(status, {"error": {"message": message, "type": "test"}})


@pytest.fixture
def doc(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "note.txt").write_text("Alpha Corp met Beta Group in Geneva. They signed a supply deal.\n")
    return folder


@pytest.fixture
def three_docs(tmp_path: Path) -> Path:
    folder = tmp_path / "three"
    folder.mkdir()
    (folder / "a-good.txt").write_text("Alpha Corp opened a plant in Lyon. Workers were hired.\n")
    (folder / "b-poison.txt").write_text("Gamma Bank POISONPILL reported losses. Shares fell.\n")
    (folder / "c-good.txt").write_text("Delta Group sold its stake in Kiev. The price was high.\n")
    return folder


def _endpoint_args(settings, tmp_path: Path) -> list[str]:
    return ["--base-url", settings.base_url, "--model", "test-model", "--cache-dir", str(tmp_path / "c")]


def _extractions(endpoint) -> list[dict]:
    return [r for r in endpoint.requests if "excerpt" in r["messages"][0]["content"]]  # not synthesis, not check


TRANSIENT = {
    "429": _error("rate limited", 429),
    "429 with Retry-After": Reply(429, {"error": {"message": "slow down"}}, headers={"retry-after": "0.01"}),
    "500": _error("internal", 500),
    "502": _error("bad gateway", 502),
    "503": _error("overloaded", 503),
    "connection reset": Reply(drop=True),
    "slower than the timeout": Reply(delay=3.0),
    "200 that is not JSON": Reply(200, "<html>proxy error</html>"),
}


@pytest.mark.parametrize("fault", TRANSIENT)
def test_transient_fault_is_retried_and_the_run_succeeds(fault, doc, settings, endpoint):
    endpoint.script = [TRANSIENT[fault]] * 2
    brief = generate([str(doc)], settings.model_copy(update={"timeout": 0.5}))
    assert brief.actors
    first, second, third = endpoint.requests[:3]
    assert first == second == third, "a retry resends the same request, with no error text added"
    assert len(endpoint.requests) == 5, "two faults, the extraction, the synthesis, the claim check"
    assert brief.run.calls == 5, "failed attempts are counted as calls"


def test_retry_after_is_honoured_and_capped_by_max_wait(doc, settings, endpoint):
    endpoint.script = [Reply(429, {"error": {"message": "later"}}, headers={"retry-after": "0.4"})]
    generate([str(doc)], settings.model_copy(update={"max_wait": 5.0}))
    assert endpoint.times[1] - endpoint.times[0] >= 0.4

    endpoint.requests.clear()
    endpoint.times.clear()
    endpoint.script = [Reply(429, {"error": {"message": "later"}}, headers={"retry-after": "600"})]
    generate([str(doc)], settings.model_copy(update={"max_wait": 0.05, "use_cache": False}))
    assert endpoint.times[1] - endpoint.times[0] < 30, "a Retry-After beyond max_wait is capped"


def test_after_the_retry_budget_a_clear_error_then_recovery(doc, settings, endpoint):
    endpoint.script = [_error("overloaded", 503)] * 3
    with pytest.raises(RunError) as info:
        generate([str(doc)], settings.model_copy(update={"max_attempts": 3}))
    assert len(endpoint.requests) == 3, "exactly max_attempts tries"
    message = str(info.value)
    assert "note.txt, chunk 1" in message and "HTTP 503" in message and "overloaded" in message
    assert "\n" not in message
    brief = generate([str(doc)], settings.model_copy(update={"max_attempts": 3}))
    assert brief.actors, "once the endpoint recovers the same run succeeds"


@pytest.mark.parametrize(
    ("status", "error", "cause"),
    [(401, AuthError, "credentials"), (403, AuthError, "credentials"), (404, EndpointRefused, "'test-model'")],
)
def test_permanent_refusals_are_not_retried_and_stop_the_run(status, error, cause, three_docs, settings, endpoint):
    endpoint.rules = [Rule("", _error("no such thing", status))]
    with pytest.raises(error, match=cause) as info:
        generate([str(three_docs)], settings.model_copy(update={"concurrency": 1, "allow_partial": True}))
    assert len(endpoint.requests) == 1, "no retry, and no other chunk tried: every call would fail alike"
    assert f"HTTP {status}" in str(info.value) and "\n" not in str(info.value)


def test_permanent_refusal_through_the_cli_is_one_line_and_exit_1(doc, settings, endpoint, tmp_path, capsys):
    endpoint.rules = [Rule("", _error("Incorrect API key provided", 401))]
    out = tmp_path / "out" / "brief.md"
    code = main(["generate", str(doc), "-o", str(out), "--provider", "openai", *_endpoint_args(settings, tmp_path)])
    assert code == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("briefing:")]
    assert len(errors) == 1 and "refused the credentials" in errors[0] and "HTTP 401" in errors[0]
    assert not out.exists() and not out.with_suffix(".json").exists()


INVALID = {
    "not JSON": (completion("Sure! Here are the actors: Alpha Corp."), "not valid JSON"),
    "breaks the schema": (completion('{"actors": 3, "quotes": [], "facts": []}'), "actors"),
    "a refusal": (completion(None, refusal="I cannot help with that."), "refused"),
    "no choices": ({"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": []}, "no choices"),
}


@pytest.mark.parametrize("kind", INVALID)
def test_invalid_reply_is_asked_again_with_the_error(kind, doc, settings, endpoint):
    body, problem = INVALID[kind]
    endpoint.script = [Reply(200, body)]
    brief = generate([str(doc)], settings)
    assert brief.actors
    first, second = _extractions(endpoint)
    assert second["messages"][:2] == first["messages"][:2]
    assert problem in second["messages"][-1]["content"], "the re-ask carries the validation error"


def test_invalid_replies_up_to_the_limit_then_the_chunk_is_reported(three_docs, settings, endpoint):
    endpoint.rules = [Rule("POISONPILL", Reply(200, completion("not json at all")))]
    # A request a document, so the poisoned one is asked alone (packed, its pack is asked alone after: test_packing).
    unpacked = settings.model_copy(update={"allow_partial": True, "max_reasks": 2, "pack_documents": False})
    brief = generate([str(three_docs)], unpacked)
    poisoned = [r for r in endpoint.requests if "POISONPILL" in json.dumps(r, ensure_ascii=False)]
    assert len(poisoned) == 3, "one ask and max_reasks re-asks"
    assert brief.run.partial
    [failed] = brief.run.failed_chunks
    assert failed.source_id.startswith("b-poison") and failed.chunk == 0 and "not valid JSON" in failed.error


def test_truncated_reply_gets_a_bigger_budget_not_a_blind_reask(doc, settings, endpoint):
    """instructor #1962: re-asking a cut-off reply with the same max_tokens cuts it off again."""
    endpoint.script = [Reply(200, completion('{"actors": [{"name": "Alp', finish_reason="length"))]
    generate([str(doc)], settings)
    first, second = _extractions(endpoint)
    assert second["max_tokens"] == 2 * first["max_tokens"]
    assert second["messages"] == first["messages"], "the same question, more room: no error text to confuse it"


def test_api_errors_never_end_up_inside_a_reask_prompt(doc, settings, endpoint):
    """instructor #1907: transient retries and re-asks are separate loops."""
    endpoint.script = [Reply(200, completion("not json")), _error("upstream exploded", 500)]
    generate([str(doc)], settings)
    _, reask, retried, *_ = _extractions(endpoint)
    assert reask == retried, "the 500 is retried with the very same re-ask"
    assert "not valid JSON" in reask["messages"][-1]["content"]
    sent = json.dumps(endpoint.requests)
    assert "upstream exploded" not in sent and "HTTP 500" not in sent


def test_token_usage_counts_failed_attempts(doc, settings, endpoint):
    """instructor #341, #715: what an invalid reply cost is still spent."""
    endpoint.script = [
        Reply(200, completion("not json", prompt_tokens=1000, completion_tokens=300)),
        _error("internal", 500),
    ]
    brief = generate([str(doc)], settings)
    assert brief.run.prompt_tokens == sum(u["prompt_tokens"] for u in endpoint.usage_sent)
    assert brief.run.completion_tokens == sum(u["completion_tokens"] for u in endpoint.usage_sent)
    assert brief.run.prompt_tokens > 1000 and brief.run.completion_tokens > 300
    assert brief.run.calls == len(endpoint.requests)


def test_a_failing_chunk_fails_the_run_by_name_and_keeps_the_rest_cached(three_docs, settings, endpoint):
    """langextract #358: a failed chunk is counted and reported, never dropped silently."""
    endpoint.rules = [Rule("POISONPILL", Reply(200, completion("not json")), times=3)]
    settings = settings.model_copy(update={"pack_documents": False})  # a request a document, counted below
    with pytest.raises(RunError, match=r"b-poison\.txt, chunk 1: .*not valid JSON.*--allow-partial") as info:
        generate([str(three_docs)], settings)
    assert "\n" not in str(info.value)
    extractions = len(_extractions(endpoint))
    assert extractions == 2 + 3, "the good chunks ran once, the poisoned one to its re-ask limit"

    endpoint.requests.clear()
    brief = generate([str(three_docs)], settings)
    assert [("POISONPILL" in json.dumps(r)) for r in _extractions(endpoint)] == [True], "only the failed call again"
    assert not brief.run.partial and brief.run.cache_hits == 2


def test_allow_partial_writes_the_brief_and_marks_what_is_missing(three_docs, settings, endpoint, tmp_path):
    endpoint.rules = [Rule("POISONPILL", Reply(200, completion("not json")))]
    brief = generate([str(three_docs)], settings.model_copy(update={"allow_partial": True, "pack_documents": False}))
    from briefing import write_outputs

    out = tmp_path / "out" / "brief.html"
    write_outputs(brief, out)
    saved = load_briefing(out.with_suffix(".json"))
    assert saved.run.partial and [f.source_id for f in saved.run.failed_chunks] == [brief.sources[1].id]
    assert {s.title for s in saved.sources} >= {"Alpha Corp opened a plant in Lyon. Workers were hired."}
    notice = Page(out.read_text()).text_of("partial")
    assert "Partial brief" in notice and "Gamma Bank POISONPILL" in notice, "the page names what is missing"
    write_outputs(brief, tmp_path / "out" / "brief.md", with_json=False)
    md = (tmp_path / "out" / "brief.md").read_text()
    assert "Missing from this brief" in md and brief.sources[1].id in md


def test_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "brief.md"
    write_atomic(target, "old brief\n")

    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new brief that would be cut half" * 1000)
    assert target.read_text() == "old brief\n"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.md"]


def test_a_render_failure_writes_nothing(doc, settings, tmp_path, capsys):
    out = tmp_path / "out" / "brief.html"
    bad = tmp_path / "bad.html.j2"
    bad.write_text("{{ brief.no_such_field }}")
    code = main(["generate", str(doc), "-o", str(out), "--template", str(bad), *_endpoint_args(settings, tmp_path)])
    assert code == 2 and "no_such_field" in capsys.readouterr().err
    assert not out.parent.exists() or not any(out.parent.iterdir())


@pytest.mark.parametrize("damage", ["truncated", "empty", "not utf-8", "old schema", "a folder"])
def test_a_corrupt_cache_entry_is_ignored_and_replaced(damage, doc, settings, endpoint):
    generate([str(doc)], settings)
    entries = sorted((settings.cache_dir / "replies").rglob("*.json"))
    assert len(entries) == 3, "the extraction, the synthesis, the claim check"
    [extraction] = [p for p in entries if '"facts"' in p.read_text()]
    good = extraction.read_bytes()
    if damage == "a folder":
        extraction.unlink()
        extraction.mkdir()
    else:
        damaged = {"truncated": good[: len(good) // 2], "empty": b"", "not utf-8": b"\xff\xfe\x00garbage"}
        extraction.write_bytes(damaged.get(damage, b'{"actors": [], "quotes": [], "facts": [], "v": 1}'))
    calls = len(endpoint.requests)
    brief = generate([str(doc)], settings)
    assert brief.actors and len(endpoint.requests) == calls + 1, "only the damaged entry is asked again"
    assert extraction.is_file() and extraction.read_bytes() == good, "and it is replaced"
    assert ReplyCache(settings.cache_dir).get(extraction.stem, ChunkExtraction) is not None


def test_stop_ends_retry_loops_in_flight(three_docs, settings, endpoint):
    """After a fatal error, calls still in their retry loops stop instead of retrying on."""
    endpoint.rules = [Rule("POISONPILL", _error("gone", 401)), Rule("", _error("busy", 503))]
    slow_retries = settings.model_copy(update={"concurrency": 3, "max_attempts": 50, "max_wait": 0.2})
    with pytest.raises(AuthError):
        generate([str(three_docs)], slow_retries)
    time.sleep(0.5)
    settled = len(endpoint.requests)
    time.sleep(0.6)
    assert len(endpoint.requests) == settled, "abandoned calls must not keep hitting the endpoint"


def test_atomic_writes_give_the_usual_permissions(tmp_path):
    umask = os.umask(0)
    os.umask(umask)
    target = tmp_path / "brief.md"
    write_atomic(target, "brief\n")
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask, "readable like any file the user writes"
