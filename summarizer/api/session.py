"""The asynchronous session: one backend opened once, many briefs through it."""

from __future__ import annotations

import contextlib
import logging
from collections import Counter
from collections.abc import AsyncGenerator, Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from summarizer.api.arguments import (
    PathLike,
    checked_items,
    checked_label,
    checked_limit,
    checked_run_paths,
)
from summarizer.api.failures import as_summarizer_error
from summarizer.api.items import ArticleInput, as_articles, checked_article
from summarizer.batch import ArticleOutcome, BatchRun, RunReport, in_completion_order, new_run_id
from summarizer.brief import Brief
from summarizer.errors import ArticleError, ConfigError, SummarizerError
from summarizer.reading import Article, ReadFailure
from summarizer.settings import Settings, resolve

if TYPE_CHECKING:
    from summarizer.calllog import CallLog
    from summarizer.pipeline import Summariser

StatusHook = Callable[[str], None]
ModelProgressHook = Callable[[str, int, int], None]
ArticleHook = Callable[[ArticleOutcome, Brief | None], None]


def quiet_instructor_log() -> None:
    """Silence instructor's per-attempt ERROR records unless the caller chose a level.

    They carry the raw answer, which an endpoint may fill with the request (the API key
    included, in some auth errors); the session reports every failure as an exception.
    """
    logger = logging.getLogger("instructor")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.CRITICAL + 1)


def open_call_log(path: Path) -> CallLog:
    """The call log at ``path``; a ConfigError saying where, if it cannot be opened."""
    import sqlite3

    from summarizer.calllog import CallLog

    try:
        return CallLog(path)
    except (OSError, sqlite3.Error) as error:
        raise ConfigError(f"cannot open the call log {path}: {error} (SUMMARIZER_HOME "
                          "chooses the folder it is kept in)") from error


class AsyncSummarizer:
    """A session that opens the backend once and briefs articles through it.

    On the embedded backend the model server starts when the session opens and stops when
    it closes, so every call in between reuses it and its prompt cache. Every call goes
    through the call log (and its answer cache) like the command line's.

    ``settings`` defaults to what the command line would use with no flags: environment
    variables, then the config file, then the embedded model. ``on_status`` receives
    one-line progress messages (engine start); ``on_model_progress(stage, done, total)``
    reports a first-time model download.

    Example (in a folder with an ``articles/`` folder; ``OPENAI_BASE_URL`` names the
    endpoint, or nothing is set and the embedded model runs):

    >>> import asyncio
    >>> from summarizer import AsyncSummarizer
    >>> async def brief_all():
    ...     async with AsyncSummarizer() as s:
    ...         one = await s.summarise("The council approved 40 new homes in Dunmore.",
    ...                                 article_id="council")
    ...         many = [item async for item in s.summarise_many(
    ...             ["A storm closed 3 schools.", "Rain flooded 12 roads."], concurrency=2)]
    ...         run = await s.summarise_paths(["articles/"], out="briefs-async/")
    ...     return one, many, run
    >>> one, many, run = asyncio.run(brief_all())
    >>> one.article_id
    'council'
    >>> sorted(article_id for article_id, _ in many)
    ['text-0', 'text-1']
    >>> run.count("done"), run.count("failed")
    (2, 0)
    """

    def __init__(self, settings: Settings | None = None, *,
                 on_status: StatusHook | None = None,
                 on_model_progress: ModelProgressHook | None = None) -> None:
        if settings is not None and not isinstance(settings, Settings):
            raise ConfigError(f"settings must be a Settings, not {type(settings).__name__} "
                              "(Settings(**values) makes one from a dict)")
        self.settings = settings if settings is not None else resolve()
        self._on_status = on_status
        self._on_model_progress = on_model_progress
        self._stack: contextlib.AsyncExitStack | None = None
        self._summariser: Summariser | None = None
        self._log: CallLog | None = None
        self._run_id = new_run_id()

    @property
    def is_open(self) -> bool:
        """Whether the backend is open (between ``open()`` and ``aclose()``)."""
        return self._summariser is not None

    async def open(self) -> AsyncSummarizer:
        """Open the backend: start the embedded engine, or connect the endpoint's client.

        ``async with`` calls this; call it yourself (and ``aclose()``) where a block does
        not fit, as across notebook cells. Opening an open session does nothing.
        """
        if self._summariser is not None:
            return self
        import httpx2

        from summarizer.paths import call_log_path
        from summarizer.runtime import open_summariser

        quiet_instructor_log()
        stack = contextlib.AsyncExitStack()
        try:
            log = open_call_log(call_log_path())
            stack.callback(log.close)
            # In-flight calls are bounded by each call's concurrency, not by the pool:
            # a pool sized from the settings would throttle a larger summarise_many.
            summariser = await stack.enter_async_context(open_summariser(
                self.settings, log, progress=self._on_model_progress,
                on_status=self._on_status,
                limits=httpx2.Limits(max_connections=None, max_keepalive_connections=64)))
        except BaseException as error:
            await stack.aclose()
            if isinstance(error, Exception):
                raise self._error(error) from error
            raise
        self._stack, self._log, self._summariser = stack, log, summariser
        return self

    async def aclose(self) -> None:
        """Close the backend (the embedded engine stops). Closing twice does nothing."""
        stack, self._stack, self._summariser, self._log = self._stack, None, None, None
        if stack is not None:
            await stack.aclose()

    async def __aenter__(self) -> AsyncSummarizer:
        return await self.open()

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        await self.aclose()

    def _error(self, error: Exception) -> SummarizerError:
        """``error`` as the SummarizerError kind the API raises for it."""
        return as_summarizer_error(error, self.settings.api_key, self.settings.base_url)

    def _describe(self, error: Exception) -> str:
        """A failed article's ``error`` in a run's report: its SummarizerError kind."""
        mapped = self._error(error)
        return f"{type(mapped).__name__}: {mapped}"

    def _ready(self) -> tuple[Summariser, CallLog]:
        if self._summariser is None or self._log is None:
            raise ConfigError("the session is not open: use `with Summarizer(...) as s` "
                              "(or `async with AsyncSummarizer(...)`), or call open() first")
        return self._summariser, self._log

    async def summarise(self, text: str, article_id: str = "article", title: str = "") -> Brief:
        """Brief one article's text.

        ``article_id`` is made safe as a file name (path separators become ``_``) and is
        the brief's ``article_id``. Raises :class:`~summarizer.errors.ArticleError` for an
        empty or over-long text, :class:`~summarizer.errors.BackendError` when the endpoint
        fails, :class:`~summarizer.errors.ExtractionError` when no usable brief came back.
        """
        summariser, _ = self._ready()
        article = checked_article(checked_label(article_id, "article_id"), text,
                                  checked_label(title, "title"), max_chars=self.settings.max_chars)
        try:
            return await summariser.summarise(article, self._run_id)
        except Exception as error:
            raise self._error(error) from error

    async def summarise_many(self, items: Iterable[ArticleInput], concurrency: int | None = None,
                             ) -> AsyncGenerator[tuple[str, Brief | SummarizerError], None]:
        """Brief many articles, at most ``concurrency`` at once (default: the settings').

        Yields ``(article_id, result)`` as each article finishes, where ``result`` is its
        :class:`~summarizer.Brief` or the :class:`~summarizer.errors.SummarizerError` that
        stopped it; one article's failure does not stop the others. ``items`` may be bare
        texts (ids ``text-0``, ``text-1``, ... by position), ``(id, text)`` or
        ``(id, text, title)`` tuples, ``{"id", "text", "title"?}`` records, ``Article``
        records, or what :func:`summarizer.read_articles` yields; it is read lazily, one
        item per free slot. Leaving the loop early cancels the articles in flight.
        """
        summariser, log = self._ready()
        checked_items(items)
        limit = checked_limit(concurrency, self.settings.concurrency)
        run_id = new_run_id()

        async def one(item: Article | ReadFailure) -> tuple[str, Brief | SummarizerError]:
            if isinstance(item, ReadFailure):
                return item.article_id, ArticleError(item.source, item.reason)
            try:
                return item.article_id, await summariser.summarise(item, run_id)
            except Exception as error:  # one article's failure must not stop the others
                return item.article_id, self._error(error)

        counts: Counter[str] = Counter()
        log.start_run(run_id, "", self.settings.public())
        try:
            async for article_id, result in in_completion_order(
                    as_articles(items, self.settings.max_chars), one, limit):
                counts["done" if isinstance(result, Brief) else "failed"] += 1
                yield article_id, result
        finally:
            log.end_run(run_id, counts["done"], counts["failed"], 0)

    async def summarise_paths(self, paths: PathLike | Iterable[PathLike], out: PathLike, *,
                              force: bool = False, concurrency: int | None = None,
                              on_article: ArticleHook | None = None) -> RunReport:
        """Do what ``summarizer summarise PATH... --out OUT`` does, and return its manifest.

        Reads every article under ``paths`` (files, or folders read recursively), writes
        ``OUT/<article_id>.json`` per brief and ``OUT/run.json``, and skips articles whose
        brief in ``out`` is already current unless ``force``. A failed article is recorded
        in the report and the run goes on. ``on_article(outcome, brief)`` is called as each
        article finishes (``brief`` is None unless it was briefed now). Cancelling the call
        stops the articles in flight; every file in ``out`` is whole, and a later call
        resumes where this one stopped.
        """
        from summarizer.reading import read_articles

        summariser, log = self._ready()
        inputs, folder = checked_run_paths(paths, out)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise ConfigError(f"cannot create output folder {folder}: {error}") from error
        limit = checked_limit(concurrency, self.settings.concurrency)
        runner = BatchRun(summariser, folder, concurrency=limit, force=force,
                          secret=self.settings.api_key, settings_public=self.settings.public(),
                          on_article=on_article, describe=self._describe)
        run_id = runner.report.run_id
        log.start_run(run_id, str(folder.resolve()), self.settings.public())
        report = runner.report
        try:
            await runner.run(read_articles(inputs, self.settings.max_chars))
        except Exception as error:
            raise self._error(error) from error
        finally:
            log.end_run(run_id, report.count("done"), report.count("failed"),
                        report.count("skipped"))
        return report
