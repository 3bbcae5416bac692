"""``summarizer summarise --batch-api`` through the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.batch_standin import BatchStandin, LineReply, StandinServer
from tests.support.fake_endpoint import FakeEndpoint, grounded_responder

SCRIPT = shutil.which("summarizer") or str(Path(__file__).resolve().parent.parent / ".venv"
                                           / "bin" / "summarizer")
SEEDS = Path(__file__).resolve().parent.parent / "eval" / "articles"


def summarise(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, "summarise", *args], capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})


def grounded_line(body: dict[str, Any], _nth: int) -> LineReply:
    """The on-demand tests' grounded answer, as a batch output line's body."""
    reply = grounded_responder(body, 0)
    return reply.status, json.loads(reply.body)


@pytest.fixture
def standin() -> Iterator[tuple[BatchStandin, str]]:
    state = BatchStandin(responder=grounded_line)
    server = StandinServer(state)
    yield state, server.base_url
    server.close()


def test_batch_api_needs_the_openai_backend(tmp_path: Path) -> None:
    done = summarise(str(SEEDS), "--out", str(tmp_path / "out"), "--batch-api")
    assert done.returncode == 2
    assert "--batch-api needs the openai backend" in done.stderr
    assert "Traceback" not in done.stderr


def test_batch_api_writes_the_same_briefs_as_the_on_demand_path(
        standin: tuple[BatchStandin, str], tmp_path: Path) -> None:
    state, url = standin
    state.polls_before_done = 2
    config = tmp_path / "config.toml"
    config.write_text("batch_poll_seconds = 0.05\nbatch_poll_max_seconds = 0.05\n")
    batch = summarise(str(SEEDS), "--out", str(tmp_path / "batch"), "--batch-api",
                      "--base-url", url, "--config", str(config))
    assert batch.returncode == 0, batch.stderr
    assert state.uploads and set(state.uploads) == {"batch"}
    with FakeEndpoint() as endpoint:
        direct = summarise(str(SEEDS), "--out", str(tmp_path / "direct"), "--base-url",
                           endpoint.base_url, "--config", str(config))
    assert direct.returncode == 0, direct.stderr
    for seed in SEEDS.glob("*.txt"):
        via_batch = json.loads((tmp_path / "batch" / f"{seed.stem}.json").read_text())
        on_demand = json.loads((tmp_path / "direct" / f"{seed.stem}.json").read_text())
        for brief in (via_batch, on_demand):
            brief["provenance"].pop("usage", None)
        assert via_batch == on_demand
    manifest = json.loads((tmp_path / "batch" / "run.json").read_text())
    assert manifest["counts"]["done"] == len(list(SEEDS.glob("*.txt")))
    assert manifest["batch_api"]["batches"][0]["batch_id"] == "batch-1"


def test_console_script_killed_while_polling_reattaches(
        standin: tuple[BatchStandin, str], tmp_path: Path) -> None:
    state, url = standin
    state.polls_before_done = 10**6
    config = tmp_path / "config.toml"
    config.write_text("batch_poll_seconds = 0.05\nbatch_poll_max_seconds = 0.05\n")
    out = tmp_path / "out"
    command = [SCRIPT, "summarise", str(SEEDS), "--out", str(out), "--batch-api",
               "--base-url", url, "--config", str(config)]
    with subprocess.Popen(command, stderr=subprocess.DEVNULL) as process:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            batch = state.batches.get("batch-1")
            if batch is not None and batch.lookups >= 3:
                break
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    assert state.batches["batch-1"].status == "in_progress"
    state.polls_before_done = 0
    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    # Re-attached to batch 1; later batches are the plans' next passes, and no request
    # was ever sent twice.
    assert state.batches["batch-1"].status == "completed"
    assert state.seen and set(state.seen.values()) == {1}
    assert json.loads((out / "run.json").read_text())["counts"]["done"] == len(
        list(SEEDS.glob("*.txt")))


def test_cancel_through_the_console_script(standin: tuple[BatchStandin, str],
                                           tmp_path: Path) -> None:
    from summarizer.batchapi.state import BatchRecord, RunState, StateStore

    state, url = standin
    state.polls_before_done = 10**6
    out = tmp_path / "out"
    store = StateStore(out)
    state.files["file-x"] = b'{"custom_id": "a-1"}\n'
    record = BatchRecord(number=1, round=1, chunk_key="k", requests=1, input_file_id="file-x",
                         batch_id=state.create({"input_file_id": "file-x"}).id)
    state.lookup(record.batch_id or "")
    store.save(RunState(batches=[record]))
    store.write_ids(record, ["a-1"])
    done = summarise(str(SEEDS), "--out", str(out), "--batch-api", "--cancel",
                     "--base-url", url)
    assert done.returncode == 0, done.stderr
    assert "cancelled 1 batch(es): batch-1" in done.stderr
    assert state.batches["batch-1"].status == "cancelling"
    assert json.loads((out / ".batchapi" / "state.json").read_text())["cancelled"] is True
    local = summarise(str(SEEDS), "--out", str(out), "--cancel")
    assert local.returncode == 2 and "openai backend" in local.stderr
