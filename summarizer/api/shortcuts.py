"""One-call shortcuts: open a session, brief one text, close it."""

from __future__ import annotations

import asyncio

from summarizer.api.loop_thread import LoopThread
from summarizer.api.session import AsyncSummarizer
from summarizer.brief import Brief
from summarizer.settings import Settings


async def asummarise_text(text: str, article_id: str = "article", title: str = "",
                          settings: Settings | None = None) -> Brief:
    """Brief one article's text in a session of its own (see :class:`AsyncSummarizer`).

    Without ``settings``, what the command line would use with no flags: environment
    variables, the config file, then the embedded local model. For more than one text,
    open a session instead: on the embedded model each call here starts the engine anew.

    >>> import asyncio
    >>> from summarizer import asummarise_text
    >>> brief = asyncio.run(asummarise_text("Police said 4 people were hurt in Leeds.",
    ...                                     article_id="leeds"))
    >>> brief.article_id, [figure.text for figure in brief.figures]
    ('leeds', ['4'])
    """
    async with AsyncSummarizer(settings) as session:
        return await session.summarise(text, article_id, title)


def summarise_text(text: str, article_id: str = "article", title: str = "",
                   settings: Settings | None = None) -> Brief:
    """Blocking form of :func:`asummarise_text`; also works inside a notebook's loop.

    >>> from summarizer import summarise_text
    >>> brief = summarise_text("The museum had 2,300 visitors on Sunday.", article_id="museum")
    >>> brief.summary != "", brief.provenance.attempts
    (True, 1)
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(asummarise_text(text, article_id, title, settings))
    # Called from inside a running loop (a notebook cell): run on a private one.
    loop = LoopThread()
    try:
        return loop.run(asummarise_text(text, article_id, title, settings))
    finally:
        loop.stop()
