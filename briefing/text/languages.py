"""Which language a text is in: py3langid's model of 97 languages, loaded once.

Knowing a document's language tells the pipeline when a quote needs a translation
beside it. py3langid (BSD-3, a small model shipped in its wheel) tells the languages
of our sources apart where stopword votes and script shares could not
(bench/language_id.py; docs/languages.md). A language's name, as the prompts ask for
a brief in it, comes from babel's CLDR data.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import shutil
import tempfile
from collections import Counter
from importlib import metadata
from pathlib import Path

from .kept import keep, kept_file, read_kept

_LETTERS = re.compile(r"[^\W\d_]+")
MIN_LETTERS = 20
"""Fewer letters than this (a list of names, a bare headline) tell no language apart reliably."""


@functools.lru_cache(maxsize=1)
def _identifier(unpacked_in: Path | None = None):
    """py3langid's model (97 languages), loaded once a process.

    Its wheel ships it packed (LZMA): unpacking costs 0.5 s of CPU and ~115 MB at its peak, every run.
    With `unpacked_in` the model is unpacked there once, as plain arrays, and later runs map them:
    a few milliseconds, and only the pages a text's features touch are read.
    """
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    packed = MODEL_DIR / MODEL_FILE
    if unpacked_in is None:
        return LanguageIdentifier.from_model_file(packed, norm_probs=True)
    folder = unpacked_folder(unpacked_in)
    if not (folder / "classes.json").is_file():
        _unpack(packed, folder)
    if not (folder / "classes.json").is_file():  # a cache folder that cannot be written: unpacked in memory
        return LanguageIdentifier.from_model_file(packed, norm_probs=True)
    return _mapped(folder, LanguageIdentifier)


def unpacked_folder(unpacked_in: Path) -> Path:
    """Where in `unpacked_in` this version of py3langid's model is kept unpacked."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return unpacked_in / f"py3langid-{metadata.version('py3langid')}-{(MODEL_DIR / MODEL_FILE).stat().st_size}"


_ARRAYS = ("ptc", "pc", "nextmove", "row", "output")


def _unpack(packed: Path, folder: Path) -> None:
    """The arrays py3langid's own loader reads from `packed`, saved in `folder` whole, or not at all."""
    import numpy as np
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, output = load_model(packed)
    arrays = {
        "ptc": ptc,
        "pc": pc,
        "nextmove": np.frombuffer(nextmove, dtype=nextmove.typecode),
        "row": np.frombuffer(row, dtype=row.typecode),
        "output": np.asarray(output, dtype=np.int64),
    }
    with contextlib.suppress(OSError):
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".unpacking-"))
        try:
            for name, array in arrays.items():
                np.save(staging / f"{name}.npy", array)
            (staging / "classes.json").write_text(json.dumps(classes), encoding="utf-8")
            staging.rename(folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # left behind only when another process unpacked it first


def _mapped(folder: Path, identifier: type):
    import numpy as np

    ptc, pc, nextmove, row, output = (np.load(folder / f"{name}.npy", mmap_mode="r") for name in _ARRAYS)
    classes = json.loads((folder / "classes.json").read_text(encoding="utf-8"))
    automaton = (np.asarray(nextmove), np.asarray(row, dtype=np.intp) << 8, np.asarray(output))

    class Mapped(identifier):
        """py3langid's identifier, its automaton walked by array operations (_walk) where they give its own walk."""

        __slots__ = ()

        def _raw_score(self, text: bytes):
            visits = _walk(*automaton, text)
            return super()._raw_score(text) if visits is None else self._sparse_score(visits, self.nb_ptc)

    # A memoryview indexes to Python ints as fast as the stdlib arrays and list py3langid's loader builds.
    return Mapped(ptc, np.asarray(pc), classes, memoryview(nextmove), memoryview(output), norm_probs=True,
                  tk_row=memoryview(row))  # fmt: skip


_DEPTH = 6
"""The longest byte string a state of py3langid's automaton stands for (the model of py3langid 0.4)."""


def _walk(nextmove, rowbase, output, data: bytes) -> Counter[int] | None:
    """py3langid's visit_counts (each feature seen in `data`, by how often, in the order first seen), or None.

    py3langid walks its automaton in Python, a byte at a time: 1 ms a text, most of identifying it. Each
    state stands for the last bytes read, never more than _DEPTH of them, so the state after any byte is the
    state reached from the start by the _DEPTH bytes up to it: every position's at once, in _DEPTH array
    steps. Then one step of the automaton from each state must give the next: if any does not (a model
    whose states stand for more), None, and py3langid walks the text itself. No features is None too: its
    own walk scores that case.
    """
    import numpy as np

    data_bytes = np.frombuffer(data, dtype=np.uint8).astype(np.intp)
    n = len(data_bytes)
    if not n:
        return None
    states = np.zeros(n, dtype=np.intp)
    for back in reversed(range(min(_DEPTH, n))):
        states[back:] = nextmove[rowbase[states[back:]] + data_bytes[: n - back]]
    walked = states[0] == nextmove[rowbase[0] + data_bytes[0]] and np.array_equal(
        nextmove[rowbase[states[:-1]] + data_bytes[1:]], states[1:]
    )
    features = output[states]
    features = features[features >= 0]
    if not walked or not len(features):
        return None
    return Counter(features.tolist())  # as py3langid counts the features it walks: in the order first seen


def guess_language(text: str, unpacked_in: Path | None = None) -> str | None:
    """The ISO 639-1 code of the language `text` is in, by py3langid, or None when it cannot tell.

    Enough to know when quotes need a translation; bench/language_id.py measures it. `unpacked_in`:
    where the model is kept unpacked across runs (see _identifier).
    """
    sample = text[:5000]
    if sum(map(len, _LETTERS.findall(sample))) < MIN_LETTERS:
        return None
    language, probability = _identifier(unpacked_in).classify(sample)
    return language if probability >= 0.5 else None


def forget_model() -> None:
    """Let the model go once the documents are read: its mapped pages (65 MB for a day of 40 texts)
    would otherwise count in the run's peak while the model answers. Mapping it again takes milliseconds."""
    _identifier.cache_clear()


@functools.cache
def language_name(code: str, kept_in: Path | None = None) -> str:
    """A language's English name ("ru": "Russian"), as the prompts ask for a brief in it; the code if babel has none.

    babel reads and merges its whole English locale for one name: 0.07 s of CPU, every run. With `kept_in`
    (the folder the language model is kept unpacked in), a name once looked up is kept there for later runs.
    """
    kept = kept_file(kept_in, "babel", "language-names")
    known = read_kept(kept)
    if code in known:
        return known[code]
    from babel import Locale

    name = Locale("en").languages.get(code.lower(), code)
    keep(kept, {**known, code: name})
    return name
