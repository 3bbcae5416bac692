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
    assert "summarizer/_data/prompts/briefing.system.j2" in names
    assert "summarizer/_data/schemas/brief.schema.json" in names
    assert "summarizer/eval/templates/report.html.j2" in names


def test_compact_grammar_admits_only_answers_that_fit_the_schema() -> None:
    """The grammar sent to the embedded engine is the schema without whitespace: every
    candidate key, in order, and only the listed kinds."""
    from summarizer.briefing.grammar import compact_grammar
    from summarizer.briefing.passes import entities_model

    grammar = compact_grammar(entities_model(["Ana Ruiz", "Lima"]).model_json_schema())
    assert '"{" "\\"Ana Ruiz\\":"' in grammar
    assert '"," "\\"Lima\\":"' in grammar
    assert '"\\"person\\""' in grammar and '"\\"city\\""' in grammar
    assert " space" not in grammar and "[ \\t\\n]" not in grammar
