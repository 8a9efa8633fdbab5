"""Chunk jobs: each quotation and sentence asked once, in the chunk it starts in; replies held to the text."""

from __future__ import annotations

from briefing.analysis.jobs import chunk_jobs, ground
from briefing.ingest.documents import Document
from briefing.replies import ActorMention, ChunkExtraction, QuoteAttribution

TEXT = " ".join(
    f"Minister {name} said «we will open the {n}th plant in the region soon» on Monday."
    for n, name in enumerate(["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"], start=1)
)
DOC = Document(id="d", title="Plants", location="plants.txt", text=TEXT, language="en")


def test_every_quotation_and_sentence_belongs_to_exactly_one_chunk():
    jobs = chunk_jobs([DOC], {"d": 200}, overlap=60)
    assert len(jobs) > 2
    quotes = [q.start for job in jobs for q in job.candidates]
    sentences = [s.start for job in jobs for s in job.sentences]
    assert len(quotes) == len(set(quotes)) == 6 and len(sentences) == len(set(sentences)) == 6
    for job in jobs:
        assert all(job.chunk.start <= q.start < job.chunk.end for q in job.candidates)
        assert job.label == f"plants.txt, chunk {job.chunk.index + 1}"


def test_a_reply_is_kept_only_as_far_as_the_chunk_bears_it_out():
    [job] = chunk_jobs([DOC], {"d": 10_000}, overlap=0)
    reply = ChunkExtraction(
        actors=[
            ActorMention(name="Alpha", mention="Minister Alpha", kind="person", role="minister"),
            ActorMention(name="Omega", mention="Omega", kind="person", role="invented"),
        ],
        quotes=[
            QuoteAttribution(candidate=1, speaker="Alpha", translation=None),
            QuoteAttribution(candidate=99, speaker="Nobody", translation=None),
        ],
        facts=[],
        stakes=[],
        risks=[],
    )
    found = ground([job], {0: reply}, "en")
    assert [a.name for a in found.actors] == ["Alpha"] and found.actors_dropped == 1
    [quote] = found.quotes
    assert TEXT[quote.start : quote.end] == quote.text == "we will open the 1th plant in the region soon"
    assert found.quotes_dropped == 1
