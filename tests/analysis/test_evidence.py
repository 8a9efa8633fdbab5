"""Evidence for every claim: sentences numbered and cited, numbers kept, speakers from the words around a quote."""

from __future__ import annotations

import pytest

from briefing import render
from briefing.analysis.attribution import attribute
from briefing.analysis.evidence import build_claims
from briefing.analysis.grounding import harvest_quotes
from briefing.analysis.notes import Note, chunk_notes, in_language, number_notes, numbers_kept
from briefing.analysis.spans import recheck
from briefing.ingest.documents import load_documents
from briefing.replies import ChunkExtraction, Synthesis
from briefing.schema import Actor, Briefing, Evidence, RunMetadata, Source
from briefing.text.sentences import split_sentences

from ..conftest import SEED

TEXT = (
    "Uzbekistan Airways ordered Boeing 787 jets worth more than $8 billion. "
    "Kazakhstan signed a $4.2 billion railway contract with Wabtec Corp. in Astana.\n"
    "Analysts at J. P. Morgan warned that China may limit exports of rare earths."
)


def _actors() -> list[Actor]:
    return [
        Actor(name="Uzbekistan Airways", kind="organization", role="airline", source_ids=["d"]),
        Actor(name="Wabtec", kind="organization", role="rail maker", aliases=["Wabtec Corp."], source_ids=["d"]),
        Actor(name="Kazakhstan", kind="country", role="buyer", source_ids=["d"]),
        Actor(name="China", kind="country", role="exporter", source_ids=["d"]),
    ]


def test_sentences_keep_their_offsets_and_do_not_break_at_abbreviations_or_initials():
    sentences = split_sentences(TEXT)
    assert [TEXT[s.start : s.end] for s in sentences] == [s.text for s in sentences]
    assert len(sentences) == 3, [s.text for s in sentences]
    assert sentences[1].text.endswith("with Wabtec Corp. in Astana.")
    assert sentences[2].text.startswith("Analysts at J. P. Morgan")
    seed = SEED.read_text(encoding="utf-8")
    mallinson = next(s for s in split_sentences(seed) if "Маллинсон" in s.text)
    assert "PRISM Strategic Intelligence Ltd. Кейт Маллинсон" in mallinson.text, "Ltd. does not end a sentence"


@pytest.mark.parametrize(
    ("claim", "kept"),
    [
        ("Kazakhstan's $4.2 billion contract", True),
        ("Kazakhstan's 4,2 billion contract", True),
        ("an order of $8 billion", True),
        ("an order of $9 billion", False),
        ("a contract worth 4.5 billion", False),
        ("no numbers at all", True),
    ],
)
def test_numbers_a_claim_states_must_be_in_the_sentences_it_cites(claim, kept):
    evidence = [Evidence(source_id="d", start=0, end=1, text=s.text) for s in split_sentences(TEXT)[:2]]
    assert numbers_kept(claim, evidence) is kept


def _extraction(**fields) -> ChunkExtraction:
    return ChunkExtraction.model_validate(
        {"actors": [], "quotes": [], "facts": [], "stakes": [], "risks": [], **fields}
    )


def test_a_note_citing_a_sentence_that_does_not_exist_is_dropped():
    sentences = split_sentences(TEXT)
    extraction = _extraction(
        facts=[{"fact": "Uzbekistan Airways ordered 787s", "sentences": [1]}, {"fact": "Made up", "sentences": [9]}],
        stakes=[
            {"holder": "Wabtec", "stake": "a $4.2 billion railway contract", "direction": "gain", "sentences": [2]},
            {"holder": "Ukraine", "stake": "grain routes through the Black Sea", "direction": "gain", "sentences": [1]},
        ],
    )
    notes, dropped = chunk_notes(extraction, sentences, "d", TEXT)
    assert [n.text for n in notes] == ["Uzbekistan Airways ordered 787s", "a $4.2 billion railway contract"]
    assert dropped == 2, "a made-up sentence number and a holder the excerpt never names"
    assert notes[1].evidence[0].text == sentences[1].text


def _notes() -> list[Note]:
    sentences = split_sentences(TEXT)

    def ev(n: int) -> tuple[Evidence, ...]:
        s = sentences[n - 1]
        return (Evidence(source_id="d", start=s.start, end=s.end, text=s.text),)

    return [
        Note("fact", "Uzbekistan Airways ordered Boeing 787s", "d", ev(1)),
        Note("stake", "$4.2 billion railway contract", "d", ev(2), holder="Wabtec", direction="gain"),
        Note("risk", "China may limit rare earth exports", "d", ev(3), likelihood="medium", impact="high"),
        Note("stake", "an order for 787 jets worth more than $8 billion", "d", ev(1), holder="Uzbekistan Airways"),
    ]


def test_claims_carry_the_sentences_of_the_notes_they_cite_and_the_rest_is_dropped_and_counted():
    numbered_notes = number_notes([["d"]], _notes())
    synthesis = Synthesis.model_validate(
        {
            "title": "t",
            "bluf": "b",
            "key_points": [
                {"text": "Uzbekistan Airways ordered 787s", "notes": [1]},
                {"text": "Cites a note that does not exist", "notes": [42]},
                {"text": "Wabtec won a $9 billion contract", "notes": [2]},  # the number is not in the sentence
                {"text": "Wabtec ordered Boeing jets", "notes": [1]},  # the sentence never names Wabtec
            ],
            "stories": [{"story": 1, "headline": "h", "summary": "s", "summary_notes": [], "key_points": []}],
            # The second stake cites a fact, not a stake note: a synthesis cannot make a stake of its own.
            "stakes": [{"notes": [2]}, {"notes": [1]}],
            "risks": [{"notes": [], "indicators": []}],
        }
    )
    claims = build_claims(synthesis, numbered_notes, [["d"]], {"d": "Title"}, _actors())
    assert [c.text for c in claims.key_points] == ["Uzbekistan Airways ordered 787s"]
    assert claims.key_points[0].evidence[0].text.startswith("Uzbekistan Airways ordered")
    assert claims.stories[0].summary == "", "a summary citing nothing is not shown"
    holders = [s.holder for s in claims.stakes]
    assert holders == ["Wabtec", "Uzbekistan Airways"], "the synthesis' stake, then the chunk's it left out"
    assert all(s.evidence for s in claims.stakes) and claims.stakes[0].stake == "$4.2 billion railway contract"
    assert [r.description for r in claims.risks] == ["China may limit rare earth exports"], "from the chunk's note"
    # Dropped: 2 key points, the summary, the stake citing a fact and the risk citing no note; the key point
    # on Wabtec's contract rests on a stake note alone, so it retells that stake and is left out uncounted.
    assert claims.dropped == 5


def _brief(claims_text: str, evidence_text: str) -> Briefing:
    source = Source(id="d", title="T", location="d.txt", sha256="0", text=TEXT)
    evidence = Evidence(source_id="d", start=0, end=len(evidence_text), text=evidence_text)
    run = RunMetadata(model="m", endpoint="openai", structured_output="json_schema", prompts={})
    return Briefing.model_validate(
        {
            "title": "t",
            "date": "2025-11-06",
            "language": "en",
            "bluf": "b",
            "key_points": [{"text": claims_text, "evidence": [evidence.model_dump()]}],
            "stories": [],
            "actors": [],
            "stakes": [],
            "risks": [],
            "quotes": [],
            "sources": [source.model_dump()],
            "run": run.model_dump(),
        }
    )


def test_evidence_is_checked_again_at_render_time():
    first = split_sentences(TEXT)[0].text
    good = _brief("Airways ordered jets", first)
    assert recheck(good).key_points and "[^1]" in render(good, "brief.md.j2")
    markdown = render(good, "brief.md.j2")
    assert f"[^1]: «{first}» (T)" in markdown, "the footnote quotes the sentence"
    tampered = _brief("Airways ordered jets", "Uzbekistan Airways cancelled everything.")
    assert not recheck(tampered).key_points
    assert "Airways ordered jets" not in render(tampered, "brief.md.j2")
    page = render(good, "brief.html.j2")
    assert 'href="#ev-d-0-' in page and 'id="ev-d-0-' in page, "the marker links to the sentence in the source"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return load_documents([str(SEED)])[0].text


SEED_ACTORS = [
    Actor(name="Keyt Mallinson", kind="person", role="partner", aliases=["Кейт Маллинсон"]),
    Actor(name="PRISM Strategic Intelligence", kind="organization", role="firm", aliases=["PRISM"]),
    Actor(name="Cove Capital", kind="organization", role="company", aliases=["Cove Capital LLC"]),
    Actor(name="Bloomberg", kind="organization", role="news agency"),
]


@pytest.mark.parametrize(
    ("opening", "proposed", "expected"),
    [
        (
            "тонким балансом",
            "PRISM Strategic Intelligence",
            "Bloomberg",
        ),  # "как отмечается" after "По данным Bloomberg"
        ("Хотя страны региона", "PRISM Strategic Intelligence", "Keyt Mallinson"),  # the person, not her firm
        ("Хотя страны региона", None, "Keyt Mallinson"),
        ("геологоразведочных работ", "Cove Capital", None),  # an agreement's words: no one is said to speak
    ],
)
def test_speakers_come_from_the_words_around_the_quote(seed_text, opening, proposed, expected):
    quote = next(q for q in harvest_quotes(seed_text) if q.text.startswith(opening))
    assert attribute(seed_text, quote.start, quote.end, proposed, SEED_ACTORS, "en") == expected


def test_a_speaker_named_nowhere_near_the_quote_is_not_shown():
    text = 'The report was long. "We will double output by spring", the plant manager said.'
    quote = harvest_quotes(text)[0]
    assert attribute(text, quote.start, quote.end, "Vladimir Putin", [], "en") is None


def test_one_sentence_stating_two_stakes_shows_both_and_a_wrong_citation_is_recited_to_the_amount():
    text = "Uzbekistan Airways ordered jets for $8 billion, and Kazakhstan signed a $4.2 billion rail contract. Rain."
    sentences = split_sentences(text)
    extraction = _extraction(
        stakes=[
            {"holder": "Uzbekistan Airways", "stake": "jets worth $8 billion", "direction": "gain", "sentences": [1]},
            # Cites the wrong (existing) sentence: re-cited by us to the one holding its amount and holder.
            {"holder": "Kazakhstan", "stake": "a $4.2 billion rail contract", "direction": "gain", "sentences": [2]},
        ]
    )
    notes, dropped = chunk_notes(extraction, sentences, "d", text)
    assert dropped == 0 and all(n.evidence[0].text == sentences[0].text for n in notes)
    numbered_notes = number_notes([["d"]], notes)
    empty = {"title": "t", "bluf": "b", "key_points": [], "stories": [], "stakes": [], "risks": []}
    claims = build_claims(Synthesis.model_validate(empty), numbered_notes, [["d"]], {"d": "T"}, _actors())
    assert [s.holder for s in claims.stakes] == ["Uzbekistan Airways", "Kazakhstan"]


def test_a_country_holds_a_stake_under_any_of_its_names_and_forms():
    from briefing.analysis.notes import holder_in_text

    assert holder_in_text("Russia", "поскольку Россия является ключевым партнером")
    assert holder_in_text("United States", "сотрудничество с США остается")
    assert not holder_in_text("Ukraine", "поскольку Россия является ключевым партнером")


@pytest.mark.parametrize(
    "text",
    [
        'Landau called the deal "a first step, not the last one" on Wednesday.',
        "По словам Ландау, соглашение станет «первым шагом, а не последним».",
    ],
)
def test_a_person_named_by_surname_alone_is_the_speaker(text):
    """The actors table knows "Christopher Landau"; the quote's sentence says only "Landau"."""
    landau = Actor(name="Christopher Landau", kind="person", role="", aliases=["Кристофер Ландау"])
    firm = Actor(name="Landau Group", kind="organization", role="", aliases=[])
    quote = harvest_quotes(text)[0]
    assert attribute(text, quote.start, quote.end, None, [firm, landau], "en") == "Christopher Landau"
    assert attribute(text, quote.start, quote.end, None, [firm], "en") is None, "an organisation's last word is not it"


RU = (
    "Это происходит на фоне масштабных западных санкций против России. "
    "Аналитики предупреждают о риске падения экспорта на 12%."
)


def test_a_note_written_in_the_sources_script_is_translated_before_use_or_dropped():
    """The 1.5B model wrote a chunk's risks in Russian however asked: translated in one call, never shown as is."""
    sentences = split_sentences(RU)
    extraction = _extraction(
        risks=[
            {"risk": "масштабные западные санкции против России", "likelihood": "high", "impact": "medium",
             "sentences": [1]},
            {"risk": "риск падения экспорта на 12%", "likelihood": "low", "impact": "low", "sentences": [2]},
        ],
        facts=[{"fact": "Analysts warn exports may fall by 12%", "sentences": [2]}],
    )  # fmt: skip
    notes, dropped = chunk_notes(extraction, sentences, "d", RU)
    assert dropped == 0 and [n.foreign for n in notes] == [False, True, True], "kept aside, marked"
    asked: list[list[str]] = []

    def translate(lines):
        asked.append(lines)
        return ["Sweeping Western sanctions against Russia", "риск падения экспорта на 12%"]  # the second still Russian

    translated, lost = in_language(notes, translate, "en")
    assert len(asked) == 1 and asked[0] == ["масштабные западные санкции против России", "риск падения экспорта на 12%"]
    assert [n.text for n in translated] == [
        "Analysts warn exports may fall by 12%",
        "Sweeping Western sanctions against Russia",
    ]
    assert lost == 1 and not any(n.foreign for n in translated)
    assert translated[1].evidence == notes[1].evidence, "the translation cites the sentence the note cited"
    assert translated[1].untranslated == "масштабные западные санкции против России", "the check reads them"
    assert translated[0].untranslated is None
    _, lost = in_language(notes, lambda lines: ["Sanctions", "A risk that exports fall by 15%"], "en")
    assert lost == 1, "a translation that changes a number is no translation"
    russian, _ = chunk_notes(extraction, sentences, "d", RU, "ru")
    assert not any(n.foreign for n in russian), "a Russian brief's notes are in its language"


def test_a_closing_attribution_its_sentence_does_not_hold_is_cut_not_the_claim():
    from briefing.analysis.evidence import without_unsourced_attribution

    said = Evidence(source_id="d", start=0, end=40, text="Президент США Дональд Трамп 6 ноября проведет саммит.")
    claim = "Donald Trump will hold a summit on November 6, according to Bloomberg."
    assert without_unsourced_attribution(claim, [said]) == "Donald Trump will hold a summit on November 6."
    named = said.model_copy(update={"text": "Трамп проведет саммит, пишет Bloomberg."})
    assert without_unsourced_attribution(claim, [named]) == claim, "kept where the sentence names the outlet"


def test_a_holders_two_stakes_grouped_as_one_by_the_synthesis_are_shown_apart():
    """The seed's "Kazakhstan: partnership in energy" and "Kazakhstan: a $4.2 billion contract" grouped by the 1.5B."""
    sentences = split_sentences(TEXT)
    first, second, third = sentences[0], sentences[1], sentences[2]
    notes = [
        Note("stake", "a partnership on rare earths", "d", (Evidence(source_id="d", start=third.start, end=third.end,
             text=third.text),), holder="Kazakhstan", direction="gain"),
        Note("stake", "a $4.2 billion railway contract", "d", (Evidence(source_id="d", start=second.start,
             end=second.end, text=second.text),), holder="Kazakhstan", direction="gain"),
        Note("fact", "Uzbekistan Airways ordered Boeing 787s", "d", (Evidence(source_id="d", start=first.start,
             end=first.end, text=first.text),)),
    ]  # fmt: skip
    synthesis = Synthesis.model_validate(
        {"title": "t", "bluf": "b", "key_points": [], "stories": [], "stakes": [{"notes": [1, 2]}], "risks": []}
    )
    claims = build_claims(synthesis, number_notes([["d"]], notes), [["d"]], {"d": "Title"}, _actors())
    assert [s.stake for s in claims.stakes] == ["a partnership on rare earths", "a $4.2 billion railway contract"]
