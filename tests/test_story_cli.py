"""`summarizer story` as users run it: the installed console script, real files, and for
the summary a real OpenAI-compatible server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from summarizer.story.model import Story
from tests.helpers import API_KEY
from tests.story_support import ROOT, seed_briefs
from tests.support.fake_endpoint import FakeEndpoint, Reply, chat_completion

SCRIPT = str(Path(sys.executable).parent / "summarizer")


def run(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    assert shutil.which(SCRIPT), "the console script is installed with the package"
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, timeout=120,
                          check=False, env=env or dict(os.environ), cwd=ROOT)


def write_briefs(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for brief in seed_briefs():
        (folder / f"{brief.article_id}.json").write_text(brief.model_dump_json(), "utf-8")
    (folder / "run.json").write_text("{}", "utf-8")  # a run manifest is not a brief
    return folder


def test_story_without_summary_writes_three_files(tmp_path: Path) -> None:
    briefs = write_briefs(tmp_path / "briefs")
    out = tmp_path / "story"
    result = run(["story", str(briefs), "--articles", str(ROOT / "eval" / "articles"),
                  "--no-summary", "--out", str(out)])
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["story.html", "story.json", "story.md"]
    story = Story.model_validate_json((out / "story.json").read_text("utf-8"))
    assert len(story.articles) == 5 and story.summary == ""
    import jsonschema

    schema = json.loads((ROOT / "schemas" / "story.schema.json").read_text("utf-8"))
    jsonschema.validate(json.loads((out / "story.json").read_text("utf-8")), schema)
    assert story.evidence_check is not None and story.evidence_check.mismatched == []
    markdown = (out / "story.md").read_text("utf-8")
    assert markdown.index("Where the outlets differ") < markdown.index("agree on")
    assert result.stdout == ""  # data goes to files, messages to stderr


def test_group_splits_a_mixed_folder_and_writes_an_index(tmp_path: Path) -> None:
    briefs = write_briefs(tmp_path / "briefs")
    from tests.story_support import brief

    other = brief("zz_other", actors=["Kevin Mayer", "Disney"], places=["Burbank"])
    (briefs / "zz_other.json").write_text(other.model_dump_json(), "utf-8")
    out = tmp_path / "stories"
    result = run(["story", str(briefs), "--group", "--no-summary", "--out", str(out)])
    assert result.returncode == 0, result.stderr
    index = json.loads((out / "index.json").read_text("utf-8"))
    groups = sorted(sorted(s["articles"]) for s in index["stories"])
    assert groups == [sorted(b.article_id for b in seed_briefs()), ["zz_other"]]
    for entry in index["stories"]:
        assert (out / entry["folder"] / "story.json").is_file()


def test_usage_errors_exit_2_with_a_message(tmp_path: Path) -> None:
    missing = run(["story", str(tmp_path / "nope"), "--no-summary", "--out", str(tmp_path)])
    assert missing.returncode == 2
    assert "input not found" in missing.stderr and "Traceback" not in missing.stderr
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "a brief"}', "utf-8")
    invalid = run(["story", str(bad), "--no-summary", "--out", str(tmp_path / "o")])
    assert invalid.returncode == 2 and "not a readable brief" in invalid.stderr
    # One message (rich may wrap it at the console width), never a traceback.
    assert invalid.stderr.startswith("error: ") and "Traceback" not in invalid.stderr


def summary_responder(first: str, second: str) -> Any:
    """First answer ``first``; any later one ``second`` (the re-ask)."""

    def respond(body: dict[str, Any], index: int) -> Reply:
        text = first if index == 0 else second
        return Reply(body=chat_completion(json.dumps({"summary": text})))

    return respond


def _env(base_url: str) -> dict[str, str]:
    return {**os.environ, "OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": API_KEY,
            "SUMMARIZER_MODEL": "fake-model", "SUMMARIZER_MODE": "json_schema"}


def test_summary_through_the_backend_with_numbers_checked(tmp_path: Path) -> None:
    briefs = write_briefs(tmp_path / "briefs")
    out = tmp_path / "story"
    invented = "Outlets agree 4,321 people left Baghuz."
    grounded = ("Five outlets report the evacuation of Baghuz. They differ on the fighters "
                "left: about 300 or up to 600.")
    with FakeEndpoint(summary_responder(invented, grounded)) as server:
        result = run(["story", str(briefs), "--out", str(out)], _env(server.base_url))
        requests = list(server.requests)
    assert result.returncode == 0, result.stderr
    story = Story.model_validate_json((out / "story.json").read_text("utf-8"))
    assert story.summary == grounded and story.summary_source == "model"
    assert story.summary_check.unsupported == []
    assert "300" in story.summary_check.numbers
    # The first answer invented a number; the re-ask named it back to the model.
    assert len(requests) == 2
    assert "4,321" in json.dumps(requests[1]["messages"])
    assert "up to 600" in requests[0]["messages"][1]["content"]
    for path in out.iterdir():
        assert API_KEY not in path.read_text("utf-8")
    assert API_KEY not in result.stderr


def test_a_summary_that_stays_ungrounded_fails_the_run_but_keeps_the_story(
        tmp_path: Path) -> None:
    briefs = write_briefs(tmp_path / "briefs")
    out = tmp_path / "story"
    invented = "Outlets agree 4,321 people left."
    with FakeEndpoint(summary_responder(invented, invented)) as server:
        result = run(["story", str(briefs), "--out", str(out)], _env(server.base_url))
    assert result.returncode == 1
    assert "summary" in result.stderr
    story = Story.model_validate_json((out / "story.json").read_text("utf-8"))
    assert story.summary == "" and len(story.figures) > 5


def test_grouped_stories_get_their_summaries_through_one_backend(tmp_path: Path) -> None:
    from tests.story_support import brief

    briefs = write_briefs(tmp_path / "briefs")
    other = brief("zz_other", actors=["Kevin Mayer", "Disney"], places=["Burbank"])
    (briefs / "zz_other.json").write_text(other.model_dump_json(), "utf-8")
    out = tmp_path / "stories"
    plain = "The outlets report the events."
    with FakeEndpoint(summary_responder(plain, plain)) as server:
        result = run(["story", str(briefs), "--group", "--out", str(out)],
                     _env(server.base_url))
        asked = len(server.requests)
    assert result.returncode == 0, result.stderr
    assert asked == 2
    index = json.loads((out / "index.json").read_text("utf-8"))
    for entry in index["stories"]:
        story = Story.model_validate_json((out / entry["folder"] / "story.json").read_text())
        assert story.summary == plain
