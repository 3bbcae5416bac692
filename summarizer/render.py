"""A brief as Markdown, for people reading in a terminal or a pull request."""

from __future__ import annotations

from summarizer.brief import Brief


def _md(text: str) -> str:
    """Neutralise Markdown and HTML control characters from article or model text."""
    out = text.replace("\\", "\\\\")
    for char in "`*_[]<>|#":
        out = out.replace(char, "\\" + char)
    return " ".join(out.split())


def brief_markdown(brief: Brief) -> str:
    lines = [f"# Brief: {_md(brief.article_id)}", "", _md(brief.summary) or "_(no summary)_", ""]
    if brief.actors:
        lines += ["## Actors", ""]
        for actor in brief.actors:
            aka = f" (also {', '.join(_md(a) for a in actor.aliases)})" if actor.aliases else ""
            role = f": {_md(actor.role)}" if actor.role else ""
            lines.append(f"- **{_md(actor.name)}**{aka}, {actor.kind}{role}")
        lines.append("")
    if brief.figures:
        lines += ["## Figures", "", "| amount | counts | said by | quote |", "|---|---|---|---|"]
        for figure in brief.figures:
            quote = figure.evidence[0].quote if figure.evidence else ""
            lines.append(f"| {_md(figure.text)} | {_md(figure.counts)} | "
                         f"{_md(figure.attributed_to)} | {_md(quote)} |")
        lines.append("")
    if brief.locations:
        lines += ["## Locations", ""]
        for place in brief.locations:
            within = f", in {_md(place.within)}" if place.within else ""
            lines.append(f"- **{_md(place.name)}** ({place.kind}{within})")
        lines.append("")
    if brief.open_questions:
        lines += ["## Open questions", ""]
        lines += [f"- {_md(q.question)}" for q in brief.open_questions]
        lines.append("")
    meta = brief.provenance
    lines.append(f"_{meta.backend} · {_md(meta.model)} · prompt {meta.prompt_version} · "
                 f"{meta.attempts} attempt(s) · {len(meta.dropped)} item(s) dropped_")
    return "\n".join(lines) + "\n"
