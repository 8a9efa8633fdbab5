"""Reading e-mail (.eml): subject, date, the body, and the attachments.

Newsletters and alerts arrive as e-mail, reports often attached to them. The
standard library's parser reads the message; the body is its text part, or its
HTML part when there is no text part (documents.py reduces that like a web page).
Attachments come back as bytes with their file names: documents.py briefs the
ones of a kind it reads as documents of their own.

The parser recurses into nested parts (a few thousand levels of message/rfc822
end in a RecursionError) and parses every part's headers, so a message of a
hundred thousand parts takes it half a minute. Every part it makes is therefore
counted as it is made, and the parse stops at the first one past the `members`
or `mime_depth` limit.
"""

from __future__ import annotations

import email.policy
from dataclasses import dataclass, field
from email import errors as mail_errors
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime

from ..config import Limits
from ..errors import InputError
from .bounded import over

# Headers one of which every message has; a file with none of them is not an e-mail.
_MESSAGE_HEADERS = ("from", "to", "subject", "date", "message-id", "received", "mime-version")
# Signs of a file cut short: a multipart whose closing (or opening) boundary never came.
_TRUNCATED = (mail_errors.CloseBoundaryNotFoundDefect, mail_errors.StartBoundaryNotFoundDefect)


@dataclass(frozen=True)
class Mail:
    subject: str | None
    date: str | None
    body: str
    body_is_html: bool
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


def read_mail(data: bytes, name: str, limits: Limits | None = None) -> Mail:
    """A message's parts, or an InputError saying why the file is not a readable e-mail (a LimitError: too many)."""
    limits = limits or Limits()
    policy = email.policy.default.clone(message_factory=_counted_part(name, limits))
    try:
        message = BytesParser(policy=policy).parsebytes(data)
    except RecursionError:  # only with a mime_depth set beyond what the parser's recursion can take
        raise over(name, "parts nested deeper than the parser can go", "mime_depth", limits) from None
    if not any(header in message for header in _MESSAGE_HEADERS):
        raise InputError(f"{name}: not an e-mail message (no From, Subject or Date header)")
    for part in message.walk():
        if any(isinstance(defect, _TRUNCATED) for defect in part.defects):
            raise InputError(f"{name}: truncated or damaged e-mail (a multipart boundary is missing)")
    body_part = message.get_body(preferencelist=("plain", "html"))
    body = _content(body_part) if body_part is not None else ""
    attachments = []
    for part in message.iter_attachments():
        filename = part.get_filename()
        payload = part.get_payload(decode=True)
        if filename and isinstance(payload, bytes):
            attachments.append((filename, payload))
    return Mail(
        subject=str(message.get("subject") or "").strip() or None,
        date=_date(str(message.get("date") or "")),
        body=body,
        body_is_html=body_part is not None and body_part.get_content_subtype() == "html",
        attachments=attachments,
    )


def _counted_part(name: str, limits: Limits) -> type[EmailMessage]:
    """The message class for one parse: it counts the parts made and their nesting, refusing past the limits."""
    made = 0

    class Part(EmailMessage):
        _nesting = 1

        def __init__(self, policy=None) -> None:
            nonlocal made
            made += 1
            if made > limits.members:
                raise over(name, f"more than {limits.members:,} MIME parts", "members", limits)
            super().__init__(policy)

        def attach(self, payload) -> None:
            payload._nesting = self._nesting + 1
            if payload._nesting > limits.mime_depth:
                raise over(name, f"MIME parts nested more than {limits.mime_depth:,} deep", "mime_depth", limits)
            super().attach(payload)

    return Part


def _content(part) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError):  # an unknown or wrong charset: read the bytes as we read any file
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace")


def _date(value: str) -> str | None:
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None
