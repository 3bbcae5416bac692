"""JSON Schemas generated from the models; committed under ``schemas/``.

``python -m summarizer.schemas`` rewrites them; a test fails when they drift.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from summarizer.brief import Brief
from summarizer.briefing.passes import (
    Summary,
    entities_model,
    roles_model,
)
from summarizer.prompts import data_folder


def generated() -> dict[str, dict[str, Any]]:
    from summarizer.eval.gold import GoldFile
    from summarizer.story.model import Story

    return {
        "brief.schema.json": Brief.model_json_schema(),
        **pass_examples(),
        "gold.schema.json": GoldFile.model_json_schema(),
        "story.schema.json": Story.model_json_schema(),
    }


def pass_examples() -> dict[str, dict[str, Any]]:
    """The briefing passes' answer schemas. Their keys and choices are each article's own
    candidates, so these are built for placeholder candidates: they show the shape."""
    names = ["<name 1>", "<name 2>"]
    return {
        "pass.entities.schema.json": entities_model(names).model_json_schema(),
        "pass.roles.schema.json": roles_model(names).model_json_schema(),
        "pass.summary.schema.json": Summary.model_json_schema(),
    }


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in generated().items():
        path = folder / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written


def committed(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((data_folder("schemas") / name).read_text("utf-8"))
    return loaded


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "schemas"
    for path in write(target):
        print(path)
