"""The answer shape of each pass, built per article: its keys are the article's candidates.

Each pass answers about candidates listed in the prompt, one key per candidate in list
order, so the model labels every candidate and cannot add one the article does not have.
Kinds are enums; free text is asked for only where a brief needs words of its own (roles,
questions, the summary). Lengths are not constrained in the schema
(bounded repetition makes llama.cpp grammars slow); assembly trims what is too long.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from summarizer.briefing.answers import KeyedAnswer

# Besides the kinds a brief keeps, the model gets names for the things it must leave out
# (a small model sorts "Star Wars" or "Nikkei" better into "product" than into "other").
KINDS = ("person", "organization", "group", "country", "region", "city", "site",
         "nationality", "product", "event", "other")
ACTOR_KINDS = ("person", "organization", "group")
NOT_ACTING = "place"


def _keyed(title: str, keys: list[str], value: Any) -> type[BaseModel]:
    """An object with one required field per key, in order (keys need not be identifiers)."""
    fields: dict[str, Any] = {f"k{i}": (value, Field(alias=key)) for i, key in enumerate(keys)}
    return create_model(title, __config__=ConfigDict(extra="forbid", populate_by_name=True),
                        **fields)


def keyed_values(answer: BaseModel | dict[str, Any]) -> dict[str, Any]:
    """A keyed answer as {candidate: value}: an instance of a model above, or the parse
    of a ``KeyedAnswer`` (already that dict)."""
    if isinstance(answer, dict):
        return dict(answer)
    return answer.model_dump(by_alias=True)


def entities_model(names: list[str]) -> type[BaseModel]:
    """The kind of each name."""
    return _keyed("Entities", names, Literal[KINDS])


def roles_model(names: list[str]) -> type[BaseModel]:
    """What each actor does in the story."""
    return _keyed("Roles", names, str)


class Summary(BaseModel):
    """A summary in the model's own words."""

    model_config = ConfigDict(extra="forbid")

    summary: str


# What the plan sends: the shapes of the models above without building a pydantic model per
# article (see ``answers``); each falls back on its model for an answer that does not fit.

def entities_answer(names: list[str]) -> KeyedAnswer:
    return KeyedAnswer("Entities", names, KINDS, entities_model)


def roles_answer(names: list[str]) -> KeyedAnswer:
    return KeyedAnswer("Roles", names, None, roles_model)
