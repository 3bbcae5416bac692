"""The embedded engine: the pipeline against raw requests to the same engine, the prompt
cache, prompt cost, and one against two parallel slots. Needs the real model (slow)."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx2

from bench.common import SEEDS
from summarizer.briefing.prompting import load_briefing_prompts
from summarizer.calls.client import build_client
from summarizer.candidates.collect import collect
from summarizer.engine import LocalEngine
from summarizer.model_store import ensure_model
from summarizer.pipeline import Summariser
from summarizer.reading import Article
from summarizer.settings import Settings


class Recorder(httpx2.AsyncBaseTransport):
    """Keeps every request body and response the pipeline sends, to replay them raw."""

    def __init__(self) -> None:
        self.inner = httpx2.AsyncHTTPTransport()
        self.calls: list[tuple[bytes, dict[str, Any]]] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        body = await request.aread()
        response = await self.inner.handle_async_request(request)
        content = await response.aread()
        self.calls.append((body, json.loads(content)))
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def seed_articles(limit: int | None = None) -> list[Article]:
    paths = sorted(SEEDS.glob("*.txt"))[:limit]
    return [Article(p.stem, p.read_text("utf-8")) for p in paths]


async def _pipeline(base_url: str, articles: list[Article], concurrency: int,
                    n_parallel: int) -> tuple[list[dict[str, Any]], Recorder, float, list[Any]]:
    settings = Settings(backend="local", n_parallel=n_parallel, concurrency=concurrency,
                        use_cache=False)
    recorder = Recorder()
    client = build_client(settings, base_url, "", None, inner=recorder)
    summariser = Summariser(client, settings, "local")
    rows: list[dict[str, Any]] = []
    briefs: list[Any] = []
    semaphore = asyncio.Semaphore(concurrency)

    async def one(article: Article) -> None:
        async with semaphore:
            started = time.perf_counter()
            first_call = len(recorder.calls)
            brief = await summariser.summarise(article)
            elapsed = time.perf_counter() - started
            calls = recorder.calls[first_call:] if concurrency == 1 else []
            rows.append({"article": article.article_id, "seconds": round(elapsed, 2),
                         "calls": brief.provenance.attempts,
                         "prompt_tokens": brief.provenance.usage.prompt_tokens,
                         "completion_tokens": brief.provenance.usage.completion_tokens,
                         "cached_prompt_tokens": sum(c[1].get("timings", {}).get("cache_n", 0)
                                                     for c in calls)})
            briefs.append(brief)

    started = time.perf_counter()
    await asyncio.gather(*(one(a) for a in articles))
    total = time.perf_counter() - started
    await client.aclose()
    return rows, recorder, total, briefs


async def _replay(base_url: str, calls: list[tuple[bytes, dict[str, Any]]],
                  cache_prompt: bool) -> list[dict[str, Any]]:
    """Send the same bodies straight to the engine, one at a time, in the same order."""
    results = []
    async with httpx2.AsyncClient(timeout=900) as http:
        for body, answer in calls:
            payload = json.loads(body)
            payload["cache_prompt"] = cache_prompt
            # Same output length as the pipeline got, whatever the sampler does.
            payload["max_tokens"] = answer["usage"]["completion_tokens"]
            started = time.perf_counter()
            response = await http.post(base_url + "/chat/completions", json=payload)
            elapsed = time.perf_counter() - started
            data = response.json()
            results.append({"seconds": elapsed, "timings": data.get("timings", {}),
                            "completion_tokens": data["usage"]["completion_tokens"]})
    return results


async def _prompt_cost(base_url: str, article: Article) -> dict[str, int]:
    prompts = load_briefing_prompts()

    def user(text: str) -> str:
        return prompts.messages(collect(text), "", "summary")[1]["content"]

    async with httpx2.AsyncClient(timeout=60) as http:
        root = base_url.removesuffix("/v1")

        async def count(text: str) -> int:
            response = await http.post(root + "/tokenize", json={"content": text})
            return len(response.json()["tokens"])

        system = await count(prompts.system)
        wrapper = await count(user(""))
        article_tokens = await count(article.text)
        # The user message also lists the article's candidates (names, amounts, sentences);
        # whatever it holds beyond the empty wrapper and the article text is those lists.
        whole = await count(user(article.text))
    return {"system": system, "user_wrapper": wrapper, "article": article_tokens,
            "candidate_lists": whole - wrapper - article_tokens}


def run(limit: int | None = None) -> dict[str, Any]:
    articles = seed_articles(limit)
    model = ensure_model()
    result: dict[str, Any] = {"articles": len(articles)}
    with LocalEngine(model, n_parallel=1) as engine:
        rows, recorder, total, briefs = asyncio.run(_pipeline(engine.base_url, articles, 1, 1))
        replay = asyncio.run(_replay(engine.base_url, recorder.calls, cache_prompt=True))
        cold = asyncio.run(_replay(engine.base_url, recorder.calls[:1], cache_prompt=False))
        warm = asyncio.run(_replay(engine.base_url, recorder.calls[:1], cache_prompt=True))
        cost = asyncio.run(_prompt_cost(engine.base_url, articles[0]))
    raw_total = sum(r["seconds"] for r in replay)
    completion = sum(r["completion_tokens"] for r in rows)
    result.update({
        "per_article": rows, "pipeline_s": round(total, 2), "raw_s": round(raw_total, 2),
        "ratio": round(total / raw_total, 3),
        "calls_per_article": round(sum(r["calls"] for r in rows) / len(rows), 2),
        "tokens_per_second": round(completion / total, 2),
        "raw_tokens_per_second": round(sum(r["completion_tokens"] for r in replay) / raw_total, 2),
        "prefix": {"cold_prompt_ms": round(cold[0]["timings"].get("prompt_ms", 0), 1),
                   "cold_prompt_n": cold[0]["timings"].get("prompt_n", 0),
                   "warm_prompt_ms": round(warm[0]["timings"].get("prompt_ms", 0), 1),
                   "warm_prompt_n": warm[0]["timings"].get("prompt_n", 0),
                   "warm_cache_n": warm[0]["timings"].get("cache_n", 0),
                   "cached_across_articles": sum(r["cached_prompt_tokens"] for r in rows)},
        "prompt_cost": cost,
        "briefs": [b.model_dump(mode="json") for b in briefs],
    })
    with LocalEngine(model, n_parallel=2) as engine:
        _, _, two_slot_total, _ = asyncio.run(_pipeline(engine.base_url, articles, 2, 2))
    result["slots"] = {"one_slot_s": round(total, 2), "two_slots_s": round(two_slot_total, 2)}
    return result


def markdown(result: dict[str, Any]) -> str:
    lines = [f"{result['articles']} seed articles, embedded Qwen2.5-Coder-1.5B-Instruct Q4_K_M "
             "through xllamacpp, one slot, one article at a time. Raw: the same request bodies "
             "sent straight to the same engine in the same order, with the same output length. "
             "Targets: pipeline within 1.15x of raw; one call per pass (the names' kinds, the "
             "actors' roles, the summary; figures and open questions need no call) plus "
             "re-asks.", "",
             "| article | seconds | calls | prompt tokens | completion tokens | prompt tokens "
             "reused from cache |", "|---|---:|---:|---:|---:|---:|"]
    for row in result["per_article"]:
        lines.append(f"| {row['article']} | {row['seconds']} | {row['calls']} | "
                     f"{row['prompt_tokens']} | {row['completion_tokens']} | "
                     f"{row['cached_prompt_tokens']} |")
    prefix, cost, slots = result["prefix"], result["prompt_cost"], result["slots"]
    lines += [
        "",
        f"- Pipeline {result['pipeline_s']} s against raw {result['raw_s']} s: ratio "
        f"**{result['ratio']}**. Generation {result['tokens_per_second']} tokens/s end to end, "
        f"{result['raw_tokens_per_second']} raw.",
        f"- LLM calls per article (re-asks included): **{result['calls_per_article']}**.",
        f"- Shared prompt prefix: the first article's request read cold took "
        f"{prefix['cold_prompt_ms']} ms for {prefix['cold_prompt_n']} prompt tokens; sent again "
        f"it reused {prefix['warm_cache_n']} cached tokens and read {prefix['warm_prompt_n']} "
        f"in {prefix['warm_prompt_ms']} ms. Across the run, "
        f"{prefix['cached_across_articles']} prompt tokens came from the cache.",
        f"- Prompt cost (first seed article): fixed part {cost['system']} tokens of "
        f"instructions + {cost['user_wrapper']} of article wrapper = "
        f"**{cost['system'] + cost['user_wrapper']}** (target under 1,000; the schema travels "
        f"as a decoding grammar, not as prompt text); the article itself {cost['article']} "
        f"tokens, and the lists of its candidates {cost['candidate_lists']} tokens.",
        f"- Parallel slots: all articles took {slots['one_slot_s']} s with one slot and one "
        f"article at a time, {slots['two_slots_s']} s with two slots and two at a time.",
    ]
    return "\n".join(lines)
