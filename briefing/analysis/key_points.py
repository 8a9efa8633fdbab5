"""Key points that say something the stakes and risks don't.

The synthesis reads the notes as "[3] stake of Kazakhstan (gain): …" and a small model copies them
into its key points, label and all ("Kazakhstan stake gain: potential partnership …"): the brief
then says the same thing under "Key points" and under "Stakes". A key point is the news, what
happened; who gains or loses and what could go wrong have their own sections. So labels are
taken out of a key point's sentence, and a key point that only retells a stake or a risk is left
out: one that rests on stake and risk notes alone, whose words are mostly one stake's or risk's, or
that says a stake's holder gains ("Kazakhstan and Uzbekistan are expected to gain from the summit",
a live seed run's key point over the sentences of two stakes).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..text import names
from .notes import NOTE_LABEL, numbers_in

if TYPE_CHECKING:
    from .notes import Note

# A label as the model retells it rather than copies it (notes.NOTE_LABEL): "Kazakhstan stake gain: ", "risk: ".
_RETOLD_LABEL = re.compile(r"(?:\b[^:;.]{1,80}? stake \(?(?:gain|loss|mixed|uncertain)\)?|^risk):\s*", re.IGNORECASE)
REPEATED_WORDS = 0.6
"""A key point with this share of its words (of four letters or more) in one stake or risk says nothing new."""
# Who stands to gain, in the brief's words: the stakes section's question. "gained" is left out: "the tenge
# gained 2%" is news.
_GAINS = re.compile(r"\b(?:gain|gains|benefit|benefits|beneficiary|beneficiaries|winner|winners)\b", re.IGNORECASE)


def unlabelled(text: str) -> str:
    """The sentence without the notes' labels: "Kazakhstan stake gain: potential …" -> "Potential …"."""
    text = _RETOLD_LABEL.sub("", NOTE_LABEL.sub("", text)).strip()
    return text[:1].upper() + text[1:]


def _words(text: str) -> set[str]:
    return {w.casefold() for w in names.words(text) if len(w) > 3}


def says_who_gains(text: str, holders: Sequence[str]) -> bool:
    """Whether a key point only says that a stake's holder gains: it names one, says "gain", states no figure."""
    if not _GAINS.search(text) or numbers_in(text):
        return False
    words = names.content_words(text)
    return any(names.same_word(w, h) for holder in holders for h in names.content_words(holder) for w in words)


def retells(text: str, cited: Sequence[Note], told: Sequence[str], holders: Sequence[str] = ()) -> bool:
    """Whether a key point says what a stake or risk (`told`; `holders`, the stakes') already says.

    True when all the notes it cites are stakes and risks, when it says a holder gains, or when most of its
    words are one stake's or risk's.
    """
    if cited and all(note.kind in ("stake", "risk") for note in cited):
        return True
    if says_who_gains(text, holders):
        return True
    words = _words(unlabelled(text))
    return bool(words) and any(len(words & _words(other)) >= REPEATED_WORDS * len(words) for other in told)
