"""A dependency missing from an install fails the articles that need it, not the batch."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers import endpoint_settings, run_batch
from tests.support.fake_endpoint import FakeEndpoint

PAGE = ("<html><head><title>Flood</title></head><body><article><p>Officials in Riverton "
        "said 120 homes were flooded on Monday, and the Red Cross opened two shelters.</p>"
        "</article></body></html>")


def test_html_without_its_reader_fails_alone(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "page.html").write_text(PAGE, encoding="utf-8")
    (inputs / "story.txt").write_text("Officials in Riverton said 120 homes were flooded.\n",
                                      encoding="utf-8")
    # What a missing lxml_html_clean looks like: importing trafilatura raises ImportError.
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    with FakeEndpoint() as server:
        report = run_batch(endpoint_settings(server.base_url), [inputs], tmp_path / "out")
    outcomes = {o.article_id: o for o in report.outcomes}
    assert outcomes["story"].status == "done"
    assert outcomes["page"].status == "failed"
    assert "HTML reading is unavailable" in (outcomes["page"].error or "")


def test_pyproject_declares_what_trafilatura_needs() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    names = [spec.split(">")[0].split("=")[0].strip().lower().replace("-", "_")
             for spec in project["dependencies"]]
    assert "lxml_html_clean" in names
