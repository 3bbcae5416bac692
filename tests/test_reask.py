from __future__ import annotations

import json
from typing import Any

from summarizer.calllog import CallLog
from summarizer.paths import call_log_path
from tests.helpers import endpoint_settings, summarise_one
from tests.support.fake_endpoint import FakeEndpoint, Reply, chat_completion

TEXT = ("Observers said anywhere from 800 to 1,000 people made it out of Baghuz on Friday. "
        "The Syrian Democratic Forces said the evacuation would continue.")


def draft(figure_text: str, quote: str) -> str:
    return json.dumps({
        "summary": "Civilians left Baghuz on Friday.",
        "actors": [{"name": "Syrian Democratic Forces", "aliases": [], "kind": "organization",
                    "role": "runs the evacuation",
                    "quote": "The Syrian Democratic Forces said the evacuation would continue"}],
        "figures": [{"text": figure_text, "counts": "people who left", "unit": "people",
                     "attributed_to": "Observers", "quote": quote}],
        "locations": [{"name": "Baghuz", "kind": "village", "within": "Syria",
                       "quote": "made it out of Baghuz"}],
        "open_questions": [],
    })


def invented_then_correct(body: dict[str, Any], index: int) -> Reply:
    if index == 0:
        return Reply(body=chat_completion(draft("1700", "1700 civilians made it out")))
    return Reply(body=chat_completion(draft("800 to 1,000", "from 800 to 1,000 people")))


def test_invented_figure_is_reasked_and_only_correct_one_kept() -> None:
    with FakeEndpoint(invented_then_correct) as server:
        brief = summarise_one(endpoint_settings(server.base_url), TEXT)
        second_request = server.requests[1]
    assert brief.provenance.attempts == 2
    assert [f.text for f in brief.figures] == ["800 to 1,000"]
    assert (brief.figures[0].low, brief.figures[0].high) == (800, 1000)
    # The re-ask tells the model what was wrong.
    reask = second_request["messages"][-1]["content"]
    assert ("1,700" in reask and "does not appear" in reask) or "not in the article" in reask
    for item in [*brief.actors, *brief.figures, *brief.locations]:
        for evidence in item.evidence:
            assert TEXT[evidence.start:evidence.end] == evidence.quote


def test_item_still_failing_after_last_reask_is_dropped_and_listed() -> None:
    def always_invented(body: dict[str, Any], index: int) -> Reply:
        return Reply(body=chat_completion(draft("1700", "1700 civilians made it out")))

    with FakeEndpoint(always_invented) as server:
        brief = summarise_one(endpoint_settings(server.base_url, max_reasks=1), TEXT)
        assert len(server.requests) == 2
    assert brief.figures == []
    assert brief.provenance.attempts == 2
    assert [d.field for d in brief.provenance.dropped] == ["figures"]
    assert [a.name for a in brief.actors] == ["Syrian Democratic Forces"]


def test_metadata_headers_never_reach_the_endpoint_and_calls_are_logged() -> None:
    with FakeEndpoint(invented_then_correct) as server:
        summarise_one(endpoint_settings(server.base_url), TEXT, article_id="logged")
        sent = server.headers
    assert all(not k.lower().startswith("x-summarizer-") for h in sent for k in h)
    log = CallLog(call_log_path())
    rows = log.calls_for("logged")
    log.close()
    assert [r["attempt"] for r in rows] == [1, 2]
    assert all(r["status"] == 200 and r["prompt_version"].startswith("brief-v") for r in rows)
