"""Cassettes say how they were recorded, and replay as recorded in any environment.

A shell with OPENAI_API_KEY, OPENAI_BASE_URL and BRIEFING_MODEL set (most CI
machines and developers' laptops) must replay a cassette exactly as one with
none of them; a replay that cannot match names what differs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from briefing import Settings, generate
from briefing.cli import main
from briefing.errors import ReplayError

from ..conftest import ROOT

JUNK_ENV = {
    "OPENAI_API_KEY": "unrelated-test-key",
    "OPENAI_BASE_URL": "http://unrelated.invalid:9/some/other/v1",
    "BRIEFING_MODEL": "unrelated-model",
}


@pytest.fixture
def junk_env(monkeypatch):
    for name, value in JUNK_ENV.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def tape(seed_dir, settings, tmp_path) -> tuple[Path, object]:
    """A recording of the seed against the test endpoint, with a non-default chunk size and language."""
    path = tmp_path / "tape.yaml"
    recorded = generate(
        [str(seed_dir)], settings.model_copy(update={"chunk_chars": 1200, "language": "de"}), record=path
    )
    return path, recorded


def _header(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["metadata"]["recorded_with"]


def test_recording_writes_how_it_was_made_at_the_top(tape, seed_dir):
    path, recorded = tape
    assert path.read_text(encoding="utf-8").startswith("metadata:\n  recorded_with:\n")
    header = _header(path)
    assert header["provider"] == "openai" and header["model"] == "test-model" and header["api_path"] == "/v1"
    assert header["structured_output"] == "json_schema"
    assert header["chunk_chars"] == 1200 and header["chunk_overlap"] == 150 and header["language"] == "de"
    assert header["options"] == {"temperature": 0.0, "max_tokens": 1024, "seed": 0}
    assert header["pack_documents"] is True  # a remote endpoint packs, where documents are short enough
    assert header["schema_version"] == recorded.run.schema_version
    assert header["prompts"] == recorded.run.prompts
    assert header["documents"] == [s.sha256 for s in recorded.sources]
    assert "127.0.0.1" not in yaml.safe_dump(header), "no host or port: those change every run"


def test_replay_runs_as_recorded_whatever_the_environment_holds(tape, seed_dir, endpoint, tmp_path, junk_env, offline):
    path, recorded = tape
    endpoint.stop()
    # The environment names another key, endpoint and model; the settings another language, chunk size and packing.
    settings = Settings.from_env(cache_dir=tmp_path / "fresh", chunk_chars=5000, language="en", pack_documents=False)
    replayed = generate([str(seed_dir)], settings, replay=path)
    assert replayed.actors == recorded.actors and replayed.quotes == recorded.quotes
    assert replayed.stories == recorded.stories and replayed.language == "de"
    assert replayed.run.model == "test-model"


def test_the_seed_cassette_replays_with_unrelated_settings_in_the_environment(seed_dir, tmp_path, junk_env, offline):
    out = tmp_path / "out" / "brief.md"
    cassette = ROOT / "cassettes" / "seed.yaml"
    code = main(["generate", str(seed_dir), "--replay", str(cassette), "-o", str(out), "--cache-dir", str(tmp_path)])
    assert code == 0 and out.read_text(encoding="utf-8").startswith("# ")


def test_every_cassette_says_how_it_was_recorded():
    cassettes = sorted((ROOT / "cassettes").glob("*.yaml"))
    assert cassettes
    for path in cassettes:
        header = _header(path)
        assert header["provider"] in ("openai", "local") and header["prompts"] and header["documents"], path.name


def test_a_miss_names_documents_that_are_not_the_recorded_ones(tape, seed_dir, tmp_path, offline):
    path, _ = tape
    doc = next(seed_dir.iterdir())
    doc.write_text(doc.read_text(encoding="utf-8") + "\nОдно новое предложение.\n", encoding="utf-8")
    with pytest.raises(ReplayError) as caught:
        generate([str(seed_dir)], Settings(cache_dir=tmp_path / "c2"), replay=path)
    message = str(caught.value)
    assert "no recorded response" in message and "cassette recorded with 1 document(s)" in message
    assert "(1 not in the recording)" in message and message.endswith("re-record (README, Recorded responses)")


def test_a_miss_names_the_prompt_that_changed(tape, seed_dir, tmp_path, offline):
    path, _ = tape
    # As if recorded with an older extraction prompt: its hash and its instructions differ.
    text = path.read_text(encoding="utf-8")
    recorded = _header(path)["prompts"]["extract"]
    text = text.replace(recorded, "ab12" + "0" * 60).replace("You are", "You were", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReplayError, match=rf"prompts extract=ab120000…, this run has extract={recorded[:8]}…"):
        generate([str(seed_dir)], Settings(cache_dir=tmp_path / "c2"), replay=path)


def test_a_miss_names_the_schema_version(tape, seed_dir, tmp_path, offline):
    path, recorded = tape
    text = path.read_text(encoding="utf-8").replace("schema_version: '", "schema_version: '0", 1)
    path.write_text(text.replace("You are", "You were"), encoding="utf-8")
    version = recorded.run.schema_version
    with pytest.raises(ReplayError, match=rf"schema version 0{version}, this run has {version}"):
        generate([str(seed_dir)], Settings(cache_dir=tmp_path / "c2"), replay=path)


def test_a_cassette_without_a_header_replays_with_the_settings_at_hand(tape, seed_dir, settings, tmp_path, offline):
    path, recorded = tape
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["metadata"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    as_recorded = settings.model_copy(update={"cache_dir": tmp_path / "c2", "chunk_chars": 1200, "language": "de"})
    assert generate([str(seed_dir)], as_recorded, replay=path).actors == recorded.actors
    with pytest.raises(ReplayError, match="does not say how it was recorded"):
        generate([str(seed_dir)], as_recorded.model_copy(update={"language": "en"}), replay=path)


def test_a_malformed_header_is_a_one_line_input_error(tape, seed_dir, tmp_path, capsys):
    path, _ = tape
    path.write_text(path.read_text(encoding="utf-8").replace("chunk_chars: 1200", "chunk_chars: many"), "utf-8")
    code = main(["generate", str(seed_dir), "--replay", str(path), "--cache-dir", str(tmp_path / "c2")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert err[0].startswith(f"briefing: error: {path}: metadata recorded_with.chunk_chars: ") and "integer" in err[0]


def test_refresh_calls_only_what_the_cassette_lacks_and_drops_what_the_run_no_longer_sends(
    tape, seed_dir, settings, endpoint
):
    path, recorded = tape
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    held = len(data["interactions"])
    # One call as if its prompt had changed since (the run will send it anew), and one the run no longer sends.
    changed = data["interactions"][0]["request"]
    changed["body"] = changed["body"].replace("You are", "You were", 1)
    data["interactions"].append(data["interactions"][1] | {"request": changed})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    endpoint.requests.clear()

    refreshed = generate(
        [str(seed_dir)], settings.model_copy(update={"chunk_chars": 1200, "language": "de"}), record=path, refresh=True
    )

    assert len(endpoint.requests) == 1, "only the call the cassette no longer held went to the model"
    assert refreshed.actors == recorded.actors and refreshed.quotes == recorded.quotes
    after = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert len(after["interactions"]) == held, "the two stale calls were dropped, the new one kept"
    assert all("You were" not in i["request"]["body"] for i in after["interactions"])
    assert _header(path)["prompts"] == refreshed.run.prompts


def test_refresh_of_a_missing_cassette_is_a_one_line_error(seed_dir, tmp_path, capsys):
    code = main(["generate", str(seed_dir), "--refresh", str(tmp_path / "none.yaml"), "-o", str(tmp_path / "b.md")])
    assert code == 2 and "no such cassette to refresh" in capsys.readouterr().err


def test_every_cassette_holds_only_the_runs_model_calls():
    """The prebuilt server is asked to count tokens (`/tokenize`) for the budget while recording; a replay counts
    with the estimate and never asks, so a cassette holding such calls only hides its model calls among them."""
    for path in sorted((ROOT / "cassettes").glob("*.yaml")):
        uris = re.findall(r"^    uri: (\S+)$", path.read_text(encoding="utf-8"), flags=re.M)
        assert uris and all(u.endswith("/chat/completions") for u in uris), (path.name, set(uris))
