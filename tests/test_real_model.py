"""The real embedded model on a seed article. Slow (about a minute); runs in CI."""

from __future__ import annotations

import pytest

from summarizer import Settings, summarise_text
from summarizer.briefing.summary_check import problems
from summarizer.eval.recheck import stated_values
from summarizer.numbers import same_value
from tests.conftest import REAL_MODEL, SEEDS


@pytest.mark.real_model
def test_embedded_model_writes_a_grounded_brief() -> None:
    assert REAL_MODEL.is_file(), "run `summarizer model pull` (make setup does) first"
    text = (SEEDS / "004_be823db3eba7c02c.txt").read_text(encoding="utf-8")
    brief = summarise_text(text, article_id="004", settings=Settings(backend="local"))
    assert brief.provenance.backend == "local"
    assert brief.actors and brief.locations and brief.figures
    for item in [*brief.actors, *brief.locations, *brief.figures, *brief.open_questions]:
        assert item.evidence
        for evidence in item.evidence:
            assert text[evidence.start:evidence.end] == evidence.quote
    # The summary is whole sentences, at most three, and states no number the article does not.
    assert brief.summary and brief.summary.endswith((".", "!", "?", '"', "”"))
    assert not [p for p in problems(brief.summary, text) if "number" in p]
    assert brief.provenance.attempts >= 3  # names, roles, summary (and questions)
    for figure in brief.figures:
        quoted = set().union(*(stated_values(e.quote) for e in figure.evidence))
        assert any(same_value(figure.low, v) for v in quoted)
        assert any(same_value(figure.high, v) for v in quoted)
