"""--batch: the map stage through OpenAI's Batch API, against a fake batch endpoint on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing import Settings, generate
from briefing.cli import main
from briefing.errors import InputError
from briefing.replies import ChunkExtraction

from ..fake_batch import FakeBatchEndpoint
from ..fake_endpoint import completion


@pytest.fixture
def batch_api() -> Iterator[FakeBatchEndpoint]:
    server = FakeBatchEndpoint().start()
    yield server
    server.stop()


@pytest.fixture
def batch_settings(batch_api: FakeBatchEndpoint, settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(
        update={"base_url": batch_api.base_url, "batch": True, "batch_poll": 0.01, "cache_dir": tmp_path / "bc"}
    )


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha Corp opened a plant in Lyon. «We hire», said Anna Weber.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Gamma Bank reported losses in Oslo. Shares fell sharply.\n", encoding="utf-8")
    (folder / "c.txt").write_text("Delta Group sold its stake in Kyiv. The price was high.\n", encoding="utf-8")
    return folder


def _extractions(requests: list[dict]) -> list[dict]:
    return [r for r in requests if "excerpt" in r["messages"][0]["content"]]  # not synthesis, not check


def _content(brief) -> dict:
    return brief.model_dump(include={"title", "bluf", "key_points", "stories", "actors", "stakes", "risks", "quotes"})


def test_the_map_stage_goes_in_one_batch_and_the_brief_is_the_interactive_ones(
    docs, settings, endpoint, batch_settings, batch_api
):
    interactive = generate([str(docs)], settings)
    batched = generate([str(docs)], batch_settings)
    assert _content(batched) == _content(interactive)
    assert len(batch_api.batches) == 1 and batch_api.uploads == 1
    lines = batch_api.lines_of("batch_1")
    sent = _extractions(endpoint.requests)
    assert sorted(json.dumps(line["body"], sort_keys=True) for line in lines) == sorted(
        json.dumps(r, sort_keys=True) for r in sent
    ), "each line is the request the interactive run sent"
    assert all(line["url"] == "/v1/chat/completions" and line["method"] == "POST" for line in lines)
    assert batch_api.chat_requests and not _extractions(batch_api.chat_requests), "only synthesis and check"
    assert batched.run.calls == len(lines) + len(batch_api.chat_requests) and batched.run.cache_hits == 0
    assert not list((batch_settings.cache_dir / "batches").glob("*.json")), "a finished batch leaves no state"


def test_cached_replies_are_not_sent_again(docs, batch_settings, batch_api):
    generate([str(docs)], batch_settings)
    (docs / "d.txt").write_text("Epsilon Ltd moved to Riga. Jobs were cut.\n", encoding="utf-8")
    brief = generate([str(docs)], batch_settings)
    assert len(batch_api.batches) == 2
    assert len(batch_api.lines_of("batch_2")) == 1, "only the new document's call"
    assert brief.run.cache_hits >= 3, "the three documents' extractions, and the checks of unchanged claims"
    generate([str(docs)], batch_settings)
    assert len(batch_api.batches) == 2, "nothing new: no batch at all"


def test_a_failed_line_and_an_invalid_one_are_asked_again_interactively(docs, batch_settings, batch_api):
    batch_api.fail_lines, batch_api.invalid_lines = 1, 1
    # A line a document: the first two lines fail, and the third document is on a line of its own.
    brief = generate([str(docs)], batch_settings.model_copy(update={"pack_documents": False}))
    lines = batch_api.lines_of("batch_1")
    asked = _extractions(batch_api.chat_requests)
    assert len(asked) == 2 and {json.dumps(r, sort_keys=True) for r in asked} == {
        json.dumps(line["body"], sort_keys=True) for line in lines[:2]
    }, "the two lines that did not come back valid, and only those"
    assert len(brief.sources) == 3 and not brief.run.partial


def test_an_expired_batch_is_one_line_and_the_rerun_sends_only_the_rest(docs, batch_settings, batch_api, capsys):
    batch_api.expire = True
    args = ["generate", str(docs), "--provider", "openai", "--base-url", batch_api.base_url, "--model", "test-model"]
    args += ["--batch", "--batch-poll", "0.01", "--cache-dir", str(batch_settings.cache_dir), "--no-pack"]
    assert main(args) == 1
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("briefing:")]
    assert err == [
        "briefing: error: batch batch_1 expired before the provider finished it (completion window 24 h) "
        "(1 of 3 requests done; 1 valid replies kept in the cache): run again to send the rest in a new batch, "
        "or without --batch"
    ]
    batch_api.expire = False
    assert main(args) == 0
    assert len(batch_api.lines_of("batch_2")) == 2, "the reply that came back is not paid for twice"


def test_an_interrupted_poll_resumes_the_same_batch(docs, batch_settings, batch_api):
    batch_api.polls_to_finish = 3

    def interrupt(stage: str, done: int, total: int) -> None:
        if stage == "batch":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        generate([str(docs)], batch_settings, progress=interrupt)
    assert len(batch_api.batches) == 1 and batch_api.batches["batch_1"]["status"] == "validating"
    brief = generate([str(docs)], batch_settings)
    assert len(batch_api.batches) == 1 and batch_api.uploads == 1, "no second batch, no second upload"
    assert batch_api.batches["batch_1"]["status"] == "completed" and brief.actors


def test_batch_needs_an_openai_endpoint(batch_settings):
    from briefing.models.batch import BatchRequest, run_batch
    from briefing.models.llm import Usage
    from briefing.models.local_model import LocalModel
    from briefing.models.structured import StructuredCaller

    model = LocalModel(None, api_key=None, timeout=1, max_attempts=1, max_wait=0)
    caller = StructuredCaller(model, mode="auto", options=batch_settings.options, usage=Usage(), max_reasks=0)
    with pytest.raises(InputError, match=r"--batch needs an OpenAI endpoint"):
        run_batch(
            [BatchRequest("k", [], ChunkExtraction, "t", batch_settings.options)],
            model,
            caller,
            None,
            Usage(),
            batch_settings,
            print,
        )


def test_an_unreadable_batch_state_means_a_new_batch_not_a_failure(docs, batch_settings, batch_api):
    def interrupt(stage: str, done: int, total: int) -> None:
        if stage == "batch":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        generate([str(docs)], batch_settings, progress=interrupt)
    (state,) = (batch_settings.cache_dir / "batches").glob("*.json")
    state.write_text("{not json", encoding="utf-8")
    assert generate([str(docs)], batch_settings).actors
    assert len(batch_api.batches) == 2


def test_a_batch_line_says_what_its_endpoint_took_from_its_prompt_cache():
    """As an interactive reply does: a batch's prompt tokens are not all counted as evaluated."""
    from briefing.models.batch import _completion
    from briefing.models.llm import Usage

    body = completion('{"x": 1}', prompt_tokens=1000)
    usage = Usage()
    unsaid = _completion(body)
    body["usage"]["prompt_tokens_details"] = {"cached_tokens": 768}
    said = _completion(body)
    assert (unsaid.cached_tokens, said.cached_tokens) == (None, 768)
    usage.add(said.prompt_tokens, said.completion_tokens, 0, said.cached_tokens)
    assert usage.prompt_tokens_evaluated == 232
