"""Restatements: a claim the check withheld is not shown again in other words.

The brief says one thing in several places: a story's summary retells its key points and the
bottom line retells the stories. Each place is checked on its own, against the sentences it
cites, and a check may pass in one place what it withheld in another: on the multilingual
test day "Brazil is buying a significant portion of China's soybeans" was withheld as a key
point and shown in its story's summary, which cites more sentences and went to the model in
another call. A reader who meets it in the summary has been shown what the check did not
confirm. So a claim that holds nearly all the words of a withheld one is withheld with it,
for nothing: no call, and the model's verdicts on everything else stay as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..schema import WithheldClaim
from ..text import names
from .free_checks import Judgement

if TYPE_CHECKING:  # checking.py, which applies this, defines what it reads
    from .checking import Item

FEWEST_WORDS = 3
"""A withheld claim of fewer words ("China's trade war") is no statement to find again in a longer one."""


def restates(text: str, claim: str) -> bool:
    """Whether `text` says again what `claim` says: it holds every word and number of the claim, in any form.

    Every one, not most: a true claim that differs from a withheld one by a word or a figure ("$4.2
    billion" where it said "$1.4 billion", "in Astana" where it said "in Almaty") is another claim.
    """
    theirs = _words(claim)
    if len(theirs) < FEWEST_WORDS:
        return False
    mine = _words(text)
    return all(any(names.same_word(w, m) for m in mine) for w in theirs)


def _words(text: str) -> set[str]:
    return names.content_words(text) | {w for w in names.words(text) if any(ch.isdigit() for ch in w)}


def restated(shown: Sequence[str], withheld: Sequence[str]) -> list[int | None]:
    """For each shown text, the index of the first withheld claim it restates, or None."""
    return [next((n for n, claim in enumerate(withheld) if restates(text, claim)), None) for text in shown]


def withhold_restatements(
    items: Sequence[Item], judgements: list[Judgement], out: set[str], withheld: list[WithheldClaim]
) -> None:
    """Withhold, in place, each claim that says again one withheld (`out`, by where): its judgement and its entry.

    The bottom line says the claims again by design and withholds nothing else; a claim withheld for
    saying too little (an amount alone) is completed, not repeated, by a longer one.
    """
    said = [item for item, j in zip(items, judgements, strict=True) if item.where in out and j.by != "amount only"
            and not item.where.startswith(("bluf", "quotes"))]  # fmt: skip
    others = [(i, it) for i, it in enumerate(items) if it.where not in out and not it.where.startswith("quotes")]
    # As checked: a stake with its holder and way, so another holder's stake of the same words is another claim.
    found = restated([item.stated for _, item in others], [item.stated for item in said])
    for (i, item), n in zip(others, found, strict=True):
        if n is not None:
            why = f'says again what {said[n].where} says, which the check withheld: "{said[n].stated}"'
            out.add(item.where)
            judgements[i] = Judgement("unsupported", why, "restated")
            withheld.append(WithheldClaim(where=item.where, text=item.stated, verdict="unsupported", why=why,
                                          evidence=list(item.evidence)))  # fmt: skip
