"""What a call's answer must look like: its JSON schema, and the parse of an answer.

A plan's passes are keyed by the article's own candidates, so their answer shapes differ
per article. Building a pydantic model for each (``create_model``), and its JSON schema
for each call, cost more client CPU than the rest of an article's work together. A
:class:`KeyedAnswer` gives the same schema and the same parse without one: the schema is
written out directly in pydantic's own layout, and an answer that certainly fits is
parsed with pydantic's JSON parser and checked here; any other answer goes to the
equivalent pydantic model, built only then, so a rejection is pydantic's own (same error
count) and an odd answer pydantic would still accept is accepted the same way.
``tests/test_answers.py`` checks both against the pydantic models of ``passes``.

Fixed answer models (the summary, a test's toy model) go through :class:`ModelAnswer`,
which caches the model's schema.
"""

from __future__ import annotations

import copy
from abc import ABC, abstractmethod
from collections.abc import Callable
from functools import cache, cached_property
from typing import Any

import pydantic_core
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema


class AnswerSchema(ABC):
    """The answer shape of one call, as the drivers and the plan use it."""

    name: str  # the schema's title: instructor's tool and response-format name

    @abstractmethod
    def json_schema(self) -> dict[str, Any]:
        """The JSON schema, as ``model().model_json_schema(by_alias=True)`` gives it; a
        fresh copy each time, so callers may change it."""

    @abstractmethod
    def parse(self, text: str) -> Any:
        """The answer in ``text``; raises pydantic's ``ValidationError`` if it does not fit."""

    @abstractmethod
    def model(self) -> type[BaseModel]:
        """The equivalent pydantic model (built on first use for keyed answers)."""


Response = type[BaseModel] | AnswerSchema


class ModelAnswer(AnswerSchema):
    """A fixed pydantic model: its parse is the model's, its schema cached."""

    def __init__(self, model: type[BaseModel]) -> None:
        self._model = model
        self.name = model.__name__
        self._schema = model.model_json_schema(by_alias=True)

    def json_schema(self) -> dict[str, Any]:
        return copy.deepcopy(self._schema)

    def parse(self, text: str) -> BaseModel:
        return self._model.model_validate_json(text)

    def model(self) -> type[BaseModel]:
        return self._model


@cache
def _model_answer(model: type[BaseModel]) -> ModelAnswer:
    return ModelAnswer(model)


def answer_schema(response: Response) -> AnswerSchema:
    """The ``AnswerSchema`` of a call's ``response_model`` (a pydantic model or one already)."""
    if isinstance(response, AnswerSchema):
        return response
    return _model_answer(response)


# Pydantic's own title for a field named by its alias, so the schema is the one it writes.
_title = GenerateJsonSchema(by_alias=True).get_title_from_name


class KeyedAnswer(AnswerSchema):
    """An object with one required string field per key, in order, limited to ``choices``
    unless that is None; no other key. ``build(keys)`` makes the same shape as a pydantic
    model: field ``k{i}`` aliased to the i-th key, ``extra="forbid"``,
    ``populate_by_name=True``, no docstring (``passes``). ``parse`` gives ``{key: value}``
    in key order, as ``model_dump(by_alias=True)`` does."""

    def __init__(self, name: str, keys: list[str], choices: tuple[str, ...] | None,
                 build: Callable[[list[str]], type[BaseModel]]) -> None:
        self.name = name
        self.keys = list(keys)
        self.choices = choices
        self._allowed = frozenset(choices) if choices is not None else None
        self._build = build

    def json_schema(self) -> dict[str, Any]:
        # Key order as pydantic writes it: sorted within each object, properties in field
        # order, required in field order.
        properties: dict[str, Any] = {}
        for key in self.keys:
            if self.choices is not None:
                properties[key] = {"enum": list(self.choices), "title": _title(key),
                                   "type": "string"}
            else:
                properties[key] = {"title": _title(key), "type": "string"}
        return {"additionalProperties": False, "properties": properties,
                "required": list(self.keys), "title": self.name, "type": "object"}

    def parse(self, text: str) -> dict[str, Any]:
        fits = self._certain_fit(text)
        if fits is not None:
            return fits
        # Pydantic decides everything else: a rejection raises its ValidationError.
        return self.model().model_validate_json(text).model_dump(by_alias=True)

    def _certain_fit(self, text: str) -> dict[str, str] | None:
        """The answer when it is an object with exactly the keys, each a string in the
        choices; otherwise None. pydantic's own JSON parser, so what parses is the same."""
        try:
            data = pydantic_core.from_json(text)
        except ValueError:
            return None
        if not isinstance(data, dict) or len(data) != len(self.keys):
            return None
        found: dict[str, str] = {}
        allowed = self._allowed
        for key in self.keys:
            value = data.get(key)
            if not isinstance(value, str) or (allowed is not None and value not in allowed):
                return None
            found[key] = value
        return found

    def model(self) -> type[BaseModel]:
        return self._pydantic

    @cached_property
    def _pydantic(self) -> type[BaseModel]:
        return self._build(self.keys)
