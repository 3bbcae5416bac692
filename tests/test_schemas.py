from __future__ import annotations

import pytest

from summarizer.schemas import committed, generated, render


@pytest.mark.parametrize("name", sorted(generated()))
def test_committed_schema_matches_models(name: str) -> None:
    """Fails when a model changes without `python -m summarizer.schemas` being rerun."""
    assert render(committed(name)) == render(generated()[name])


def test_prompts_and_schemas_ship_inside_the_wheel(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys
    import zipfile
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(root)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    wheel = next(tmp_path.glob("summarizer-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "summarizer/_data/prompts/brief.system.j2" in names
    assert "summarizer/_data/schemas/brief.schema.json" in names
    assert "summarizer/eval/templates/report.html.j2" in names


def test_request_model_is_the_draft_schema_built_once() -> None:
    """What the model decodes against is DraftBrief's schema, under DraftBrief's name, and
    instructor uses the prebuilt class as it is (no per-call subclass)."""
    from instructor.v2.core.response_model import prepare_response_model

    from summarizer.extraction import DraftBrief, DraftBriefRequest

    assert prepare_response_model(DraftBriefRequest) is DraftBriefRequest
    assert DraftBriefRequest.model_json_schema() == DraftBrief.model_json_schema()
    assert DraftBriefRequest.openai_schema["name"] == "DraftBrief"
    given = DraftBriefRequest.model_json_schema()
    given["properties"].clear()  # a caller editing its copy must not change the next one
    assert DraftBriefRequest.model_json_schema() == DraftBrief.model_json_schema()
