from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import signal
import subprocess
import sys
import time
import typing
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

import pytest

from summarizer.batch import ArticleOutcome, RunReport, Status
from summarizer.brief import Brief
from summarizer.briefing.driver import all_at_once
from summarizer.briefing.plan import CallAnswer
from summarizer.calllog import CallLog
from summarizer.paths import call_log_path
from tests.helpers import API_KEY, endpoint_settings, run_batch
from tests.support.fake_endpoint import (
    FakeEndpoint,
    Reply,
    article_of,
    delayed,
    grounded_responder,
)


def make_articles(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"story-{i:03d}.txt").write_text(
            f"Officials in Riverton said {100 + i} homes were flooded on Monday. "
            f"The Red Cross opened {i + 2} shelters.\n", encoding="utf-8")
    return folder


def briefs_in(out: Path) -> dict[str, Brief]:
    return {p.stem: Brief.model_validate_json(p.read_text("utf-8"))
            for p in out.glob("*.json") if p.name != "run.json"}


def test_concurrency_bounds_the_articles_in_flight_and_their_passes_go_together(
        tmp_path: Path) -> None:
    inputs = make_articles(tmp_path / "in", 12)
    with FakeEndpoint(delayed(0.15)) as server:
        report = run_batch(endpoint_settings(server.base_url, concurrency=3), [inputs],
                           tmp_path / "out")
        articles, requests = server.max_articles_in_flight, server.max_in_flight
    assert report.count("done") == 12
    assert 1 < articles <= 3
    # An article's three passes (entities, roles, summary) are asked in one round.
    assert articles < requests <= 3 * 3
    assert len(server.requests) == 12 * 3


def test_an_article_whose_passes_are_refused_fails_with_the_refusal(tmp_path: Path) -> None:
    def refuse_one(body: dict[str, Any], index: int) -> Reply:
        if "opened 2 shelters" in article_of(body):
            return Reply(status=403, body=b'{"error": {"message": "not for you"}}')
        return grounded_responder(body, index)

    inputs = make_articles(tmp_path / "in", 3)
    with FakeEndpoint(refuse_one) as server:
        report = run_batch(endpoint_settings(server.base_url), [inputs], tmp_path / "out")
    assert (report.count("done"), report.count("failed")) == (2, 1)
    (failed,) = report.failures
    assert "403" in (failed.error or "")
    # Its passes went out together; the first refusal stopped the article.
    assert 1 <= sum("opened 2 shelters" in article_of(b) for b in server.requests) <= 3


def test_calls_that_fail_together_raise_the_first_and_leave_none_unread(
        caplog: pytest.LogCaptureFixture) -> None:
    """asyncio prints a failed task's exception that nobody read (its traceback, and what
    an endpoint wrote into it) when the task is collected: each one must be read."""
    async def refused(number: int) -> CallAnswer:
        raise RuntimeError(f"refused {number}")

    async def main() -> None:
        with pytest.raises(RuntimeError, match="refused 0"):
            await all_at_once([refused(n) for n in range(3)])

    with caplog.at_level(logging.ERROR, logger="asyncio"):
        asyncio.run(main())
        gc.collect()
    assert not [r for r in caplog.records if "never retrieved" in r.getMessage()]


def test_429_and_500_are_retried_and_batch_completes(tmp_path: Path) -> None:
    def flaky(body: dict[str, Any], index: int) -> Reply:
        if index % 3 == 0:
            return Reply(status=429, body=b'{"error": "slow down"}',
                         headers={"retry-after": "0.05"})
        if index % 3 == 1:
            return Reply(status=500, body=b'{"error": "boom"}')
        return grounded_responder(body, index)

    inputs = make_articles(tmp_path / "in", 5)
    with FakeEndpoint(flaky) as server:
        settings = endpoint_settings(server.base_url, concurrency=1)
        report = run_batch(settings, [inputs], tmp_path / "out")
        answered = sum(o.attempts for o in report.outcomes)
        # Every answered call came after one 429 and one 500 that were retried.
        assert len(server.requests) == 3 * answered
    assert report.count("done") == 5
    assert len(briefs_in(tmp_path / "out")) == 5


def test_second_run_makes_zero_requests_and_force_redoes(tmp_path: Path) -> None:
    inputs = make_articles(tmp_path / "in", 4)
    with FakeEndpoint() as server:
        settings = endpoint_settings(server.base_url)
        run_batch(settings, [inputs], tmp_path / "out")
        first = len(server.requests)
        again = run_batch(settings, [inputs], tmp_path / "out")
        assert len(server.requests) == first
        assert again.count("skipped") == 4
        # --force redoes the briefs, but identical requests come from the call log.
        forced = run_batch(settings, [inputs], tmp_path / "out", force=True)
        assert forced.count("done") == 4
        assert len(server.requests) == first


def test_changed_article_text_is_redone(tmp_path: Path) -> None:
    inputs = make_articles(tmp_path / "in", 2)
    with FakeEndpoint() as server:
        settings = endpoint_settings(server.base_url)
        run_batch(settings, [inputs], tmp_path / "out")
        (inputs / "story-000.txt").write_text("A new text: 5 boats sank in Harbor Bay.",
                                              encoding="utf-8")
        report = run_batch(settings, [inputs], tmp_path / "out")
    statuses = {o.article_id: o.status for o in report.outcomes}
    assert statuses == {"story-000": "done", "story-001": "skipped"}


def test_one_bad_article_does_not_stop_the_batch(tmp_path: Path) -> None:
    inputs = make_articles(tmp_path / "in", 3)
    (inputs / "empty.txt").write_text("   \n", encoding="utf-8")
    with FakeEndpoint() as server:
        report = run_batch(endpoint_settings(server.base_url), [inputs], tmp_path / "out")
    statuses = {o.article_id: o.status for o in report.outcomes}
    assert statuses.pop("empty") == "failed"
    assert set(statuses.values()) == {"done"}
    manifest = json.loads((tmp_path / "out" / "run.json").read_text("utf-8"))
    assert manifest["counts"] == {"done": 3, "failed": 1, "skipped": 0}
    assert len(manifest["articles"]) == 4
    assert {a["status"] for a in manifest["articles"]} == {"done", "failed"}


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "summarizer", *args], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


def _env(base_url: str) -> dict[str, str]:
    return {**os.environ, "OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": API_KEY,
            "SUMMARIZER_MODEL": "fake-model", "SUMMARIZER_MODE": "json_schema"}


def test_jsonl_stdout_holds_only_briefs_and_key_stays_secret(tmp_path: Path) -> None:
    inputs = make_articles(tmp_path / "in", 3)
    out = tmp_path / "out"
    with FakeEndpoint() as server:
        result = _cli(["summarise", str(inputs), "--out", str(out), "--format", "jsonl"],
                      _env(server.base_url))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert {Brief.model_validate_json(line).article_id for line in lines} == {
        "story-000", "story-001", "story-002"}
    manifest = (out / "run.json").read_text("utf-8")
    assert json.loads(manifest)["settings"]["api_key_set"] is True
    for text in (manifest, result.stdout, result.stderr,
                 *(p.read_text("utf-8") for p in out.iterdir())):
        assert API_KEY not in text
    assert API_KEY not in call_log_path().read_bytes().decode("utf-8", "replace")


def test_briefing_over_an_endpoint_loads_no_numpy(tmp_path: Path) -> None:
    """numpy is the eval's and the embedded engine's: loading it for a run over an endpoint
    costs about 40 ms and starts OpenBLAS's threads, for nothing the run uses."""
    inputs, out = make_articles(tmp_path / "in", 2), tmp_path / "out"
    with FakeEndpoint() as server:
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "summarizer", "summarise", str(inputs),
             "--out", str(out)], capture_output=True, text=True, env=_env(server.base_url),
            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    assert "summarizer.briefing.assemble" in imported  # the run's own modules are listed
    assert not {name for name in imported if name.split(".")[0] == "numpy"}


def _homes(text: str) -> str:
    """The number that tells the generated articles apart."""
    return text.split(" homes")[0].rsplit(" ", 1)[-1]


def test_killed_run_resumes_without_loss_or_repeat(tmp_path: Path) -> None:
    inputs = make_articles(tmp_path / "in", 16)
    out = tmp_path / "out"
    with FakeEndpoint(delayed(0.2)) as server:
        env = _env(server.base_url)
        args = [sys.executable, "-m", "summarizer", "summarise", str(inputs), "--out", str(out),
                "--concurrency", "2"]
        process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while len(list(out.glob("story-*.json"))) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
        written_before = {p.stem for p in out.glob("story-*.json")}
        requests_before = len(server.requests)
        assert 5 <= len(written_before) < 16
        again = _cli(["summarise", str(inputs), "--out", str(out)], env)
        assert again.returncode == 0, again.stderr
        asked_after = {_homes(article_of(b)) for b in server.requests[requests_before:]}
    briefs = briefs_in(out)
    assert len(briefs) == 16
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    # No article whose brief was written before the kill was requested again.
    texts = {p.stem: _homes(p.read_text("utf-8")) for p in inputs.iterdir()}
    assert not {texts[a] for a in written_before} & asked_after
    log = CallLog(call_log_path())
    for article_id in written_before:
        network_calls = [c for c in log.calls_for(article_id) if not c["cached"]]
        passes = Brief.model_validate_json((out / f"{article_id}.json").read_text("utf-8"))
        assert len(network_calls) == passes.provenance.attempts
    log.close()


def test_a_call_that_fails_as_the_article_is_cancelled_is_still_read(
        caplog: pytest.LogCaptureFixture) -> None:
    """The article is cancelled (Ctrl-C) and one of its calls fails while it stops (its
    connection breaking, say): that failure too must be read, or asyncio prints it."""
    async def failing_as_it_stops() -> CallAnswer:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            raise RuntimeError("broke while stopping, key sk-echoed") from None
        raise AssertionError("never answered")

    async def main() -> None:
        outer = asyncio.ensure_future(all_at_once([failing_as_it_stops(),
                                                   failing_as_it_stops()]))
        await asyncio.sleep(0)  # both calls started and waiting
        outer.cancel()
        with pytest.raises(asyncio.CancelledError):
            await outer

    with caplog.at_level(logging.ERROR, logger="asyncio"):
        asyncio.run(main())
        gc.collect()
    assert not [r for r in caplog.records if "never retrieved" in r.getMessage()]


def test_an_outcome_is_recorded_as_its_fields() -> None:
    """A manifest entry is the outcome's fields as JSON, as ``dataclasses.asdict`` gives
    them; the fields are plain values, so the entry needs no deep copy."""
    hints = typing.get_type_hints(ArticleOutcome)
    assert all(hints[f.name] in (str, int, float, str | None, Status)
               for f in fields(ArticleOutcome))
    outcome = ArticleOutcome("quake", "in/quake.txt", "failed", attempts=2, latency_s=0.25,
                             error="ValueError: no “amount”")
    report = RunReport("run", "2026-11-25T00:00:00Z")
    report.add(outcome)
    assert report.entries == [json.dumps(asdict(outcome), ensure_ascii=False)]
    assert report.outcomes == [outcome] and report.count("failed") == 1
