"""Reading what a hostile sender controls within `config.Limits`, checked while reading.

A 2 MB Word file can inflate to gigabytes, a PDF stream likewise, and a page can
nest a tag inside itself until the parsers behind it (trafilatura) take minutes.
So every container is measured here before the library that reads it for real
(python-docx, PDFium, trafilatura) is let at it:

- A zip (a Word file) is refused on what its central directory declares: too many
  parts, a part or the whole too big, a part packed too tightly. Python's zipfile
  never unpacks more than a part declares, so a lying directory cannot get past.
  Then every part is read through a counter, and the XML ones through lxml's
  event parser, which builds no tree: no DOCTYPE (rule M1.18 of the Open
  Packaging Conventions forbids them, so no entity is ever declared, let alone
  expanded) and no deeper than `xml_depth`.
- A deflated stream (a PDF's) is inflated in slices and counted, and left as soon
  as it is over a limit.
- A page is run through lxml's HTML parser with an element counter as its target
  (again no tree) before visible.py builds the tree trafilatura reads.

Each check stops at the first slice past a limit, so a bomb costs milliseconds.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import Literal

from ..config import Limits
from ..errors import LimitError

_SLICE = 64 * 1024  # bytes read, or inflated, between two checks


def over(where: str, what: str, limit: str, limits: Limits) -> LimitError:
    """The one-line refusal: what the file holds, and which limit (a field of Limits) it is over."""
    value = getattr(limits, limit)
    shown = size(value) if limit.endswith("_bytes") else f"{value:,g}"
    return LimitError(f"{where}: {what}, over the {limit} limit of {shown}")


def size(n: int) -> str:
    """A byte count as people say it: 32 MiB, 1.5 MiB, 640 KiB."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):,.1f}".removesuffix(".0") + " MiB"
    return f"{n / 1024:,.0f} KiB" if n >= 1024 else f"{n} bytes"


class Budget:
    """Bytes unpacked so far from one file, all parts together, against `unpacked_bytes` (or another limit)."""

    def __init__(self, where: str, limits: Limits, total: str = "unpacked_bytes", part: str = "member_bytes") -> None:
        self.where = where
        self.limits = limits
        self.limit, self.part_limit = total, part
        self.total = 0

    def add(self, n: int) -> None:
        self.total += n
        if self.total > getattr(self.limits, self.limit):
            most = size(getattr(self.limits, self.limit))
            raise over(self.where, f"unpacks to more than {most}", self.limit, self.limits)

    def part(self, name: str, unpacked: int, packed: int | None, limit: str | None = None) -> None:
        """Refuse one part that has unpacked `unpacked` bytes so far from `packed` (None: no ratio to hold to)."""
        limits = self.limits
        limit = limit or self.part_limit
        most = getattr(limits, limit)
        if unpacked > most:
            raise over(self.where, f"{name} unpacks to more than {size(most)}", limit, limits)
        if packed is not None and unpacked > limits.ratio_grace_bytes and unpacked > limits.ratio * max(packed, 1):
            ratio = unpacked / max(packed, 1)
            raise over(self.where, f"{name} unpacks to over {ratio:,.0f} times its packed size", "ratio", limits)


# --- zip ---------------------------------------------------------------------------------------

_END = b"PK\x05\x06"  # end of central directory record
_END64 = b"PK\x06\x06"


def _declared_count(data: bytes) -> int | None:
    """How many parts the zip's last record says it has, read before zipfile builds an object for each."""
    at = data.rfind(_END, max(0, len(data) - 65557))
    if at < 0 or at + 22 > len(data):
        return None
    count = struct.unpack_from("<H", data, at + 10)[0]
    if count == 0xFFFF:
        at64 = data.rfind(_END64, max(0, at - 65536), at)
        if at64 >= 0 and at64 + 40 <= len(data):
            count = struct.unpack_from("<Q", data, at64 + 32)[0]
    return count


def check_zip(data: bytes, where: str, limits: Limits) -> None:
    """Refuse a zip over the limits, as declared or as read; raise zipfile.BadZipFile for one that is damaged."""
    declared = _declared_count(data)
    if declared is not None and declared > limits.members:
        raise over(where, f"{declared:,} parts", "members", limits)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        if len(infos) > limits.members:
            raise over(where, f"{len(infos):,} parts", "members", limits)
        budget = Budget(where, limits)
        for info in infos:  # what the directory declares: a bomb is refused before anything is inflated
            budget.part(info.filename, info.file_size, info.compress_size)
        declared_total = sum(info.file_size for info in infos)
        if declared_total > limits.unpacked_bytes:
            raise over(where, f"unpacks to {size(declared_total)}", "unpacked_bytes", limits)
        for info in infos:
            with archive.open(info) as stream:
                _read_part(_Counted(stream, info.filename, info.compress_size, budget), where, limits)


class _Counted:
    """A part's stream that counts what it gives and stops at the first slice over a limit."""

    def __init__(self, stream: io.BufferedIOBase, name: str, packed: int, budget: Budget) -> None:
        self.stream, self.name, self.packed, self.budget = stream, name, packed, budget
        self.unpacked = 0

    def read(self, n: int = -1) -> bytes:
        chunk = self.stream.read(_SLICE if n is None or n < 0 else min(n, _SLICE))
        self.unpacked += len(chunk)
        self.budget.add(len(chunk))
        self.budget.part(self.name, self.unpacked, self.packed)
        return chunk


_XML_START = (b"<", b"\xef\xbb\xbf<", b"\xff\xfe<\x00", b"\xfe\xff\x00<")


def _read_part(part: _Counted, where: str, limits: Limits) -> None:
    first = part.read(_SLICE)
    if first.lstrip(b" \t\r\n").startswith(_XML_START):
        check_xml(_chain(first, part), f"{where}: {part.name}", limits)
        return
    while part.read(_SLICE):
        pass


def _chain(first: bytes, rest: _Counted) -> Iterator[bytes]:
    yield first
    while chunk := rest.read(_SLICE):
        yield chunk


# --- XML and HTML, as events -------------------------------------------------------------------


class _Shape:
    """An lxml parser target that keeps no tree: it counts elements and depth, and refuses a DOCTYPE."""

    def __init__(self, where: str, limits: Limits, depth_limit: str, count_limit: str | None, no_doctype: bool) -> None:
        self.where, self.limits = where, limits
        self.depth_limit, self.count_limit, self.no_doctype = depth_limit, count_limit, no_doctype
        self.depth = self.count = 0

    def start(self, tag: str, attrib: object) -> None:
        self.depth += 1
        self.count += 1
        if self.depth > getattr(self.limits, self.depth_limit):
            raise over(self.where, f"elements nested more than {self.depth - 1:,} deep", self.depth_limit, self.limits)
        if self.count_limit and self.count > getattr(self.limits, self.count_limit):
            raise over(self.where, f"more than {self.count - 1:,} elements", self.count_limit, self.limits)

    def end(self, tag: str) -> None:
        self.depth -= 1

    def data(self, text: str) -> None:
        pass

    def doctype(self, name: str, public: str | None, system: str | None) -> None:
        if self.no_doctype:
            raise LimitError(f"{self.where}: declares a DTD, which this format never has (entities are not expanded)")

    def close(self) -> None:
        return None


def check_xml(chunks: Iterator[bytes], where: str, limits: Limits) -> None:
    """Refuse XML with a DOCTYPE or nested deeper than `xml_depth`; a syntax error is left to the real parser."""
    import lxml.etree

    shape = _Shape(where, limits, "xml_depth", None, no_doctype=True)
    parser = lxml.etree.XMLParser(target=shape, resolve_entities=False, load_dtd=False, no_network=True)
    _feed(parser, chunks)


def check_html(html: str, where: str, limits: Limits) -> None:
    """Refuse a page nested deeper than `html_depth` or with more than `html_elements` elements."""
    import lxml.etree

    shape = _Shape(where, limits, "html_depth", "html_elements", no_doctype=False)
    parser = lxml.etree.HTMLParser(target=shape, no_network=True)
    _feed(parser, (html[i : i + _SLICE] for i in range(0, len(html), _SLICE)))


def _feed(parser, chunks) -> None:
    import lxml.etree

    try:
        for chunk in chunks:
            parser.feed(chunk)
        parser.close()
    except lxml.etree.LxmlError:
        pass  # not well-formed: the reader that parses it for real says so, in its own words


# --- deflate -----------------------------------------------------------------------------------


def inflated_size(
    data: bytes, start: int, name: str, budget: Budget, *, kind: Literal["content", "font", "image"] = "content"
) -> int | None:
    """Bytes the deflate stream at `data[start:]` inflates to, counted into `budget`; None if it is not one.

    Inflated a slice at a time and never kept: the first slice past a limit ends it.
    Content (what a page draws, which PDFium parses operator by operator) is held to
    the budget's limits. A font program (a whole CJK font is 10 MB or more) and an
    image (no text is read from one) are held to `member_bytes` alone and add
    nothing to the total; an image not even to `ratio`, as a blank scan packs 1000 to 1.
    """
    inflater = zlib.decompressobj()
    unpacked = 0
    position = start
    pending = b""
    try:
        while not inflater.eof:
            if not pending and position < len(data):
                pending = data[position : position + _SLICE]
                position += len(pending)
            out = inflater.decompress(pending, _SLICE)  # at most a slice, even from input already taken
            pending = inflater.unconsumed_tail
            if not out and not pending and position >= len(data):
                break
            unpacked += len(out)
            packed = position - start - len(pending)
            if kind == "content":
                budget.add(len(out))
                budget.part(name, unpacked, packed)
            else:
                budget.part(name, unpacked, packed if kind == "font" else None, "member_bytes")
    except zlib.error:
        return unpacked or None
    return unpacked
