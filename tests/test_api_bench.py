"""The API benchmarks run (tiny sizes) so they cannot rot; figures are not checked here."""

from __future__ import annotations

import pytest

from bench import api_session, run_all


def test_summarise_many_benchmark_runs_and_renders() -> None:
    result = api_session.run_many(articles=8, concurrency=4, latency=0.01, repeats=1)
    assert [row["briefs"] for row in result["rows"]] == [8]
    assert result["ideal_s"] == 0.02
    text = api_session.markdown_many(result)
    assert "| 1 |" in text and "Median" in text


def test_partial_rerun_says_which_sections_were_measured() -> None:
    result = api_session.run_many(articles=4, concurrency=4, latency=0.01, repeats=1)
    result["_date"] = "2026-11-24T00:00:00+00:00"
    page = run_all.render({"api_many": result}, "python -m bench.run_all --only api_many",
                          only={"api_many"})
    assert "Re-measured by `python -m bench.run_all --only api_many`: `api_many`" in page
    assert "## Python API: summarise_many" in page and "## Memory" not in page
    assert "Measured 2026-11-24T00:00:00+00:00." in page


@pytest.mark.real_model
def test_session_benchmark_runs_on_the_embedded_model() -> None:
    result = api_session.run_session(calls=1)
    assert result["engine_start_s"] > 0
    assert result["session"][0]["prompt_n"] + result["session"][0]["cache_n"] > 0
    assert "| 1 |" in api_session.markdown_session(result)
