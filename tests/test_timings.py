"""run.json splits each article's latency into model time and time queued for a slot;
`summarizer logs` shows model time and tokens per second; concurrency defaults to slots."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from summarizer.settings import Settings, resolve
from summarizer.timing import ArticleClock
from tests.helpers import endpoint_settings, run_batch
from tests.support.fake_endpoint import FakeEndpoint, Reply, grounded_responder

WORK_S = 0.4


def one_slot_engine() -> Any:
    """Answers one request at a time, like an engine with one slot, and reports how long
    its model worked as llama.cpp does (``timings``); later requests wait their turn."""
    slot = threading.Lock()

    def responder(body: dict[str, Any], index: int) -> Reply:
        with slot:
            time.sleep(WORK_S)
            reply = grounded_responder(body, index)
        answer = json.loads(reply.body)
        answer["timings"] = {"prompt_n": 100, "prompt_ms": WORK_S * 250,
                             "predicted_n": 50, "predicted_ms": WORK_S * 750}
        reply.body = json.dumps(answer).encode()
        return reply

    return responder


def write_articles(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"a{i}.txt").write_text(f"Officials in Riverton said {100 + i} homes were "
                                          "flooded on Monday.\n", encoding="utf-8")
    return folder


def manifest_articles(out: Path) -> list[dict[str, Any]]:
    articles: list[dict[str, Any]] = json.loads((out / "run.json").read_text("utf-8"))["articles"]
    return articles


def test_run_json_separates_queue_and_model_time(tmp_path: Path) -> None:
    inputs = write_articles(tmp_path / "in", 2)
    with FakeEndpoint(one_slot_engine()) as server:
        report = run_batch(endpoint_settings(server.base_url, concurrency=2), [inputs],
                           tmp_path / "out")
    assert report.count("done") == 2
    entries = manifest_articles(tmp_path / "out")
    for entry in entries:
        # One WORK_S of model time per call (a brief takes a few short passes).
        assert entry["attempts"] >= 2
        assert abs(entry["model_s"] - WORK_S * entry["attempts"]) < 0.05 * entry["attempts"]
        assert entry["queued_s"] + entry["model_s"] <= entry["latency_s"] + 0.01
    # Both were sent at once to one slot: each call waited for at most one of the other
    # article's calls, and the queueing adds up to about the other article's work.
    waited = max(entry["queued_s"] for entry in entries)
    calls = sum(entry["attempts"] for entry in entries)
    assert WORK_S * 0.7 < waited < WORK_S * calls, entries


def test_endpoint_without_timings_counts_the_round_trip_as_model_time(tmp_path: Path) -> None:
    inputs = write_articles(tmp_path / "in", 1)
    with FakeEndpoint() as server:
        run_batch(endpoint_settings(server.base_url), [inputs], tmp_path / "out")
    (entry,) = manifest_articles(tmp_path / "out")
    assert entry["queued_s"] == 0
    assert 0 < entry["model_s"] <= entry["latency_s"]


def test_logs_show_model_time_and_tokens_per_second(tmp_path: Path) -> None:
    inputs = write_articles(tmp_path / "in", 2)
    script = shutil.which("summarizer", path=os.path.dirname(sys.executable))
    assert script is not None
    with FakeEndpoint(one_slot_engine()) as server:
        subprocess.run([script, "summarise", str(inputs), "--out", str(tmp_path / "out"),
                        "--backend", "openai", "--base-url", server.base_url, "--model", "m",
                        "--concurrency", "2"], capture_output=True, timeout=120, check=True)
    shown = subprocess.run([script, "logs"], capture_output=True, text=True, timeout=60,
                           check=True).stdout
    calls = sum(entry["attempts"] for entry in manifest_articles(tmp_path / "out"))
    # Each call: 50 output tokens in 0.4 s of model work is 125 tok/s.
    assert shown.count("model 0.4 s 125.0 tok/s") == calls, shown
    assert "queued)" in shown
    run_line = next(line for line in shown.splitlines() if "done 2" in line)
    assert f"calls {calls}" in run_line, run_line
    assert f"model {WORK_S * calls:.1f} s 125.0 tok/s" in run_line, run_line
    as_json = json.loads(subprocess.run([script, "logs", "--json"], capture_output=True,
                                        text=True, timeout=60, check=True).stdout)
    assert all(abs(call["model_ms"] - WORK_S * 1000) < 1 for call in as_json["calls"])


def test_concurrency_defaults_to_the_engine_slots() -> None:
    assert Settings().concurrency == Settings().n_parallel == 1
    assert Settings(n_parallel=3).concurrency == 3
    assert Settings(n_parallel=3, concurrency=5).concurrency == 5
    assert resolve({}, Path("/nonexistent.toml"), {}).concurrency == 1
    endpoint = resolve({}, Path("/nonexistent.toml"), {"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})
    assert endpoint.backend == "openai" and endpoint.concurrency == 2
    assert endpoint.public()["concurrency"] == 2


def test_calls_in_flight_together_count_their_time_once() -> None:
    apart = ArticleClock()
    apart.add_call(1.0, None, ended=1.0)
    apart.add_call(2.0, 0.5, ended=3.0)  # out 1.0-3.0, the model at work 2.5-3.0
    assert (round(apart.model_s, 6), round(apart.queued_s, 6)) == (1.5, 1.5)
    together = ArticleClock()
    together.add_call(1.0, 0.4, ended=10.0)  # out 9.0-10.0, at work 9.6-10.0
    together.add_call(1.0, 0.5, ended=10.5)  # out 9.5-10.5, at work 10.0-10.5
    together.add_call(0.2, None, ended=10.2)  # inside both
    assert round(together.model_s, 6) == 0.9  # 9.6-10.5
    assert round(together.queued_s, 6) == 0.6  # out 9.0-10.5, less the 0.9 at work
