"""Repeat runs cost only what changed: the cache at work across runs (real HTTP, fake endpoint)."""

from __future__ import annotations

from briefing import generate

from ..fake_endpoint import is_extraction


def _write(folder, name, title, body):
    (folder / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")


def _is_synthesis(request) -> bool:
    return "morning brief" in request["messages"][0]["content"]


def test_adding_a_document_extracts_only_it_and_synthesises_again(tmp_path, settings, endpoint):
    folder = tmp_path / "docs"
    folder.mkdir()
    for i, place in enumerate(["Rotterdam", "Almaty", "Gdansk"]):
        words = " ".join(f"w{i}x{j}" for j in range(60))
        _write(folder, f"doc{i}.txt", f"Port dispute in {place}", f"Maria Lindqvist spoke. {words}.")
    generate([str(folder)], settings)
    seen = len(endpoint.requests)

    _write(folder, "doc3.txt", "Rail talks in Tashkent", "James Okafor of Meridian Rail said talks would resume soon.")
    second = generate([str(folder)], settings)

    new = endpoint.requests[seen:]
    extractions = [r for r in new if is_extraction(r)]
    assert extractions, "the new document is extracted"
    assert all("Rail talks in Tashkent" in r["messages"][-1]["content"] for r in extractions), "only the new one"
    assert sum(_is_synthesis(r) for r in new) == 1, "a changed set of documents misses the synthesis cache"
    extracted_before = sum(is_extraction(r) for r in endpoint.requests[:seen])
    # Every chunk of the first run answered from the cache (the claim check may hit it too).
    assert second.run.cache_hits >= extracted_before > 0
    assert second.run.calls == len(new)
