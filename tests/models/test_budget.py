"""The context budget: no call is sent that the model's window cannot hold.

Against the test endpoint with a context limit (it rejects, as llama.cpp does, any
prompt plus max_tokens over it): extraction chunks shrink to fit, a synthesis that
cannot fit one call is made from condensed notes (reduce.py), and nothing sent is rejected.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing import generate
from briefing.cli import main
from briefing.config import LLMOptions
from briefing.errors import ContextOverflow
from briefing.models.budget import DEFAULT_WINDOW, ContextBudget, default_window, estimate_tokens
from briefing.models.llm import Completion, Usage
from briefing.models.structured import StructuredCaller
from briefing.replies import ChunkExtraction

from ..conftest import SEED
from .test_structured import GOOD, Scripted, build

# Tokens of the seed article by the default local model's own tokenizer (Qwen2.5's BPE,
# llama_cpp.Llama(vocab_only=True).tokenize), measured once: the estimate must not count fewer.
SEED_QWEN_TOKENS = 871


def test_the_estimate_counts_high_in_every_script():
    seed = SEED.read_text(encoding="utf-8")
    assert estimate_tokens(seed) >= SEED_QWEN_TOKENS * 1.2
    assert estimate_tokens("word " * 300) >= 300, "English: at least a token a word"
    assert estimate_tokens("中华人民共和国" * 100) >= 700, "CJK: at least a token a character"
    assert estimate_tokens("Привет " * 100) >= 300, "Cyrillic: at least half a token a letter"
    assert estimate_tokens("2025-11-06 " * 100) >= 1000, "digits and marks: a token each"


def test_known_models_have_their_windows_and_others_a_default():
    assert default_window("gpt-4o-2024-08-06") == 128_000
    assert default_window("openai/gpt-4o-mini") == 128_000
    assert default_window("gpt-4") == 8_192 and default_window("gpt-4-turbo") == 128_000
    assert default_window("gpt-4.1-mini") == 1_047_576
    assert default_window("qwen2.5-coder-1.5b-instruct") == 8_192
    assert default_window("some-local-thing") == DEFAULT_WINDOW


def test_fits_and_count_for_the_reduce_stage():
    budget = ContextBudget(2048)
    small = [{"role": "system", "content": "Summarise."}, {"role": "user", "content": "Alpha met Beta."}]
    big = [{"role": "user", "content": "word " * 3000}]
    assert budget.count(small) < 64 and budget.fits(small, 1024)
    assert budget.count(big) >= 3000 and not budget.fits(big, 1024)
    assert budget.count(small, {"type": "json_schema", "json_schema": {"schema": {"type": "object"}}}) > budget.count(
        small
    ), "the schema sent is read by the model too"


def test_a_call_that_cannot_fit_is_not_sent():
    model = Scripted([GOOD])
    model.budget = ContextBudget(1100, model="tiny")
    caller = StructuredCaller(model, mode="json_schema", options=LLMOptions(), usage=Usage(), max_reasks=1)
    with pytest.raises(ContextOverflow, match=r"synthesis: the prompt \(~[\d,]+ tokens\) and a reply of up to 1,024"):
        caller.call(build, ChunkExtraction, label="synthesis")
    assert model.sent == []


def test_a_cut_off_reply_gets_only_the_room_the_window_has():
    model = Scripted([Completion('{"actors": [', "length", 7, 1024), GOOD])
    model.budget = ContextBudget(3000)
    caller = StructuredCaller(model, mode="json_schema", options=LLMOptions(), usage=Usage(), max_reasks=2)
    caller.call(build, ChunkExtraction, label="t")
    second = model.sent[1]
    assert 1024 < second[2].max_tokens < 2048
    assert model.budget.fits(second[0], second[2].max_tokens, second[1])


@pytest.fixture
def long_doc(tmp_path: Path) -> Path:
    folder = tmp_path / "long"
    folder.mkdir()
    paragraphs = [
        f"Alpha Corp and Beta Group met in Geneva on day {n}. They signed supply deal {n}." for n in range(300)
    ]
    (folder / "long.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return folder


def test_chunks_shrink_so_every_extraction_prompt_fits(long_doc, settings, endpoint):
    endpoint.context_limit = 4096
    brief = generate([str(long_doc)], settings.model_copy(update={"context_window": 4096}))
    extractions = [r for r in endpoint.requests if "morning brief" not in r["messages"][0]["content"]]
    text = (long_doc / "long.txt").read_text()
    assert len(text) < 16_000 * 2 and len(extractions) > 2, "more, smaller chunks than the provider's 16,000 chars"
    assert endpoint.over_limit == 0 and endpoint.largest_request <= 4096
    assert brief.stories and not brief.run.partial


def test_a_day_whose_synthesis_cannot_fit_one_call_still_briefs(long_doc, settings, endpoint, tmp_path):
    endpoint.context_limit = 4096
    out = tmp_path / "brief.json"
    args = ["generate", str(long_doc), "--base-url", endpoint.base_url, "--model", "test-model", "-o", str(out)]
    code = main([*args, "--context-window", "4096", "--chunk-chars", "300", "--cache-dir", str(settings.cache_dir)])
    systems = [r["messages"][0]["content"] for r in endpoint.requests]
    assert code == 0 and out.exists()
    assert sum("condensing the notes" in s for s in systems) > 0, "the notes were condensed (reduce.py)"
    assert sum("morning brief" in s for s in systems) == 1
    assert endpoint.over_limit == 0 and endpoint.largest_request <= 4096


def test_context_window_below_a_useful_size_is_bad_input(long_doc, capsys):
    code = main(["generate", str(long_doc), "--base-url", "http://127.0.0.1:9/v1", "--context-window", "100"])
    assert code == 2
    assert capsys.readouterr().err.strip() == (
        "briefing: error: --context-window: Input should be greater than or equal to 1024"
    )
