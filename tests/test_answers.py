"""The plan's answer shapes are the pass models' shapes: same JSON schema, byte for byte,
and the same parse of any answer (the same values in the same order, or pydantic's own
rejection with the same error count)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from summarizer.briefing.answers import KeyedAnswer, answer_schema
from summarizer.briefing.passes import (
    KINDS,
    Summary,
    entities_answer,
    keyed_values,
    roles_answer,
)
from summarizer.candidates.collect import collect

ROOT = Path(__file__).resolve().parent.parent
ODD_NAMES = ["O'Neil_x y", "k1", "k0", "ÉCOLE du-Nord", "3M", "U.S.", 'say "hi"', "back\\slash",
             "  padded ", "snake_case_name", "Ünïcödé Straße", "東京", "a\u00a0b", "A&B Co."]


def _article_names() -> list[list[str]]:
    texts = sorted((ROOT / "eval" / "articles").glob("*.txt"))
    texts += sorted((ROOT / "eval" / "devset" / "articles").glob("*.txt"))
    found = []
    for path in texts:
        names = list(dict.fromkeys(c.name for c in collect(path.read_text("utf-8")).names))
        if names:
            found.append(names)
    return found


def _shapes(names: list[str]) -> list[KeyedAnswer]:
    ids = [f"Q{i + 1}" for i in range(len(names))]  # keys that look like identifiers
    return [entities_answer(names), roles_answer(names), roles_answer(ids)]


def test_schemas_are_the_pass_models_schemas() -> None:
    lists = [*_article_names(), ODD_NAMES]
    assert len(lists) > 30
    for names in lists:
        for shape in _shapes(names):
            expected = shape.model().model_json_schema(by_alias=True)
            # Serialised: key order is part of what the endpoint receives.
            assert json.dumps(shape.json_schema()) == json.dumps(expected)
    summary = answer_schema(Summary)
    assert json.dumps(summary.json_schema()) == json.dumps(Summary.model_json_schema())


def _reference(model: type[BaseModel], text: str) -> Any:
    try:
        return keyed_values(model.model_validate_json(text))
    except ValidationError as error:
        return ("rejected", error.error_count())


def _ours(shape: KeyedAnswer, text: str) -> Any:
    try:
        return keyed_values(shape.parse(text))
    except ValidationError as error:
        return ("rejected", error.error_count())


def _answers(keys: list[str], good: str) -> list[str]:
    whole = {k: good for k in keys}
    first = keys[0]
    answers = [
        json.dumps(whole), json.dumps(whole, indent=2), " " + json.dumps(whole) + "\n",
        json.dumps(dict(reversed(list(whole.items())))),  # keys in another order
        json.dumps({**whole, first: "other"}), json.dumps({**whole, first: "Person"}),
        json.dumps({**whole, first: 3}), json.dumps({**whole, first: None}),
        json.dumps({**whole, first: [good]}), json.dumps({**whole, first: {"v": good}}),
        json.dumps({**whole, "extra": good}), json.dumps({k: good for k in keys[1:]}),
        json.dumps({f"k{i}": good for i in range(len(keys))}),  # field names, not aliases
        json.dumps({**whole, "k0": good}),
        json.dumps(whole)[:-1] + f', "{first}": "{good}"}}',  # a key twice
        json.dumps(whole)[:-1] + f', "{first}": "other"}}',
        json.dumps(whole)[:-1] + f', "{first}": 5}}',
        json.dumps(whole).replace(f'"{good}"', '"\\ud800"', 1),  # a lone surrogate
        json.dumps(whole).replace(f'"{good}"', f'"{good}\\u0041"', 1),
        json.dumps(whole) + " trailing", json.dumps(whole)[:-3], "", "null", "[]", '"text"',
        json.dumps([whole]), json.dumps({**whole, first: float("nan")}),
        json.dumps(whole).replace(f'"{good}"', f'"{good}\n"', 1),  # a raw newline
    ]
    return answers


@pytest.mark.parametrize("names", [["Ana Ruiz", "Lima"], ["k1", "Acme"], ODD_NAMES[:6]])
def test_parse_is_the_pass_models_parse(names: list[str]) -> None:
    for shape, good in zip(_shapes(names), ("person", "a role", "What next?"), strict=True):
        model = shape.model()
        for text in _answers(shape.keys, good):
            assert _ours(shape, text) == _reference(model, text), text


def test_a_fitting_answer_needs_no_model() -> None:
    built: list[list[str]] = []

    def build(keys: list[str]) -> type[BaseModel]:
        built.append(keys)
        return Summary

    shape = KeyedAnswer("Entities", ["Ana Ruiz", "Lima"], KINDS, build)
    assert shape.parse('{"Lima": "city", "Ana Ruiz": "person"}') == {
        "Ana Ruiz": "person", "Lima": "city"}
    assert built == []


def test_the_plan_takes_the_drivers_parse_and_a_batch_run_never_stores_it(
        tmp_path: Path) -> None:
    """An answer the on-demand driver already parsed reaches the plan as that parse (the
    plan does not parse the text again); the batch answers file keeps the other fields."""
    from summarizer.batchapi.state import StateStore
    from summarizer.briefing.article_plan import ArticleBriefing
    from summarizer.briefing.plan import CallAnswer
    from summarizer.briefing.prompting import load_briefing_prompts
    from summarizer.reading import Article

    text = sorted((ROOT / "eval" / "articles").glob("*.txt"))[0].read_text("utf-8")
    plan = ArticleBriefing(Article("a", text), load_briefing_prompts(), backend="openai",
                           model="m", part_chars=12_000)
    call = next(c for c in plan.next_calls() if ".entities." in c.key)
    shape = answer_schema(call.response_model)
    assert isinstance(shape, KeyedAnswer)
    content = json.dumps({key: "person" for key in shape.keys})
    parsed = shape.parse(content)
    first = next(iter(parsed))
    parsed[first] = "place"  # not what the text says: only the handed parse says so
    plan.answer(CallAnswer(call.key, content, parsed=parsed))
    assert plan.parts[0].passes["entities"].answer is parsed

    state = StateStore(tmp_path)
    state.append_answers({"c1": CallAnswer("p1.entities.1", content, 3, 4, parsed=parsed)})
    row = json.loads(state.answers_path.read_text("utf-8"))
    assert "parsed" not in row and row["content"] == content
    loaded = state.load_answers()["c1"]
    assert (loaded.content, loaded.prompt_tokens, loaded.parsed) == (content, 3, None)
