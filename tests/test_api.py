"""The session API through its public names, against real loopback endpoints."""

from __future__ import annotations

import _thread
import asyncio
import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from summarizer import (
    Article,
    ArticleError,
    AsyncSummarizer,
    BackendError,
    Brief,
    ConfigError,
    ExtractionError,
    Settings,
    Summarizer,
    SummarizerError,
    summarise_text,
)
from tests.support.fake_endpoint import (
    FakeEndpoint,
    Reply,
    article_of,
    chat_completion,
    delayed,
    grounded_responder,
)

KEY = "sk-test-SECRET-0123456789abcdef"


def endpoint(url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"backend": "openai", "base_url": url, "api_key": KEY,
                              "model": "fake-model", "mode": "json_schema",
                              "retry_max_seconds": 5.0, "timeout": 10.0}
    values.update(overrides)
    return Settings(**values)


def by_text(delays: dict[str, float], default: float = 0.0) -> Any:
    """Grounded answers, each after the delay of the first key found in its article."""

    def responder(body: dict[str, Any], index: int) -> Reply:
        reply = grounded_responder(body, index)
        text = article_of(body)
        reply.delay = next((d for key, d in delays.items() if key in text), default)
        return reply

    return responder


class CountingEngine:
    """Stands in for the embedded engine: a loopback endpoint, counting starts and stops."""

    starts = 0
    stops = 0

    def __init__(self, model_path: Path, **_: Any) -> None:
        self._server = FakeEndpoint()

    def start(self) -> str:
        type(self).starts += 1
        self._server.__enter__()
        return self._server.base_url

    def stop(self) -> None:
        type(self).stops += 1
        self._server.__exit__()


@pytest.fixture
def counting_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> type[CountingEngine]:
    import summarizer.runtime

    CountingEngine.starts = CountingEngine.stops = 0
    monkeypatch.setattr(summarizer.runtime, "LocalEngine", CountingEngine)
    monkeypatch.setattr(summarizer.runtime, "ensure_model",
                        lambda progress=None: tmp_path / "model.gguf")
    return CountingEngine


def test_session_starts_the_embedded_engine_once_for_all_its_calls(
        counting_engine: type[CountingEngine]) -> None:
    with Summarizer(Settings(backend="local")) as s:
        assert counting_engine.starts == 1
        for i in range(5):
            assert s.summarise(f"Officials said {i + 3} bridges closed.").figures
        results = dict(s.summarise_many([f"Crews fixed {i + 2} pipes." for i in range(4)]))
        assert all(isinstance(r, Brief) for r in results.values())
        assert counting_engine.starts == 1
        assert counting_engine.stops == 0
    assert counting_engine.stops == 1


def test_summarise_text_starts_an_engine_per_call(counting_engine: type[CountingEngine]) -> None:
    for i in range(2):
        summarise_text(f"Officials said {i + 3} bridges closed.",
                       settings=Settings(backend="local"))
    assert (counting_engine.starts, counting_engine.stops) == (2, 2)


def test_summarise_many_takes_texts_pairs_records_and_articles() -> None:
    items: list[Any] = [
        "A storm closed 3 schools.",
        ("pair", "Rain flooded 12 roads in York."),
        ("titled", "Fire crews saved 7 homes.", "Fire"),
        {"id": "record", "text": "Police found 2 cars.", "title": "Cars"},
        Article("article", "Workers planted 40 trees in Leeds."),
        "Another 5 boats sank.",
    ]
    with FakeEndpoint() as server, Summarizer(endpoint(server.base_url)) as s:
        results = dict(s.summarise_many(items, concurrency=3))
    assert sorted(results) == ["article", "pair", "record", "text-0", "text-5", "titled"]
    for article_id, result in results.items():
        assert isinstance(result, Brief)
        assert result.article_id == article_id
    assert [f.text for f in results["pair"].figures] == ["12"]


def test_summarise_many_yields_in_completion_order_within_the_bound() -> None:
    texts = [f"Story {i}: officials counted {i + 10} boats." for i in range(9)]
    slow = {"Story 0:": 0.8, "Story 1:": 0.4}
    with FakeEndpoint(by_text(slow, 0.05)) as server, \
            Summarizer(endpoint(server.base_url)) as s:
        order = [article_id for article_id, _ in s.summarise_many(texts, concurrency=3)]
        peak = server.max_in_flight
    assert sorted(order) == [f"text-{i}" for i in range(9)]
    assert order[-1] == "text-0" and order.index("text-1") > 2
    assert peak == 3


async def test_async_summarise_many_is_an_async_iterator_in_completion_order() -> None:
    with FakeEndpoint(by_text({"slow": 0.5}, 0.05)) as server:
        async with AsyncSummarizer(endpoint(server.base_url)) as s:
            order = [article_id async for article_id, result in s.summarise_many(
                [("a", "A slow story of 3 ships."), ("b", "A quick story of 4 ships."),
                 ("c", "Another quick one: 5 ships.")], concurrency=3)]
    assert order[-1] == "a"
    assert sorted(order) == ["a", "b", "c"]


def test_each_failure_in_summarise_many_comes_back_as_an_error_value() -> None:
    def refuse_bad(body: dict[str, Any], index: int) -> Reply:
        if "refuse" in article_of(body):
            return Reply(status=400, body=b'{"error": {"message": "no thanks"}}')
        return grounded_responder(body, index)

    items = [("good", "Crews fixed 4 pipes."), ("bad", "Please refuse 9 things."),
             ("empty", "   "), ("good", "A repeated id with 3 cats."), 42]
    with FakeEndpoint(refuse_bad) as server, Summarizer(endpoint(server.base_url)) as s:
        results = list(s.summarise_many(items))  # type: ignore[arg-type]
    assert len(results) == 5
    good = [r for i, r in results if i == "good"]
    outcome = dict(results)
    assert sum(isinstance(r, Brief) for r in good) == 1
    assert isinstance(outcome["bad"], BackendError) and outcome["bad"].status == 400
    assert isinstance(outcome["empty"], ArticleError)
    repeated = [r for i, r in results if i == "good" and isinstance(r, ArticleError)]
    assert repeated and "duplicate" in repeated[0].reason
    assert isinstance(outcome["item-4"], ArticleError)


FAULTS = {
    "auth": (lambda b, i: Reply(status=401, body=b'{"error": {"message": "bad key '
                                + KEY.encode() + b'"}}'), BackendError),
    "server": (lambda b, i: Reply(status=500, body=b'{"error": "boom"}'), BackendError),
    "dropped": (lambda b, i: Reply(drop=True), BackendError),
    "not json": (lambda b, i: Reply(body=chat_completion("not json at all")), ExtractionError),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_failures_raise_summarizer_errors_that_never_show_the_key(
        fault: str, capfd: pytest.CaptureFixture[str]) -> None:
    responder, kind = FAULTS[fault]
    with FakeEndpoint(responder) as server, \
            Summarizer(endpoint(server.base_url, transport_retries=1)) as s, \
            pytest.raises(SummarizerError) as raised:
        s.summarise("Officials said 120 homes were flooded.")
    assert type(raised.value) is kind
    assert KEY not in str(raised.value)
    captured = capfd.readouterr()
    assert KEY not in captured.out + captured.err


def test_unreachable_endpoint_is_a_backend_error_naming_it() -> None:
    with FakeEndpoint() as server:
        url = server.base_url  # the port is closed once the server stops
    with_password = url.replace("http://", "http://user:hunter2@") + "?token=abc"
    settings = endpoint(with_password, transport_retries=1)
    with Summarizer(settings) as s, pytest.raises(BackendError) as raised:
        s.summarise("Officials said 120 homes were flooded.")
    assert f"the endpoint {url} could not be reached" in str(raised.value)
    assert "hunter2" not in str(raised.value) and "abc" not in str(raised.value)


def test_a_failed_article_in_a_run_reports_the_error_kind_the_api_raises(
        tmp_path: Path) -> None:
    inputs = make_articles(tmp_path / "in", 1)
    with FakeEndpoint(FAULTS["server"][0]) as server, \
            Summarizer(endpoint(server.base_url, transport_retries=0)) as s:
        report = s.summarise_paths(inputs, tmp_path / "out")
        with pytest.raises(BackendError) as raised:
            s.summarise("Officials said 120 homes were flooded.")
    [failed] = report.failures
    assert failed.error == f"BackendError: {raised.value}"
    assert failed.error.startswith(f"BackendError: the endpoint {server.base_url} answered "
                                   "HTTP 500")


def test_bad_input_and_closed_session_are_summarizer_errors() -> None:
    with FakeEndpoint() as server:
        s = Summarizer(endpoint(server.base_url))
        with pytest.raises(ConfigError):
            s.summarise("Officials said 120 homes were flooded.")
        s.open()
        s.open()  # opening an open session does nothing
        with pytest.raises(ArticleError):
            s.summarise(" \n ")
        s.close()
        s.close()
        with pytest.raises(ConfigError):
            s.summarise("Officials said 120 homes were flooded.")
        with pytest.raises(ConfigError), Summarizer(endpoint(server.base_url)) as again:
            list(again.summarise_many(["Some 3 things."], concurrency=0))


def test_over_long_text_is_an_article_error() -> None:
    with FakeEndpoint() as server, \
            Summarizer(endpoint(server.base_url, max_chars=50)) as s:
        with pytest.raises(ArticleError, match="over the limit"):
            s.summarise("Officials said 120 homes were flooded. " * 3)
        assert not server.requests


def test_leaving_summarise_many_early_cancels_the_articles_in_flight() -> None:
    texts = ["Quick: 1 ship."] + [f"Slow {i}: {i + 2} ships." for i in range(6)]
    with FakeEndpoint(by_text({"Slow": 3.0}, 0.05)) as server, \
            Summarizer(endpoint(server.base_url)) as s:
        started = time.monotonic()
        for article_id, _ in s.summarise_many(texts, concurrency=3):
            assert article_id == "text-0"
            break
        left_after = time.monotonic() - started
        assert s.summarise("Still open: 4 ships.").figures
        asked = [article_of(b) for b in server.requests]
    assert left_after < 1.5  # the slow articles in flight were not waited for
    # At most one more article started (its slot freed as the first result came back).
    assert 2 <= sum("Slow" in text for text in asked) <= 3


def test_blocking_session_works_inside_a_running_event_loop() -> None:
    async def notebook_cell(url: str) -> Brief:
        with Summarizer(endpoint(url)) as s:
            return s.summarise("Inside a loop: 5 cats.")

    with FakeEndpoint() as server:
        brief = asyncio.run(notebook_cell(server.base_url))
        again = asyncio.run(_shortcut_in_loop(server.base_url))
    assert [f.text for f in brief.figures] == ["5"]
    assert [f.text for f in again.figures] == ["6"]


async def _shortcut_in_loop(url: str) -> Brief:
    return summarise_text("Exactly 6 dogs.", settings=endpoint(url))


def make_articles(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"story-{i:03d}.txt").write_text(
            f"Officials in Riverton said {100 + i} homes were flooded on Monday.\n", "utf-8")
    return folder


def assert_whole_files(out: Path) -> set[str]:
    """Every file in ``out`` parses; no temporary file is left. The briefs' ids."""
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    manifest = json.loads((out / "run.json").read_text("utf-8"))
    assert manifest["ended"]
    ids = {p.stem for p in out.glob("*.json") if p.name != "run.json"}
    for article_id in ids:
        Brief.model_validate_json((out / f"{article_id}.json").read_text("utf-8"))
    return ids


async def test_cancelled_summarise_paths_leaves_whole_files_and_resumes(tmp_path: Path) -> None:
    inputs, out = make_articles(tmp_path / "in", 12), tmp_path / "out"
    with FakeEndpoint(delayed(0.3)) as server:
        async with AsyncSummarizer(endpoint(server.base_url, concurrency=2)) as s:
            task = asyncio.create_task(s.summarise_paths(inputs, out))
            while len(list(out.glob("story-*.json"))) < 3:
                await asyncio.sleep(0.02)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            written = assert_whole_files(out)
            assert 3 <= len(written) < 12
            report = await s.summarise_paths(inputs, out)
    assert report.count("skipped") == len(written)
    assert report.count("done") == 12 - len(written)
    assert len(assert_whole_files(out)) == 12


@pytest.mark.parametrize("interrupt", ["sigint", "interrupt_main"])
def test_ctrl_c_stops_a_blocking_run_and_the_session_stays_usable(tmp_path: Path,
                                                                   interrupt: str) -> None:
    inputs, out = make_articles(tmp_path / "in", 12), tmp_path / "out"
    press = ((lambda: os.kill(os.getpid(), signal.SIGINT)) if interrupt == "sigint"
             else _thread.interrupt_main)
    # An article's passes go out together: 0.3 s an article, 6 rounds at concurrency 2.
    with FakeEndpoint(delayed(0.3)) as server, \
            Summarizer(endpoint(server.base_url, concurrency=2)) as s:
        timer = threading.Timer(0.8, press)
        started = time.monotonic()
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            s.summarise_paths(inputs, out)
        stopped_after = time.monotonic() - started
        written = assert_whole_files(out)
        report = s.summarise_paths(inputs, out)
    assert stopped_after < 1.5  # the run needs about 1.8 s uninterrupted
    assert 1 <= len(written) < 12
    assert (report.count("skipped"), report.count("done")) == (len(written), 12 - len(written))


async def test_a_brief_that_lands_as_the_run_is_cancelled_is_listed_in_run_json(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cancel that arrives while a brief is being written (in a thread, so it finishes)
    still records it: run.json then lists every brief the folder holds. Briefs are written
    in a thread where writes are slow (``BriefWriter``): here, every write."""
    import summarizer.output

    writing, real_write = threading.Event(), summarizer.output.write_atomic

    def slow_write(path: Path, content: str) -> None:
        if path.name != "run.json":
            writing.set()
            time.sleep(0.3)
        real_write(path, content)

    monkeypatch.setattr(summarizer.output, "write_atomic", slow_write)
    monkeypatch.setattr(summarizer.output.BriefWriter, "SLOW_S", -1.0)
    inputs, out = make_articles(tmp_path / "in", 1), tmp_path / "out"
    with FakeEndpoint() as server:
        async with AsyncSummarizer(endpoint(server.base_url)) as s:
            task = asyncio.create_task(s.summarise_paths(inputs, out))
            while not writing.is_set():
                await asyncio.sleep(0.01)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
    assert assert_whole_files(out) == {"story-000"}
    manifest = json.loads((out / "run.json").read_text("utf-8"))
    assert [(a["article_id"], a["status"]) for a in manifest["articles"]] == [
        ("story-000", "done")]


def _settled_count(server: FakeEndpoint, quiet: float = 0.15, most: float = 2.0) -> int:
    """How many requests the server has had once none arrived for ``quiet`` seconds."""
    count, waited = len(server.requests), 0.0
    while waited < most:
        time.sleep(quiet)
        waited += quiet
        if len(server.requests) == count:
            break
        count = len(server.requests)
    return count


def test_ctrl_c_in_a_blocking_summarise_many_stops_the_calls_in_flight() -> None:
    texts = [f"Story {i}: officials counted {i + 10} boats." for i in range(40)]
    with FakeEndpoint(delayed(0.1)) as server, \
            Summarizer(endpoint(server.base_url, concurrency=4)) as s:
        got: list[str] = []
        timer = threading.Timer(0.5, _thread.interrupt_main)
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            for article_id, _ in s.summarise_many(texts):
                got.append(article_id)
        # A request written to the socket just before the cancel can reach the server a
        # little later (its thread shares the GIL on a busy machine): let those land first.
        asked = _settled_count(server)
        time.sleep(0.5)
        assert len(server.requests) == asked  # nothing more was sent
        assert 1 <= len(got) < 40
        assert s.summarise("Still open: 4 ships.").figures  # the session is still usable


def test_a_call_log_that_cannot_be_opened_is_a_config_error_saying_where(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.write_text("a file, not a folder", "utf-8")
    monkeypatch.setenv("SUMMARIZER_HOME", str(home))
    with FakeEndpoint() as server, pytest.raises(ConfigError) as raised, \
            Summarizer(endpoint(server.base_url)):
        pass
    assert str(raised.value).startswith(f"cannot open the call log {home}/data/calls.sqlite3:")
    assert "SUMMARIZER_HOME" in str(raised.value)
