"""``summarizer summarise ... --batch-api`` (and ``--cancel``): settings to a finished run.

Kept apart from cli.py so that the command line only gains two options and one call.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from summarizer.batch import ArticleOutcome, BatchRun, RunReport
from summarizer.batchapi.driver import BatchCancelled, BatchDriver, BatchOptions
from summarizer.batchapi.provider import BatchProvider
from summarizer.batchapi.run import BatchApiRun, PlanFor, Prices, call_log_hook
from summarizer.batchapi.state import BatchRecord, StateStore
from summarizer.brief import Brief
from summarizer.calllog import CallLog, CallRecord
from summarizer.calls.client import build_client
from summarizer.collector import long_run_collection
from summarizer.errors import ConfigError, SummarizerError
from summarizer.pipeline import Summariser
from summarizer.reading import read_articles
from summarizer.settings import Settings

Say = Callable[[str], None]
OnArticle = Callable[[ArticleOutcome, Brief | None], None]


def batch_options(settings: Settings) -> BatchOptions:
    return BatchOptions(
        model=settings.model_name, mode=settings.instructor_mode,
        max_requests=settings.batch_max_requests, max_bytes=settings.batch_max_bytes,
        poll_seconds=settings.batch_poll_seconds,
        poll_max_seconds=settings.batch_poll_max_seconds,
        line_retries=settings.batch_line_retries,
        direct_followups=settings.batch_direct_followups,
        direct_concurrency=settings.concurrency)


def _batch_logger(log: CallLog, run_id: str, model: str) -> Callable[[BatchRecord], None]:
    def record(batch: BatchRecord) -> None:
        log.record(CallRecord(
            run_id=run_id, article_id="", request_hash=f"batch:{batch.batch_id}", model=model,
            prompt_version="", schema_hash="", status=None,
            response=json.dumps(asdict(batch)), prompt_tokens=0, completion_tokens=0,
            latency_ms=0.0, attempt=1, transport_retries=0, cached=False, error=None))

    return record


def cancel_batches(settings: Settings, out: Path, say: Say) -> int:
    provider = BatchProvider(settings.base_url, settings.api_key, settings.request_timeout)
    try:
        driver = BatchDriver(provider, StateStore(out), batch_options(settings), say)
        cancelled = driver.cancel()
    finally:
        provider.close()
    say(f"cancelled {len(cancelled)} batch(es): {', '.join(cancelled) or 'none in flight'}")
    return 0


def summarise_with_batch_api(settings: Settings, paths: list[Path], out: Path, *, force: bool,
                             log: CallLog, say: Say,
                             on_article: OnArticle | None = None,
                             plan_for: PlanFor | None = None,
                             sleep: Callable[[float], None] = time.sleep) -> RunReport:
    """The whole run; raises KeyboardInterrupt after saying how to resume."""
    if settings.backend != "openai":
        raise ConfigError("--batch-api needs the openai backend (an endpoint with a batch API)")
    client = build_client(settings, settings.base_url or "https://api.openai.com/v1",
                          settings.api_key, log)
    summariser = Summariser(client, settings, "openai")
    if plan_for is None:
        plan_for = getattr(summariser, "plan", None)
        if plan_for is None:
            raise ConfigError("--batch-api needs the plan-based pipeline, which this build "
                              "does not have yet")
    runner = BatchRun(summariser, out, concurrency=settings.concurrency, force=force,
                      secret=settings.api_key, settings_public=settings.public(),
                      on_article=on_article)
    run_id = runner.report.run_id
    provider = BatchProvider(settings.base_url, settings.api_key, settings.request_timeout)
    driver = BatchDriver(provider, StateStore(out), batch_options(settings), say,
                         on_answer=call_log_hook(log, run_id, settings.model_name),
                         on_batch=_batch_logger(log, run_id, settings.model_name), sleep=sleep)
    prices = Prices(settings.price_prompt_per_mtok, settings.price_completion_per_mtok,
                    settings.batch_discount)
    log.start_run(run_id, str(out.resolve()), settings.public())
    try:
        report = BatchApiRun(runner, driver, plan_for, prices, log).run(
            read_articles(paths, settings.max_chars))
    except KeyboardInterrupt:
        live = driver.live_batch_ids()
        say(f"interrupted: {len(live)} batch(es) still running at the provider "
            f"({', '.join(live) or 'none'}); run the same command again to collect them, "
            "or add --cancel to cancel them")
        raise
    except BatchCancelled as error:
        raise SummarizerError(str(error)) from error
    finally:
        provider.close()
        asyncio.run(client.aclose())
    log.end_run(run_id, report.count("done"), report.count("failed"), report.count("skipped"))
    return report




def run_command(settings: Settings, paths: list[Path], out: Path, *, force: bool,
                cancel: bool, say: Say) -> int:
    """What the command line runs for ``--batch-api``/``--cancel``; returns the exit code."""
    from summarizer.paths import call_log_path

    if settings.backend != "openai":
        raise ConfigError("--batch-api needs the openai backend (an endpoint with a batch API)")
    if cancel:
        return cancel_batches(settings, out, say)

    def on_article(outcome: ArticleOutcome, _brief: Brief | None) -> None:
        detail = f": {outcome.error}" if outcome.error else ""
        say(f"{outcome.status:>7} {outcome.article_id}{detail}")

    log = CallLog(call_log_path())
    try:
        with long_run_collection():  # as on the on-demand path: see collector
            report = summarise_with_batch_api(settings, paths, out, force=force, log=log,
                                              say=say, on_article=on_article)
    finally:
        log.close()
    say(f"{report.count('done')} done, {report.count('skipped')} skipped, "
        f"{report.count('failed')} failed; briefs in {out}/ (manifest {out}/run.json)")
    return 1 if report.count("failed") else 0
