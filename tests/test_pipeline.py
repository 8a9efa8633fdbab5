"""The pipeline end to end against a real HTTP server on 127.0.0.1 (the fake endpoint)."""

from __future__ import annotations

import json
import socket

from briefing import generate, load_briefing, render
from briefing.cli import main

from .conftest import SEED
from .fake_endpoint import is_extraction


def test_seed_brief_end_to_end(seed_dir, settings, endpoint):
    brief = generate([str(seed_dir)], settings)
    source_text = SEED.read_text(encoding="utf-8").strip()
    assert brief.sources[0].text == source_text
    assert brief.quotes, "the seed's quotations are offered and attributed"
    for quote in brief.quotes:
        assert source_text[quote.start : quote.end] == quote.text
    assert brief.actors and brief.stories and brief.risks
    assert brief.run.calls == len(endpoint.requests)
    assert brief.run.prompt_tokens > 0
    assert brief.run.prompts["extract"] and brief.run.structured_output == "json_schema"


def test_documents_are_fenced_and_static_instructions_come_first(seed_dir, settings, endpoint):
    generate([str(seed_dir)], settings.model_copy(update={"chunk_chars": 1500}))
    extract_calls = [r for r in endpoint.requests if is_extraction(r)]
    assert len(extract_calls) > 1
    systems = {r["messages"][0]["content"] for r in extract_calls}
    assert len(systems) == 1, "the system prompt must be identical across chunks for prefix caching"
    assert "<<<DATA-" in extract_calls[0]["messages"][1]["content"]


def test_second_run_on_unchanged_documents_makes_no_calls(seed_dir, settings, endpoint):
    first = generate([str(seed_dir)], settings)
    calls = len(endpoint.requests)
    second = generate([str(seed_dir)], settings)
    assert len(endpoint.requests) == calls
    assert second.run.calls == 0 and second.run.cache_hits == first.run.calls


def test_concurrency_is_bounded(tmp_path, settings, endpoint):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(12):
        words = " ".join(f"w{i}x{j}" for j in range(40))
        (folder / f"doc{i}.txt").write_text(f"Document {i} about Alpha Corp. {words}.")
    generate([str(folder)], settings.model_copy(update={"concurrency": 3}))
    assert 2 <= endpoint.max_in_flight <= 3


def test_progress_counts_each_chunk_as_it_ends(tmp_path, settings, endpoint):
    # One call at a time: the first chunk must be reported done long before the last is sent
    # (a wait for all of them made the bar jump from 0 to the end, after minutes on a local model).
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(4):
        (folder / f"doc{i}.txt").write_text(
            f"Document {i} about Alpha Corp. " + " ".join(f"w{i}x{j}" for j in range(40))
        )
    asked_when_reported: dict[int, int] = {}

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "extract":
            asked_when_reported.setdefault(done, len(endpoint.requests))

        # A request a document (as the local model, where this matters, always asks): packed, the four are one request.

    generate([str(folder)], settings.model_copy(update={"concurrency": 1, "pack_documents": False}), progress=progress)
    # The worker may already have sent the next chunk's call when chunk 1 is reported.
    assert asked_when_reported[1] <= 2 and asked_when_reported[2] <= 3, asked_when_reported


def test_render_makes_no_network_connection(seed_dir, settings, tmp_path, monkeypatch):
    out = tmp_path / "out" / "brief.html"
    brief = generate([str(seed_dir)], settings)
    (tmp_path / "brief.json").write_text(brief.model_dump_json())

    def refuse(*args, **kwargs):
        raise AssertionError("render opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    assert main(["render", str(tmp_path / "brief.json"), "--template", "brief.html.j2", "-o", str(out)]) == 0
    html = out.read_text()
    assert "<!DOCTYPE html>" in html and brief.quotes[0].text in html
    assert not (tmp_path / "out" / "brief.json").exists(), "render writes only what was asked"


def test_generate_writes_output_and_json_beside_it(seed_dir, settings, tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", settings.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("BRIEFING_MODEL", "test-model")
    out = tmp_path / "out" / "brief.html"
    code = main(["generate", str(seed_dir), "-o", str(out), "--cache-dir", str(tmp_path / "c")])
    assert code == 0
    brief = load_briefing(tmp_path / "out" / "brief.json")
    assert brief.title in out.read_text()
    assert render(brief, "brief.md.j2").startswith(f"# {brief.title}")


def test_record_then_replay_without_a_server(seed_dir, settings, endpoint, tmp_path):
    tape = tmp_path / "tape.yaml"
    recorded = generate([str(seed_dir)], settings, record=tape)
    text = tape.read_text(encoding="utf-8")
    assert "Президент США" in text, "non-ASCII is stored readable"
    assert "\\u04" not in text
    assert settings.api_key.get_secret_value() not in text and "authorization" not in text.lower()
    endpoint.stop()
    replay_settings = settings.model_copy(update={"cache_dir": tmp_path / "fresh-cache"})
    replayed = generate([str(seed_dir)], replay_settings, replay=tape)
    assert replayed.actors == recorded.actors and replayed.quotes == recorded.quotes


def test_brief_json_round_trips(seed_dir, settings, tmp_path):
    brief = generate([str(seed_dir)], settings)
    path = tmp_path / "b.json"
    path.write_text(brief.model_dump_json())
    assert load_briefing(path) == brief
    assert json.loads(path.read_text())["run"]["schema_version"]


def test_compiled_templates_are_kept_and_never_served_stale(seed_dir, settings, tmp_path, monkeypatch):
    brief = generate([str(seed_dir)], settings)
    compiled = tmp_path / "user-cache" / "templates"
    first = render(brief, "brief.html.j2")
    assert list(compiled.glob("*.cache")), "the compiled page template is kept for the next render"
    assert render(brief, "brief.html.j2") == first

    template = tmp_path / "mine.md.j2"
    template.write_text("{{ brief.title }}\n")
    assert render(brief, str(template)) == brief.title
    template.write_text("edited: {{ brief.title }}\n")
    assert render(brief, str(template)) == "edited: " + brief.title, "an edited template is compiled again"

    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("BRIEFING_CACHE_DIR", str(blocked))
    assert render(brief, "brief.html.j2") == first, "a cache that cannot be written only means compiling again"


def test_a_chunks_calls_run_in_a_row_and_differ_only_in_their_last_line(seed_dir, settings, endpoint):
    """llama.cpp's one slot keeps the last prompt's tokens: a chunk's three calls share all but their ending,
    so the instructions are evaluated once a run and each excerpt once, not three times."""
    from briefing.models.llm import OpenAIEndpoint
    from briefing.pipeline import Pipeline

    class OneSlot(OpenAIEndpoint):  # the local model's prompts, schema mode (the prebuilt server's) and slot
        extraction_prompts = ("actors", "notes", "analysis")
        structured_output = "grammar"
        max_concurrency = 1
        default_chunk_chars = 900

    model = OneSlot("test-model", base_url=endpoint.base_url, api_key="k" * 20, timeout=5, max_attempts=1, max_wait=0)
    seen: list[tuple[str, int, int]] = []
    pipeline = Pipeline(model, settings, lambda stage, done, total: seen.append((stage, done, total)))
    from briefing.ingest.documents import load_documents

    brief = pipeline.run(load_documents([str(seed_dir)]))
    calls = [r for r in endpoint.requests if is_extraction(r)]  # not the names call nor the synthesis
    assert len(calls) > 3 and len(calls) % 3 == 0
    systems = {r["messages"][0]["content"] for r in calls}
    assert len(systems) == 1, "one set of instructions for all three prompts"
    for n in range(0, len(calls), 3):
        users = [r["messages"][1]["content"] for r in calls[n : n + 3]]
        shared = _common_start(users)
        assert all(len(u) - len(shared) < 300 for u in users), "the three calls differ only in their last line"
        assert shared.count("<<<DATA-") == 1 and ">>>" in shared, "and share the whole excerpt, in one fence"
    excerpts = [_common_start([r["messages"][1]["content"] for r in calls[n : n + 3]]) for n in (0, 3)]
    assert excerpts[0] != excerpts[1], "the next chunk's calls follow"
    assert brief.actors and brief.key_points and brief.quotes, "each chunk's three replies still make one extraction"
    assert ("extract", 1, len(calls) // 3) in seen, "progress as each chunk ends"
    run = brief.run
    assert run.first_chunk_seconds is not None and 0 < run.first_chunk_seconds <= run.extract_seconds <= run.seconds
    assert run.structured_output == "grammar"
    for request in endpoint.requests:  # llama.cpp's own field, top level in the body, and no response_format
        assert "response_format" not in request and request["grammar"].startswith("%llguidance {}\nstart: %json {")


def _common_start(texts: list[str]) -> str:
    end = next((i for i, chars in enumerate(zip(*texts, strict=False)) if len(set(chars)) > 1), min(map(len, texts)))
    return texts[0][:end]


def test_countries_come_from_the_table_when_no_reply_names_them(tmp_path, settings, endpoint):
    from .fake_endpoint import Reply, Rule, completion

    doc = tmp_path / "deal.txt"
    doc.write_text("Alpha Corp signed a deal in Kazakhstan on Monday. The Washington Post reported it.\n")
    nothing = {"actors": [], "quotes": [], "facts": [], "stakes": [], "risks": []}
    endpoint.rules = [Rule("Excerpt", Reply(200, completion(json.dumps(nothing))))]
    brief = generate([str(doc)], settings)
    assert [(a.name, a.kind) for a in brief.actors] == [("Kazakhstan", "country")], "and a newspaper's name is none"


def test_a_translation_that_copies_the_quotation_is_not_shown(tmp_path, settings, endpoint):
    from .fake_endpoint import Reply, Rule, completion

    def brief_of(name: str, quote: str, translation: str):
        doc = tmp_path / name
        doc.write_text(f"Министр заявил: «{quote}». Это важно для региона.\n", encoding="utf-8")
        attribution = {"candidate": 1, "speaker": None, "translation": translation}
        reply = {"actors": [], "quotes": [attribution], "facts": [], "stakes": [], "risks": []}
        endpoint.rules = [Rule("Excerpt", Reply(200, completion(json.dumps(reply, ensure_ascii=False))))]
        return generate([str(doc)], settings)

    copied = brief_of("a.txt", "Мы откроем дверь инвестициям", "Мы откроем дверь инвестициям")
    assert [q.translation for q in copied.quotes] == [None], "the 1.5B model's copy is no translation"
    translated = brief_of("b.txt", "Мы откроем дверь капиталу", "We will open the door to capital")
    assert [q.translation for q in translated.quotes] == ["We will open the door to capital"]


def test_a_chunk_of_more_quotations_than_the_usual_limit_has_each_attributed_in_one_call(tmp_path, settings, endpoint):
    said = " ".join(f"Министр {n} заявил: «Мы подпишем соглашение номер {n} в этом году»." for n in range(1, 31))
    doc = tmp_path / "many.txt"
    doc.write_text(said + "\n", encoding="utf-8")
    brief = generate([str(doc)], settings)
    assert len([r for r in endpoint.requests if is_extraction(r)]) == 1, "no re-ask"
    assert len(brief.quotes) == 30


def test_the_language_model_is_let_go_before_the_model_is_asked(tmp_path, settings, endpoint):
    # Its mapped pages would count in the run's peak memory for the whole of the calls.
    from briefing.text import languages

    held = []
    original = endpoint.answer

    def answer(request: dict) -> dict:
        held.append(languages._identifier.cache_info().currsize)
        return original(request)

    endpoint.answer = answer
    doc = tmp_path / "a.txt"
    doc.write_text("Президент Казахстана встретился с министром иностранных дел в Астане.\n", encoding="utf-8")
    brief = generate([str(doc)], settings)
    assert brief.sources[0].language == "ru", "the language was told while the document was read"
    assert held and set(held) == {0}
