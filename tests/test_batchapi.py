"""The provider batch API driver, against the loopback stand-in, with small test plans."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import instructor
import pytest
from openai import AsyncOpenAI
from pydantic import BaseModel, Field

from summarizer.batchapi.chunks import LineTooLarge, chunk_lines
from summarizer.batchapi.command import cancel_batches, summarise_with_batch_api
from summarizer.batchapi.cost import Usage, cost_summary
from summarizer.batchapi.lines import custom_id_for, request_body, request_line
from summarizer.briefing.plan import ModelCall
from summarizer.calllog import CallLog
from summarizer.calls.client import INSTRUCTOR_MODES
from summarizer.errors import SummarizerError
from summarizer.settings import Settings
from tests.support.batch_standin import BatchStandin, LineReply, StandinServer, completion
from tests.support.batch_standin_plans import MODEL, ToyAnswer, ToyPlan, toy_responder

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def standin() -> Iterator[BatchStandin]:
    state = BatchStandin(responder=toy_responder)
    server = StandinServer(state)
    state.base_url = server.base_url  # type: ignore[attr-defined]
    yield state
    server.close()


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a1.txt").write_text("Alpha reported 300 people left.\n", encoding="utf-8")
    (folder / "a2.txt").write_text("Beta says BAD things happened.\n", encoding="utf-8")
    (folder / "a3.txt").write_text("Gamma opened a bridge.\n", encoding="utf-8")
    return folder


def settings_for(standin: BatchStandin, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "backend": "openai", "base_url": standin.base_url,  # type: ignore[attr-defined]
        "api_key": "sk-standin-secret", "model": MODEL, "mode": "json_schema",
        "batch_poll_seconds": 0.01, "batch_poll_max_seconds": 0.01}
    values.update(changes)
    return Settings(**values)


def run(standin: BatchStandin, articles: Path, out: Path, **changes: Any) -> Any:
    messages: list[str] = []
    log = CallLog(out.parent / "calls.db")
    try:
        report = summarise_with_batch_api(settings_for(standin, **changes), [articles], out,
                                          force=False, log=log, say=messages.append,
                                          plan_for=ToyPlan)
    finally:
        log.close()
    return report, messages


def brief_summary(out: Path, article_id: str) -> str:
    return str(json.loads((out / f"{article_id}.json").read_text())["summary"])


# -- request lines -------------------------------------------------------------------------


class SampleItem(BaseModel):
    """One item, with a bounded name."""

    name: str = Field(max_length=20, description="As written.")


class Sample(BaseModel):
    """A response model with nesting, bounds and descriptions, as the pipeline's are."""

    items: list[SampleItem] = Field(max_length=3)
    summary: str


@pytest.mark.parametrize("mode", ["json_schema", "tools", "json", "md_json"])
def test_request_body_is_what_the_on_demand_path_sends(mode: str) -> None:
    sent: list[dict[str, Any]] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        sent.append(json.loads(request.content))
        content = '{"items":[{"name":"n"}],"summary":"s"}'
        body = completion(None, tool_arguments=content) if mode == "tools" else completion(
            content)
        return httpx2.Response(200, json=body)

    client = AsyncOpenAI(base_url="http://127.0.0.1:9/v1", api_key="x",
                         http_client=httpx2.AsyncClient(transport=httpx2.MockTransport(handler)))
    wrapped = instructor.from_openai(client, mode=INSTRUCTOR_MODES[mode])
    messages = [{"role": "system", "content": "sys"}, {"role": "user", "content": "text"}]
    import asyncio

    asyncio.run(wrapped.chat.completions.create(
        model="m", response_model=Sample, messages=messages, max_retries=0,
        temperature=0.0, max_tokens=300))
    call = ModelCall(key="brief", messages=messages, response_model=Sample,
                     max_tokens=300)
    assert request_body(call, "m", mode) == sent[0]


class _ZetaFirst(BaseModel):
    zeta: str
    alpha: str


def test_custom_id_ties_article_and_request() -> None:
    call = ModelCall(key="k", messages=[{"role": "user", "content": "x"}],
                     response_model=ToyAnswer, max_tokens=5)
    first = request_line("a1", call, "m", "json_schema")
    assert first.custom_id == request_line("a1", call, "m", "json_schema").custom_id
    assert first.custom_id != request_line("a2", call, "m", "json_schema").custom_id
    assert first.custom_id != request_line("a1", call, "m2", "json_schema").custom_id
    assert len(first.custom_id) <= 64
    line = json.loads(first.text)
    assert line["url"] == "/v1/chat/completions" and line["method"] == "POST"
    # One JSON line holding the body the on-demand path sends, its id made from that body;
    # key order included: a schema's properties are generated in the order it lists them.
    assert first.text.endswith(b"\n") and first.text.count(b"\n") == 1
    assert line["custom_id"] == first.custom_id
    ordered = ModelCall(key="k", messages=[{"role": "user", "content": "x"}],
                        response_model=_ZetaFirst, max_tokens=5)
    body = request_body(ordered, "m", "json_schema")
    assert list(body["response_format"]["json_schema"]["schema"]["properties"]) == [
        "zeta", "alpha"]
    line = json.loads(request_line("a1", ordered, "m", "json_schema").text)
    assert json.dumps(line["body"]) == json.dumps(body)
    assert line["custom_id"] == custom_id_for("a1", "k", body)
    unicode = ModelCall(key="k", messages=[{"role": "user", "content": "Zoë \u00e9 東京 \"q\""}],
                        response_model=ToyAnswer, max_tokens=5)
    assert json.loads(request_line("a1", unicode, "m", "json").text)["body"] == request_body(
        unicode, "m", "json")


def test_chunks_respect_request_and_byte_limits() -> None:
    call = ModelCall(key="k", messages=[{"role": "user", "content": "x" * 100}],
                     response_model=ToyAnswer, max_tokens=5)
    lines = [request_line(f"a{i}", call, "m", "json") for i in range(10)]
    size = lines[0].size
    by_count = list(chunk_lines(lines, max_requests=4, max_bytes=10**9))
    assert [len(c) for c in by_count] == [4, 4, 2]
    by_bytes = list(chunk_lines(lines, max_requests=100, max_bytes=size * 3 + 1))
    assert [len(c) for c in by_bytes] == [3, 3, 3, 1]
    assert all(sum(line.size for line in c) <= size * 3 + 1 for c in by_bytes)
    with pytest.raises(LineTooLarge):
        list(chunk_lines(lines, max_requests=100, max_bytes=size - 1))


# -- runs against the stand-in -------------------------------------------------------------


def test_success_with_a_reask_in_a_follow_up_batch(standin: BatchStandin, articles: Path,
                                                   tmp_path: Path) -> None:
    out = tmp_path / "out"
    report, messages = run(standin, articles, out)
    assert report.count("done") == 3 and report.count("failed") == 0
    assert brief_summary(out, "a1") == "entities:Alpha / summary:Alpha"
    # a2's summary came back "bad": its re-ask went into a second, one-line batch.
    assert brief_summary(out, "a2") == "entities:Beta / summary.reask1:Beta"
    assert [b.total for b in standin.batches.values()] == [6, 1]
    assert standin.uploads == ["batch", "batch"]
    assert not list((out / ".batchapi").glob("input-*"))  # removed once collected
    manifest = json.loads((out / "run.json").read_text())
    assert manifest["counts"] == {"done": 3, "failed": 0, "skipped": 0}
    section = manifest["batch_api"]
    assert [b["batch_id"] for b in section["batches"]] == ["batch-1", "batch-2"]
    assert section["usage"]["requests"] == 7
    assert section["usage_source"] == "batch usage figures"
    assert section["usage"]["prompt_tokens"] == 700 and section["usage"]["cost"] is None
    assert any("completed" in m and "6/6" in m for m in messages)
    assert "sk-standin-secret" not in (out / "run.json").read_text()
    # The call log has every answer (by custom id) and every batch (by its id).
    log = CallLog(out.parent / "calls.db")
    rows = log.recent_calls(100)
    batch_rows = [r for r in log.calls_for("") if r["request_hash"].startswith("batch:batch-")]
    log.close()
    assert sum(r["article_id"] != "" for r in rows) == 7
    assert {r["request_hash"] for r in batch_rows} == {"batch:batch-1", "batch:batch-2"}
    # A second run sends nothing: every answer is in the run folder already.
    report, _ = run(standin, articles, tmp_path / "out")
    assert len(standin.batches) == 2


def test_tools_mode_reads_tool_call_arguments(standin: BatchStandin, articles: Path,
                                              tmp_path: Path) -> None:
    report, _ = run(standin, articles, tmp_path / "out", mode="tools")
    assert report.count("done") == 3
    assert brief_summary(tmp_path / "out", "a3") == "entities:Gamma / summary:Gamma"


def failing_first(body: dict[str, Any], nth: int) -> LineReply:
    if "Gamma" in body["messages"][-1]["content"] and nth == 1:
        return 500, {"error": {"code": "server_error", "message": "try again"}}
    return toy_responder(body, nth)


def test_failed_lines_go_into_a_follow_up_batch(standin: BatchStandin, articles: Path,
                                                tmp_path: Path) -> None:
    standin.responder = failing_first
    report, messages = run(standin, articles, tmp_path / "out")
    assert report.count("done") == 3
    # Batch 2 holds a2's re-ask and a3's two failed lines.
    assert [b.total for b in standin.batches.values()] == [6, 3]
    assert any("2 to ask again" in m for m in messages)


def test_a_line_that_keeps_failing_fails_its_article_only(standin: BatchStandin,
                                                          articles: Path,
                                                          tmp_path: Path) -> None:
    standin.responder = failing_first
    out = tmp_path / "out"
    report, _ = run(standin, articles, out, batch_line_retries=0)
    assert report.count("done") == 2 and report.count("failed") == 1
    failed = [json.loads(e) for e in report.entries if '"failed"' in e]
    assert failed[0]["article_id"] == "a3" and "server_error" in failed[0]["error"]
    assert not (out / "a3.json").exists() and (out / "a1.json").exists()


def test_expired_batch_sends_what_did_not_run_again(standin: BatchStandin, articles: Path,
                                                    tmp_path: Path) -> None:
    standin.outcomes = ["expired"]
    report, messages = run(standin, articles, tmp_path / "out")
    assert report.count("done") == 3
    batches = list(standin.batches.values())
    assert batches[0].status == "expired" and batches[0].completed == 3
    assert batches[1].total == 4  # three lines that never ran, and a2's re-ask
    assert any("expired" in m for m in messages)


def test_cancelled_batch_fails_the_articles_it_did_not_answer(standin: BatchStandin,
                                                              articles: Path,
                                                              tmp_path: Path) -> None:
    standin.outcomes = ["cancelled"]
    report, _ = run(standin, articles, tmp_path / "out")
    # Only the first line ran; no article has both of its answers, and none is re-sent.
    assert report.count("failed") == 3
    assert len(standin.batches) == 1
    assert all("batch_cancelled" in json.loads(e)["error"] for e in report.entries)


def test_malformed_output_line_is_reported_and_asked_again(standin: BatchStandin,
                                                           articles: Path,
                                                           tmp_path: Path) -> None:
    standin.malformed_output = True
    report, messages = run(standin, articles, tmp_path / "out")
    assert report.count("done") == 3
    assert any("unreadable output" in m for m in messages)
    assert list(standin.batches.values())[1].total == 2  # the lost line and the re-ask


def test_direct_follow_ups_skip_the_second_batch(standin: BatchStandin, articles: Path,
                                                 tmp_path: Path) -> None:
    report, _ = run(standin, articles, tmp_path / "out", batch_direct_followups=True)
    assert report.count("done") == 3
    assert len(standin.batches) == 1 and standin.chat_calls == 1
    section = json.loads((tmp_path / "out" / "run.json").read_text())["batch_api"]
    assert section["usage"]["requests"] == 7  # six in the batch, one direct
    assert section["usage"]["prompt_tokens"] == 700
    assert brief_summary(tmp_path / "out", "a2") == "entities:Beta / summary.reask1:Beta"


def test_cost_uses_the_configured_price_and_the_batch_discount(
        standin: BatchStandin, articles: Path, tmp_path: Path) -> None:
    run(standin, articles, tmp_path / "out", price_prompt_per_mtok=1.0,
        price_completion_per_mtok=4.0)
    cost = json.loads((tmp_path / "out" / "run.json").read_text())["batch_api"]["usage"]["cost"]
    # 7 answers of 100 prompt and 20 completion tokens.
    assert cost["on_demand_usd"] == pytest.approx((700 * 1.0 + 140 * 4.0) / 1e6)
    assert cost["batch_usd"] == pytest.approx(cost["on_demand_usd"] / 2)
    assert cost_summary(Usage(10, 10, 1), 0.0, 0.0, 0.5)["cost"] is None


class KilledAfterCreate(BaseException):
    pass


def test_a_kill_between_create_and_note_does_not_create_a_second_batch(
        standin: BatchStandin, articles: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer.batchapi.provider import BatchProvider

    real_create = BatchProvider.create

    def create_then_die(self: BatchProvider, *args: Any, **kwargs: Any) -> Any:
        real_create(self, *args, **kwargs)
        raise KilledAfterCreate

    monkeypatch.setattr(BatchProvider, "create", create_then_die)
    with pytest.raises(KilledAfterCreate):
        run(standin, articles, tmp_path / "out")
    monkeypatch.setattr(BatchProvider, "create", real_create)
    report, _ = run(standin, articles, tmp_path / "out")
    assert report.count("done") == 3
    assert [b.total for b in standin.batches.values()] == [6, 1]


def test_ctrl_c_leaves_the_batch_running_and_cancel_cancels_it(
        standin: BatchStandin, articles: Path, tmp_path: Path) -> None:
    standin.polls_before_done = 10**6
    out = tmp_path / "out"

    def interrupt(_seconds: float) -> None:
        raise KeyboardInterrupt

    messages: list[str] = []
    log = CallLog(tmp_path / "calls.db")
    with pytest.raises(KeyboardInterrupt):
        summarise_with_batch_api(settings_for(standin), [articles], out, force=False, log=log,
                                 say=messages.append, plan_for=ToyPlan, sleep=interrupt)
    assert "batch-1" in messages[-1] and "--cancel" in messages[-1]
    assert standin.batches["batch-1"].status == "in_progress"
    said: list[str] = []
    assert cancel_batches(settings_for(standin), out, said.append) == 0
    assert standin.batches["batch-1"].status == "cancelling" and "batch-1" in said[-1]
    with pytest.raises(SummarizerError, match="cancelled"):
        summarise_with_batch_api(settings_for(standin), [articles], out, force=False, log=log,
                                 say=messages.append, plan_for=ToyPlan)
    log.close()


def wait_for_polls(standin: BatchStandin, polls: int) -> None:
    """Until the first batch has been looked up ``polls`` times (a minute at most)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        batch = standin.batches.get("batch-1")
        if batch is not None and batch.lookups >= polls:
            return
        time.sleep(0.05)
    raise AssertionError("the run never polled its batch")


def test_killed_process_reattaches_to_its_batch(standin: BatchStandin, articles: Path,
                                                tmp_path: Path) -> None:
    standin.polls_before_done = 10**6
    out = tmp_path / "out"
    command = [sys.executable, "-m", "tests.support.batch_standin_run",
               standin.base_url, str(articles), str(out)]  # type: ignore[attr-defined]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.DEVNULL) as process:
        wait_for_polls(standin, 3)
        assert standin.batches["batch-1"].status == "in_progress"
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    state = json.loads((out / ".batchapi" / "state.json").read_text())
    assert state["batches"][0]["batch_id"] == "batch-1"
    standin.polls_before_done = 0
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert [b.total for b in standin.batches.values()] == [6, 1]
    assert set(standin.seen.values()) == {1}  # no request sent twice
    assert json.loads((out / "run.json").read_text())["counts"]["done"] == 3


def test_shards_split_by_article_and_merge_back(standin: BatchStandin, tmp_path: Path) -> None:
    from summarizer.batchapi.shards import merge_runs, shard_of, split_jsonl

    source = tmp_path / "all.jsonl"
    ids = [f"n{i}" for i in range(12)]
    source.write_text("".join(json.dumps({"id": i, "text": f"Word{i} said 3 things."}) + "\n"
                              for i in ids))
    paths = split_jsonl(source, 3, tmp_path / "shards")
    seen = [json.loads(line)["id"] for p in paths for line in p.read_text().splitlines()]
    assert sorted(seen) == sorted(ids)
    assert all(shard_of(json.loads(line)["id"], 3) == n
               for n, p in enumerate(paths) for line in p.read_text().splitlines())
    outs = []
    for number, path in enumerate(paths):
        out = tmp_path / f"out-{number}"
        run(standin, path, out)
        outs.append(out)
    merged = merge_runs(outs, tmp_path / "merged")
    assert merged["counts"]["done"] == 12 and len(merged["shards"]) == 3
    assert sorted(p.stem for p in (tmp_path / "merged").glob("n*.json")) == sorted(ids)
    assert json.loads((tmp_path / "merged" / "run.json").read_text())["counts"]["done"] == 12


def test_ctrl_c_in_a_real_process_says_how_to_resume(standin: BatchStandin, articles: Path,
                                                     tmp_path: Path) -> None:
    standin.polls_before_done = 10**6
    out = tmp_path / "out"
    command = [sys.executable, "-m", "tests.support.batch_standin_run",
               standin.base_url, str(articles), str(out)]  # type: ignore[attr-defined]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE,
                          text=True) as process:
        wait_for_polls(standin, 2)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode != 0
    assert "1 batch(es) still running" in stderr and "batch-1" in stderr
    assert "--cancel" in stderr
    assert standin.batches["batch-1"].status == "in_progress" and len(standin.batches) == 1


class BrokenPlan(ToyPlan):
    def answer(self, result: Any) -> None:
        if self.article_id == "a3":
            raise RuntimeError("plan bug")
        super().answer(result)


def test_a_plan_that_raises_fails_its_article_only(standin: BatchStandin, articles: Path,
                                                   tmp_path: Path) -> None:
    log = CallLog(tmp_path / "calls.db")
    report = summarise_with_batch_api(settings_for(standin), [articles], tmp_path / "out",
                                      force=False, log=log, say=lambda _m: None,
                                      plan_for=BrokenPlan)
    log.close()
    assert report.count("done") == 2 and report.count("failed") == 1
    failed = next(json.loads(e) for e in report.entries if '"failed"' in e)
    assert failed["article_id"] == "a3" and "plan bug" in failed["error"]


def test_polling_backs_off_up_to_its_ceiling(standin: BatchStandin, articles: Path,
                                             tmp_path: Path) -> None:
    standin.polls_before_done = 6
    waits: list[float] = []
    log = CallLog(tmp_path / "calls.db")
    summarise_with_batch_api(settings_for(standin, batch_poll_seconds=1.0,
                                          batch_poll_max_seconds=2.0),
                             [articles], tmp_path / "out", force=False, log=log,
                             say=lambda _m: None, plan_for=ToyPlan, sleep=waits.append)
    log.close()
    # Batch 1 is looked up 7 times (6 sleeps), then batch 2 (the re-ask) starts over.
    assert waits[:6] == [1.0, 1.5, 2.0, 2.0, 2.0, 2.0]
    assert waits[6] == 1.0
