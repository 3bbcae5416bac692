"""Eval speed: scoring 1,000 article pairs (gold against perturbed gold)."""

from __future__ import annotations

import random
import time
from typing import Any

from bench.common import GOLD
from summarizer.brief import Actor, Brief, Evidence, Figure, Location, OpenQuestion, Provenance
from summarizer.eval.gold import GoldFile, load_gold
from summarizer.eval.scoring import micro, score_article
from summarizer.eval.similarity import TextSimilarity

EVIDENCE = [Evidence(quote="x", start=0, end=1)]


def perturbed(gold: GoldFile, rng: random.Random) -> Brief:
    """A brief made from gold with items dropped, names misspelt and numbers changed."""
    def keep() -> bool:
        return rng.random() > 0.2

    def misspell(name: str) -> str:
        if len(name) > 5 and rng.random() < 0.3:
            i = rng.randrange(1, len(name) - 1)
            return name[:i] + name[i + 1:]
        return name

    return Brief(
        article_id=gold.article_id, summary="s",
        actors=[Actor(name=misspell(a.name), kind=a.kind, evidence=EVIDENCE)
                for a in gold.actors if keep()],
        locations=[Location(name=misspell(p.name), kind=p.kind, evidence=EVIDENCE)
                   for p in gold.locations if keep()],
        figures=[Figure(text=f.text, low=f.low * (1 if rng.random() > 0.2 else 2),
                        high=f.high, qualifier=f.qualifier, counts=f.counts, evidence=EVIDENCE)
                 for f in gold.figures if keep()],
        open_questions=[OpenQuestion(question=q.question.replace("When", "At what point"),
                                     evidence=EVIDENCE) for q in gold.open_questions if keep()],
        provenance=Provenance(backend="bench", model="m", prompt_version="p"))


def run(pairs: int = 1000) -> dict[str, Any]:
    rng = random.Random(7)
    golds = list(load_gold(GOLD).values())
    cases = [(golds[i % len(golds)], perturbed(golds[i % len(golds)], rng)) for i in range(pairs)]
    rows = []
    for embeddings in (False, True):
        text = TextSimilarity(embeddings)
        if embeddings:  # model load measured apart from scoring
            started = time.perf_counter()
            text.matrix(["warm up"], ["warm up"])
            load = time.perf_counter() - started
        else:
            load = 0.0
        started = time.perf_counter()
        scores = [score_article(brief, gold, text) for gold, brief in cases]
        seconds = time.perf_counter() - started
        totals = micro(scores)
        rows.append({"embeddings": embeddings, "seconds": round(seconds, 2),
                     "load_seconds": round(load, 2),
                     "pairs_per_second": round(pairs / seconds, 1),
                     "figures_f1": round(totals["figures"].f1, 3),
                     "questions_f1": round(totals["open_questions"].f1, 3)})
    return {"pairs": pairs, "rows": rows}


def markdown(result: dict[str, Any]) -> str:
    lines = [f"{result['pairs']:,} pairs: the seed gold files against perturbed copies (items "
             "dropped, names misspelt, values changed, questions reworded), scored in one "
             "process.", "",
             "| open-question matching | scoring (s) | pairs/s | model load (s) | figures F1 | "
             "questions F1 |", "|---|---:|---:|---:|---:|---:|"]
    for row in result["rows"]:
        name = "all-MiniLM-L6-v2 embeddings" if row["embeddings"] else "word overlap"
        lines.append(f"| {name} | {row['seconds']} | {row['pairs_per_second']} | "
                     f"{row['load_seconds']} | {row['figures_f1']} | {row['questions_f1']} |")
    return "\n".join(lines)
