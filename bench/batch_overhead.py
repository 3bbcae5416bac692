"""Batch overhead: N articles through an endpoint that answers after a fixed latency L, at
concurrency C. Ideal wall time is N·L/C; efficiency is ideal / measured batch time."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from bench.common import endpoint_env, fake_endpoint, run_summarise, small_articles


def run(articles: int = 200, latency: float = 1.0, levels: tuple[int, ...] = (1, 8, 32),
        ) -> dict[str, Any]:
    rows = []
    with tempfile.TemporaryDirectory() as scratch, fake_endpoint(latency) as url:
        work = Path(scratch)
        inputs = small_articles(work / "in", articles)
        for level in levels:
            # A fresh home per level: no cached answers from the previous level.
            env = endpoint_env(url, work / f"home-{level}")
            result = run_summarise(inputs, work / f"out-{level}", env, "--concurrency",
                                   str(level))
            ideal = articles * latency / level
            rows.append({"concurrency": level, "ideal_s": round(ideal, 3),
                         "batch_s": round(result.batch_s, 3),
                         "process_s": round(result.wall_s, 3),
                         "efficiency": round(ideal / result.batch_s, 3),
                         "done": result.manifest["counts"]["done"]})
    return {"articles": articles, "latency_s": latency, "rows": rows}


def markdown(result: dict[str, Any]) -> str:
    lines = [f"N = {result['articles']} articles, endpoint latency L = {result['latency_s']} s "
             "(fake OpenAI-compatible server on 127.0.0.1, its own process). Batch time is "
             "`elapsed_s` from run.json (reading, calls, grounding, writing); process time adds "
             "interpreter start-up. Target: efficiency (ideal / batch) at least 0.95.", "",
             "| C | ideal N·L/C (s) | batch (s) | process (s) | efficiency | briefs |",
             "|---:|---:|---:|---:|---:|---:|"]
    for row in result["rows"]:
        lines.append(f"| {row['concurrency']} | {row['ideal_s']} | {row['batch_s']} | "
                     f"{row['process_s']} | {row['efficiency']} | {row['done']} |")
    return "\n".join(lines)
