"""Shared pieces of the benchmarks: machine description, a fake endpoint in its own
process, and running the CLI as a user would, measuring wall time and peak memory."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "eval" / "articles"
GOLD = ROOT / "eval" / "gold"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{platform.machine()} Linux, {os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, "
            f"Python {platform.python_version()}")


@contextmanager
def fake_endpoint(latency: float) -> Iterator[str]:
    """The test endpoint in a separate process, so it does not share the client's GIL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.fake_endpoint", "--latency", str(latency)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


@dataclass
class CliRun:
    wall_s: float
    batch_s: float
    peak_rss_mb: float
    returncode: int
    manifest: dict[str, Any]


def run_summarise(inputs: Path, out: Path, env: dict[str, str], *extra: str) -> CliRun:
    """`summarizer summarise` in a child process; peak RSS is that child's own maximum
    (from wait4, so earlier children do not count)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:
        child = subprocess.Popen(
            [sys.executable, "-m", "summarizer", "summarise", str(inputs), "--out", str(out),
             *extra], cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
            stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = code = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        errors.seek(0)
        stderr = errors.read()
    if code not in (0, 1):
        raise RuntimeError(f"summarise failed ({code}): {stderr[-2000:]}")
    manifest = json.loads((out / "run.json").read_text("utf-8"))
    return CliRun(wall, float(manifest.get("elapsed_s", wall)), usage.ru_maxrss / 1024, code,
                  manifest)


def endpoint_env(url: str, home: Path) -> dict[str, str]:
    return {"OPENAI_BASE_URL": url, "OPENAI_API_KEY": "sk-bench-not-a-real-key",
            "SUMMARIZER_MODEL": "fake-model", "SUMMARIZER_MODE": "json_schema",
            "SUMMARIZER_HOME": str(home)}


def small_articles(folder: Path, count: int) -> Path:
    """``count`` short articles in one JSONL file."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "articles.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            out.write(json.dumps({"id": f"a{i:05d}", "text":
                                  f"Officials in Westport said {i + 3} ferries were delayed "
                                  f"on Sunday. The harbour master blamed {i % 7 + 2} storms."})
                      + "\n")
    return path
