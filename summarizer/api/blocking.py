"""The blocking session: :class:`AsyncSummarizer`'s methods as plain calls."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import TracebackType

from summarizer.api.arguments import PathLike
from summarizer.api.items import ArticleInput
from summarizer.api.loop_thread import LoopThread
from summarizer.api.session import (
    ArticleHook,
    AsyncSummarizer,
    ModelProgressHook,
    StatusHook,
)
from summarizer.batch import RunReport
from summarizer.brief import Brief
from summarizer.errors import ConfigError, SummarizerError
from summarizer.settings import Settings


class Summarizer:
    """A session that opens the backend once and briefs articles through it (blocking).

    The same session as :class:`AsyncSummarizer`, with plain methods; its work runs on a
    private event loop, so it also works inside a notebook. Ctrl-C (or any interrupt)
    cancels the call in progress: the articles in flight stop, no file is left half
    written, and the session stays usable. Settings and hooks are as for
    :class:`AsyncSummarizer`.

    Example (in a folder with an ``articles/`` folder; ``OPENAI_BASE_URL`` names the
    endpoint, or nothing is set and the embedded model runs):

    >>> from summarizer import Summarizer
    >>> with Summarizer() as s:
    ...     brief = s.summarise("Officials said 120 homes were flooded in Riverton.",
    ...                         article_id="flood")
    ...     results = dict(s.summarise_many([("a", "Two ferries sank off Hull."),
    ...                                      ("b", "   ")], concurrency=4))
    ...     run = s.summarise_paths(["articles/"], out="briefs/")
    >>> brief.article_id
    'flood'
    >>> [figure.text for figure in brief.figures]
    ['120']
    >>> type(results["b"]).__name__, results["b"].reason
    ('ArticleError', 'article text is empty or whitespace only')
    >>> run.count("done"), sorted(p.name for p in run.out.iterdir())
    (2, ['quake.json', 'run.json', 'storm.json'])
    """

    def __init__(self, settings: Settings | None = None, *,
                 on_status: StatusHook | None = None,
                 on_model_progress: ModelProgressHook | None = None) -> None:
        self._session = AsyncSummarizer(settings, on_status=on_status,
                                        on_model_progress=on_model_progress)
        self._loop: LoopThread | None = None

    @property
    def settings(self) -> Settings:
        """The settings this session runs with."""
        return self._session.settings

    @property
    def is_open(self) -> bool:
        """Whether the backend is open (between ``open()`` and ``close()``)."""
        return self._session.is_open

    def _runner(self) -> LoopThread:
        if self._loop is None:
            raise ConfigError("the session is not open: use `with Summarizer(...) as s`, "
                              "or call open() first")
        return self._loop

    def open(self) -> Summarizer:
        """Open the backend (``with`` calls this); for use across notebook cells, say.
        Opening an open session does nothing."""
        if self._loop is None:
            self._loop = LoopThread()
        try:
            self._loop.run(self._session.open())
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        """Close the backend (the embedded engine stops). Closing twice does nothing."""
        loop, self._loop = self._loop, None
        if loop is None:
            return
        try:
            loop.run(self._session.aclose())
        finally:
            loop.stop()

    def __enter__(self) -> Summarizer:
        return self.open()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def summarise(self, text: str, article_id: str = "article", title: str = "") -> Brief:
        """Brief one article's text; see :meth:`AsyncSummarizer.summarise`."""
        return self._runner().run(self._session.summarise(text, article_id, title))

    def summarise_many(self, items: Iterable[ArticleInput], concurrency: int | None = None,
                       ) -> Iterator[tuple[str, Brief | SummarizerError]]:
        """Brief many articles, yielding ``(article_id, Brief or error)`` as each finishes;
        see :meth:`AsyncSummarizer.summarise_many`. Breaking out of the loop cancels the
        articles still in flight."""
        runner = self._runner()
        stream = self._session.summarise_many(items, concurrency)

        async def step() -> tuple[str, Brief | SummarizerError]:
            return await anext(stream)

        async def stop() -> None:
            await stream.aclose()

        try:
            while True:
                try:
                    yield runner.run(step())
                except StopAsyncIteration:
                    return
        finally:
            if self._loop is runner:  # else the session closed and took the stream with it
                runner.run(stop())

    def summarise_paths(self, paths: PathLike | Iterable[PathLike], out: PathLike, *,
                        force: bool = False, concurrency: int | None = None,
                        on_article: ArticleHook | None = None) -> RunReport:
        """Do what ``summarizer summarise`` does and return the run manifest; see
        :meth:`AsyncSummarizer.summarise_paths`."""
        return self._runner().run(self._session.summarise_paths(
            paths, out, force=force, concurrency=concurrency, on_article=on_article))
