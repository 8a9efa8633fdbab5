"""The checks of bounded.py one by one: where they stop, and what they let through."""

from __future__ import annotations

import random
import time
import zlib

import lxml.html
import pytest

from briefing import InputError, LimitError, Limits, load_documents
from briefing.ingest.bounded import Budget, check_html, check_zip, inflated_size
from briefing.ingest.docx_text import read_docx
from briefing.ingest.mail import read_mail

from ..hostile_files import MiB, Part, deflated, zip_of


def test_a_zip_that_lies_about_its_sizes_gets_no_further_than_it_declares():
    """zipfile unpacks no more than a part declares, so a bomb declared small is a damaged file, read no further."""
    bomb = Part.bomb("word/document.xml", b"a" * MiB, 1024)
    lying = Part(bomb.name, bomb.packed, bomb.crc, size=10_000)
    started = time.process_time()
    with pytest.raises(InputError, match="damaged or not a Word file") as info:
        read_docx(zip_of([lying]), "liar.docx")
    assert not isinstance(info.value, LimitError)
    assert time.process_time() - started < 1, "not a GiB inflated, only what was declared"


def test_a_part_declared_at_its_true_size_is_refused_before_anything_is_inflated():
    data = zip_of([Part.bomb("word/document.xml", b"a" * MiB, 64)])
    with pytest.raises(LimitError, match="member_bytes limit of 32 MiB"):
        check_zip(data, "bomb.docx", Limits())
    assert check_zip(data, "bomb.docx", Limits(member_bytes="64MiB", ratio=2000)) is None  # exactly at the limit


def test_a_stream_is_left_within_one_slice_past_the_limit():
    stream = deflated(b"q Q " * (MiB // 4), 1024, zlib_header=True)  # 1 GiB
    budget = Budget("huge.pdf", Limits(member_bytes="8MiB", unpacked_bytes="8MiB", ratio=10**6))
    with pytest.raises(LimitError, match="unpacked_bytes"):
        inflated_size(stream, 0, "stream 5", budget)
    assert 8 * MiB < budget.total <= 8 * MiB + 64 * 1024


def test_an_image_or_a_font_is_held_to_the_size_of_one_part_and_adds_nothing_to_the_content():
    budget = Budget("scan.pdf", Limits(), total="pdf_content_bytes", part="pdf_stream_bytes")
    blank = deflated(b"\xff" * MiB, 20, zlib_header=True)  # a blank scan: 20 MiB packed 1000 to 1
    assert inflated_size(blank, 0, "stream 7", budget, kind="image") == 20 * MiB
    font = zlib.compress(random.Random(5).randbytes(12 * MiB))  # a whole CJK font does not pack
    assert inflated_size(font, 0, "stream 9", budget, kind="font") == 12 * MiB
    assert budget.total == 0
    with pytest.raises(LimitError, match="ratio"):
        inflated_size(blank, 0, "stream 7", budget, kind="font")
    with pytest.raises(LimitError, match="pdf_stream_bytes limit of 2 MiB"):
        inflated_size(font, 0, "stream 9", budget)
    with pytest.raises(LimitError, match="member_bytes limit of 32 MiB"):
        inflated_size(deflated(b"\xff" * MiB, 40, zlib_header=True), 0, "stream 8", budget, kind="image")


def test_not_a_deflate_stream_is_not_measured():
    assert inflated_size(b"BT (plain text) Tj ET", 0, "stream 3", Budget("a.pdf", Limits())) is None


MESSY = "<html><body><p>a<p>b<table><tr><td>x</table><font><b>y</font><ul><li>1<li>2</ul></body></html>"


def test_a_page_is_counted_as_the_tree_is_built():
    elements = len(list(lxml.html.document_fromstring(MESSY).iter()))
    check_html(MESSY, "page", Limits(html_elements=100).model_copy(update={"html_elements": elements}))
    with pytest.raises(LimitError, match=f"more than {elements - 1} elements, over the html_elements limit"):
        check_html(MESSY, "page", Limits().model_copy(update={"html_elements": elements - 1}))


def test_a_page_deeper_than_libxml2_builds_is_read_whole_when_the_limit_allows(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body><article>" + "<div>" * 400 + "<p>The talks in Astana went well, officials said.</p>"
                    + "</div>" * 400 + "</article></body></html>")  # fmt: skip
    with pytest.raises(LimitError, match="html_depth"):
        load_documents([str(path)])
    [doc] = load_documents([str(path)], limits=Limits(html_depth=500))
    assert "The talks in Astana went well" in doc.text


def test_depth_is_refused_one_past_the_limit():
    page = "<html><body>" + "<div>" * 20 + "</div>" * 20 + "</body></html>"
    check_html(page, "page", Limits(html_depth=22))  # html, body and twenty divs
    with pytest.raises(LimitError, match="nested more than 21 deep, over the html_depth limit of 21"):
        check_html(page, "page", Limits(html_depth=21))


def test_an_email_may_have_as_many_parts_as_the_limit():
    def mail(parts: int) -> bytes:
        head = b"From: a@b.org\r\nSubject: s\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
        return head + b"--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n" * parts + b"--b--\r\n"

    assert read_mail(mail(9), "ok.eml", Limits(members=10)).body == "hi"  # the message and its nine parts
    with pytest.raises(LimitError, match="more than 10 MIME parts"):
        read_mail(mail(10), "over.eml", Limits(members=10))
