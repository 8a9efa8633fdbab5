"""The naive peer: what a first script would do with the same prompts.

One call per chunk, one after another, no cache, no concurrency, then one
synthesis call over all the facts. Same chunker, prompts, schemas and
grounding rule as ours (a quote is kept only where the source has it), so the
difference in the table is the plumbing, not the work.
"""

from __future__ import annotations

from pathlib import Path

import openai

from briefing.analysis.chunking import chunk_document
from briefing.analysis.grounding import harvest_quotes, listed_quotations
from briefing.ingest.documents import load_documents
from briefing.models.prompts import load_prompt
from briefing.models.structured import strict_schema
from briefing.replies import BriefDraft, ChunkExtraction
from briefing.text.sentences import split_sentences


def _ask(client: openai.OpenAI, model: str, messages: list[dict[str, str]], output: type) -> object:
    schema = {
        "type": "json_schema",
        "json_schema": {"name": output.__name__, "strict": True, "schema": strict_schema(output)},
    }
    reply = client.chat.completions.create(model=model, messages=messages, response_format=schema, temperature=0)
    return output.model_validate_json(reply.choices[0].message.content)


def run_naive(paths: list[Path], base_url: str, model: str = "bench-model", chunk_chars: int = 6000) -> dict:
    client = openai.OpenAI(base_url=base_url, api_key="unused", max_retries=0)
    extract, synthesize = load_prompt("extract"), load_prompt("synthesize")
    facts: list[str] = []  # note lines, as the synthesis reads them
    actors: set[str] = set()
    quotes = 0
    for doc in load_documents([str(p) for p in paths]):
        spans = harvest_quotes(doc.text)
        for chunk in chunk_document(doc, chunk_chars, 150):
            mine = [s for s in spans if chunk.start <= s.start < chunk.end]
            listed = listed_quotations(mine)
            sentences = [s.text for s in split_sentences(chunk.text)]
            messages = extract.messages(
                title=doc.title, date=doc.date, text=chunk.text, sentences=sentences, candidates=listed, names=[],
                schema=None, language_name="English",
            )  # fmt: skip
            result = _ask(client, model, messages, ChunkExtraction)
            actors.update(a.name for a in result.actors if a.mention in chunk.text)
            quotes += sum(1 for q in result.quotes if 1 <= q.candidate <= len(mine))
            facts.extend(f"[{len(facts) + i + 1}] {fact.fact}" for i, fact in enumerate(result.facts))
    stories = [facts]
    messages = synthesize.messages(stories=stories, actors=sorted(actors), schema=None, language_name="English")
    _ask(client, model, messages, BriefDraft)  # one story: asked for no stories, as ours does
    return {"actors": len(actors), "quotes": quotes}
