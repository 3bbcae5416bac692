"""Batch overhead: N articles through an endpoint that answers after a fixed latency L, at
concurrency C. Ideal wall time is N·L/C; efficiency is ideal / measured batch time.

No client can reach N·L/C when C does not divide N: each request takes at least L, so some
slot serves ⌈N/C⌉ requests one after another. The table also shows that bound (⌈N/C⌉·L)
and, for the largest C, a run whose N is a multiple of C, where the two ideals agree."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path
from typing import Any

from bench.common import endpoint_env, fake_endpoint, run_summarise, small_articles


def run(articles: int = 200, latency: float = 1.0, levels: tuple[int, ...] = (1, 8, 32),
        ) -> dict[str, Any]:
    runs = [(level, articles) for level in levels]
    widest = max(levels)
    if articles % widest:
        runs.append((widest, math.ceil(articles / widest) * widest))
    rows = []
    with tempfile.TemporaryDirectory() as scratch, fake_endpoint(latency) as url:
        work = Path(scratch)
        for level, count in runs:
            inputs = small_articles(work / f"in-{count}", count)
            # A fresh home per run: no cached answers from an earlier one.
            name = f"{level}-{count}"
            result = run_summarise(inputs, work / f"out-{name}",
                                   endpoint_env(url, work / f"home-{name}"),
                                   "--concurrency", str(level))
            ideal = count * latency / level
            bound = math.ceil(count / level) * latency
            rows.append({"concurrency": level, "articles": count, "ideal_s": round(ideal, 3),
                         "bound_s": round(bound, 3), "batch_s": round(result.batch_s, 3),
                         "process_s": round(result.wall_s, 3),
                         "efficiency": round(ideal / result.batch_s, 3),
                         "efficiency_bound": round(bound / result.batch_s, 3),
                         "done": result.manifest["counts"]["done"]})
    return {"articles": articles, "latency_s": latency, "rows": rows}


def markdown(result: dict[str, Any]) -> str:
    lines = [f"N = {result['articles']} articles, endpoint latency L = {result['latency_s']} s "
             "(fake OpenAI-compatible server on 127.0.0.1, its own process, answering L after "
             "each request arrives). Batch time is `elapsed_s` from run.json (reading, calls, "
             "grounding, writing); process time adds interpreter start-up. Target: efficiency "
             "(ideal / batch) at least 0.95.", "",
             "When C does not divide N, N·L/C is out of reach for any client: some slot must "
             "serve ⌈N/C⌉ requests in a row, so the best possible time is ⌈N/C⌉·L (at N = 200, "
             "C = 32: 7 s, an efficiency of at most 0.893). The table gives efficiency against "
             "both, and adds a run at the largest C with N a multiple of C.", "",
             "| C | N | ideal N·L/C (s) | best possible ⌈N/C⌉·L (s) | batch (s) | process (s) "
             "| efficiency | efficiency vs best possible | briefs |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in result["rows"]:
        lines.append(f"| {row['concurrency']} | {row['articles']} | {row['ideal_s']} | "
                     f"{row['bound_s']} | {row['batch_s']} | {row['process_s']} | "
                     f"{row['efficiency']} | {row['efficiency_bound']} | {row['done']} |")
    return "\n".join(lines)
