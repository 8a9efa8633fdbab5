"""Quotations across outlets and speakers named after the quotation."""

from __future__ import annotations

import pytest

from briefing.analysis.attribution import attribute, dedupe_quotes
from briefing.schema import Actor, Quote

LULA = Actor(name="Luiz Inácio Lula da Silva", kind="person", role="", aliases=["Lula"], source_ids=["a"])
GUTERRES = Actor(name="António Guterres", kind="person", role="", aliases=["Guterres"], source_ids=["a"])


def test_one_quotation_whatever_its_apostrophes():
    typeset = "We’re not going to let anyone stop this agreement"
    typed = typeset.replace("’", "'")
    a = Quote(text=typeset, speaker="Donald Trump", source_id="a", start=0, end=len(typeset), verified=True)
    b = Quote(text=f"“{typed}”", speaker=None, source_id="b", start=10, end=12 + len(typed), verified=True)
    [quote] = dedupe_quotes([a, b])
    assert quote.speaker == "Donald Trump" and [e.source_id for e in quote.also_in] == ["b"]


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("Guterres opened the talks. “We need money, not promises,” Lula underlined.", "We need money, not promises,"),
        (
            "“We need money, not promises,” Lula said on Monday. “The forest cannot wait,” he added.",
            "The forest cannot wait,",
        ),
        (
            "Lula sprach zuerst. „Der Wald kann nicht warten“, fügte er hinzu.",
            "Der Wald kann nicht warten",
        ),
    ],
)
def test_a_speaker_named_after_the_quotation_counts(text, quoted):
    start = text.index(quoted)
    assert attribute(text, start, start + len(quoted), None, [GUTERRES, LULA], "en") == LULA.name


def test_a_pronoun_with_no_person_before_it_names_no_one():
    text = "“The forest cannot wait,” he added."
    quoted = "The forest cannot wait,"
    assert attribute(text, 1, 1 + len(quoted), None, [LULA], "en") is None
