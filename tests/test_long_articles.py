from __future__ import annotations

import itertools
import json
from typing import Any

from summarizer.chunking import split_parts
from tests.helpers import endpoint_settings, summarise_one
from tests.support.fake_endpoint import (
    FakeEndpoint,
    Reply,
    article_of,
    chat_completion,
    grounded_answer,
    listed_amounts,
    pass_of,
    request_schema,
)

PARAGRAPHS = [
    "The Harbor Authority said 12 ships were stuck outside Port Vell on Monday.",
    "Dock workers in Port Vell said the strike would go on. The Harbor Authority disagreed.",
    "By Tuesday, 12 ships were still waiting and 3 more had arrived.",
    "The Harbor Authority said talks would resume on Friday in Port Vell.",
]
TEXT = "\n\n".join(PARAGRAPHS)


def test_parts_end_on_paragraphs_and_cover_the_text() -> None:
    parts = split_parts(TEXT, 160)
    assert len(parts) > 1
    assert parts[0].start == 0 and parts[-1].end == len(TEXT)
    for before, after in itertools.pairwise(parts):
        assert before.end == after.start
        assert TEXT[before.end - 2:before.end] == "\n\n"
    assert all(p.end - p.start <= 160 for p in parts)


def test_unbroken_text_is_still_split_within_the_limit() -> None:
    text = "word " * 500
    parts = split_parts(text, 300)
    assert "".join(text[p.start:p.end] for p in parts) == text
    assert all(p.end - p.start <= 300 for p in parts)


def per_part(body: dict[str, Any], index: int) -> Reply:
    """A model that names the Harbor Authority and Port Vell where a part mentions them and
    labels the ships each part counts."""
    part = article_of(body)
    kind = pass_of(body)
    known = {"Harbor Authority": "organization", "Port Vell": "city"}
    if kind == "Entities":
        answer: dict[str, Any] = {name: known.get(name, "other")
                                  for name in request_schema(body)["properties"]}
        assert set(answer) & set(known) == {n for n in known if n in part}
    elif kind == "Roles":
        answer = {name: "runs the port" for name in request_schema(body)["properties"]}
    elif kind == "Figures":
        answer = {key: "ships waiting outside the port" if text in ("12", "3") else ""
                  for key, text in listed_amounts(body).items()}
    elif kind == "Summary":
        answer = {"summary": "Ships waited at Port Vell."}
    else:
        answer = grounded_answer(body)
    return Reply(body=chat_completion(json.dumps(answer)))


def test_long_article_is_split_merged_and_offsets_point_into_the_whole() -> None:
    with FakeEndpoint(per_part) as server:
        brief = summarise_one(endpoint_settings(server.base_url, part_chars=160), TEXT)
        parts = {article_of(body) for body in server.requests}
    assert brief.provenance.parts == len(parts) > 1
    assert [a.name for a in brief.actors] == ["Harbor Authority"]
    assert [p.name for p in brief.locations] == ["Port Vell"]
    assert len(brief.actors[0].evidence) > 1  # one mention per part that names it
    values = sorted((f.low, f.evidence[0].start) for f in brief.figures)
    assert [v for v, _ in values].count(3) == 1
    for item in [*brief.actors, *brief.locations, *brief.figures]:
        for evidence in item.evidence:
            assert TEXT[evidence.start:evidence.end] == evidence.quote
