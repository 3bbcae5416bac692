"""Quality for the money: a naive single instructor call (same model, no grounding checks,
no re-asks) against the full pipeline, both scored on the seed gold."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from bench.common import GOLD, SEEDS
from bench.engine import seed_articles
from summarizer.brief import Actor, Brief, Evidence, Figure, Location, OpenQuestion, Provenance
from summarizer.brief import Usage as BriefUsage
from summarizer.calls.client import build_client
from summarizer.engine import LocalEngine
from summarizer.eval.harness import run_eval
from summarizer.eval.recheck import recheck, stated_values
from summarizer.grounding import Article as Grounded
from summarizer.model_store import ensure_model
from summarizer.numbers import same_value
from summarizer.prompts import load_prompts
from summarizer.settings import Settings


class NaiveActor(BaseModel):
    name: str
    kind: str
    role: str


class NaiveFigure(BaseModel):
    text: str
    low: float
    high: float
    qualifier: str
    counts: str
    unit: str
    quote: str


class NaiveLocation(BaseModel):
    name: str
    kind: str


class NaiveQuestion(BaseModel):
    question: str
    quote: str


class NaiveBrief(BaseModel):
    """A brief of the article, as one plain structured call would ask for it."""

    summary: str
    actors: list[NaiveActor] = Field(max_length=8)
    figures: list[NaiveFigure] = Field(max_length=8)
    locations: list[NaiveLocation] = Field(max_length=6)
    open_questions: list[NaiveQuestion] = Field(max_length=3)


ACTOR_KINDS = {"person", "organization", "group", "country", "other"}
PLACE_KINDS = {"country", "region", "city", "town", "village", "site", "other"}
QUALIFIERS = {"exact", "approx", "range", "at_least", "at_most", "more_than", "less_than"}


def _evidence(article: Grounded, quote: str) -> list[Evidence]:
    span = article.locate(quote) if quote else None
    if span is None:
        return []
    return [Evidence(quote=article.text[span.start:span.end], start=span.start, end=span.end)]


def naive_to_brief(article_id: str, text: str, naive: NaiveBrief, usage: Any) -> Brief:
    """The naive answer in brief form; evidence only where a quote happens to be found."""
    article = Grounded(text)

    def mention(name: str) -> list[Evidence]:
        span = article.contains_name(name)
        return [Evidence(quote=text[span.start:span.end], start=span.start, end=span.end)] \
            if span else []

    return Brief(
        article_id=article_id, summary=naive.summary,
        actors=[Actor(name=a.name, kind=a.kind if a.kind in ACTOR_KINDS else "other",  # type: ignore[arg-type]
                      role=a.role, evidence=mention(a.name)) for a in naive.actors],
        figures=[Figure(text=f.text, low=f.low, high=f.high,
                        qualifier=f.qualifier if f.qualifier in QUALIFIERS else "exact",  # type: ignore[arg-type]
                        counts=f.counts, unit=f.unit, evidence=_evidence(article, f.quote))
                 for f in naive.figures],
        locations=[Location(name=p.name, kind=p.kind if p.kind in PLACE_KINDS else "other",  # type: ignore[arg-type]
                            evidence=mention(p.name)) for p in naive.locations],
        open_questions=[OpenQuestion(question=q.question, evidence=_evidence(article, q.quote))
                        for q in naive.open_questions],
        provenance=Provenance(backend="local", model="naive", prompt_version="naive",
                              usage=BriefUsage(prompt_tokens=usage.prompt_tokens,
                                               completion_tokens=usage.completion_tokens)))


async def naive_briefs(base_url: str, articles: list[Any],
                       ) -> tuple[list[Brief], list[float], int]:
    """One plain instructor call per article for the whole brief (no candidates, no checks,
    no re-asks): the baseline the pipeline is measured against. Returns the briefs, each
    call's seconds and the number of calls."""
    settings = Settings(backend="local", n_parallel=1, use_cache=False, max_reasks=0)
    client = build_client(settings, base_url, "", None)
    prompts = load_prompts()
    briefs, seconds = [], []
    for article in articles:
        started = time.perf_counter()
        try:
            naive, completion = await client.instructor.chat.completions.create_with_completion(
                model=client.model, response_model=NaiveBrief, max_retries=0, temperature=0.0,
                max_tokens=settings.max_tokens, messages=[
                    {"role": "system", "content": prompts.render_system()},
                    {"role": "user", "content": prompts.render_user(article.text)}])
        except Exception:  # a naive call that fails yields no brief, as it would for a user
            seconds.append(time.perf_counter() - started)
            continue
        seconds.append(time.perf_counter() - started)
        briefs.append(naive_to_brief(article.article_id, article.text, naive, completion.usage))
    await client.aclose()
    return briefs, seconds, len(articles)


async def _naive(base_url: str, limit: int | None) -> tuple[list[Brief], float, int]:
    briefs, seconds, calls = await naive_briefs(base_url, seed_articles(limit))
    return briefs, sum(seconds), calls


def invented_numbers(brief: Brief, text: str) -> int:
    values = stated_values(text)
    return sum(1 for f in brief.figures
               if not all(any(same_value(v, a) for a in values) for v in (f.low, f.high)))


def _score(briefs: list[Brief], folder: Path) -> dict[str, Any]:
    folder.mkdir(parents=True, exist_ok=True)
    for brief in briefs:
        (folder / f"{brief.article_id}.json").write_text(brief.model_dump_json(), "utf-8")
    report = run_eval(folder, GOLD, folder / "report", articles=SEEDS).report
    texts = {p.stem: p.read_text("utf-8") for p in SEEDS.glob("*.txt")}
    ungrounded = sum(recheck(b, texts[b.article_id]).items - recheck(b, texts[b.article_id])
                     .grounded for b in briefs)
    return {"f1": {k: v["f1"] for k, v in report["fields"].items()},
            "invented_numbers": sum(invented_numbers(b, texts[b.article_id]) for b in briefs),
            "ungrounded_items": ungrounded,
            "tokens": sum(b.provenance.usage.prompt_tokens + b.provenance.usage.completion_tokens
                          for b in briefs),
            "briefs": len(briefs)}


def run(pipeline_briefs: list[dict[str, Any]], pipeline_calls: int,
        limit: int | None = None) -> dict[str, Any]:
    with LocalEngine(ensure_model(), n_parallel=1) as engine:
        naive, seconds, calls = asyncio.run(_naive(engine.base_url, limit))
    with tempfile.TemporaryDirectory() as scratch:
        naive_score = _score(naive, Path(scratch) / "naive")
        full = [Brief.model_validate(b) for b in pipeline_briefs]
        full_score = _score(full, Path(scratch) / "pipeline")
    naive_score.update({"calls": calls, "seconds": round(seconds, 1)})
    full_score.update({"calls": pipeline_calls})
    return {"naive": naive_score, "pipeline": full_score}


def markdown(result: dict[str, Any]) -> str:
    naive, full = result["naive"], result["pipeline"]
    fields = list(full["f1"])
    lines = ["Same model and prompt text on the seed articles. Naive: one instructor call per "
             "article for a plain brief schema (numbers and quotes as the model writes them), no "
             "grounding checks, no re-asks. Pipeline: this tool. Both scored by `summarizer "
             "eval` against `eval/gold`, with article re-checks. Targets: the pipeline emits zero "
             "ungrounded items and zero invented numbers, and beats the naive call on figures F1.",
             "", "| | " + " | ".join(f"{f} F1" for f in fields) +
             " | invented numbers | ungrounded items | calls | tokens | briefs |",
             "|---|" + "---:|" * (len(fields) + 5)]
    for name, row in (("naive call", naive), ("pipeline", full)):
        lines.append(f"| {name} | " + " | ".join(f"{row['f1'][f]:.3f}" for f in fields) +
                     f" | {row['invented_numbers']} | {row['ungrounded_items']} | "
                     f"{row['calls']} | {row['tokens']:,} | {row['briefs']} |")
    return "\n".join(lines)
