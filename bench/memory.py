"""Peak memory of a batch: 100 against 10,000 small articles through the same endpoint."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from bench.common import endpoint_env, fake_endpoint, run_summarise, small_articles


def run(sizes: tuple[int, ...] = (100, 10_000), concurrency: int = 32) -> dict[str, Any]:
    rows = []
    with tempfile.TemporaryDirectory() as scratch, fake_endpoint(0.0) as url:
        work = Path(scratch)
        for size in sizes:
            inputs = small_articles(work / f"in-{size}", size)
            env = endpoint_env(url, work / f"home-{size}")
            result = run_summarise(inputs, work / f"out-{size}", env, "--concurrency",
                                   str(concurrency))
            rows.append({"articles": size, "peak_rss_mb": round(result.peak_rss_mb, 1),
                         "batch_s": round(result.batch_s, 2),
                         "per_article_ms": round(1000 * result.batch_s / size, 2),
                         "done": result.manifest["counts"]["done"]})
    ratio = rows[-1]["peak_rss_mb"] / rows[0]["peak_rss_mb"] if len(rows) > 1 else 1.0
    return {"concurrency": concurrency, "rows": rows, "ratio": round(ratio, 3)}


def markdown(result: dict[str, Any]) -> str:
    lines = ["Peak RSS of the `summarizer summarise` process (wait4's ru_maxrss), one JSONL "
             f"input, concurrency {result['concurrency']}, endpoint answering at once. Targets: "
             "the large run within 1.2x of the small one, both under 300 MB.", "",
             "| articles | peak RSS (MB) | batch (s) | per article (ms) | briefs |",
             "|---:|---:|---:|---:|---:|"]
    for row in result["rows"]:
        lines.append(f"| {row['articles']:,} | {row['peak_rss_mb']} | {row['batch_s']} | "
                     f"{row['per_article_ms']} | {row['done']:,} |")
    lines += ["", f"Ratio large/small: {result['ratio']}."]
    return "\n".join(lines)
