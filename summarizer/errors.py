"""One exception root for everything the package raises on purpose.

Every error that leaves the public API is a :class:`SummarizerError`; catch that one to
handle them all, or one of its kinds for a particular case::

    SummarizerError
    ├── ConfigError        bad settings or usage (the CLI's exit code 2)
    ├── ModelFileError     the embedded model file is missing or corrupt
    ├── ArticleError       an article could not be read or is unusable
    ├── BackendError       the model endpoint failed or refused, after retries
    └── ExtractionError    the model answered, but no usable brief came of it

Cancellation (``asyncio.CancelledError``, ``KeyboardInterrupt``) is never wrapped.
"""

from __future__ import annotations


class SummarizerError(Exception):
    """Base of all errors raised by summarizer."""


class ConfigError(SummarizerError):
    """Bad settings or usage: the CLI maps this to exit code 2."""


class ArticleError(SummarizerError):
    """An article could not be read: empty, binary, undecodable, too long."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ModelFileError(SummarizerError):
    """The embedded model file is missing or fails its checksum."""


class BackendError(SummarizerError):
    """The model endpoint could not be reached, or answered with an error, after every
    transport retry. ``status`` is the HTTP status when there was one."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ExtractionError(SummarizerError):
    """The model gave no usable brief after every retry and re-ask."""

    def __init__(self, message: str, attempts: int = 0) -> None:
        super().__init__(message)
        self.attempts = attempts
