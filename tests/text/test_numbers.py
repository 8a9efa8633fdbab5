"""One spelling per number, whatever the separators."""

from __future__ import annotations

import pytest

from briefing.text.numbers import canonical_number


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("4,2", "4.2"), ("4.2", "4.2"), ("8,000", "8000"), ("8 000", "8000"), ("8\u00a0000", "8000"),
     ("1,234.5", "1234.5"), ("1.234.567", "1234567"), ("70", "70")],
)  # fmt: skip
def test_numbers_are_written_alike(written, canonical):
    assert canonical_number(written) == canonical
