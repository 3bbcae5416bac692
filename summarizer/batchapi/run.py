"""A ``summarise --batch-api`` run: articles to plans, plans through batches, briefs and
``run.json`` written as the on-demand run writes them, plus the batches and their usage.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from summarizer.batch import MANIFEST, ArticleOutcome, BatchRun, RunReport, is_current
from summarizer.batchapi.cost import cost_summary
from summarizer.batchapi.driver import BatchDriver
from summarizer.batchapi.lines import RequestLine
from summarizer.brief import Brief
from summarizer.briefing.plan import ArticlePlan, CallAnswer
from summarizer.calllog import CallLog, CallRecord
from summarizer.output import remove_stale_temps, write_atomic
from summarizer.reading import Article, ReadFailure
from summarizer.redaction import redact

PlanFor = Callable[[Article], ArticlePlan]


@dataclass(frozen=True)
class Prices:
    """On-demand prices per million tokens (0: not configured) and the batch discount."""

    prompt_per_mtok: float = 0.0
    completion_per_mtok: float = 0.0
    batch_discount: float = 0.5


def call_log_hook(log: CallLog, run_id: str, model: str) -> Callable[
        [list[tuple[RequestLine, CallAnswer]], str], None]:
    """Records the answers collected from one batch in the call log, together (their text:
    the answers the plans got), each keyed by its custom id, with the batch it came from."""

    def record(answers: list[tuple[RequestLine, CallAnswer]], batch_id: str) -> None:
        log.record_many(CallRecord(
            run_id=run_id, article_id=line.article_id, request_hash=f"batch:{line.custom_id}",
            model=model, prompt_version="", schema_hash="",
            status=200 if answer.error is None else None, response=answer.content,
            prompt_tokens=answer.prompt_tokens, completion_tokens=answer.completion_tokens,
            latency_ms=0.0, attempt=1, transport_retries=0, cached=False,
            error=(f"{answer.error} [{batch_id}]" if answer.error else None))
            for line, answer in answers)

    return record


class BatchApiRun:
    """Writes briefs and the manifest for plans driven by a ``BatchDriver``."""

    def __init__(self, runner: BatchRun, driver: BatchDriver, plan_for: PlanFor,
                 prices: Prices, log: CallLog | None = None) -> None:
        self.runner = runner
        self.driver = driver
        self.plan_for = plan_for
        self.prices = prices
        self.log = log
        self._articles: dict[str, Article] = {}
        self._started = time.perf_counter()

    def _record(self, outcome: ArticleOutcome, brief: Brief | None = None) -> None:
        if outcome.error:
            outcome.error = redact(outcome.error, self.runner.secret)
        self.runner.report.add(outcome)
        if self.runner.on_article:
            self.runner.on_article(outcome, brief)
        self.runner.write_manifest()

    def _plans(self, items: Iterator[Article | ReadFailure]) -> list[ArticlePlan]:
        model = self.runner.summariser.client.model
        prompt_version = self.runner.summariser.prompts.version
        plans = []
        for item in items:
            if isinstance(item, ReadFailure):
                self._record(ArticleOutcome(item.article_id, item.source, "failed",
                                            error=item.reason))
                continue
            try:
                target = self.runner.brief_path(item.article_id)
            except ValueError as error:
                self._record(ArticleOutcome(item.article_id, item.source, "failed",
                                            error=str(error)))
                continue
            if item.article_id in self._articles:
                self._record(ArticleOutcome(item.article_id, item.source, "failed",
                                     error="duplicate article id in this run"))
                continue
            if not self.runner.force and is_current(target, item, model, prompt_version):
                self._record(ArticleOutcome(item.article_id, item.source, "skipped"))
                continue
            self._articles[item.article_id] = item
            plans.append(self.plan_for(item))
        return plans

    def _finished(self, plan: ArticlePlan, failure: Exception | None) -> None:
        article = self._articles[plan.article_id]
        latency = round(time.perf_counter() - self._started, 3)
        try:
            if failure is not None:
                raise failure
            brief = plan.brief()
        except Exception as error:  # one article's failure must not stop the run
            self._record(ArticleOutcome(article.article_id, article.source, "failed",
                                        latency_s=latency,
                                        error=f"{type(error).__name__}: {error}"))
            return
        target = self.runner.brief_path(article.article_id)
        write_atomic(target, brief.model_dump_json(indent=2) + "\n")
        meta = brief.provenance
        self._record(ArticleOutcome(
            article.article_id, article.source, "done", attempts=meta.attempts,
            prompt_tokens=meta.usage.prompt_tokens,
            completion_tokens=meta.usage.completion_tokens, latency_s=latency,
            # No slot to wait for: all of it is the batches' time at the provider.
            queued_s=0.0, model_s=latency, dropped=len(meta.dropped)), brief)

    def run(self, items: Iterator[Article | ReadFailure]) -> RunReport:
        out = self.runner.out_dir
        out.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(out)
        self.runner.write_manifest(final=True)
        try:
            self.driver.run(self._plans(items), self._finished)
        finally:
            self.runner.report.ended = datetime.now(UTC).isoformat(timespec="seconds")
            self.runner.write_manifest(final=True)
            self._add_batch_section(out / MANIFEST)
        return self.runner.report

    def _add_batch_section(self, manifest: Path) -> None:
        usage, source = self.driver.billed_usage()
        manifest_data: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8"))
        manifest_data["batch_api"] = {
            "batches": self.driver.batches_summary(),
            "direct_followups": self.driver.options.direct_followups,
            "usage_source": source,
            "usage": cost_summary(usage, self.prices.prompt_per_mtok,
                                  self.prices.completion_per_mtok, self.prices.batch_discount),
        }
        text = json.dumps(manifest_data, indent=2, ensure_ascii=False) + "\n"
        write_atomic(manifest, redact(text, self.runner.secret))
