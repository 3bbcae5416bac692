"""summarise_paths is the CLI's run; read_articles and evaluate from Python."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from summarizer import (
    Article,
    ArticleError,
    Brief,
    ConfigError,
    EvalReport,
    ReadFailure,
    Settings,
    Summarizer,
    build_story,
    evaluate,
    read_articles,
)
from tests.support.fake_endpoint import (
    FakeEndpoint,
)

KEY = "sk-test-SECRET-0123456789abcdef"
CONSOLE_SCRIPT = Path(sys.executable).parent / "summarizer"


def endpoint(url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"backend": "openai", "base_url": url, "api_key": KEY,
                              "model": "fake-model", "mode": "json_schema"}
    values.update(overrides)
    return Settings(**values)


def make_inputs(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for i in range(4):
        (folder / f"story-{i}.txt").write_text(
            f"Officials in Riverton said {100 + i} homes were flooded on Monday.\n", "utf-8")
    (folder / "batch.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Crews in Hull rescued 9 sailors."}) + "\n"
        + "not json\n", "utf-8")
    (folder / "empty.txt").write_text("  \n", "utf-8")
    return folder


def without_times(manifest: dict[str, Any]) -> dict[str, Any]:
    varying = {"run_id", "started", "ended", "elapsed_s"}
    head = {k: v for k, v in manifest.items() if k not in varying | {"articles"}}
    head["articles"] = sorted(
        ({k: v for k, v in a.items() if not k.endswith("_s")} for a in manifest["articles"]),
        key=lambda a: a["article_id"])
    return head


def test_summarise_paths_writes_what_the_cli_writes(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in")
    with FakeEndpoint() as server:
        with Summarizer(endpoint(server.base_url)) as s:
            report = s.summarise_paths([inputs], out=tmp_path / "api")
        env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": KEY,
               "SUMMARIZER_MODEL": "fake-model", "SUMMARIZER_MODE": "json_schema",
               "SUMMARIZER_HOME": str(tmp_path / "cli-home")}
        cli = subprocess.run([str(CONSOLE_SCRIPT), "summarise", str(inputs), "--out",
                              str(tmp_path / "cli")], env=env, capture_output=True, text=True,
                             timeout=120, check=False)
    assert cli.returncode == 1, cli.stderr  # the empty file and the bad JSON line fail
    api_files = sorted(p.name for p in (tmp_path / "api").iterdir())
    assert api_files == sorted(p.name for p in (tmp_path / "cli").iterdir())
    for name in api_files:
        if name != "run.json":
            assert (tmp_path / "api" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes()
    api_manifest = json.loads((tmp_path / "api" / "run.json").read_text("utf-8"))
    cli_manifest = json.loads((tmp_path / "cli" / "run.json").read_text("utf-8"))
    assert without_times(api_manifest) == without_times(cli_manifest)
    assert api_manifest["run_id"] == report.run_id
    assert (report.count("done"), report.count("failed"), report.count("skipped")) == (5, 2, 0)
    assert not report.ok
    assert sorted(o.article_id for o in report.failures) == ["batch-line2", "empty"]
    assert report.out == tmp_path / "api"


def test_run_report_carries_what_run_json_holds(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in")
    with FakeEndpoint() as server, Summarizer(endpoint(server.base_url)) as s:
        report = s.summarise_paths(inputs, out=tmp_path / "out")
    manifest = json.loads((tmp_path / "out" / "run.json").read_text("utf-8"))
    assert {"run_id": report.run_id, "started": report.started, "ended": report.ended,
            "elapsed_s": report.elapsed_s, "summarizer_version": report.summarizer_version,
            "prompt_version": report.prompt_version, "schema_version": report.schema_version,
            "settings": report.settings,
            "counts": {k: report.count(k) for k in ("done", "failed", "skipped")},
            "articles": [asdict(o) for o in report.outcomes]} == manifest
    assert report.elapsed_s > 0 and report.prompt_version and "api_key" not in report.settings
    assert report.settings["api_key_set"] is True


def test_summarise_paths_resumes_and_force_redoes(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in")
    with FakeEndpoint() as server, Summarizer(endpoint(server.base_url)) as s:
        s.summarise_paths(inputs, tmp_path / "out")
        asked = len(server.requests)
        again = s.summarise_paths(inputs, tmp_path / "out")
        assert len(server.requests) == asked
        forced = s.summarise_paths(str(inputs), str(tmp_path / "out"), force=True)
    assert (again.count("skipped"), again.count("done")) == (5, 0)
    assert (forced.count("skipped"), forced.count("done")) == (0, 5)
    assert {o.status for o in again.outcomes} == {"skipped", "failed"}


def test_summarise_paths_calls_back_per_article(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in")
    seen: list[tuple[str, str, bool]] = []
    with FakeEndpoint() as server, Summarizer(endpoint(server.base_url)) as s:
        s.summarise_paths(inputs, tmp_path / "out",
                          on_article=lambda o, b: seen.append((o.article_id, o.status,
                                                               b is not None)))
    assert len(seen) == 7
    assert all(has_brief == (status == "done") for _, status, has_brief in seen)


def test_summarise_paths_refuses_bad_paths_before_any_request(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", "utf-8")
    with FakeEndpoint() as server, Summarizer(endpoint(server.base_url)) as s:
        with pytest.raises(ConfigError, match="input not found"):
            s.summarise_paths([tmp_path / "missing"], tmp_path / "out")
        with pytest.raises(ConfigError, match="not a folder"):
            s.summarise_paths([tmp_path / "file"], tmp_path / "file")
        assert not server.requests


def test_read_articles_gives_articles_and_per_file_failures(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in")
    items = list(read_articles(inputs))
    articles = [i.article_id for i in items if isinstance(i, Article)]
    failures = {i.article_id: i.reason for i in items if isinstance(i, ReadFailure)}
    assert sorted(articles) == ["j1", "story-0", "story-1", "story-2", "story-3"]
    assert set(failures) == {"batch-line2", "empty"}
    assert "empty" in failures["empty"]
    with pytest.raises(ConfigError):
        read_articles([inputs, tmp_path / "missing"])
    with FakeEndpoint() as server, Summarizer(endpoint(server.base_url)) as s:
        results = dict(s.summarise_many(read_articles(inputs)))
    assert isinstance(results["empty"], ArticleError)
    assert sum(not isinstance(r, ArticleError) for r in results.values()) == 5


def _without_figures(good: Path, worse: Path) -> None:
    """A worse run: the good run's briefs with their figures taken out."""
    worse.mkdir()
    for path in good.glob("story-*.json"):
        brief = json.loads(path.read_text("utf-8"))
        brief["figures"] = []
        (worse / path.name).write_text(json.dumps(brief), "utf-8")


def test_evaluate_returns_report_json_as_types_and_compares_runs(tmp_path: Path) -> None:
    inputs = make_inputs(tmp_path / "in")
    gold = tmp_path / "gold"
    gold.mkdir()
    for i in range(4):
        (gold / f"story-{i}.json").write_text(json.dumps({
            "article_id": f"story-{i}", "actors": [], "locations": [], "open_questions": [],
            "figures": [{"text": str(100 + i), "low": 100 + i, "high": 100 + i,
                         "qualifier": "exact", "unit": "homes", "counts": "homes flooded"}]}),
            "utf-8")
    with FakeEndpoint() as server, Summarizer(endpoint(server.base_url)) as s:
        s.summarise_paths(inputs, tmp_path / "good")
    _without_figures(tmp_path / "good", tmp_path / "worse")
    report = evaluate(tmp_path / "worse", gold, out=tmp_path / "report",
                      baseline=tmp_path / "good", embeddings=False,
                      fail_under={"figures": 0.5})
    assert isinstance(report, EvalReport)
    written = json.loads((tmp_path / "report" / "report.json").read_text("utf-8"))
    for name, score in report.fields.items():
        assert score.f1 == written["fields"][name]["f1"]
        assert (score.tp, score.fp, score.fn) == tuple(written["fields"][name][k]
                                                       for k in ("tp", "fp", "fn"))
    assert report.fields["figures"].recall == 0.0
    assert report.failed_floors and not report.passed
    assert report.comparison is not None
    change = report.comparison.fields["figures"]
    assert (change.baseline_f1, change.f1) == (1.0, 0.0)
    assert change.delta < 0 and change.verdict == "worse"
    assert len(report.comparison.newly_missed["figures"]) == 4
    assert [a.article_id for a in report.articles] == [f"story-{i}" for i in range(4)]
    assert report.articles[0].missed["figures"]
    assert report.out == tmp_path / "report"
    scratch = evaluate(tmp_path / "good", gold, embeddings=False)
    assert scratch.out is None and scratch.f1("figures") == 1.0
    with pytest.raises(ConfigError):
        evaluate(tmp_path / "missing", gold)


def test_build_story_takes_briefs_or_folders_and_shows_conflicts(tmp_path: Path) -> None:
    texts = [("reuters", "Officials said 120 people were hurt in the Leeds crash."),
             ("bbc", "Police said 150 people were hurt in the Leeds crash.")]
    with FakeEndpoint() as server, Summarizer(endpoint(server.base_url)) as s:
        briefs = [result for _, result in s.summarise_many(texts)]
    assert all(isinstance(b, Brief) for b in briefs)
    story = build_story([b for b in briefs if isinstance(b, Brief)])
    assert sorted(story.articles) == ["bbc", "reuters"]
    groups = [(g.agreement, sorted(v.text for v in g.values)) for g in story.figures]
    assert groups == [("conflict", ["120", "150"])]
    assert story.summary == ""
    with pytest.raises(ConfigError):
        build_story([briefs[0], briefs[0]])  # type: ignore[list-item]
    with pytest.raises(ConfigError):
        build_story(tmp_path / "missing")


def test_a_folder_with_one_unreadable_file_briefs_the_rest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permissions cannot make a file unreadable to root (which CI may run as), so the
    read itself is made to fail, as it would for a file of mode 000."""
    inputs = make_inputs(tmp_path / "in")
    locked = inputs / "story-2.txt"
    read_bytes = Path.read_bytes

    def guarded(path: Path) -> bytes:
        if path == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", guarded)
    listed = {item.article_id: item for item in read_articles(inputs)}
    assert isinstance(listed["story-2"], ReadFailure)
    assert listed["story-2"].reason == "cannot read file: Permission denied"
    with FakeEndpoint() as server, Summarizer(endpoint(server.base_url)) as s:
        report = s.summarise_paths(inputs, tmp_path / "out")
        results = dict(s.summarise_many(read_articles(inputs)))
    failed = {o.article_id: o.error for o in report.failures}
    assert failed["story-2"] == "cannot read file: Permission denied"
    assert report.count("done") == 4 and not (tmp_path / "out" / "story-2.json").exists()
    assert isinstance(results["story-2"], ArticleError)
    assert isinstance(results["story-0"], Brief)
