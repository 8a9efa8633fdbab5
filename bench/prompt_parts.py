"""Where an extraction request's prompt tokens go, as a share of the source tokens.

    python bench/prompt_parts.py [--docs 40]

Plans (without sending) every extraction request of a run of the bench corpus with the remote
provider's settings (the one-prompt extraction, 128k window, short documents packed), and counts with bench/answers.py's
counter (the local model's BPE vocabulary when installed) the system message, the user message and
the schema sent in response_format, and within the user message the sentences' own text, their
numbers and the listed quotations.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.answers import count_tokens, use_tokenizer  # noqa: E402
from bench.corpus import write_corpus  # noqa: E402
from bench.run import default_gguf  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=40)
    args = parser.parse_args()
    print(f"tokens counted with {use_tokenizer(default_gguf())}")
    from briefing.analysis.grounding import listed_quotations
    from briefing.config import Settings
    from briefing.ingest.documents import load_documents
    from briefing.models.llm import OpenAIEndpoint
    from briefing.pipeline import Pipeline

    work = Path(tempfile.mkdtemp(prefix="briefing-prompt-parts-"))
    docs = load_documents([str(p) for p in write_corpus(work, args.docs)])
    settings = Settings(cache_dir=work / "cache", provider="openai", model="bench-model", context_window=128000)
    model = OpenAIEndpoint("bench-model", base_url="http://127.0.0.1:9/v1", api_key="unused", timeout=1,
                           max_attempts=1, max_wait=1)  # fmt: skip
    pipeline = Pipeline(model, settings)
    jobs = pipeline._jobs(docs)
    requests = pipeline.extractor.packs(
        jobs, pipeline._sizes(docs)
    )  # several short documents to a request, as the run sends them
    parts = dict.fromkeys(("system message", "user message", "schema", "  sentences' text", "  their numbers",
                           "  quotations listed"), 0)  # fmt: skip
    for pack in requests:
        members = [jobs[i] for i in pack.members]
        request = pipeline.extractor.requests(members)[0]
        messages = pipeline.calls.plan(request)[1](pipeline.calls.caller.schema_for_prompt(request.output))
        response_format = pipeline.calls.caller.response_format(request.output)
        parts["system message"] += count_tokens(messages[0]["content"])
        parts["user message"] += count_tokens(messages[1]["content"])
        if response_format:  # as the SDK sends it: no spaces after "," and ":"
            parts["schema"] += count_tokens(json.dumps(response_format, ensure_ascii=False, separators=(",", ":")))
        sentences = [s for job in members for s in job.sentences]
        parts["  sentences' text"] += sum(count_tokens(s.text) for s in sentences)
        parts["  their numbers"] += sum(count_tokens(f"{n} ") for n in range(1, len(sentences) + 1))
        listed = [q["opening"] for job in members for q in listed_quotations(job.candidates)]
        parts["  quotations listed"] += count_tokens("\n".join(f"{n}. «{q}»" for n, q in enumerate(listed, start=1)))
    source = sum(count_tokens(d.text.strip()) for d in docs)
    print(f"{len(docs)} documents, {len(requests)} extraction requests, {source:,} source tokens\n")
    print("| part | tokens | a request | ÷ source |\n|---|---|---|---|")
    for name, tokens in parts.items():
        print(f"| {name} | {tokens:,} | {tokens // len(requests):,} | {tokens / source:.3f} |")


if __name__ == "__main__":
    main()
