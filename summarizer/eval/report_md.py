"""The Markdown report: short enough for a pull-request comment."""

from __future__ import annotations

from typing import Any

from summarizer.eval.scoring import FIELDS
from summarizer.render import _md

LIST_LIMIT = 8


def _list(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    shown = [f"- {_md(item)}" for item in items[:LIST_LIMIT]]
    if len(items) > LIST_LIMIT:
        shown.append(f"- … and {len(items) - LIST_LIMIT} more")
    return [f"**{title}**", "", *shown, ""]


def render_markdown(report: dict[str, Any]) -> str:
    lines = ["## Brief quality", "",
             "| field | precision | recall | F1 | tp | fp | fn | mislabelled |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name in FIELDS:
        f = report["fields"][name]
        lines.append(f"| {name} | {f['precision']:.3f} | {f['recall']:.3f} | {f['f1']:.3f} | "
                     f"{f['tp']} | {f['fp']} | {f['fn']} | {f['mislabelled']} |")
    g = report["grounding"]
    lines.append("")
    if g["checked"]:
        lines.append(f"Grounding re-checked against the articles: {g['grounded']}/{g['items']} "
                     f"items ({g['rate']:.1%}).")
    else:
        lines.append("Grounding not re-checked (no article texts given).")
    lines.append("Open questions and what figures count matched by "
                 f"{report['settings']['matching']}.")
    lines.append("")
    base = report.get("baseline")
    if base:
        lines += ["### Against the baseline", "",
                  "| field | F1 | baseline | change | 95% CI | verdict |",
                  "|---|---:|---:|---:|---|---|"]
        for name in FIELDS:
            b = base["fields"][name]
            lines.append(f"| {name} | {b['f1']:.3f} | {b['baseline_f1']:.3f} | "
                         f"{b['delta']:+.3f} | [{b['ci95'][0]:+.3f}, {b['ci95'][1]:+.3f}] | "
                         f"{b['verdict']} |")
        lines.append("")
        for name in FIELDS:
            lines += _list(f"{name}: newly missed", base["newly_missed"][name])
            lines += _list(f"{name}: newly invented", base["newly_invented"][name])
    if report["floors"]:
        lines += ["### Floors", ""]
        for floor in report["floors"]:
            mark = "pass" if floor["passed"] else "FAIL"
            lines.append(f"- {mark}: {floor['field']} F1 {floor['f1']:.3f} "
                         f"(floor {floor['floor']:.3f})")
        lines.append("")
    lines += ["### Per article", "", "| article | status | " + " | ".join(FIELDS) + " |",
              "|---|---|" + "---:|" * len(FIELDS)]
    for row in report["articles"]:
        cells = " | ".join(f"{row['fields'][n]['f1']:.2f}" for n in FIELDS)
        lines.append(f"| {_md(row['article_id'])} | {row['status']} | {cells} |")
    lines.append("")
    for name in FIELDS:
        missed = [f"{r['article_id']}: {m}" for r in report["articles"]
                  for m in r["fields"][name]["missed"]]
        invented = [f"{r['article_id']}: {m}" for r in report["articles"]
                    for m in r["fields"][name]["invented"]]
        lines += _list(f"{name}: missed", missed)
        lines += _list(f"{name}: invented", invented)
    relabelled = [f"{r['article_id']}: {p} — gold: {g}" for r in report["articles"]
                  for p, g in r["fields"]["figures"]["mislabelled_items"]]
    lines += _list("figures: right number, wrong thing (mislabelled)", relabelled)
    return "\n".join(lines).rstrip() + "\n"
