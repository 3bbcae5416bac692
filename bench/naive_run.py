"""The naive single call over a folder of articles, on the embedded model: one brief file
per article and ``naive.json`` with each call's time, for ``bench.devset`` to score.

Usage: ``python -m bench.naive_run ARTICLES OUT``
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from bench.quality import naive_briefs
from summarizer.engine import LocalEngine
from summarizer.model_store import ensure_model
from summarizer.reading import Article


def main() -> None:
    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    articles = [Article(p.stem, p.read_text("utf-8")) for p in sorted(folder.glob("*.txt"))]
    with LocalEngine(ensure_model(), n_parallel=1) as engine:
        briefs, seconds, calls = asyncio.run(naive_briefs(engine.base_url, articles))
    out.mkdir(parents=True, exist_ok=True)
    for brief in briefs:
        (out / f"{brief.article_id}.json").write_text(brief.model_dump_json(indent=2), "utf-8")
    (out / "naive.json").write_text(json.dumps(
        {"calls": calls, "briefs": len(briefs), "seconds": [round(s, 2) for s in seconds]},
        indent=2), "utf-8")
    print(f"naive: {len(briefs)} of {calls} articles briefed", file=sys.stderr)


if __name__ == "__main__":
    main()
