"""Third-party exceptions turned into the package's own kinds, at the API's edge.

The pipeline lets the HTTP and SDK layers raise what they raise; a caller of the public API
sees only :class:`~summarizer.errors.SummarizerError` and its kinds, with the original
exception kept as ``__cause__``. Nothing here swallows cancellation: only ``Exception`` is
mapped, never ``BaseException``.
"""

from __future__ import annotations

import sqlite3

from summarizer.errors import BackendError, ExtractionError, SummarizerError
from summarizer.redaction import redact


def _endpoint_error(error: BaseException) -> BackendError | None:
    import httpx2
    import openai

    if isinstance(error, openai.APIStatusError):
        return BackendError(f"the endpoint answered HTTP {error.status_code}: {error.message}",
                            status=error.status_code)
    if isinstance(error, openai.APITimeoutError):
        return BackendError("the endpoint did not answer in time (after retries)")
    if isinstance(error, openai.APIConnectionError):
        return BackendError(f"the endpoint could not be reached (after retries): {error}")
    if isinstance(error, httpx2.HTTPError):
        return BackendError(f"the endpoint could not be reached: {type(error).__name__}: {error}")
    return None


def _causes(error: BaseException) -> list[BaseException]:
    """The error and what it wraps, outermost first (instructor wraps SDK errors)."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        attempts = getattr(current, "failed_attempts", None) or []
        last = getattr(attempts[-1], "exception", None) if attempts else None
        current = last if isinstance(last, BaseException) else current.__cause__
    return chain


def as_summarizer_error(error: Exception, secret: str = "") -> SummarizerError:
    """``error`` as a SummarizerError kind; the API key, if any, masked in its message."""
    mapped: SummarizerError | None = None
    for cause in _causes(error):
        mapped = _endpoint_error(cause)
        if mapped is not None:
            break
    if mapped is None and isinstance(error, SummarizerError):
        mapped = error
    elif mapped is None:
        from instructor.core.exceptions import InstructorError
        from pydantic import ValidationError

        if isinstance(error, InstructorError | ValidationError):
            mapped = ExtractionError(f"no usable brief: {type(error).__name__}: {error}")
        elif isinstance(error, sqlite3.Error):
            mapped = SummarizerError(f"the call log failed: {error}")
        elif isinstance(error, OSError):
            mapped = SummarizerError(f"{type(error).__name__}: {error}")
        else:
            mapped = SummarizerError(f"unexpected {type(error).__name__}: {error}")
    if secret:
        mapped.args = tuple(redact(a, secret) if isinstance(a, str) else a
                            for a in mapped.args)
    if mapped is not error:
        mapped.__cause__ = error
    return mapped
