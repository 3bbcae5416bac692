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
# Every public name's docstring shows an example, except where the example lives on the
# name that returns it: Story's docstring is in summarizer/story/, whose owners keep it.
EXAMPLE_ELSEWHERE = {"Story": "build_story"}
# Modules whose other docstrings' examples run too.
EXAMPLE_MODULES = ["summarizer.api.blocking", "summarizer.api.session",
                   "summarizer.api.shortcuts", "summarizer.api.inputs",
                   "summarizer.api.scoring", "summarizer.api.stories"]

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


def own_doc(value: object) -> str:
    """The docstring written for ``value`` itself: not one inherited from a base class (such
    as pydantic's BaseModel), nor the signature a dataclass makes up when it has none."""
    doc = value.__dict__.get("__doc__") if isinstance(value, type) else value.__doc__
    name = getattr(value, "__name__", "")
    if not isinstance(doc, str) or doc.startswith(f"{name}("):
        return ""
    return inspect.cleandoc(doc)


def test_public_surface_is_pinned() -> None:
    assert sorted(summarizer.__all__) == sorted(PUBLIC)
    assert set(PUBLIC) <= set(dir(summarizer))
    for name in PUBLIC:
        assert own_doc(getattr(summarizer, name)), f"{name} has no docstring of its own"
    with pytest.raises(AttributeError):
        summarizer.no_such_name  # noqa: B018


def test_every_error_kind_is_a_summarizer_error() -> None:
    kinds = [summarizer.ConfigError, summarizer.ArticleError, summarizer.BackendError,
             summarizer.ExtractionError, summarizer.ModelFileError]
    assert all(issubclass(kind, summarizer.SummarizerError) for kind in kinds)


def test_every_public_name_shows_an_example() -> None:
    for name in PUBLIC:
        shown_on = EXAMPLE_ELSEWHERE.get(name, name)
        assert ">>> " in own_doc(getattr(summarizer, shown_on)), name


def all_examples() -> list[doctest.DocTest]:
    """The package's docstring, every public name's (methods included), and the API
    modules' others; each once. No module globals: an example imports what it uses."""
    finder = doctest.DocTestFinder()
    found = doctest.DocTestFinder(recurse=False).find(summarizer, globs={})
    for name in PUBLIC:
        value = getattr(summarizer, name)
        found += finder.find(value, f"summarizer.{name}", module=inspect.getmodule(value),
                             globs={})
    for module_name in EXAMPLE_MODULES:
        found += finder.find(importlib.import_module(module_name), globs={})
    unique: dict[tuple[str | None, int | None], doctest.DocTest] = {}
    for test in found:
        if test.examples:
            unique.setdefault((test.filename, test.lineno), test)
    return sorted(unique.values(), key=lambda t: t.name)


def test_docstring_examples_run_unskipped(example_env: None, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    examples = 0
    tested = all_examples()
    for test in tested:
        for example in test.examples:
            assert not example.options.get(doctest.SKIP), f"skipped example in {test.name}"
        examples += len(test.examples)
        # Each docstring's examples stand alone: a fresh folder for each.
        monkeypatch.chdir(make_example_folder(tmp_path / test.name))
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0
    assert result.attempted == examples >= 30
    # Each public name's example is among those run.
    shown = {t.name.removeprefix("summarizer.") for t in tested}
    assert set(PUBLIC) - set(EXAMPLE_ELSEWHERE) <= shown


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
