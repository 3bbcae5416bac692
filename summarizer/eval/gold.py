"""Gold files: hand-labelled truth for one article each (contract v1)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from summarizer.brief import ActorKind, LocationKind, Qualifier
from summarizer.errors import ConfigError


class GoldActor(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    kind: ActorKind
    required: bool = True


class GoldLocation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    kind: LocationKind
    required: bool = True


class GoldFigure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="As written, hedges and scale words kept.")
    low: float
    high: float
    qualifier: Qualifier
    unit: str = ""
    counts: str = Field(min_length=1)
    required: bool = True

    @model_validator(mode="after")
    def _ordered(self) -> GoldFigure:
        if self.low > self.high:
            raise ValueError(f"low {self.low} is greater than high {self.high}")
        return self


class GoldQuestion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(min_length=1)
    required: bool = True


class GoldFile(BaseModel):
    """Hand-labelled truth for one article."""

    model_config = ConfigDict(extra="forbid")

    article_id: str = Field(min_length=1)
    actors: list[GoldActor] = Field(default_factory=list)
    locations: list[GoldLocation] = Field(default_factory=list)
    figures: list[GoldFigure] = Field(default_factory=list)
    open_questions: list[GoldQuestion] = Field(default_factory=list)


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top level)"
    return f"field {where}: {first['msg']}"


def load_gold(folder: Path) -> dict[str, GoldFile]:
    """Every gold file in ``folder`` (not its articles/ subfolder), keyed by article id."""
    if not folder.is_dir():
        raise ConfigError(f"gold folder not found: {folder}")
    gold: dict[str, GoldFile] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ConfigError(f"gold file {path}: not valid JSON ({error})") from error
        try:
            item = GoldFile.model_validate(data)
        except ValidationError as error:
            raise ConfigError(f"gold file {path}: {_describe(error)}") from error
        if item.article_id != path.stem:
            raise ConfigError(f"gold file {path}: field article_id is {item.article_id!r}, "
                              f"but the file is named for {path.stem!r}")
        gold[item.article_id] = item
    if not gold:
        raise ConfigError(f"no gold files (*.json) in {folder}")
    return gold
