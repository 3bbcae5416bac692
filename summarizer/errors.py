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
    """Base of all errors raised by summarizer; catch it to handle them all.

    ``summarise_many`` hands a failed article's error back as a value, not raised, so that
    one failure does not stop the others:

    >>> from summarizer import Brief, Summarizer, SummarizerError
    >>> with Summarizer() as s:
    ...     results = dict(s.summarise_many(["Crews fixed 4 pipes in Hull.", "  "]))
    >>> isinstance(results["text-0"], Brief), isinstance(results["text-1"], SummarizerError)
    (True, True)
    """


class ConfigError(SummarizerError):
    """Bad settings or usage: the CLI maps this to exit code 2.

    Raised before any work starts: a setting out of range or of the wrong type, a path that
    does not exist, an argument of the wrong type, a session used before it is opened.

    >>> from summarizer import ConfigError, Settings
    >>> try:
    ...     Settings(backend="openai", base_url="localhost:8080/v1")
    ... except ConfigError as error:
    ...     print(error)
    base_url must be an http:// or https:// URL, not 'localhost:8080/v1'
    """


class ArticleError(SummarizerError):
    """An article could not be read: empty, binary, undecodable, too long.

    ``source`` says which input (a file, an item of ``summarise_many``, an article id) and
    ``reason`` why.

    >>> from summarizer import ArticleError, Summarizer
    >>> with Summarizer() as s:
    ...     try:
    ...         s.summarise("   ", article_id="blank")
    ...     except ArticleError as error:
    ...         print(error.source, "|", error.reason)
    blank | article text is empty or whitespace only
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ModelFileError(SummarizerError):
    """The embedded model file is missing or fails its checksum.

    Raised when a session on the embedded model opens; ``summarizer model pull`` fetches
    the file again. A session on an endpoint never raises it.

    >>> from summarizer import ModelFileError, SummarizerError
    >>> issubclass(ModelFileError, SummarizerError)
    True
    """


class BackendError(SummarizerError):
    """The model endpoint could not be reached, or answered with an error, after every
    transport retry. ``status`` is the HTTP status when there was one.

    >>> from summarizer import BackendError, Settings, Summarizer
    >>> nobody = Settings(backend="openai", base_url="http://127.0.0.1:9/v1",
    ...                   transport_retries=0)
    >>> with Summarizer(nobody) as s:
    ...     try:
    ...         s.summarise("Officials said 120 homes were flooded.")
    ...     except BackendError as error:
    ...         failure = error
    >>> print(failure)
    the endpoint http://127.0.0.1:9/v1 could not be reached (after retries): Connection error.
    >>> failure.status is None  # no HTTP answer at all
    True
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class ExtractionError(SummarizerError):
    """The model gave no usable brief after every retry and re-ask.

    The endpoint answered, but what it answered did not fit the brief's schema, or no item
    of it could be grounded in the article. ``attempts`` counts the model calls made.

    >>> from summarizer import ExtractionError, SummarizerError
    >>> error = ExtractionError("no usable brief", attempts=3)
    >>> isinstance(error, SummarizerError), error.attempts
    (True, 3)
    """

    def __init__(self, message: str, attempts: int = 0) -> None:
        super().__init__(message)
        self.attempts = attempts


def causes(error: BaseException) -> list[BaseException]:
    """The error and what it wraps, outermost first (instructor wraps SDK errors, keeping
    each failed attempt's exception)."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain and len(chain) < 10:
        chain.append(current)
        attempts = getattr(current, "failed_attempts", None) or []
        last = getattr(attempts[-1], "exception", None) if attempts else None
        current = last if isinstance(last, BaseException) else current.__cause__
    return chain
