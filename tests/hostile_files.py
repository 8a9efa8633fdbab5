"""Hostile files for the tests and bench/hostile.py, made on the spot, never committed.

    python -m tests.hostile_files out/hostile    # writes every probe into a folder

Each probe is what a hostile sender could mail to an analyst or publish at a URL:
zip bombs in a Word file (one part, many parts, parts that add up, a zip inside),
entity expansion, XML and HTML nested 100,000 deep, e-mails nested in e-mails,
a feed of 100,000 entries, PDFs with a million pages or a 1 GiB content stream.
The bombs are real (true sizes and CRCs, they inflate to what they declare) yet
are made in milliseconds: a deflate stream of one unit repeated is the unit's
packed bytes repeated, once the compressor forgets the past (a full flush).
"""

from __future__ import annotations

import functools
import io
import random
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from . import make_documents as make

MiB = 1024 * 1024
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass(frozen=True)
class Probe:
    name: str
    make: Callable[[Path], Path]
    refused_by: str | None  # a word of the one-line refusal (the limit's name); None: the file is read
    served: bool = False  # read from the test web site (a URL), not from disk


# --- deflate and zip, by hand ------------------------------------------------------------------


def deflated(unit: bytes, repeat: int, *, zlib_header: bool = False) -> bytes:
    """`unit * repeat` deflated (raw as in a zip, or zlib-wrapped as in a PDF) without deflating it all."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(unit) + packer.flush(zlib.Z_FULL_FLUSH)
    again = packer.compress(unit) + packer.flush(zlib.Z_FULL_FLUSH)
    raw = first + again * (repeat - 1) + packer.flush()
    return b"\x78\xda" + raw + struct.pack(">I", adler_of(unit, repeat)) if zlib_header else raw


@functools.cache
def crc_of(unit: bytes, repeat: int) -> int:
    crc = 0
    for _ in range(repeat):
        crc = zlib.crc32(unit, crc)
    return crc


@functools.cache
def adler_of(unit: bytes, repeat: int) -> int:
    adler = 1
    for _ in range(repeat):
        adler = zlib.adler32(unit, adler)
    return adler


@dataclass(frozen=True)
class Part:
    name: str
    packed: bytes
    crc: int
    size: int
    method: int = zipfile.ZIP_DEFLATED

    @classmethod
    def stored(cls, name: str, data: bytes) -> Part:
        return cls(name, data, zlib.crc32(data), len(data), zipfile.ZIP_STORED)

    @classmethod
    def packed_text(cls, name: str, data: bytes) -> Part:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)
        return cls(name, packer.compress(data) + packer.flush(), zlib.crc32(data), len(data))

    @classmethod
    def bomb(cls, name: str, unit: bytes, repeat: int) -> Part:
        return cls(name, deflated(unit, repeat), crc_of(unit, repeat), len(unit) * repeat)


def zip_of(parts: list[Part]) -> bytes:
    """A zip written by hand: local headers, central directory, end record (no zip64: under 65,536 parts)."""
    out, central = bytearray(), bytearray()
    for part in parts:
        name = part.name.encode()
        offset = len(out)
        fields = (part.method, 0, 0x21, part.crc, len(part.packed), part.size, len(name))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, *fields, 0) + name + part.packed
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, *fields, 0, 0, 0, 0, 0, offset) + name
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(central), len(out), 0)
    return bytes(out + central + end)


_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="word/document.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
)


def _word(path: Path, parts: list[Part]) -> Path:
    path.write_bytes(zip_of([Part.packed_text("[Content_Types].xml", _TYPES), Part.packed_text("_rels/.rels", _RELS),
                             *parts]))  # fmt: skip
    return path


def _text_unit() -> bytes:
    return b"<w:p><w:r><w:t>" + b"a" * (MiB - 33) + b"</w:t></w:r></w:p>"  # a paragraph of 1 MiB


def word_one_part(folder: Path) -> Path:
    """The issue's bomb: word/document.xml, one part, inflates to 1 GiB from about 1 MB."""
    return _word(folder / "bomb.docx", [Part.bomb("word/document.xml", _text_unit(), 1024)])


def word_many_parts(folder: Path) -> Path:
    """10,000 parts of 1 MiB each: 10 GiB from 10 MB."""
    one = Part.bomb("x", b"\0" * MiB, 1)
    parts = [Part(f"word/media/image{i}.png", one.packed, one.crc, one.size) for i in range(10_000)]
    return _word(folder / "many-parts.docx", parts)


def word_parts_add_up(folder: Path) -> Path:
    """900 parts of 1 MiB: each passes, together 900 MiB."""
    one = Part.bomb("x", b"\0" * MiB, 1)
    parts = [Part(f"word/media/image{i}.png", one.packed, one.crc, one.size) for i in range(900)]
    return _word(folder / "adding-up.docx", parts)


def word_zip_inside(folder: Path) -> Path:
    """A real memo carrying a 1 GiB zip bomb as an embedded object, which is never opened: it reads as the memo."""
    inner = zip_of([Part.bomb("bomb.txt", b"a" * MiB, 1024)])
    return _add_to_memo(folder / "embedded-bomb.docx", {"word/embeddings/oleObject1.zip": inner})


def word_entities(folder: Path) -> Path:
    """A memo whose document.xml declares the billion laughs: nine levels of ten entities each."""
    entities = '<!ENTITY l0 "ha">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    body = "<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body>"
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><!DOCTYPE w:document [{entities}]>'
           f'<w:document xmlns:w="{W}">{body}</w:document>')  # fmt: skip
    return _add_to_memo(folder / "laughs.docx", {"word/document.xml": xml.encode()})


def word_deep_xml(folder: Path) -> Path:
    """A memo whose document.xml nests 100,000 elements deep, in 700 KB (under the ratio's grace)."""
    xml = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'
           + "<b>" * 100_000 + "</b>" * 100_000 + "</w:body></w:document>")  # fmt: skip
    return _add_to_memo(folder / "deep.docx", {"word/document.xml": xml.encode()})


def _add_to_memo(path: Path, replace: dict[str, bytes]) -> Path:
    """The test memo (make_documents.docx) with parts replaced or added."""
    memo = make.docx(path.with_suffix(".memo.docx"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(memo) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in replace:
                target.writestr(info, source.read(info))
        for name, data in replace.items():
            target.writestr(name, data, zipfile.ZIP_STORED if name.endswith(".zip") else zipfile.ZIP_DEFLATED)
    memo.unlink()
    path.write_bytes(buffer.getvalue())
    return path


# --- e-mail ------------------------------------------------------------------------------------


def _message(subject: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"], message["From"] = subject, "sender@example.org"
    message["Date"] = "Tue, 14 Jan 2025 07:30:00 +0000"
    message.set_content("See the attachment.")
    return message


def mail_word_bomb(folder: Path) -> Path:
    """The Word bomb, attached to an e-mail."""
    message = _message("The memo")
    bomb = word_one_part(folder)
    message.add_attachment(bomb.read_bytes(), maintype="application", subtype="octet-stream", filename="memo.docx")
    bomb.unlink()
    path = folder / "bomb-attached.eml"
    path.write_bytes(bytes(message))
    return path


def mail_pdf_bomb(folder: Path) -> Path:
    """The PDF whose content stream inflates to 1 GiB, attached to an e-mail."""
    message = _message("The report")
    bomb = pdf_stream(folder)
    message.add_attachment(bomb.read_bytes(), maintype="application", subtype="pdf", filename="report.pdf")
    bomb.unlink()
    path = folder / "pdf-attached.eml"
    path.write_bytes(bytes(message))
    return path


def mail_nested_mime(folder: Path) -> Path:
    """A message inside a message (message/rfc822), 100,000 deep: 5 MB."""
    head = b"From: a@example.org\r\nSubject: fwd\r\nContent-Type: message/rfc822\r\n\r\n"
    path = folder / "nested.eml"
    path.write_bytes(head * 100_000 + b"From: a@example.org\r\nSubject: inner\r\n\r\nThe innermost text.\r\n")
    return path


def mail_nested_attachments(folder: Path) -> Path:
    """An .eml attached to an .eml, twelve levels deep, each a file attachment."""
    data = bytes(_message("Level 12"))
    for level in range(11, 0, -1):
        message = _message(f"Level {level}")
        message.add_attachment(data, maintype="application", subtype="octet-stream", filename=f"level{level + 1}.eml")
        data = bytes(message)
    path = folder / "forwarded.eml"
    path.write_bytes(data)
    return path


def mail_many_parts(folder: Path) -> Path:
    """One e-mail of 100,000 MIME parts: 4 MB."""
    head = b"From: a@example.org\r\nSubject: parts\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
    path = folder / "many-parts.eml"
    path.write_bytes(head + b"--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n" * 100_000 + b"--b--\r\n")
    return path


# --- pages and feeds ---------------------------------------------------------------------------

_ARTICLE = "<p>The summit in Astana ended on Tuesday with a statement on water and rail links.</p>"


def html_deep(folder: Path, name: str = "deep.html") -> Path:
    """A page whose article holds one div in another, 100,000 deep: 1 MB."""
    path = folder / name
    path.write_text(f"<html><body><article>{_ARTICLE}" + "<div>" * 100_000 + "x" + "</div>" * 100_000
                    + "</article></body></html>")  # fmt: skip
    return path


def html_deep_served(folder: Path) -> Path:
    return html_deep(folder, "deep-served.html")


def html_wide(folder: Path) -> Path:
    """A page of a million elements side by side: 8 MB."""
    path = folder / "wide.html"
    path.write_text(f"<html><body><article>{_ARTICLE}" + "<b>x</b>" * 1_000_000 + "</article></body></html>")
    return path


def feed_entries(folder: Path) -> Path:
    """An RSS feed of 100,000 entries: 3 MB, within the 5 MB a response may have."""
    path = folder / "huge-feed.xml"
    items = b"<item><title>x</title></item>" * 100_000
    path.write_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>' + items + b"</channel></rss>")
    return path


def feed_laughs(folder: Path) -> Path:
    """An RSS feed declaring the billion laughs in its DOCTYPE."""
    entities = '<!ENTITY l0 "ha">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    path = folder / "laughs-feed.xml"
    path.write_text(f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel><title>t</title>'
                    "<item><title>&l9;</title><description>&l9;</description></item></channel></rss>")  # fmt: skip
    return path


# --- PDF ---------------------------------------------------------------------------------------

_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_PAGE = (
    b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792]\n/Resources << /Font << /F1 2 0 R >> >> /Contents 3 0 R >>"
)


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF of `objects` (numbered from 1, the catalog first), with its cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"


def pdf_pages(folder: Path) -> Path:
    """A million pages in 12 KB: a page tree whose nodes list the same child a thousand times."""
    text = zlib.compress(b"BT /F1 12 Tf 72 720 Td (A page.) Tj ET")
    leaves = b" ".join(b"4 0 R" for _ in range(1000))
    nodes = b" ".join(b"5 0 R" for _ in range(1000))
    objects = [b"<< /Type /Catalog /Pages 6 0 R >>", _FONT, _stream(text), _PAGE % 5,
               b"<< /Type /Pages /Kids [" + leaves + b"] /Count 1000 /Parent 6 0 R >>",
               b"<< /Type /Pages /Kids [" + nodes + b"] /Count 1000000 >>"]  # fmt: skip
    path = folder / "million-pages.pdf"
    path.write_bytes(pdf_of(objects))
    return path


def pdf_stream(folder: Path) -> Path:
    """One page whose content stream inflates to 1 GiB from 1 MB (PDFium alone: 34 s and 2 GB)."""
    content = deflated(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n" + b"q Q " * (MiB // 4 - 10), 1024, zlib_header=True)
    objects = [b"<< /Type /Catalog /Pages 5 0 R >>", _FONT, _stream(content), _PAGE % 5,
               b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>"]  # fmt: skip
    path = folder / "huge-stream.pdf"
    path.write_bytes(pdf_of(objects))
    return path


# --- just under the default limits: read, and what that costs (bench/hostile.py) -------------

_WORDS = ("minister", "pipeline", "agreement", "summit", "tariff", "corridor", "deposit", "reserve", "delegation",
          "ceasefire", "election", "sanctions", "investment", "treaty", "border", "talks")  # fmt: skip


def _prose(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words))


def word_under_limits(folder: Path) -> Path:
    """A Word file whose document.xml is 30 MiB of paragraphs (member_bytes is 32 MiB): 6 MB packed."""
    rng = random.Random(30)
    paragraphs = "".join(f"<w:p><w:r><w:t>{_prose(rng, 60)}</w:t></w:r></w:p>" for _ in range(60_000))
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{paragraphs}</w:body></w:document>'
    return _word(folder / "long.docx", [Part.packed_text("word/document.xml", xml.encode())])


def html_under_limits(folder: Path) -> Path:
    """A page of 29,000 elements (html_elements is 30,000)."""
    rng = random.Random(29)
    path = folder / "long.html"
    path.write_text("<html><body><article>" + "".join(f"<p>{_prose(rng, 8)}</p>" for _ in range(28_990))
                    + "</article></body></html>")  # fmt: skip
    return path


def pdf_under_limits(folder: Path) -> Path:
    """Four pages of 17,000 lines of text each: 7.8 MiB of content (pdf_content_bytes is 8, a stream 2)."""
    rng = random.Random(4)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", _FONT]
    for _ in range(4):
        lines = (
            b"BT /F1 10 Tf 72 %d Td (%s) Tj ET\n" % (700 - n % 60 * 10, _prose(rng, 10).encode()) for n in range(17_000)
        )
        objects.append(_stream(zlib.compress(b"".join(lines))))
        objects.append(_PAGE.replace(b"3 0 R >>", b"%d 0 R >>" % len(objects)) % 2)
    kids = b" ".join(b"%d 0 R" % n for n in range(5, len(objects) + 1, 2))
    objects[1] = b"<< /Type /Pages /Kids [" + kids + b"] /Count 4 >>"
    path = folder / "dense.pdf"
    path.write_bytes(pdf_of(objects))
    return path


UNDER_LIMITS = [
    Probe("Word file, a 30 MiB part", word_under_limits, None),
    Probe("Page of 29,000 elements", html_under_limits, None),
    Probe("PDF of 7.8 MiB dense text", pdf_under_limits, None),
]

PROBES = [
    Probe("Word bomb, one part", word_one_part, "member_bytes"),
    Probe("Word bomb, many parts", word_many_parts, "members"),
    Probe("Word bomb, parts adding up", word_parts_add_up, "unpacked_bytes"),
    Probe("Word file with a zip bomb inside", word_zip_inside, None),
    Probe("Word file, entity expansion", word_entities, "DTD"),
    Probe("Word file, XML nested deep", word_deep_xml, "xml_depth"),
    Probe("Word bomb attached to an e-mail", mail_word_bomb, "member_bytes"),
    Probe("PDF bomb attached to an e-mail", mail_pdf_bomb, "ratio"),
    Probe("E-mail nested 100,000 deep", mail_nested_mime, "mime_depth"),
    Probe("E-mail attached to e-mails, 12 deep", mail_nested_attachments, "mail_depth"),
    Probe("E-mail of 100,000 parts", mail_many_parts, "members"),
    Probe("Page nested 100,000 deep", html_deep, "html_depth"),
    Probe("Page nested 100,000 deep, fetched", html_deep_served, "html_depth", served=True),
    Probe("Page of a million elements", html_wide, "html_elements"),
    Probe("Feed of 100,000 entries", feed_entries, "feed_entries", served=True),
    Probe("Feed declaring entities", feed_laughs, "entities", served=True),
    Probe("PDF of a million pages", pdf_pages, "pdf_pages"),
    Probe("PDF with a 1 GiB content stream", pdf_stream, "ratio"),
]


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "out/hostile")
    out.mkdir(parents=True, exist_ok=True)
    for probe in PROBES:
        print(probe.make(out))
