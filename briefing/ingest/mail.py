"""Reading e-mail (.eml): subject, date, the body, and the attachments.

Newsletters and alerts arrive as e-mail, reports often attached to them. The
standard library's parser reads the message; the body is its text part, or its
HTML part when there is no text part (documents.py reduces that like a web page).
Attachments come back as bytes with their file names: documents.py briefs the
ones of a kind it reads as documents of their own.
"""

from __future__ import annotations

import email.policy
from dataclasses import dataclass, field
from email import errors as mail_errors
from email.parser import BytesParser
from email.utils import parsedate_to_datetime

from ..errors import InputError

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


def read_mail(data: bytes, name: str) -> Mail:
    """A message's parts, or an InputError saying why the file is not a readable e-mail."""
    message = BytesParser(policy=email.policy.default).parsebytes(data)
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
