"""The langextract peer, run in its own interpreter (its dependencies are not ours).

    python bench/lx_peer.py BASE_URL CORPUS_DIR CHUNK_CHARS WORKERS [MAX_TOKENS]

Extracts actors and verbatim quotations from every document of CORPUS_DIR
with langextract's OpenAI provider pointed at the benchmark endpoint, with the
same chunk size and concurrency as ours, and prints one JSON line of figures,
calls and tokens among them (langextract discards the replies' usage, so its
client is wrapped to sum it). MAX_TOKENS caps every reply, as ours are capped:
without a cap a small local model can generate until its context is full.
It makes no synthesis call: langextract has none.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from pathlib import Path
from typing import Any

from row import peak_mb  # bench/row.py, beside this script: the same measure as our rows

PROMPT = (
    "Extract every actor (person or organisation) named in the text and every quotation, "
    "verbatim, with who said it. Use exact text from the source; do not paraphrase."
)


class Usage:
    """Calls and tokens of every reply; langextract calls from worker threads."""

    def __init__(self) -> None:
        self.calls = self.prompt_tokens = self.completion_tokens = 0
        self._lock = threading.Lock()

    def count(self, create: Any) -> Any:
        def counted(**params: Any) -> Any:
            response = create(**params)
            usage = getattr(response, "usage", None)
            with self._lock:
                self.calls += 1
                self.prompt_tokens += (usage and usage.prompt_tokens) or 0
                self.completion_tokens += (usage and usage.completion_tokens) or 0
            return response

        return counted


def main() -> None:
    base_url, folder, chunk_chars, workers = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    cap = {"max_output_tokens": int(sys.argv[5])} if len(sys.argv) > 5 else {}
    import langextract as lx
    from langextract.providers.openai import OpenAILanguageModel

    logging.disable(logging.WARNING)  # its per-chunk warnings are not figures
    examples = [
        lx.data.ExampleData(
            text='"We will defend our interests," said Anna Berg of Polar Shipping.',
            extractions=[
                lx.data.Extraction("actor", "Anna Berg", attributes={"kind": "person"}),
                lx.data.Extraction("actor", "Polar Shipping", attributes={"kind": "person"}),
                lx.data.Extraction("quote", "We will defend our interests", attributes={"speaker": "Anna Berg"}),
            ],
        )
    ]
    docs = [
        lx.data.Document(text=p.read_text(encoding="utf-8").strip(), document_id=p.stem)
        for p in sorted(folder.glob("*.txt"))
    ]
    model = OpenAILanguageModel(model_id="bench-model", api_key="unused", base_url=base_url, max_workers=workers, **cap)
    usage = Usage()
    completions = model._client.chat.completions
    completions.create = usage.count(completions.create)
    wall, cpu = time.perf_counter(), time.process_time()
    results = list(
        lx.extract(
            docs,
            prompt_description=PROMPT,
            examples=examples,
            model=model,
            max_char_buffer=chunk_chars,
            batch_length=1000,  # one batch: let max_workers decide the parallelism
            max_workers=workers,
            show_progress=False,
            prompt_validation_level=lx.prompt_validation.PromptValidationLevel.OFF,
        )
    )
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    extractions = [e for r in results for e in (r.extractions or [])]
    grounded = [e for e in extractions if e.char_interval is not None]
    print(
        json.dumps(
            {
                "wall": wall,
                "cpu": cpu,
                "rss_mb": peak_mb(),
                "actors": len({e.extraction_text for e in grounded if e.extraction_class == "actor"}),
                "quotes": sum(1 for e in grounded if e.extraction_class == "quote"),
                "calls": usage.calls,
                "prompt_tokens": usage.prompt_tokens,
                "completion_tokens": usage.completion_tokens,
            }
        )
    )


if __name__ == "__main__":
    main()
