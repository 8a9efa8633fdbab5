"""Risks the sources state, not risks the model imagines: the cheap check.

Asked what could go wrong, a small model writes a risk for every excerpt, whatever it says: "potential
conflict with Uzbekistan's government" citing a sentence about an exploration agreement, "potential
conflict between Brazil and other countries" citing "November dauert.". A risk worth a reader's time
is a threat, limit, dependence or warning that its sentence states or reports, and such a sentence
says so in words: a sanction, a ban, a limit, a warning, a fear, a dependence, a conflict, a fall.
So a risk note is kept only when a sentence it cites holds such a word (English, Russian or German
stems, or a modal of possibility). This is no proof that the risk says what its sentence says
(the claim checker asks that); it only refuses the risks that no sentence states at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Stems, matched at the start of a word (casefolded).
_CUES = (
    # English
    "risk", "threat", "warn", "fear", "concern", "worr", "danger", "limit", "restrict", "ban", "sanction",
    "tariff", "curb", "block", "halt", "suspend", "pause", "depend", "relian", "rely", "vulnerab", "pressure",
    "tension", "conflict", "dispute", "oppos", "resist", "counter", "retaliat", "uncertain", "could", "might",
    "unless", "expire", "decline", "fall", "drop", "cut", "shortage", "loss", "lose", "deficit", "crisis",
    "strain", "delay", "collapse", "strike", "protest", "war", "attack", "landlocked", "obstacle", "hurdle",
    "challenge", "difficult", "problem", "volatil", "instab", "unstable", "balance", "compet", "rival",
    # Russian
    "риск", "угроз", "опас", "предупред", "огранич", "санкц", "запрет", "пошлин", "зависим", "зависит",
    "давлен", "напряж", "конфликт", "спор", "противо", "сдерж", "кризис", "дефицит", "сокращ", "паден",
    "снижен", "потер", "срыв", "задерж", "приостанов", "прекращ", "войн", "удар", "протест", "может",
    "могут", "могл", "баланс", "конкурен", "соперн", "проблем", "трудн", "слож", "препятств", "не допуст",
    # German
    "risik", "gefahr", "gefähr", "droh", "warn", "sorge", "befürcht", "grenz", "begrenz", "beschränk",
    "sanktion", "verbot", "zoll", "zöll", "abhängig", "druck", "spannung", "konflikt", "streit", "krise",
    "mangel", "rückgang", "verlust", "verzöger", "aussetz", "ausgesetzt", "stopp", "krieg", "protest",
    "belast", "könnte", "gegenmaßnahm", "unsicher", "problem", "hürde", "konkurren", "rivali",
)  # fmt: skip
_CUE = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, _CUES)) + r")", re.IGNORECASE)


def states_risk(sentences: Iterable[str]) -> bool:
    """Whether any of the sentences names a threat, limit, dependence or warning."""
    return any(_CUE.search(sentence) for sentence in sentences)
