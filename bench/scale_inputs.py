"""Measured inputs for docs/SCALE.md (1,000,000 articles).

- Tokens per article from a run manifest (default: the dev-set baseline run).
- Batch request line size per call: the real prompts and schema, written by
  ``summarizer.batchapi.lines`` for the seed and dev-set articles, in json_schema and
  tools modes; and so how many lines fit one batch input file.
- Client CPU per call to write a request line (instructor's request preparation).
- Cost and hours for a given number of articles, from prices and a throughput that are
  parameters (no price is built in).

    python -m bench.scale_inputs [--manifest RUN.json] [--price-in 0.15 --price-out 0.60]
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

from bench.common import SEEDS, machine
from summarizer.batchapi.lines import request_line
from summarizer.briefing.plan import ModelCall
from summarizer.reading import Article
from summarizer.settings import Settings

DEVSET = Path("/work/shared/devset/articles")
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


def _first_calls() -> Any:
    """The first calls each article needs: from ``Summariser.plan`` when the pipeline has
    plans, else the single whole-brief call of the earlier pipeline."""
    from summarizer.client import build_client
    from summarizer.pipeline import Summariser

    settings = Settings(backend="openai", base_url="http://127.0.0.1:9/v1", api_key="x")
    summariser = Summariser(build_client(settings, settings.base_url, "x", None), settings,
                            "openai")
    plan_for = getattr(summariser, "plan", None)
    for number, text in enumerate(_texts()):
        article = Article(f"article-{number}", text)
        if plan_for is not None:
            yield article.article_id, plan_for(article).next_calls()
            continue
        from summarizer.extraction import DraftBriefRequest  # the earlier pipeline
        from summarizer.prompts import load_prompts

        prompts = load_prompts()
        yield article.article_id, [ModelCall(
            key="brief", response_model=DraftBriefRequest, max_tokens=2048,
            messages=[{"role": "system", "content": prompts.render_system()},
                      {"role": "user", "content": prompts.render_user(text)}])]


def line_sizes(mode: str) -> dict[str, Any]:
    sizes, seconds = [], []
    articles = 0
    for article_id, calls in _first_calls():
        articles += 1
        for call in calls:
            started = time.process_time()
            line = request_line(article_id, call, "gpt-4o-mini", mode)
            seconds.append(time.process_time() - started)
            sizes.append(line.size)
    mean = statistics.mean(sizes)
    return {"mode": mode, "articles": articles, "lines": len(sizes),
            "lines_per_article": round(len(sizes) / articles, 2), "bytes_mean": round(mean),
            "bytes_max": max(sizes), "cpu_ms_per_line": round(statistics.median(seconds) * 1000,
                                                              2),
            # Files are packed greedily by each line's size, so the mean decides.
            "lines_per_file": min(MAX_REQUESTS, int(MAX_BYTES // mean))}


def collect_cost() -> dict[str, Any]:
    """CPU to collect one answer: read its output line, validate the draft, ground it.
    The answer is the test endpoint's grounded draft (one figure, one actor), so this is
    a floor: real answers carry more items. Measured on the earlier single-call pipeline;
    None where this build no longer has it."""
    try:
        from summarizer.assemble import ground_draft  # type: ignore[import-not-found,unused-ignore]
        from summarizer.extraction import DraftBrief  # type: ignore[import-not-found,unused-ignore]
        from summarizer.grounding import Article as Grounded  # type: ignore[import-not-found,unused-ignore]
        from tests.support.fake_endpoint import (  # type: ignore[attr-defined,unused-ignore]
            chat_completion,
            grounded_draft,
        )
    except ImportError:
        return {"answers": 0, "cpu_ms_per_answer": None}
    from summarizer.batchapi.answers import parse_lines

    seconds = []
    for number, text in enumerate(_texts()):
        text = f"{text}\n\nCopy {number}."  # unique: no cached scans from line_sizes
        body = json.loads(chat_completion(json.dumps(grounded_draft(text))))
        raw = json.dumps({"custom_id": "c", "response": {"status_code": 200, "body": body}})
        started = time.process_time()
        answer = parse_lines([raw.encode()], False, {"c": "brief"}).answers["c"]
        draft = DraftBrief.model_validate_json(answer.content or "")
        ground_draft(draft, Grounded(text), 0)
        seconds.append(time.process_time() - started)
    return {"answers": len(seconds),
            "cpu_ms_per_answer": round(statistics.median(seconds) * 1000, 2)}


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
    parser.add_argument("--manifest", type=Path,
                        default=Path("/work/runs/baseline-devset/run.json"))
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--price-in", type=float, default=0.15)
    parser.add_argument("--price-out", type=float, default=0.60)
    parser.add_argument("--throughput", type=float, default=12_500.0)
    args = parser.parse_args()
    tokens = token_stats(args.manifest)
    sizes = [line_sizes(mode) for mode in ("json_schema", "tools")]
    result = {"machine": machine(), "tokens": tokens, "lines": sizes,
              "collect": collect_cost(),
              "plan": plan(tokens, sizes[0], args.articles, args.price_in, args.price_out,
                           args.throughput)}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
