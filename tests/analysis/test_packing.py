"""Short documents share an extraction request: stable packs, and every number of the reply back in its own document."""

from __future__ import annotations

import random
import re

from briefing import generate
from briefing.analysis.jobs import chunk_jobs, ground
from briefing.analysis.packing import _digest, packs, split, starts_segment
from briefing.config import Settings
from briefing.ingest.documents import Document
from briefing.replies import ActorMention, ChunkExtraction, FactNote, QuoteAttribution, StakeNote

from ..fake_endpoint import is_extraction, transliterate

SIZE = 24_000


def _doc(i: int, chars: int) -> Document:
    sentence = f"Report {i} says the port deal number {i} moved on. "
    return Document(
        id=f"doc-{i:03}", title=f"Report {i}", location=f"r{i}.txt", text=sentence * (chars // len(sentence))
    )


def _packed(docs: list[Document]) -> set[tuple[str, ...]]:
    jobs = chunk_jobs(docs, {d.id: SIZE for d in docs}, overlap=150)
    return {tuple(jobs[i].doc.id for i in p.members) for p in packs(jobs, {d.id: SIZE for d in docs}, lambda _: True)}


def test_packs_depend_on_the_documents_not_on_their_order_and_hold_at_most_a_chunk():
    rng = random.Random(7)
    docs = [_doc(i, rng.randrange(1_500, 9_000)) for i in range(30)]
    shuffled = docs[:]
    rng.shuffle(shuffled)
    made = _packed(docs)
    assert made == _packed(shuffled)
    assert len(made) < len(docs) / 2, "short documents share requests"
    texts = {d.id: d.text for d in docs}
    assert all(sum(len(texts[i]) for i in pack) <= SIZE for pack in made)


def _reach(docs: list[Document], doc: Document) -> set[str]:
    """The documents whose packs `doc` (one of `docs`) may change by coming or going: those of its segment, from
    the document the hash marks before it (in the packing order) to the next; of the segment before too when
    it is marked itself, as the two are one without it."""
    jobs = sorted(chunk_jobs(docs, {d.id: SIZE for d in docs}, overlap=150), key=_digest)
    segments: list[set[str]] = []
    for job in jobs:
        if not segments or starts_segment(job):
            segments.append(set())
        segments[-1].add(job.doc.id)
    k = next(k for k, s in enumerate(segments) if doc.id in s)
    marked = starts_segment(next(j for j in jobs if j.doc.id == doc.id))
    return segments[k] | (segments[k - 1] if marked and k > 0 else set())


def test_a_document_added_or_removed_changes_only_the_packs_of_its_segment():
    rng = random.Random(11)
    docs = [_doc(i, rng.randrange(1_500, 9_000)) for i in range(40)]
    before = _packed(docs)
    reach = []
    for k in range(15):
        added = _doc(100 + k, rng.randrange(1_500, 9_000))
        after = _packed([*docs, added])
        changed = (before - after) | (after - before)
        assert {i for pack in changed for i in pack} <= _reach([*docs, added], added)
        reach.append(len(before - after))
    for gone in docs[::5]:
        after = _packed([d for d in docs if d is not gone])
        changed = (before - after) | (after - before)
        assert {i for pack in changed for i in pack} <= _reach(docs, gone)
        reach.append(len(before - after))
    assert sum(reach) / len(reach) <= 1.5, "most often the one pack it joins or leaves"


def test_a_long_document_is_chunked_and_asked_alone_and_nothing_packs_past_the_window():
    docs = [_doc(1, 60_000), _doc(2, 2_000), _doc(3, 2_000)]
    jobs = chunk_jobs(docs, {d.id: SIZE for d in docs}, overlap=150)
    made = packs(jobs, {d.id: SIZE for d in docs}, lambda _: True)
    long = [p for p in made if jobs[p.members[0]].doc.id == "doc-001"]
    assert len(long) >= 3 and all(len(p.members) == 1 for p in long)
    assert all(len(p.members) == 1 for p in packs(jobs, {d.id: SIZE for d in docs}, lambda _: False))


TEXT_A = "Anna Berg runs the port. The port moved 5 million tonnes. «We will build a second pier next year» Berg said."
TEXT_B = "Omar Haddad runs the railway. Rail freight rose 12 percent. «Our trains will reach the port in May» he said."


def test_a_packed_reply_maps_every_number_back_to_its_own_document():
    docs = [Document(id=i, title=i, location=f"{i}.txt", text=t) for i, t in (("a", TEXT_A), ("b", TEXT_B))]
    jobs = chunk_jobs(docs, {"a": SIZE, "b": SIZE}, overlap=0)
    assert [len(j.sentences) for j in jobs] == [3, 3] and [len(j.candidates) for j in jobs] == [1, 1]
    reply = ChunkExtraction(
        actors=[
            ActorMention(name="Omar Haddad", mention="Omar Haddad", kind="person", role=""),
            ActorMention(name="Nobody Known", mention="Nobody Known", kind="person", role=""),
        ],
        quotes=[QuoteAttribution(candidate=2, speaker="Omar Haddad", translation=None)],
        facts=[
            FactNote(fact="Rail freight rose 12 percent.", sentences=[5]),  # B's second sentence
            FactNote(fact="The port moved 5 million tonnes.", sentences=[2]),
            FactNote(fact="Two documents at once.", sentences=[2, 5]),  # no claim rests on two documents
            FactNote(fact="A sentence no document has.", sentences=[9]),
        ],
        stakes=[StakeNote(holder="Omar Haddad", stake="rail freight up 12 percent", direction="gain", sentences=[5])],
        risks=[],
    )
    parts = split(jobs, reply)
    found = ground(jobs, dict(enumerate(parts)), "en")
    [quote] = found.quotes
    assert (quote.source_id, quote.text) == ("b", "Our trains will reach the port in May")
    assert [(a.name, a.source_id) for a in found.actors] == [("Omar Haddad", "b")] and found.actors_dropped == 1
    cited = {(n.kind, n.text): [(e.source_id, e.text) for e in n.evidence] for n in found.notes}
    assert cited == {
        ("fact", "Rail freight rose 12 percent."): [("b", "Rail freight rose 12 percent.")],
        ("fact", "The port moved 5 million tonnes."): [("a", "The port moved 5 million tonnes.")],
        ("stake", "rail freight up 12 percent"): [("b", "Rail freight rose 12 percent.")],
    }
    assert found.notes_dropped == 2


def _write(folder, name, title, body):
    (folder / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")


PEOPLE = ["Maria Lindqvist", "James Okafor", "Dana Ospanova", "Pieter Vos", "Lena Kowalska", "Tomas Reyes"]


def test_a_packed_run_cites_each_document_for_its_own_sentences(tmp_path, settings, endpoint):
    """Real HTTP: the fake endpoint answers each document of a packed request as if it came alone."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for i, person in enumerate(PEOPLE):
        body = f"{person} signed a deal. Sanctions could limit deal {i}. «We will open terminal {i} soon» he said."
        _write(folder, f"doc{i}.txt", f"On port talks, day {i}", body)
    brief = generate([str(folder)], settings)
    extractions = [r for r in endpoint.requests if is_extraction(r)]
    assert len(extractions) < len(PEOPLE), "the short documents shared requests"
    for request in extractions:  # each document's title, excerpt and quotations in one fence of its own
        user = request["messages"][1]["content"]
        fences = re.findall(r"<<<(DATA-[0-9A-F]{10})\n(.*?)\n\1>>>", user, re.S)
        assert len(fences) == user.count("Excerpt, one numbered sentence a line:") >= 1
        assert all(body.startswith("Title: ") and "Quotations in this excerpt" in body for _, body in fences)
    texts = {s.id: s.text for s in brief.sources}
    by_person = {person: s.id for s in brief.sources for person in PEOPLE if person in s.text}
    assert {(q.source_id, q.text) for q in brief.quotes} == {
        (by_person[p], f"We will open terminal {i} soon") for i, p in enumerate(PEOPLE)
    }
    for actor in brief.actors:  # the people, and "Sanctions" (the fake takes it for a name)
        assert set(actor.source_ids) == {i for i, text in texts.items() if actor.name in text}, actor
    assert {a.name: a.source_ids for a in brief.actors if a.name in PEOPLE} == {p: [by_person[p]] for p in PEOPLE}
    # The fake writes a risk as "Fallout: " and the words of the sentence it cites, a key point as the sentence's
    # words: a number mapped to another document's sentence ("deal 2" for "deal 3") would not match.
    assert len(brief.risks) == len(PEOPLE) and brief.key_points
    claims = [("Fallout: {}", r.description, r.evidence) for r in brief.risks]
    claims += [("{}", p.text, p.evidence) for p in brief.key_points]
    for form, text, evidence in claims:
        [cited] = evidence
        assert texts[cited.source_id][cited.start : cited.end] == cited.text
        assert text == form.format(transliterate(cited.text)), (text, cited)


def test_only_a_remote_endpoint_packs_by_default():
    assert Settings(provider="openai").packs_documents()
    assert not Settings(provider="local").packs_documents()
    assert not Settings(provider="openai", pack_documents=False).packs_documents()


def test_a_pack_without_a_valid_reply_is_asked_a_document_at_a_time(tmp_path, settings, endpoint):
    """Real HTTP: the document that derails the model fails alone, named; the others of its pack are briefed."""
    from ..fake_endpoint import Reply, Rule, completion

    folder = tmp_path / "docs"
    folder.mkdir()
    for name, words in (("a-good", "Delta Group sold its stake."), ("b-poison", "POISONPILL Omega Corp"),
                        ("c-good", "Gamma Bank opened a branch.")):  # fmt: skip
        _write(folder, f"{name}.txt", f"On it: {name}", f"{words} It said so on Monday.")
    endpoint.rules = [Rule("POISONPILL", Reply(200, completion("not json")))]
    brief = generate([str(folder)], settings.model_copy(update={"allow_partial": True}))
    poisoned = [r["messages"][-1]["content"] for r in endpoint.requests if "POISONPILL" in r["messages"][1]["content"]]
    assert "documents follow" in poisoned[0], "the three documents were asked in one request first"
    assert [f.source_id.split("-")[0:2] for f in brief.run.failed_chunks] == [["b", "poison"]]
    assert {a.name for a in brief.actors} >= {"Delta Group", "Gamma Bank"}


def test_a_request_of_one_document_is_the_request_it_was(tmp_path, settings, endpoint):
    """Packing on or off, a document that shares its request with none sends the same bytes: same cache key."""
    folder = tmp_path / "one"
    folder.mkdir()
    _write(folder, "a.txt", "On it: one", "Anna Berg runs the port. «We will build a second pier next year» Berg said.")
    sent = []
    for pack in (False, True):
        endpoint.requests.clear()
        generate([str(folder)], settings.model_copy(update={"pack_documents": pack, "use_cache": False}))
        sent.append([r for r in endpoint.requests if is_extraction(r)])
    assert len(sent[0]) == 1 and sent[0] == sent[1]
