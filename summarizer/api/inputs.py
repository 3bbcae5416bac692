"""Reading articles from Python: the command line's readers, with their per-file errors."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from summarizer.api.arguments import PathLike, as_paths
from summarizer.errors import ConfigError
from summarizer.reading import DEFAULT_MAX_CHARS, Article, ReadFailure
from summarizer.reading import read_articles as _read


def read_articles(paths: PathLike | Iterable[PathLike], *,
                  max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article | ReadFailure]:
    """Every article under ``paths`` (files, or folders read recursively), lazily.

    Each item is an :class:`Article` (``article_id``, ``text``, ``title``, ``source``) or,
    for an input that could not be read (empty, binary, bad JSON, too long, a repeated
    id), a :class:`ReadFailure` saying which and why. A path that does not exist raises
    :class:`~summarizer.errors.ConfigError` at once. The result can go straight to
    ``summarise_many``, which reports each failure as an ``ArticleError``.

    >>> from summarizer import Article, read_articles
    >>> items = list(read_articles("articles/"))
    >>> [(item.article_id, isinstance(item, Article)) for item in items]
    [('quake', True), ('storm', True)]
    >>> items[0].text[:19]
    'A quake struck near'
    """
    inputs = as_paths(paths)
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise ConfigError(f"input not found: {', '.join(missing)}")
    return _read(inputs, max_chars)
