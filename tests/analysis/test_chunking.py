from itertools import pairwise

from briefing.analysis.chunking import chunk_document
from briefing.ingest.documents import Document

from ..conftest import SEED


def _doc(text: str) -> Document:
    return Document(id="d", title="t", location="x", text=text)


def test_chunks_cover_the_text_with_correct_offsets():
    text = SEED.read_text(encoding="utf-8")
    chunks = chunk_document(_doc(text), max_chars=800, overlap=100)
    assert len(chunks) > 3
    assert chunks[0].start == 0 and chunks[-1].end == len(text)
    for chunk in chunks:
        assert text[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text) <= 800
    for before, after in pairwise(chunks):
        assert after.start <= before.end, "a gap between chunks loses text"
        assert after.start > before.start


def test_cuts_prefer_paragraph_breaks():
    paragraphs = [f"Paragraph number {i}. " + "word " * 60 for i in range(6)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    chunks = chunk_document(_doc(text), max_chars=700, overlap=0)
    assert all(c.text.endswith("\n\n") or c.end == len(text) for c in chunks)


def test_a_cut_inside_a_sentence_repeats_the_end_of_the_previous_chunk():
    text = " ".join(f"clause {i} goes on" for i in range(200))  # one sentence, no end in sight
    chunks = chunk_document(_doc(text), max_chars=500, overlap=80)
    for before, after in pairwise(chunks):
        assert 0 < before.end - after.start <= 80


def test_a_cut_between_sentences_repeats_nothing():
    text = " ".join(f"Sentence {i} is here." for i in range(200))
    chunks = chunk_document(_doc(text), max_chars=500, overlap=80)
    assert len(chunks) > 3
    for before, after in pairwise(chunks):
        assert after.start == before.end and before.text.rstrip().endswith(".")


def test_chunking_is_deterministic():
    text = SEED.read_text(encoding="utf-8")
    assert chunk_document(_doc(text), 700, 50) == chunk_document(_doc(text), 700, 50)


def test_text_without_spaces_is_still_cut_and_kept_whole():
    text = "x" * 2500
    chunks = chunk_document(_doc(text), max_chars=1000, overlap=0)
    assert "".join(c.text for c in chunks) == text
