"""Memory and client CPU of one ``--batch-api`` run as it grows.

A batch run in a child process (``tests.support.batch_standin_run``: the batch driver and
run writer with two-call test plans) against the loopback batch stand-in in this process.
Each article is a seed article made unique (2-5 KB), so request lines carry real article
text. Peak RSS and CPU are the child's own (wait4).

    python -m bench.batchapi_memory [--sizes 1000 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.client_cpu import seed_articles
from bench.common import ROOT, machine
from tests.support.batch_standin import BatchStandin, StandinServer
from tests.support.batch_standin_plans import toy_responder


def _one(count: int, work: Path) -> dict[str, Any]:
    inputs = seed_articles(work / f"in-{count}", count)
    standin = BatchStandin(responder=toy_responder, polls_before_done=1)
    server = StandinServer(standin)
    try:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.support.batch_standin_run", server.base_url,
             str(inputs), str(work / f"out-{count}")], cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT),
                 "SUMMARIZER_HOME": str(work / f"home-{count}")},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        wall = time.perf_counter() - started
    finally:
        server.close()
    manifest = json.loads((work / f"out-{count}" / "run.json").read_text("utf-8"))
    return {"articles": count, "exit": child.returncode,
            "done": manifest["counts"]["done"], "batches": len(standin.batches),
            "requests": sum(b.total for b in standin.batches.values()),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 2), "wall_s": round(wall, 2)}


def run(sizes: tuple[int, ...] = (1000, 10_000)) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as scratch:
        rows = [_one(count, Path(scratch)) for count in sizes]
    small, large = rows[0], rows[-1]
    span = large["articles"] - small["articles"]
    return {"rows": rows, "machine": machine(), "load": os.getloadavg(),
            "kb_per_article": round((large["peak_rss_mb"] - small["peak_rss_mb"]) * 1024
                                    / span, 1) if span else None,
            "cpu_ms_per_article": round((large["cpu_s"] - small["cpu_s"]) * 1000 / span, 2)
            if span else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    args = parser.parse_args()
    print(json.dumps(run(tuple(args.sizes)), indent=2))


if __name__ == "__main__":
    main()
