"""The story page in headless Chromium: a row per item, a column per outlet, conflicts
highlighted, evidence on hover and expand, and hostile text shown as text, never run."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from summarizer.brief import Evidence
from summarizer.story import build_story
from summarizer.story.command import write_story
from tests.story_support import brief, figure, seed_briefs
from tests.test_report_html import chromium

HOSTILE = '<script>document.title="PWNED"</script><img src=x onerror="document.title=\'PWNED\'">'


def dump_dom(page: Path, profile: Path) -> str:
    result = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--virtual-time-budget=2000", "--dump-dom",
         page.as_uri()], capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_story_page_renders_rows_columns_and_conflicts(tmp_path: Path) -> None:
    story = build_story(seed_briefs())
    write_story(story, tmp_path / "story")
    dom = dump_dom(tmp_path / "story" / "story.html", tmp_path / "profile")
    header = dom.split("<thead>")[1].split("</thead>")[0]
    assert header.count("<th>") == 3 + len(story.articles)
    rows = re.findall(r'<tr class="(\w+)">', dom)
    assert len(rows) == len(story.figures) + len(story.actors) + len(story.locations)
    assert rows[0] == "conflict" and rows.count("conflict") == sum(
        g.agreement == "conflict" for g in story.figures)
    # Evidence: on hover (title) and on expand (details).
    assert "<details><summary>up to 600</summary><blockquote>" in dom
    assert 'title="Bali, the SDF spokesman, said on Saturday that up to 600' in dom


def test_hostile_names_and_quotes_stay_text(tmp_path: Path) -> None:
    hostile_figure = figure(HOSTILE, 5, "people " + HOSTILE)
    hostile_figure.evidence = [Evidence(quote=HOSTILE, start=0, end=len(HOSTILE))]
    a = brief(HOSTILE, [hostile_figure], actors=[HOSTILE], places=["<b>Lakeside</b>"])
    b = brief("b", [figure("7", 7, "people " + HOSTILE)], actors=[HOSTILE])
    story = build_story([a, b]).model_copy(update={"summary": HOSTILE})
    write_story(story, tmp_path / "story")
    html = (tmp_path / "story" / "story.html").read_text("utf-8")
    markdown = (tmp_path / "story" / "story.md").read_text("utf-8")
    assert "<script>" not in html and "<img src=x" not in html
    # Markdown escapes every markup character with a backslash, as briefs' Markdown does.
    assert re.search(r"(?<!\\)[<>]", markdown) is None
    dom = dump_dom(tmp_path / "story" / "story.html", tmp_path / "profile")
    assert "PWNED" not in dom.split("<title>")[1].split("</title>")[0]
    assert "&lt;script&gt;document.title" in dom
    assert "<script>document" not in dom and '<img src="x"' not in dom
    assert "&lt;b&gt;Lakeside&lt;/b&gt;" in dom
