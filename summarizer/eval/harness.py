"""`summarizer eval`: load briefs and gold, score, compare, write the three reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer.brief import Brief
from summarizer.errors import ConfigError
from summarizer.eval.bootstrap import paired_difference
from summarizer.eval.gold import GoldFile, load_gold
from summarizer.eval.recheck import GroundingTally, recheck
from summarizer.eval.scoring import (
    COUNTS_MIN,
    FIELDS,
    NAME_MIN,
    QUESTION_MIN,
    FieldResult,
    micro,
    score_article,
)
from summarizer.eval.similarity import TextSimilarity
from summarizer.output import write_atomic, write_json
from summarizer.reading import SUFFIXES, Article, read_file


@dataclass
class EvalResult:
    report: dict[str, Any]
    failed_floors: list[str] = field(default_factory=list)

    def headline(self) -> str:
        parts = [f"{name} F1 {self.report['fields'][name]['f1']:.3f}" for name in FIELDS]
        grounding = self.report["grounding"]
        if grounding["checked"]:
            parts.append(f"grounded {grounding['grounded']}/{grounding['items']}")
        return "eval: " + ", ".join(parts)


def parse_floors(raw: list[str]) -> dict[str, float]:
    floors: dict[str, float] = {}
    for item in raw:
        name, sep, value = item.partition("=")
        if not sep or name not in FIELDS:
            raise ConfigError(f"--fail-under takes FIELD=F1 with FIELD one of "
                              f"{', '.join(FIELDS)}; got {item!r}")
        try:
            floors[name] = float(value)
        except ValueError as error:
            raise ConfigError(f"--fail-under {item!r}: {value!r} is not a number") from error
        if not 0.0 <= floors[name] <= 1.0:
            raise ConfigError(f"--fail-under {item!r}: F1 floors lie between 0 and 1")
    return floors


def load_brief(folder: Path, article_id: str) -> tuple[Brief | None, str]:
    path = folder / f"{article_id}.json"
    if not path.is_file():
        return None, "missing"
    try:
        return Brief.model_validate_json(path.read_text(encoding="utf-8")), "ok"
    except (OSError, ValidationError, ValueError):
        return None, "invalid"


def load_articles(folder: Path | None) -> dict[str, Article]:
    if folder is None or not folder.is_dir():
        return {}
    found: dict[str, Article] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() in SUFFIXES:
            for item in read_file(path):
                if isinstance(item, Article):
                    found.setdefault(item.article_id, item)
    return found


def _field_detail(result: FieldResult) -> dict[str, Any]:
    return {**result.counts.as_dict(), "matched": result.matched, "missed": result.missed,
            "invented": result.invented, "mislabelled_items": result.mislabelled}


def _score_run(folder: Path, gold: dict[str, GoldFile], text: TextSimilarity,
               ) -> tuple[dict[str, dict[str, FieldResult]], dict[str, Brief | None],
                          dict[str, str]]:
    scores, briefs, status = {}, {}, {}
    for article_id, truth in gold.items():
        brief, state = load_brief(folder, article_id)
        briefs[article_id], status[article_id] = brief, state
        scores[article_id] = score_article(brief, truth, text)
    return scores, briefs, status


def _baseline_section(current: dict[str, dict[str, FieldResult]],
                      baseline: dict[str, dict[str, FieldResult]], folder: Path,
                      ) -> dict[str, Any]:
    ids = sorted(current)
    section: dict[str, Any] = {"pred": str(folder), "fields": {}, "newly_missed": {},
                               "newly_invented": {}}
    base_totals = micro([baseline[i] for i in ids])
    cur_totals = micro([current[i] for i in ids])
    for name in FIELDS:
        diff = paired_difference([current[i][name].counts for i in ids],
                                 [baseline[i][name].counts for i in ids])
        section["fields"][name] = {
            "f1": round(cur_totals[name].f1, 4), "baseline_f1": round(base_totals[name].f1, 4),
            "delta": round(diff.delta, 4), "ci95": [round(diff.low, 4), round(diff.high, 4)],
            "verdict": diff.verdict,
        }
        missed, invented = [], []
        for i in ids:
            was_missed = set(baseline[i][name].missed)
            was_invented = set(baseline[i][name].invented)
            missed += [f"{i}: {m}" for m in current[i][name].missed if m not in was_missed]
            invented += [f"{i}: {m}" for m in current[i][name].invented if m not in was_invented]
        section["newly_missed"][name] = missed
        section["newly_invented"][name] = invented
    return section


def run_eval(pred: Path, gold_dir: Path, out: Path, *, baseline: Path | None = None,
             articles: Path | None = None, use_embeddings: bool = True,
             floors: dict[str, float] | None = None) -> EvalResult:
    if not pred.is_dir():
        raise ConfigError(f"--pred folder not found: {pred}")
    if baseline is not None and not baseline.is_dir():
        raise ConfigError(f"--baseline folder not found: {baseline}")
    if articles is not None and not articles.is_dir():
        raise ConfigError(f"--articles folder not found: {articles}")
    gold = load_gold(gold_dir)
    texts = load_articles(articles or gold_dir / "articles")
    text = TextSimilarity(use_embeddings)
    scores, briefs, status = _score_run(pred, gold, text)
    totals = micro(list(scores.values()))

    grounding = GroundingTally()
    rows = []
    for article_id in sorted(gold):
        brief, source = briefs[article_id], texts.get(article_id)
        tally = recheck(brief, source.text) if brief is not None and source else None
        if tally is not None:
            grounding.add(tally)
        rows.append({
            "article_id": article_id, "status": status[article_id],
            "fields": {name: _field_detail(scores[article_id][name]) for name in FIELDS},
            "grounding": None if tally is None else {
                "items": tally.items, "grounded": tally.grounded, "failures": tally.failures},
        })
    report: dict[str, Any] = {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "pred": str(pred), "gold": str(gold_dir),
        "fields": {name: totals[name].as_dict() for name in FIELDS},
        "grounding": {"items": grounding.items, "grounded": grounding.grounded,
                      "rate": round(grounding.rate, 4), "checked": bool(texts)},
        "articles": rows,
        "settings": {"embeddings": text.use_embeddings, "matching": text.matching,
                     "matching_notice": text.notice, "name_min": NAME_MIN,
                     "question_min": QUESTION_MIN, "counts_min": COUNTS_MIN},
        "baseline": None,
        "floors": [],
    }
    if baseline is not None:
        base_scores, _, _ = _score_run(baseline, gold, text)
        report["baseline"] = _baseline_section(scores, base_scores, baseline)
    failed = []
    for name, floor in (floors or {}).items():
        f1 = totals[name].f1
        passed = f1 >= floor
        report["floors"].append({"field": name, "floor": floor, "f1": round(f1, 4),
                                 "passed": passed})
        if not passed:
            failed.append(f"{name} F1 {f1:.3f} < {floor:.3f}")
    write_reports(report, out, texts, briefs, gold)
    return EvalResult(report, failed)


def write_reports(report: dict[str, Any], out: Path, texts: dict[str, Article],
                  briefs: dict[str, Brief | None], gold: dict[str, GoldFile]) -> None:
    from summarizer.eval.report_html import render_html
    from summarizer.eval.report_md import render_markdown

    out.mkdir(parents=True, exist_ok=True)
    write_json(out / "report.json", report)
    write_atomic(out / "report.md", render_markdown(report))
    write_atomic(out / "report.html", render_html(report, texts, briefs, gold))

