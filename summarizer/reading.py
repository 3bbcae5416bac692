"""Reading articles from files: text, Markdown, HTML, JSON and JSON Lines.

Offsets in a brief refer to the text returned here: decoded, and for HTML the extracted
main text, with no other change.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from summarizer.errors import ArticleError

SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl"}
DEFAULT_MAX_CHARS = 400_000
_SAFE_ID = re.compile(r"[^\w.\- ]+", re.UNICODE)


@dataclass(frozen=True)
class Article:
    """One article as read: its id (the brief's file name), text, title and where it came
    from. :func:`summarizer.read_articles` yields them, and ``summarise_many`` takes them.

    >>> from summarizer import Article, Summarizer
    >>> article = Article("flood", "Officials said 120 homes were flooded in Riverton.",
    ...                   title="Riverton floods")
    >>> with Summarizer() as s:
    ...     [(article_id, brief.figures[0].text)
    ...      for article_id, brief in s.summarise_many([article])]
    [('flood', '120')]
    """

    article_id: str
    text: str
    title: str = ""
    source: str = ""


@dataclass(frozen=True)
class ReadFailure:
    """An input that could not become an article; the batch records it and goes on.

    ``article_id`` is the id the input would have had, ``source`` the file (and line) it
    came from, ``reason`` why it could not be read.

    >>> from pathlib import Path
    >>> from summarizer import ReadFailure, read_articles
    >>> Path("inbox").mkdir()
    >>> _ = Path("inbox/blank.txt").write_text("  ")
    >>> lines = ['{"id": "a1", "text": "Some 4 ships."}', "not json"]
    >>> _ = Path("inbox/feed.jsonl").write_text("\\n".join(lines))
    >>> [(item.article_id, item.reason) for item in read_articles("inbox")
    ...  if isinstance(item, ReadFailure)]
    [('blank', 'file is empty'), ('feed-line2', 'invalid JSON line: Expecting value')]
    """

    article_id: str
    source: str
    reason: str


def safe_article_id(raw: str) -> str:
    """An id usable as a file name inside the output folder: no separators, no dot-dot."""
    cleaned = _SAFE_ID.sub("_", raw.replace(os.sep, "_").replace("/", "_").replace("\\", "_"))
    cleaned = cleaned.strip(" .")
    cleaned = re.sub(r"\.{2,}", "_", cleaned)
    return cleaned[:150] or "article"


def decode(data: bytes, source: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else the best legacy 8-bit guess."""
    if not data.strip():
        raise ArticleError(source, "file is empty")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(source, "file is binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ArticleError(source, f"undecodable UTF-16 text: {error}") from error
    western = _as_western(data)
    if western is not None:
        return western
    best = next((m for m in from_bytes(data) if not m.encoding.startswith("utf_")), None)
    if best is None:
        raise ArticleError(source, "text encoding could not be determined")
    text = str(best)
    if _control_share(text) > 0.05:
        raise ArticleError(source, "file is binary, not text")
    return text


def _as_western(data: bytes) -> str | None:
    """Windows-1252 text, when the bytes read as mostly-ASCII Western prose.

    Detectors are unreliable on short legacy text; the telltale of a wrong Western guess
    (Cyrillic or Greek bytes read as cp1252) is a majority of accented letters.
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [c for c in text if c.isalpha()]
    if not letters or _control_share(text) > 0.05:
        return None
    accented = sum(1 for c in letters if ord(c) > 127)
    return text if accented / len(letters) < 0.3 else None


# Control characters other than the tab, the line and form feed and the carriage return.
# Counted with a regex: a Python loop over every character cost 0.1 ms a 4 KB article.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def html_main_text(html: str, source: str) -> tuple[str, str]:
    """Main text and title of an HTML page (boilerplate, scripts and navigation removed)."""
    try:
        import trafilatura

        text = trafilatura.extract(html, include_comments=False, include_tables=False,
                                   favor_precision=True, deduplicate=True)
        meta = trafilatura.extract_metadata(html)
    except ImportError as error:
        # A broken install (a missing lxml_html_clean, say) fails this page, not the batch.
        raise ArticleError(source, f"HTML reading is unavailable: {error}") from error
    title = (meta.title or "") if meta is not None else ""
    if not text or not text.strip():
        raise ArticleError(source, "no article text found in the HTML page")
    return text, title


def _checked(article: Article, max_chars: int) -> Article:
    if not article.text.strip():
        raise ArticleError(article.source, "article text is empty or whitespace only")
    if _control_share(article.text) > 0.05:
        raise ArticleError(article.source, "article text looks binary")
    if len(article.text) > max_chars:
        raise ArticleError(
            article.source,
            f"article is {len(article.text):,} characters, over the limit of {max_chars:,} "
            "(raise it with --max-chars)",
        )
    return article


def _records(path: Path, text: str) -> Iterator[Article | ReadFailure]:
    source = str(path)
    if path.suffix.lower() == ".json":
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as error:
            yield ReadFailure(safe_article_id(path.stem), source, f"invalid JSON: {error}")
            return
        items = loaded if isinstance(loaded, list) else [loaded]
        lines = [(index + 1, item) for index, item in enumerate(items)]
    else:
        lines = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                lines.append((number, json.loads(line)))
            except json.JSONDecodeError as error:
                yield ReadFailure(f"{safe_article_id(path.stem)}-line{number}",
                                  f"{source}:{number}", f"invalid JSON line: {error.msg}")
    for number, record in lines:
        where = f"{source}:{number}"
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield ReadFailure(f"{safe_article_id(path.stem)}-{number}", where,
                              'record needs a string "text" field')
            continue
        raw_id = record.get("id")
        if raw_id is None or str(raw_id).strip() == "":
            yield ReadFailure(f"{safe_article_id(path.stem)}-{number}", where,
                              'record needs an "id" field')
            continue
        title = record.get("title")
        yield Article(safe_article_id(str(raw_id)), record["text"],
                      title if isinstance(title, str) else "", where)


def read_file(path: Path, max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article | ReadFailure]:
    """The articles in one file, or a failure per unreadable article."""
    source = str(path)
    fallback_id = safe_article_id(path.stem)
    try:
        data = path.read_bytes()
        text = decode(data, source)
        suffix = path.suffix.lower()
        if suffix in (".json", ".jsonl"):
            for item in _records(path, text):
                if isinstance(item, ReadFailure):
                    yield item
                    continue
                try:
                    yield _checked(item, max_chars)
                except ArticleError as error:
                    yield ReadFailure(item.article_id, item.source, error.reason)
            return
        title = ""
        if suffix in (".html", ".htm"):
            text, title = html_main_text(text, source)
        yield _checked(Article(fallback_id, text, title, source), max_chars)
    except ArticleError as error:
        yield ReadFailure(fallback_id, source, error.reason)
    except OSError as error:
        yield ReadFailure(fallback_id, source, f"cannot read file: {error.strerror or error}")


def discover(paths: list[Path]) -> Iterator[Path]:
    """Input files under ``paths`` (folders read recursively), in a stable order."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                # A broken link is yielded too, so reading it reports it as unreadable.
                if (found.is_file() or (found.is_symlink() and not found.exists())) \
                        and found.suffix.lower() in SUFFIXES:
                    yield found
        else:
            yield path


def read_articles(paths: list[Path],
                  max_chars: int = DEFAULT_MAX_CHARS) -> Iterator[Article | ReadFailure]:
    """Every article under ``paths``; duplicate ids after the first are failures."""
    seen: set[str] = set()
    for path in discover(paths):
        for item in read_file(path, max_chars):
            key = item.article_id.casefold()
            if key in seen:
                yield ReadFailure(item.article_id, item.source,
                                  f"duplicate article id {item.article_id!r}; first one kept")
                continue
            seen.add(key)
            yield item
