"""The eval report's reading view (summarizer/eval/report_html.py): the article with each
predicted item's evidence highlighted, a list of items linking to their evidence, items
that match no gold item outlined; article and model text escaped."""

from __future__ import annotations

import json
from pathlib import Path

from summarizer.brief import Actor, Brief, Evidence, Figure, Location, Provenance
from summarizer.eval.harness import run_eval
from summarizer.eval.report_html import evidence_spans, highlight
from tests.test_story_html import dump_dom

TEXT = ("Mayor Ann Lee of Lakeside said 40 homes flooded. "
        "<script>document.title='PWNED'</script> Officials <b>agreed</b>.")


def ev(quote: str) -> Evidence:
    start = TEXT.index(quote)
    return Evidence(quote=quote, start=start, end=start + len(quote))


def make_brief() -> Brief:
    return Brief(
        article_id="flood", summary="Floods.",
        actors=[Actor(name="Ann Lee", kind="person", evidence=[ev("Mayor Ann Lee")]),
                Actor(name="<script>x</script>", kind="other",
                      evidence=[ev("<script>document.title='PWNED'</script>")])],
        locations=[Location(name="Lakeside", kind="town", evidence=[ev("Lakeside")])],
        figures=[Figure(text="40", low=40, high=40, qualifier="exact", unit="homes",
                        counts="homes flooded", evidence=[ev("40 homes flooded")])],
        provenance=Provenance(backend="t", model="m", prompt_version="p"))


def test_highlight_marks_every_span_escapes_text_and_anchors_each_item() -> None:
    brief = make_brief()
    spans = evidence_spans(brief, "a1", {"actors": {"<script>x</script>"}})
    html = str(highlight(TEXT, spans))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;agreed&lt;/b&gt;" in html
    assert '<a id="a1-0-0"></a><mark class="actor"' in html
    assert 'mark class="actor" data-status="invented"' in html
    assert 'class="place"' in html and 'class="figure"' in html
    # "Lakeside" sits inside no other span; the figure's quote is its own.
    assert html.count("<mark") >= 4


def test_report_reading_view_in_chromium(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    (gold / "articles").mkdir(parents=True)
    (gold / "articles" / "flood.txt").write_text(TEXT, encoding="utf-8")
    (gold / "flood.json").write_text(json.dumps({
        "article_id": "flood",
        "actors": [{"name": "Ann Lee", "kind": "person"}],
        "locations": [{"name": "Lakeside", "kind": "town"}],
        "figures": [{"text": "40", "low": 40, "high": 40, "qualifier": "exact",
                     "unit": "homes", "counts": "homes flooded"}]}), encoding="utf-8")
    pred = tmp_path / "pred"
    pred.mkdir()
    (pred / "flood.json").write_text(make_brief().model_dump_json(), encoding="utf-8")
    run_eval(pred, gold, tmp_path / "report", use_embeddings=False)
    dom = dump_dom(tmp_path / "report" / "report.html", tmp_path / "profile")
    assert "Items and their evidence" in dom
    assert '<a href="#a1-0-0"' in dom  # the list links to the highlighted evidence
    assert 'id="a1-0-0"' in dom
    # The script "actor" matches no gold item.
    assert 'mark class="actor" data-status="invented"' in dom
    assert '<li class="invented">' in dom
    assert "PWNED" not in dom.split("<title>")[1].split("</title>")[0]
    assert "<script>document" not in dom and "&lt;script&gt;document" in dom
    assert "built-in method" not in dom
