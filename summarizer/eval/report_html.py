"""The HTML report: one self-contained page. Autoescaping is on for everything; the only
markup built in Python is the highlighted article, whose pieces are escaped one by one."""

from __future__ import annotations

import itertools
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup, escape

from summarizer.brief import Brief
from summarizer.eval.gold import GoldFile
from summarizer.eval.scoring import FIELDS
from summarizer.reading import Article

FIELD_CLASS = {"actors": "actor", "locations": "place", "figures": "figure",
               "open_questions": "question"}


def evidence_spans(brief: Brief) -> list[tuple[int, int, str, str]]:
    spans: list[tuple[int, int, str, str]] = []
    groups: list[tuple[str, list[tuple[str, list[Any]]]]] = [
        ("actors", [(a.name, a.evidence) for a in brief.actors]),
        ("locations", [(p.name, p.evidence) for p in brief.locations]),
        ("figures", [(f"{f.text} — {f.counts}", f.evidence) for f in brief.figures]),
        ("open_questions", [(q.question, q.evidence) for q in brief.open_questions]),
    ]
    for name, items in groups:
        for label, evidence in items:
            for e in evidence:
                spans.append((e.start, e.end, name, label))
    return spans


def highlight(text: str, spans: list[tuple[int, int, str, str]]) -> Markup:
    """The article with evidence spans marked; every piece of text escaped."""
    valid = [s for s in spans if 0 <= s[0] < s[1] <= len(text)]
    cuts = sorted({0, len(text), *(s[0] for s in valid), *(s[1] for s in valid)})
    pieces: list[str] = []
    for left, right in itertools.pairwise(cuts):
        segment = escape(text[left:right])
        covering = [s for s in valid if s[0] <= left and right <= s[1]]
        if covering:
            labels = "; ".join(f"{s[2]}: {s[3]}" for s in covering)
            css = FIELD_CLASS[covering[0][2]]
            pieces.append(f'<mark class="{css}" title="{escape(labels)}">{segment}</mark>')
        else:
            pieces.append(str(segment))
    return Markup("".join(pieces))


def _gold_lines(gold: GoldFile, name: str) -> list[str]:
    if name == "actors":
        return [a.name + ("" if a.required else " (optional)") for a in gold.actors]
    if name == "locations":
        return [p.name + ("" if p.required else " (optional)") for p in gold.locations]
    if name == "figures":
        return [f"{f.text} — {f.counts}" + ("" if f.required else " (optional)")
                for f in gold.figures]
    return [q.question + ("" if q.required else " (optional)") for q in gold.open_questions]


def _pred_lines(brief: Brief | None, name: str) -> list[str]:
    if brief is None:
        return []
    if name == "actors":
        return [a.name for a in brief.actors]
    if name == "locations":
        return [p.name for p in brief.locations]
    if name == "figures":
        return [f"{f.text} — {f.counts}" for f in brief.figures]
    return [q.question for q in brief.open_questions]


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("summarizer.eval", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined,
    )
    return env.get_template("report.html.j2")


def render_html(report: dict[str, Any], texts: dict[str, Article],
                briefs: dict[str, Brief | None], gold: dict[str, GoldFile]) -> str:
    sections = []
    for row in report["articles"]:
        article_id = row["article_id"]
        brief = briefs.get(article_id)
        source = texts.get(article_id)
        body = (highlight(source.text, evidence_spans(brief) if brief else [])
                if source else None)
        sections.append({
            "row": row, "body": body,
            "sides": [(name, _gold_lines(gold[article_id], name), _pred_lines(brief, name))
                      for name in FIELDS],
            "summary": brief.summary if brief else "",
        })
    return _template().render(report=report, fields=FIELDS, sections=sections)
