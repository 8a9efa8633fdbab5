"""A risk is kept only when a sentence it cites states a threat, limit, dependence or warning."""

from __future__ import annotations

from briefing.analysis.notes import chunk_notes
from briefing.analysis.stated_risks import states_risk
from briefing.replies import ChunkExtraction
from briefing.text.sentences import split_sentences

SEED_PART = (
    "Cove Capital также заключила соглашение с Министерством горнодобывающей промышленности Узбекистана. "
    "Позже Пекин временно приостановил ограничения после перемирия на переговорах Трампа и Си Цзиньпина. "
    "Die Weltklimakonferenz in Belém, die bis zum 21. November dauert, hat begonnen. "
    "Analysts warn that China's one-year pause of its export controls may end."
)


def test_sentences_that_state_a_risk_and_sentences_that_do_not():
    sentences = [s.text for s in split_sentences(SEED_PART)]
    assert [states_risk([s]) for s in sentences] == [False, True, False, True]
    assert states_risk(["Это происходит на фоне западных санкций против России."])
    assert states_risk(["Russland droht mit Gegenmaßnahmen."])


def test_a_risk_no_cited_sentence_states_is_dropped_and_counted():
    sentences = split_sentences(SEED_PART)
    extraction = ChunkExtraction.model_validate(
        {
            "actors": [],
            "quotes": [],
            "facts": [],
            "stakes": [],
            "risks": [
                # What the embedded model wrote of the seed's agreement sentence: a conflict nothing states.
                {"risk": "Potential conflict with Uzbekistan's government", "likelihood": "medium", "impact": "high",
                 "sentences": [1]},
                {"risk": "Potential conflict between Brazil and other countries", "likelihood": "low", "impact": "low",
                 "sentences": [3]},
                {"risk": "China's pause of its export controls may end", "likelihood": "medium", "impact": "high",
                 "sentences": [4]},
            ],
        }
    )  # fmt: skip
    notes, dropped = chunk_notes(extraction, sentences, "d", SEED_PART)
    assert [n.text for n in notes] == ["China's pause of its export controls may end"]
    assert dropped == 2
