"""The public surface is pinned, and every example in its docstrings (and in
docs/TUTORIAL.md) runs, unskipped, against a loopback endpoint."""

from __future__ import annotations

import doctest
import importlib
import inspect
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import summarizer
from tests.support.fake_endpoint import FakeEndpoint

ROOT = Path(__file__).resolve().parent.parent
KEY = "sk-test-SECRET-0123456789abcdef"

PUBLIC = [
    "Actor", "Article", "ArticleError", "ArticleOutcome", "ArticleScore", "AsyncSummarizer",
    "BackendError", "Brief", "Comparison", "ConfigError", "EvalReport", "Evidence",
    "ExtractionError", "FieldChange", "FieldScore", "Figure", "Grounding", "Location",
    "ModelFileError", "OpenQuestion", "Provenance", "ReadFailure", "RunReport", "Settings",
    "Story", "Summarizer", "SummarizerError", "asummarise_text", "build_story", "evaluate",
    "read_articles", "summarise_text",
]
# Where the examples live: the package page, then each public entry point.
EXAMPLE_MODULES = ["summarizer", "summarizer.api.blocking", "summarizer.api.session",
                   "summarizer.api.shortcuts", "summarizer.api.inputs",
                   "summarizer.api.scoring", "summarizer.api.stories"]
WITH_EXAMPLES = ["Summarizer", "AsyncSummarizer", "summarise_text", "asummarise_text",
                 "read_articles", "evaluate", "build_story"]

ARTICLES = {
    "quake": "A quake struck near Kobe on Monday and 14 people were hurt, officials said. "
             "Trains stopped for an hour.",
    "storm": "Storm Ciaran closed 30 schools in Devon on Tuesday. Forecasters expect more "
             "rain on Wednesday.",
}
GOLD = {
    "quake": {"figures": [{"text": "14", "low": 14, "high": 14, "qualifier": "exact",
                           "unit": "people", "counts": "people hurt"}],
              "locations": [{"name": "Kobe", "kind": "city"}]},
    "storm": {"figures": [{"text": "30", "low": 30, "high": 30, "qualifier": "exact",
                           "unit": "schools", "counts": "schools closed in Devon"}],
              "actors": [{"name": "Storm Ciaran", "kind": "other"}],
              "locations": [{"name": "Devon", "kind": "region"}]},
}


def make_example_folder(folder: Path) -> Path:
    """The folder the examples assume: ``articles/`` and ``gold/`` for two stories."""
    (folder / "articles").mkdir(parents=True)
    (folder / "gold").mkdir()
    for article_id, text in ARTICLES.items():
        (folder / "articles" / f"{article_id}.txt").write_text(text + "\n", encoding="utf-8")
        gold = {"article_id": article_id, "actors": [], "locations": [], "figures": [],
                "open_questions": [], **GOLD[article_id]}
        (folder / "gold" / f"{article_id}.json").write_text(json.dumps(gold), "utf-8")
    return folder


@pytest.fixture
def example_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The environment naming a loopback endpoint, as a user's shell would."""
    with FakeEndpoint() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        monkeypatch.setenv("SUMMARIZER_MODEL", "fake-model")
        monkeypatch.setenv("SUMMARIZER_MODE", "json_schema")
        yield


def test_public_surface_is_pinned() -> None:
    assert sorted(summarizer.__all__) == sorted(PUBLIC)
    assert set(PUBLIC) <= set(dir(summarizer))
    for name in PUBLIC:
        value = getattr(summarizer, name)
        assert inspect.getdoc(value), f"{name} has no docstring"
    with pytest.raises(AttributeError):
        summarizer.no_such_name  # noqa: B018


def test_every_error_kind_is_a_summarizer_error() -> None:
    kinds = [summarizer.ConfigError, summarizer.ArticleError, summarizer.BackendError,
             summarizer.ExtractionError, summarizer.ModelFileError]
    assert all(issubclass(kind, summarizer.SummarizerError) for kind in kinds)


def test_entry_points_show_an_example() -> None:
    for name in WITH_EXAMPLES:
        assert ">>> " in (inspect.getdoc(getattr(summarizer, name)) or ""), name


def _examples(module_name: str) -> list[doctest.DocTest]:
    module = importlib.import_module(module_name)
    return [t for t in doctest.DocTestFinder().find(module) if t.examples]


def test_docstring_examples_run_unskipped(example_env: None, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    examples = 0
    for module_name in EXAMPLE_MODULES:
        for test in _examples(module_name):
            for example in test.examples:
                assert not example.options.get(doctest.SKIP), f"skipped example in {test.name}"
            examples += len(test.examples)
            # Each docstring's examples stand alone: a fresh folder for each.
            monkeypatch.chdir(make_example_folder(tmp_path / test.name))
            runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0
    assert result.attempted == examples >= 30


def test_tutorial_runs(example_env: None, tmp_path: Path,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(make_example_folder(tmp_path / "tutorial"))
    parser = doctest.DocTestParser()
    text = (ROOT / "docs" / "TUTORIAL.md").read_text(encoding="utf-8")
    test = parser.get_doctest(text, {}, "TUTORIAL.md", str(ROOT / "docs" / "TUTORIAL.md"), 0)
    assert len(test.examples) >= 10
    assert not [e for e in test.examples if e.options.get(doctest.SKIP)]
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
