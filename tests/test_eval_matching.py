"""eval works without the optional embedding model: word overlap, said once and reported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer.eval import embedding
from summarizer.eval.harness import run_eval
from tests.test_eval_cli import ROOT, perfect_briefs

GOLD = ROOT / "eval" / "gold"


def reports(out: Path) -> tuple[dict[str, object], str, str]:
    settings = json.loads((out / "report.json").read_text("utf-8"))["settings"]
    return (settings, (out / "report.md").read_text("utf-8"),
            (out / "report.html").read_text("utf-8"))


def test_without_the_embedding_model_eval_falls_back_to_word_overlap(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedding, "_installed_folder", lambda: None)
    pred = perfect_briefs(tmp_path / "pred")
    result = run_eval(pred, GOLD, tmp_path / "out")
    settings, markdown, html = reports(tmp_path / "out")
    assert settings["embeddings"] is False
    assert settings["matching"] == "word overlap"
    assert "embedding model is not installed" in str(settings["matching_notice"])
    assert "matched by word overlap." in markdown
    assert "matched by word overlap." in html
    assert result.report["fields"]["open_questions"]["f1"] == 1.0


def test_with_the_embedding_model_the_reports_say_so(tmp_path: Path) -> None:
    assert embedding.embedding_model_available()  # installed by `make setup`
    pred = perfect_briefs(tmp_path / "pred")
    run_eval(pred, GOLD, tmp_path / "out")
    settings, markdown, html = reports(tmp_path / "out")
    assert settings["embeddings"] is True and settings["matching_notice"] == ""
    assert "matched by sentence embeddings (all-MiniLM-L6-v2)." in markdown
    assert "matched by sentence embeddings (all-MiniLM-L6-v2)." in html


def test_cli_prints_a_one_line_notice_and_succeeds(tmp_path: Path) -> None:
    pred = perfect_briefs(tmp_path / "pred")
    hide_model = ("import sys; import summarizer.eval.embedding as e; "
                  "e._installed_folder = lambda: None; from summarizer.cli import main; "
                  "sys.argv = ['summarizer'] + sys.argv[1:]; main()")
    run = subprocess.run([sys.executable, "-c", hide_model, "eval", "--pred", str(pred),
                          "--gold", str(GOLD), "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr
    notes = [line for line in run.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "word overlap" in notes[0], run.stderr
