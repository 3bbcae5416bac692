"""The public API's arguments checked at its edge.

An argument of the wrong type is a usage error: :class:`~summarizer.errors.ConfigError`,
with a message that names the argument and what it takes, before any work starts. Without
these checks a wrong type fails somewhere inside (``'int' object has no attribute
'replace'``), or worse, works by accident: a single string passed where many texts are
expected is iterated one character at a time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from summarizer.errors import ConfigError
from summarizer.reading import Article, ReadFailure

PathLike = str | Path


def _kind(value: object) -> str:
    return type(value).__name__


def as_paths(paths: PathLike | Iterable[PathLike], name: str = "paths") -> list[Path]:
    """One path or many, as a list of paths (ConfigError for anything else)."""
    if isinstance(paths, str | os.PathLike):
        return [Path(paths)]
    if isinstance(paths, bytes) or not isinstance(paths, Iterable):
        raise ConfigError(f"{name} must be a path (str or Path) or a list of them, "
                          f"not {_kind(paths)}")
    found = list(paths)
    wrong = [p for p in found if not isinstance(p, str | os.PathLike)]
    if wrong:
        raise ConfigError(f"{name} must be paths (str or Path), not {_kind(wrong[0])}")
    return [Path(p) for p in found]


def as_path(value: object, name: str) -> Path:
    """One path (ConfigError for anything else)."""
    if not isinstance(value, str | os.PathLike):
        raise ConfigError(f"{name} must be a path (str or Path), not {_kind(value)}")
    return Path(value)


def checked_run_paths(paths: PathLike | Iterable[PathLike], out: PathLike,
                      ) -> tuple[list[Path], Path]:
    """The inputs and output folder of a run, refused (ConfigError) before any work when an
    input is missing or the output is a file."""
    inputs, folder = as_paths(paths), as_path(out, "out")
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise ConfigError(f"input not found: {', '.join(missing)}")
    if folder.exists() and not folder.is_dir():
        raise ConfigError(f"output {folder} exists and is not a folder")
    return inputs, folder


def checked_limit(concurrency: object, default: int) -> int:
    """``concurrency`` as a positive int; None means ``default``."""
    if concurrency is None:
        return default
    if isinstance(concurrency, bool) or not isinstance(concurrency, int):
        raise ConfigError(f"concurrency must be an int, not {_kind(concurrency)}")
    if concurrency < 1:
        raise ConfigError("concurrency must be at least 1")
    return concurrency


def checked_label(value: object, name: str) -> str:
    """An ``article_id`` or ``title`` given to ``summarise``: a string."""
    if not isinstance(value, str):
        raise ConfigError(f"{name} must be a str, not {_kind(value)}")
    return value


def checked_items(items: object) -> None:
    """``summarise_many``'s items: an iterable of items, not one item."""
    if isinstance(items, str | bytes | Mapping | Article | ReadFailure):
        hint = (" (for one text, call summarise(); for many, pass a list)"
                if isinstance(items, str | bytes) else "; pass a list of them")
        raise ConfigError(f"items must be an iterable of articles, not one {_kind(items)}"
                          + hint)
    if not isinstance(items, Iterable):
        raise ConfigError(f"items must be an iterable of texts, (id, text) pairs, records or "
                          f"Articles, not {_kind(items)}")
