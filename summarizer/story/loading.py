"""Reading briefs for a story: files or folders (recursive), one brief per article."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from summarizer.brief import Brief
from summarizer.errors import ConfigError
from summarizer.reading import Article, discover, read_file

# Files a run or a story writes next to briefs; never briefs themselves.
NOT_BRIEFS = {"run.json", "story.json", "index.json", "report.json"}


def brief_files(paths: Sequence[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*.json")
                            if p.is_file() and p.name not in NOT_BRIEFS
                            and not any(part.startswith(".") for part in p.parts))
        elif path.is_file():
            found.append(path)
        else:
            raise ConfigError(f"input not found: {path}")
    return found


def load_briefs(paths: Sequence[Path]) -> list[Brief]:
    """Every brief under ``paths``, in file order; a second brief of one article is an error."""
    briefs: dict[str, Brief] = {}
    for path in brief_files(paths):
        try:
            brief = Brief.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, ValidationError) as error:
            first = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise ConfigError(f"{path}: not a readable brief ({first})") from error
        if brief.article_id in briefs:
            raise ConfigError(f"{path}: a second brief of article {brief.article_id!r}")
        briefs[brief.article_id] = brief
    if not briefs:
        raise ConfigError("no briefs (*.json) in the given paths")
    return list(briefs.values())


def load_texts(folder: Path | None) -> dict[str, str]:
    """Article texts by id, read the way ``summarise`` read them (so offsets hold)."""
    if folder is None:
        return {}
    if not folder.is_dir():
        raise ConfigError(f"--articles folder not found: {folder}")
    texts: dict[str, str] = {}
    for path in discover([folder]):
        for item in read_file(path):
            if isinstance(item, Article):
                texts.setdefault(item.article_id, item.text)
    return texts


def dump(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
