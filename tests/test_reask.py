"""What the model writes in its own words is checked against the article: a summary that
states a number or a name the article does not goes back once, and what still fails is
dropped and listed."""

from __future__ import annotations

import json
from typing import Any

from summarizer.calllog import CallLog
from summarizer.paths import call_log_path
from tests.helpers import endpoint_settings, summarise_one
from tests.support.fake_endpoint import (
    FakeEndpoint,
    Reply,
    chat_completion,
    grounded_answer,
    pass_of,
)

TEXT = ("Observers said anywhere from 800 to 1,000 people made it out of Baghuz on Friday. "
        "The Syrian Democratic Forces said the evacuation would continue.")
INVENTED = "About 1,700 civilians left Baghuz, Human Rights Watch said. The evacuation goes on."
CORRECT = "Between 800 and 1,000 people left Baghuz on Friday. The evacuation goes on."


def summaries(*texts: str) -> Any:
    """A model whose summaries are ``texts`` in turn (the last one repeats); other passes
    answer from the article."""
    asked = []

    def responder(body: dict[str, Any], index: int) -> Reply:
        if pass_of(body) != "Summary":
            return Reply(body=chat_completion(json.dumps(grounded_answer(body))))
        asked.append(body)
        text = texts[min(len(asked), len(texts)) - 1]
        return Reply(body=chat_completion(json.dumps({"summary": text})))

    responder.asked = asked  # type: ignore[attr-defined]
    return responder


def test_summary_with_invented_number_is_reasked_and_the_rewrite_kept() -> None:
    model = summaries(INVENTED, CORRECT)
    with FakeEndpoint(model) as server:
        brief = summarise_one(endpoint_settings(server.base_url), TEXT)
    assert brief.summary == CORRECT
    reask = model.asked[-1]["messages"][-1]["content"]
    assert '"1,700"' in reask and "not in the article" in reask
    assert '"Human Rights Watch"' in reask or '"Human"' in reask
    assert model.asked[-1]["messages"][-2] == {"role": "assistant",
                                               "content": json.dumps({"summary": INVENTED})}
    assert brief.provenance.dropped == []


def test_summary_still_failing_after_the_rewrite_keeps_only_supported_sentences() -> None:
    model = summaries(INVENTED)
    with FakeEndpoint(model) as server:
        brief = summarise_one(endpoint_settings(server.base_url), TEXT)
    assert len(model.asked) == 2
    assert brief.summary == "The evacuation goes on."
    assert {d.field for d in brief.provenance.dropped} == {"summary"}
    assert any("1,700" in d.reason for d in brief.provenance.dropped)


def test_metadata_headers_never_reach_the_endpoint_and_calls_are_logged() -> None:
    with FakeEndpoint(summaries(CORRECT)) as server:
        brief = summarise_one(endpoint_settings(server.base_url), TEXT, article_id="logged")
        sent = server.headers
    assert all(not k.lower().startswith("x-summarizer-") for h in sent for k in h)
    log = CallLog(call_log_path())
    rows = log.calls_for("logged")
    log.close()
    assert len(rows) == brief.provenance.attempts >= 3
    assert all(r["status"] == 200 and r["prompt_version"].startswith("briefing-v")
               for r in rows)


def test_max_reasks_and_max_tokens_settings_bound_every_pass() -> None:
    model = summaries(INVENTED)
    with FakeEndpoint(model) as server:
        brief = summarise_one(endpoint_settings(server.base_url, max_reasks=0, max_tokens=64),
                              TEXT)
        sent = list(server.requests)
    assert len(model.asked) == 1  # no re-ask allowed
    assert brief.summary == "The evacuation goes on."
    assert sent and all(body["max_tokens"] <= 64 for body in sent)
