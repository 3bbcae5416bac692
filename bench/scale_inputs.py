"""Measured inputs for docs/SCALE.md (1,000,000 articles).

- Tokens per article from a run manifest (a dev-set run's run.json).
- Batch request lines per article and their size: every round of each article's plan
  (``Summariser.plan``), written by ``summarizer.batchapi.lines`` for the seed and dev-set
  articles in json_schema and tools modes; and so how many lines fit one batch file.
- Client CPU per article to write those lines and to take the answers and make the brief.
- Cost and hours for a given number of articles, from prices and a throughput that are
  parameters (no price is built in).

    python -m bench.scale_inputs --manifest RUN.json [--price-in 0.15 --price-out 0.60]
                                 [--throughput 12500] [--articles 1000000]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, SEEDS, machine
from summarizer.batchapi.lines import request_line
from summarizer.reading import Article
from summarizer.settings import Settings

DEVSET = ROOT / "eval" / "devset" / "articles"
MAX_REQUESTS, MAX_BYTES = 50_000, 200_000_000  # summarizer.settings defaults


def _texts() -> list[str]:
    paths = sorted(SEEDS.glob("*.txt")) + sorted(DEVSET.glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def token_stats(manifest: Path) -> dict[str, Any]:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    done = [a for a in data["articles"] if a["status"] == "done"]
    prompt = [a["prompt_tokens"] for a in done]
    completion = [a["completion_tokens"] for a in done]
    attempts = [a["attempts"] for a in done]
    return {"manifest": str(manifest), "model": data["settings"].get("model"),
            "prompt_version": data.get("prompt_version"), "articles": len(data["articles"]),
            "done": len(done), "failed": data["counts"].get("failed", 0),
            "prompt_mean": round(statistics.mean(prompt)), "prompt_median": statistics.median(
                prompt), "prompt_max": max(prompt),
            "completion_mean": round(statistics.mean(completion)),
            "completion_median": statistics.median(completion),
            "completion_max": max(completion),
            "calls_mean": round(statistics.mean(attempts), 3)}


def _summariser() -> Any:
    from summarizer.calls.client import build_client
    from summarizer.pipeline import Summariser

    settings = Settings(backend="openai", base_url="http://127.0.0.1:9/v1", api_key="x")
    return Summariser(build_client(settings, settings.base_url, "x", None), settings,
                      "openai")


def drive_plans(mode: str) -> dict[str, Any]:
    """Every article's plan driven to its end as the batch driver drives it, with the test
    endpoint's grounded answers (``tests.support.fake_endpoint.grounded_answer``): the
    request lines of every round (size, CPU to write), and the CPU to take the answers
    and make the brief. Answers are the test endpoint's, short and always grounded, so the
    collection figure is a floor: real answers carry more items and re-asks."""
    from summarizer.briefing.plan import CallAnswer
    from tests.support.fake_endpoint import grounded_answer

    summariser = _summariser()
    sizes, write_s, collect_s, rounds = [], 0.0, 0.0, []
    articles = 0
    for number, text in enumerate(_texts()):
        articles += 1
        plan = summariser.plan(Article(f"article-{number}", text))
        steps = 0
        while True:
            started = time.process_time()
            calls = plan.next_calls()
            lines = [request_line(plan.article_id, call, "gpt-4o-mini", mode)
                     for call in calls]
            write_s += time.process_time() - started
            if not calls:
                break
            steps += 1
            sizes += [line.size for line in lines]
            answers = [json.dumps(grounded_answer(line.body)) for line in lines]
            started = time.process_time()
            for line, content in zip(lines, answers, strict=True):
                plan.answer(CallAnswer(key=line.key, content=content))
            collect_s += time.process_time() - started
        started = time.process_time()
        plan.brief()
        collect_s += time.process_time() - started
        rounds.append(steps)
    mean = statistics.mean(sizes)
    return {"mode": mode, "articles": articles, "lines": len(sizes),
            "lines_per_article": round(len(sizes) / articles, 2),
            "rounds_per_article": round(statistics.mean(rounds), 2),
            "bytes_mean": round(mean), "bytes_max": max(sizes),
            "write_cpu_ms_per_article": round(write_s / articles * 1000, 2),
            "collect_cpu_ms_per_article": round(collect_s / articles * 1000, 2),
            # Files are packed greedily by each line's size, so the mean decides.
            "lines_per_file": min(MAX_REQUESTS, int(MAX_BYTES // mean))}


def plan(tokens: dict[str, Any], lines: dict[str, Any], articles: int, price_in: float,
         price_out: float, throughput: float) -> dict[str, Any]:
    calls = articles * max(tokens["calls_mean"], lines.get("lines_per_article", 1))
    prompt_total = articles * tokens["prompt_mean"]
    completion_total = articles * tokens["completion_mean"]
    on_demand = (prompt_total * price_in + completion_total * price_out) / 1e6
    return {"articles": articles, "calls": round(calls),
            "prompt_tokens": prompt_total, "completion_tokens": completion_total,
            "batch_files": math.ceil(calls / lines["lines_per_file"]),
            "price_in": price_in, "price_out": price_out,
            "on_demand_usd": round(on_demand), "batch_usd": round(on_demand / 2),
            "throughput_out_tok_s": throughput,
            "vllm_gpu_hours": round(completion_total / throughput / 3600, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--manifest", type=Path, required=True,
                        help="run.json of a dev-set run (bench.devset writes RUNS/devset/"
                             "briefs/run.json)")
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--price-in", type=float, default=0.15)
    parser.add_argument("--price-out", type=float, default=0.60)
    parser.add_argument("--throughput", type=float, default=12_500.0)
    args = parser.parse_args()
    tokens = token_stats(args.manifest)
    sizes = [drive_plans(mode) for mode in ("json_schema", "tools")]
    result = {"machine": machine(), "tokens": tokens, "lines": sizes,
              "plan": plan(tokens, sizes[0], args.articles, args.price_in, args.price_out,
                           args.throughput)}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
