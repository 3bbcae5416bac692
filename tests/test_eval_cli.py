from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from summarizer.eval.gold import load_gold
from tests.test_scoring import brief_from_gold

ROOT = Path(__file__).resolve().parent.parent


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "summarizer", *args], capture_output=True,
                          text=True, env=dict(os.environ), timeout=300, check=False)


def perfect_briefs(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for article_id, gold in load_gold(ROOT / "eval" / "gold").items():
        b = brief_from_gold(gold).model_copy(update={"article_id": article_id})
        (folder / f"{article_id}.json").write_text(b.model_dump_json(), encoding="utf-8")
    return folder


def test_eval_writes_three_reports_and_floors_set_exit_code(tmp_path: Path) -> None:
    pred = perfect_briefs(tmp_path / "pred")
    missing_one = tmp_path / "worse"
    shutil.copytree(pred, missing_one)
    first = sorted(missing_one.glob("*.json"))[0]
    first.unlink()
    out = tmp_path / "report"
    ok = _cli("eval", "--pred", str(pred), "--gold", str(ROOT / "eval" / "gold"), "--out",
              str(out), "--baseline", str(missing_one), "--fail-under", "actors=0.9",
              "--no-embeddings")
    assert ok.returncode == 0, ok.stderr
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["fields"]["actors"]["f1"] == 1.0
    assert report["baseline"]["fields"]["actors"]["delta"] > 0
    newly = report["baseline"]["newly_missed"]["actors"]
    assert newly == []  # the current run misses nothing
    assert "actors F1 1.000" in ok.stderr
    for name in ("report.md", "report.html"):
        assert (out / name).stat().st_size > 500

    bad = _cli("eval", "--pred", str(missing_one), "--gold", str(ROOT / "eval" / "gold"),
               "--out", str(tmp_path / "r2"), "--fail-under", "actors=0.95",
               "--no-embeddings")
    assert bad.returncode == 1
    assert "below floor: actors" in bad.stderr
    text = (tmp_path / "r2" / "report.md").read_text("utf-8")
    assert "FAIL: actors" in text


def test_eval_usage_errors_exit_2(tmp_path: Path) -> None:
    result = _cli("eval", "--pred", str(tmp_path), "--gold", str(tmp_path / "nope"), "--out",
                  str(tmp_path / "o"))
    assert result.returncode == 2
    assert "gold folder not found" in result.stderr
    floor = _cli("eval", "--pred", str(tmp_path), "--gold", str(ROOT / "eval" / "gold"),
                 "--out", str(tmp_path / "o"), "--fail-under", "actorz=0.5")
    assert floor.returncode == 2
