"""Decoding documents: whatever the encoding, the text as written; a binary file is refused by name."""

from __future__ import annotations

import pytest

from briefing.errors import InputError
from briefing.ingest.documents import decode

RUSSIAN = "Президент Казахстана Касым-Жомарт Токаев заявил, что страна готова к сотрудничеству."
FRENCH = "Le café était fermé. L'élève a déjà mangé à Montréal, où les prix sont élevés."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1251", "koi8-r"])
def test_russian_in_any_encoding_reads_as_written(encoding):
    assert decode(RUSSIAN.encode(encoding), "news.txt") == RUSSIAN


def test_a_western_code_page_is_not_read_as_cyrillic():
    assert decode(FRENCH.encode("cp1252"), "fr.txt") == FRENCH


def test_a_binary_file_is_refused_by_name():
    with pytest.raises(InputError, match=r"^blob\.txt: binary file, not a text document$"):
        decode(b"\x00\x01\x02binary\x00" * 100, "blob.txt")
