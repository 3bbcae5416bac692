"""The HTML report opened in headless Chromium: it renders, and hostile text stays text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from summarizer.brief import Actor, Brief, Evidence, Provenance
from summarizer.eval.harness import run_eval

HOSTILE = ('Officials in Lakeside said 4 roads closed. <script>document.title="PWNED"</script> '
           '<img src=x onerror="document.title=\'PWNED\'"> The mayor spoke.')


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Debian's chromium is required for this test (make browser installs it)"
    return found


def make_case(tmp_path: Path) -> tuple[Path, Path, Path]:
    gold = tmp_path / "gold"
    (gold / "articles").mkdir(parents=True)
    (gold / "articles" / "evil.txt").write_text(HOSTILE, encoding="utf-8")
    (gold / "evil.json").write_text(
        '{"article_id": "evil", "actors": [{"name": "<b>Officials</b>", "kind": "group"}]}',
        encoding="utf-8")
    start = HOSTILE.index("<script>")
    quote = HOSTILE[start:HOSTILE.index("</script>") + 9]
    brief = Brief(article_id="evil", summary='<img src=x onerror="alert(1)">',
                  actors=[Actor(name="<script>alert(2)</script>", kind="other",
                                evidence=[Evidence(quote=quote, start=start,
                                                   end=start + len(quote))])],
                  provenance=Provenance(backend="t", model="m", prompt_version="p"))
    pred = tmp_path / "pred"
    pred.mkdir()
    (pred / "evil.json").write_text(brief.model_dump_json(), encoding="utf-8")
    return gold, pred, tmp_path / "report"


def test_report_renders_and_hostile_text_is_shown_not_run(tmp_path: Path) -> None:
    gold, pred, out = make_case(tmp_path)
    run_eval(pred, gold, out, use_embeddings=False)
    page = out / "report.html"
    html = page.read_text(encoding="utf-8")
    assert "<script>document" not in html and "<img src=x" not in html
    result = subprocess.run(
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=2000",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert "Brief quality report" in dom
    assert "PWNED" not in dom.split("<title>")[1].split("</title>")[0]
    # The hostile markup is visible as text, escaped in the DOM, never as live elements.
    assert "&lt;script&gt;document.title" in dom
    assert "&lt;img src=x onerror=" in dom
    assert "<img src=\"x\"" not in dom and "<script>document" not in dom
    assert '<mark class="actor"' in dom
    assert "built-in method" not in dom  # every template field resolved to data
    assert "Grounding re-checked against the articles: 1 of 1 items" in dom
