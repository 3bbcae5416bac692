"""What ``summarise_many`` accepts, turned into articles (or a failure per bad item).

Items may be bare texts, ``(id, text)`` or ``(id, text, title)`` tuples, mappings shaped
like the JSON input records (``{"id": ..., "text": ..., "title"?: ...}``), :class:`Article`
records, or the :class:`ReadFailure` entries that :func:`summarizer.read_articles` yields.
A bare text at position *i* gets the id ``text-i``. Ids are made safe as file names the same
way the readers make them, so an item's id is the ``article_id`` of its brief.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TypeAlias

from summarizer.errors import ArticleError
from summarizer.reading import Article, ReadFailure, safe_article_id

ArticleInput: TypeAlias = (str | tuple[str, str] | tuple[str, str, str] | Mapping[str, Any]
                           | Article | ReadFailure)
"""One item for ``summarise_many``."""


def checked_article(article_id: str, text: object, title: object = "", source: str = "",
                    max_chars: int = 400_000) -> Article:
    """An article from caller-given text, with the readers' checks on it (a text that is
    not a string is an ArticleError too: items come from untyped places, such as JSON)."""
    safe_id = safe_article_id(article_id)
    if not isinstance(text, str):
        raise ArticleError(safe_id, f"text must be a string, not {type(text).__name__}")
    if not text.strip():
        raise ArticleError(safe_id, "article text is empty or whitespace only")
    if len(text) > max_chars:
        raise ArticleError(safe_id, f"article is {len(text):,} characters, over the limit of "
                                    f"{max_chars:,} (raise Settings.max_chars)")
    return Article(safe_id, text, title if isinstance(title, str) else "", source or safe_id)


def _one(item: Any, position: int, max_chars: int) -> Article | ReadFailure:
    where = f"item {position}"
    if isinstance(item, ReadFailure):
        return item
    try:
        if isinstance(item, Article):
            return checked_article(item.article_id, item.text, item.title, item.source,
                                   max_chars)
        if isinstance(item, str):
            return checked_article(f"text-{position}", item, "", where, max_chars)
        if isinstance(item, tuple) and len(item) in (2, 3):
            title = item[2] if len(item) == 3 else ""
            return checked_article(str(item[0]), item[1], title, where, max_chars)
        if isinstance(item, Mapping):
            raw_id, text = item.get("id"), item.get("text")
            if raw_id is None or str(raw_id).strip() == "":
                return ReadFailure(f"item-{position}", where, 'record needs an "id" field')
            return checked_article(str(raw_id), text, item.get("title") or "", where,
                                   max_chars)
    except ArticleError as error:
        return ReadFailure(error.source, where, error.reason)
    return ReadFailure(f"item-{position}", where,
                       f"expected a text, an (id, text) pair, a record or an Article, "
                       f"not {type(item).__name__}")


def as_articles(items: Iterable[ArticleInput], max_chars: int) -> Iterator[Article | ReadFailure]:
    """Each item as an article or a failure, lazily; repeated ids after the first fail."""
    seen: set[str] = set()
    for position, item in enumerate(items):
        found = _one(item, position, max_chars)
        if isinstance(found, Article):
            key = found.article_id.casefold()
            if key in seen:
                yield ReadFailure(found.article_id, found.source,
                                  f"duplicate article id {found.article_id!r}; first one kept")
                continue
            seen.add(key)
        yield found
