"""Which language a text is in: py3langid's model of 97 languages, loaded once.

Knowing a document's language tells the pipeline when a quote needs a translation
beside it. py3langid (BSD-3, a small model shipped in its wheel) tells the languages
of our sources apart where stopword votes and script shares could not
(bench/language_id.py; docs/languages.md). A language's name, as the prompts ask for
a brief in it, comes from babel's CLDR data.
"""

from __future__ import annotations

import functools
import re

_LETTERS = re.compile(r"[^\W\d_]+")
MIN_LETTERS = 20
"""Fewer letters than this (a list of names, a bare headline) tell no language apart reliably."""


@functools.cache
def _identifier():
    """py3langid's model (97 languages), loaded once: 0.5 s of CPU, so only when a text is guessed."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def guess_language(text: str) -> str | None:
    """The ISO 639-1 code of the language `text` is in, by py3langid, or None when it cannot tell.

    Enough to know when quotes need a translation; bench/language_id.py measures it.
    """
    sample = text[:5000]
    if sum(map(len, _LETTERS.findall(sample))) < MIN_LETTERS:
        return None
    language, probability = _identifier().classify(sample)
    return language if probability >= 0.5 else None


@functools.cache
def language_name(code: str) -> str:
    """A language's English name ("ru": "Russian"), as the prompts ask for a brief in it; the code if babel has none."""
    from babel import Locale

    return Locale("en").languages.get(code.lower(), code)
