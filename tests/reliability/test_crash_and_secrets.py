"""Crashes at random points and a key that must never leak."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from summarizer.brief import Brief
from summarizer.calllog import CallLog
from summarizer.paths import call_log_path, data_dir
from tests.helpers import API_KEY
from tests.support.fake_endpoint import (
    FakeEndpoint,
    Reply,
    article_of,
    delayed,
    grounded_responder,
)

SEED = 1729


def make_articles(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"n{i:03d}.txt").write_text(
            f"Inspectors in Kell said {i + 40} wells were tested on Monday.\n", encoding="utf-8")
    return folder


def _env(base_url: str) -> dict[str, str]:
    return {**os.environ, "OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": API_KEY,
            "SUMMARIZER_MODEL": "fake-model", "SUMMARIZER_MODE": "json_schema"}


def _wells(text: str) -> str:
    return text.split(" wells")[0].rsplit(" ", 1)[-1]


def test_sigkill_at_random_points_loses_and_repeats_nothing(tmp_path: Path,
                                                            figures: dict[str, Any]) -> None:
    """SIGKILL at 3 random moments, then resume: every brief valid, no partial file, no repeat."""
    rng = random.Random(SEED)
    inputs = make_articles(tmp_path / "in", 60)
    out = tmp_path / "out"
    kills = []
    with FakeEndpoint(delayed(0.25)) as server:
        env = _env(server.base_url)
        command = [sys.executable, "-m", "summarizer", "summarise", str(inputs), "--out",
                   str(out), "--concurrency", "4"]
        snapshots: list[tuple[set[str], int]] = []
        for _ in range(3):
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            delay = rng.uniform(1.5, 3.0)
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills.append(round(delay, 2))
            snapshots.append(({p.stem for p in out.glob("n*.json")}, len(server.requests)))
        final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120,
                               check=False)
        assert final.returncode == 0, final.stderr
        requests = list(server.requests)
    texts = {p.stem: _wells(p.read_text("utf-8")) for p in inputs.iterdir()}
    written_counts = [len(written) for written, _ in snapshots]
    assert written_counts[0] < 60, "the first run finished before it could be killed"
    for written, index in snapshots:
        # Anything written before a kill is never asked for again.
        asked_after = {_wells(article_of(b)) for b in requests[index:]}
        assert not {texts[a] for a in written} & asked_after
    total_requests = len(requests)
    briefs = [Brief.model_validate_json(p.read_text("utf-8")) for p in out.glob("n*.json")]
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".")]
    log = CallLog(call_log_path())
    repeats = 0
    for brief in briefs:
        paid = [c for c in log.calls_for(brief.article_id) if not c["cached"] and c["status"]]
        # A brief takes a few calls (one per pass); the same request paid twice is a repeat.
        repeats += len(paid) - len({c["request_hash"] for c in paid})
    log.close()
    figures.update({"articles": 60, "kills (seconds after start)": kills,
                    "briefs on disk at each kill": written_counts,
                    "briefs after resume": len(briefs), "partial files": len(leftovers),
                    "requests the endpoint received (some cut off by a kill)": total_requests,
                    "articles paid twice": repeats})
    assert len(briefs) == 60 and not leftovers
    assert repeats == 0


def test_api_key_never_leaks(tmp_path: Path, figures: dict[str, Any]) -> None:
    """The key is searched for in briefs, run.json, call log, reports, logs, errors."""
    def echo_auth(body: dict[str, Any], index: int) -> Reply:
        if "Kell said 40 " in article_of(body):
            # A hostile or buggy endpoint that echoes the credentials in its error.
            return Reply(status=401, body=(
                '{"error": {"message": "bad key: Bearer ' + API_KEY + '"}}').encode())
        return grounded_responder(body, index)

    inputs = make_articles(tmp_path / "in", 3)
    out = tmp_path / "out"
    with FakeEndpoint(echo_auth) as server:
        env = _env(server.base_url)
        run = subprocess.run([sys.executable, "-m", "summarizer", "summarise", str(inputs),
                              "--out", str(out), "--format", "jsonl"], env=env,
                             capture_output=True, text=True, timeout=120, check=False)
        logs = subprocess.run([sys.executable, "-m", "summarizer", "logs", "--json"], env=env,
                              capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 1  # the article whose call was refused failed; others done
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "n000.json").write_text('{"article_id": "n000"}', encoding="utf-8")
    report = subprocess.run([sys.executable, "-m", "summarizer", "eval", "--pred", str(out),
                             "--gold", str(gold), "--out", str(tmp_path / "report"),
                             "--no-embeddings"], env=env, capture_output=True, text=True,
                            timeout=60, check=False)
    searched = {"stdout": run.stdout, "stderr": run.stderr, "logs": logs.stdout + logs.stderr,
                "eval output": report.stdout + report.stderr}
    for folder in (out, tmp_path / "report", data_dir()):
        for path in folder.rglob("*"):
            if path.is_file():
                searched[str(path)] = path.read_bytes().decode("utf-8", "replace")
    leaks = [name for name, text in searched.items() if API_KEY in text]
    figures.update({"places searched": len(searched), "leaks": len(leaks)})
    assert "401" in (out / "run.json").read_text("utf-8")
    assert not leaks, leaks
