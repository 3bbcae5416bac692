"""Third-party exceptions turned into the package's own kinds, at the API's edge.

The pipeline lets the HTTP and SDK layers raise what they raise; a caller of the public API
sees only :class:`~summarizer.errors.SummarizerError` and its kinds, with the original
exception kept as ``__cause__``. Nothing here swallows cancellation: only ``Exception`` is
mapped, never ``BaseException``.
"""

from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit, urlunsplit

from summarizer.errors import BackendError, ExtractionError, SummarizerError, causes
from summarizer.redaction import redact


def shown_endpoint(base_url: str) -> str:
    """The endpoint's URL as an error message shows it: without any user name, password,
    query or fragment (where credentials may sit)."""
    if not base_url:
        return ""
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))


def _endpoint_error(error: BaseException, endpoint: str) -> BackendError | None:
    import httpx2
    import openai

    where = f"the endpoint {endpoint}" if endpoint else "the endpoint"
    if isinstance(error, openai.APIStatusError):
        return BackendError(f"{where} answered HTTP {error.status_code}: {error.message}",
                            status=error.status_code)
    if isinstance(error, openai.APITimeoutError):
        return BackendError(f"{where} did not answer in time (after retries)")
    if isinstance(error, openai.APIConnectionError):
        return BackendError(f"{where} could not be reached (after retries): {error}")
    if isinstance(error, httpx2.HTTPError):
        return BackendError(f"{where} could not be reached: {type(error).__name__}: {error}")
    return None


def as_summarizer_error(error: Exception, secret: str = "", base_url: str = "",
                        ) -> SummarizerError:
    """``error`` as a SummarizerError kind; the API key, if any, masked in its message, and
    the endpoint's ``base_url`` (if given) named in a BackendError's."""
    mapped: SummarizerError | None = None
    endpoint = shown_endpoint(base_url)
    for cause in causes(error):
        mapped = _endpoint_error(cause, endpoint)
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
