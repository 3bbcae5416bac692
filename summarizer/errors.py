"""One exception root for everything the package raises on purpose."""

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


class ExtractionError(SummarizerError):
    """The model gave no usable brief after every retry and re-ask."""

    def __init__(self, message: str, attempts: int = 0) -> None:
        super().__init__(message)
        self.attempts = attempts
