"""The story as Markdown: conflicts first, each value with its outlet and quote."""

from __future__ import annotations

from summarizer.render import _md as md_text
from summarizer.story.model import FigureGroup, Story


def _quote(group: FigureGroup, index: int) -> str:
    evidence = group.values[index].evidence
    return md_text(evidence.quote) if evidence else ""


def _figure_table(group: FigureGroup) -> list[str]:
    lines = ["| outlet | value | counts | quote |", "|---|---|---|---|"]
    for i, value in enumerate(group.values):
        lines.append(f"| {md_text(value.article_id)} | {md_text(value.text)} | "
                     f"{md_text(value.counts)} | {_quote(group, i)} |")
    return lines


def story_markdown(story: Story) -> str:
    lines = [f"# Story across {len(story.articles)} articles", ""]
    lines += [f"Articles: {', '.join(md_text(a) for a in story.articles)}", ""]
    if story.summary:
        lines += [md_text(story.summary), ""]
        if story.summary_check.unsupported:
            lines += ["_Numbers in the summary that no brief states: "
                      + ", ".join(md_text(n) for n in story.summary_check.unsupported) + "_", ""]
    conflicts = [g for g in story.figures if g.agreement == "conflict"]
    agreed = [g for g in story.figures if g.agreement == "agree"]
    singles = [g for g in story.figures if g.agreement == "single"]
    lines += ["## Where the outlets differ", ""]
    if not conflicts:
        lines += ["No conflicting figures.", ""]
    for group in conflicts:
        lines += [f"### {md_text(group.counts)} (conflict)", "", *_figure_table(group), ""]
    lines += ["## Figures the outlets agree on", ""]
    if not agreed:
        lines += ["None reported by more than one outlet.", ""]
    for group in agreed:
        values = "; ".join(f"{md_text(v.text)} ({md_text(v.article_id)})" for v in group.values)
        lines.append(f"- **{md_text(group.counts)}**: {values}")
    lines.append("")
    if singles:
        lines += ["## Figures from one outlet", ""]
        for group in singles:
            values = "; ".join(md_text(v.text) for v in group.values)
            lines.append(f"- **{md_text(group.counts)}**: {values} "
                         f"({md_text(group.values[0].article_id)})")
        lines.append("")
    for title, entities in (("Actors", story.actors), ("Places", story.locations)):
        lines += [f"## {title}", ""]
        for entity in entities:
            aka = f" (also {', '.join(md_text(a) for a in entity.aliases)})" \
                if entity.aliases else ""
            lines.append(f"- **{md_text(entity.name)}**{aka}, {entity.kind}: "
                         f"{len(entity.articles)} of {len(story.articles)} articles")
        lines.append("")
    if story.open_questions:
        lines += ["## Open questions", ""]
        for question in story.open_questions:
            lines.append(f"- {md_text(question.question)} "
                         f"({', '.join(md_text(a) for a in question.articles)})")
        lines.append("")
    return "\n".join(lines)
