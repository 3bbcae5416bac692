"""Shared test helpers: settings pointing at a fake endpoint, a summariser on it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from summarizer.batch import BatchRun, RunReport
from summarizer.brief import Brief
from summarizer.calllog import CallLog
from summarizer.paths import call_log_path
from summarizer.reading import Article, read_articles
from summarizer.runtime import open_summariser
from summarizer.settings import Settings

API_KEY = "sk-test-SECRET-0123456789abcdef"


def endpoint_settings(base_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"backend": "openai", "base_url": base_url, "api_key": API_KEY,
                              "model": "fake-model", "mode": "json_schema",
                              "retry_max_seconds": 20.0, "timeout": 10.0}
    values.update(overrides)
    return Settings(**values)


def summarise_one(settings: Settings, text: str, article_id: str = "a1") -> Brief:
    async def go() -> Brief:
        log = CallLog(call_log_path())
        try:
            async with open_summariser(settings, log) as summariser:
                return await summariser.summarise(Article(article_id, text))
        finally:
            log.close()

    return asyncio.run(go())


def run_batch(settings: Settings, inputs: list[Path], out: Path, **options: Any) -> RunReport:
    async def go() -> RunReport:
        log = CallLog(call_log_path())
        try:
            async with open_summariser(settings, log) as summariser:
                runner = BatchRun(summariser, out, concurrency=settings.concurrency,
                                  secret=settings.api_key, settings_public=settings.public(),
                                  **options)
                return await runner.run(read_articles(inputs, settings.max_chars))
        finally:
            log.close()

    return asyncio.run(go())
