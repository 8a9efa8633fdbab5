"""The one exception hierarchy of briefing.

Everything briefing raises on purpose derives from `BriefingError`, so a caller
catches one class, and the CLI turns any of them into a one-line message and an
exit code (`exit_code`) instead of a traceback:

    BriefingError
    ├── InputError             2  a path, document, template or option is unusable
    │   └── LimitError            a file is over one of the limits on what it unpacks to (config.Limits)
    └── RunError               1  the run itself failed
        ├── DeskBusy          75  another run holds the desk (try again later: sysexits' EX_TEMPFAIL)
        ├── EndpointError         the endpoint kept failing after retries, or refused
        │   └── EndpointRefused   401/403/404: every call would fail alike, so the run stops
        │       └── AuthError     401/403: the key is missing, wrong or not allowed
        ├── ExtractionError       a chunk never gave a valid reply (names document and chunk)
        │   └── ContextOverflow   a call's prompt and reply budget exceed the model's context window
        ├── ReplayError           --replay met a request its cassette does not hold
        ├── BatchError            a Batch API batch failed, expired or was cancelled
        └── LocalModelError       the embedded llama.cpp server could not start, or died
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


class BriefingError(Exception):
    """Root of every error briefing raises on purpose."""

    exit_code = 1


class InputError(BriefingError):
    """Something the user handed in cannot be used as given."""

    exit_code = 2


class LimitError(InputError):
    """A file would unpack, nest or expand past one of `config.Limits`: refused before it costs more."""


class RunError(BriefingError):
    """The run started but could not finish."""


class DeskBusy(RunError):
    """Another `briefing daily` run holds the desk's lock; this one changed nothing."""

    exit_code = 75


class EndpointError(RunError):
    """The LLM endpoint refused the request or kept failing."""

    attempts = 1
    """HTTP requests this call made before giving up, so usage counts failed ones too."""


class EndpointRefused(EndpointError):
    """A refusal no retry and no other chunk can get past: wrong key, model or path."""


class AuthError(EndpointRefused):
    """The endpoint rejected the credentials (401/403)."""


class ExtractionError(RunError):
    """A chunk produced no valid extraction within the re-ask budget."""


class ContextOverflow(ExtractionError):
    """A call would not fit the model's context window, so it was not sent (names the call and the sizes)."""


class ReplayError(RunError):
    """A recorded cassette has no response for a request the run made."""


class BatchError(RunError):
    """The provider's batch failed, expired or was cancelled (names the batch and what came back)."""


class LocalModelError(RunError):
    """The embedded local model server failed to start or died."""


def first_problem(exc: ValidationError) -> str:
    """A validation error in one line for a message naming its file: where in the data, and what is wrong."""
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    return f"{where}: {message}" if where else message
