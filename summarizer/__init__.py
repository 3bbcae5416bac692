"""summarizer: structured, source-grounded briefs of news articles.

>>> from summarizer import summarise_text
>>> brief = summarise_text("...article text...", article_id="a1")  # doctest: +SKIP
"""

from __future__ import annotations

import asyncio

from summarizer.brief import Actor, Brief, Evidence, Figure, Location, OpenQuestion
from summarizer.errors import ArticleError, ConfigError, ExtractionError, SummarizerError
from summarizer.settings import Settings, resolve

__all__ = [
    "Actor",
    "ArticleError",
    "Brief",
    "ConfigError",
    "Evidence",
    "ExtractionError",
    "Figure",
    "Location",
    "OpenQuestion",
    "Settings",
    "SummarizerError",
    "asummarise_text",
    "summarise_text",
]
__version__ = "0.1.0"


async def asummarise_text(text: str, article_id: str = "article", title: str = "",
                          settings: Settings | None = None) -> Brief:
    """Brief one article's text. Without ``settings``, flags-free resolution applies:
    environment variables, the config file, then the embedded local model."""
    from summarizer.calllog import CallLog
    from summarizer.paths import call_log_path
    from summarizer.reading import Article, safe_article_id
    from summarizer.runtime import open_summariser

    if not text.strip():
        raise ArticleError(article_id, "article text is empty or whitespace only")
    chosen = settings or resolve()
    log = CallLog(call_log_path())
    try:
        async with open_summariser(chosen, log) as summariser:
            return await summariser.summarise(Article(safe_article_id(article_id), text, title))
    finally:
        log.close()


def summarise_text(text: str, article_id: str = "article", title: str = "",
                   settings: Settings | None = None) -> Brief:
    """Blocking form of :func:`asummarise_text` (not for use inside a running event loop)."""
    return asyncio.run(asummarise_text(text, article_id, title, settings))
