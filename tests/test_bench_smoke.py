"""The benchmark code runs (tiny sizes) so it cannot rot; its figures are not checked
against targets here: benchmarks are not timed tests."""

from __future__ import annotations

import pytest

from bench import batch_overhead, engine, eval_speed, memory, quality


def test_batch_and_memory_benchmarks_run_end_to_end() -> None:
    # C=4 does not divide 6, so a run of 8 articles (2 full waves of 4) is added.
    overhead = batch_overhead.run(articles=6, latency=0.01, levels=(1, 4))
    assert [(r["concurrency"], r["articles"], r["done"]) for r in overhead["rows"]] == [
        (1, 6, 6), (4, 6, 6), (4, 8, 8)]
    assert overhead["rows"][1]["bound_s"] == 0.02
    assert "| 4 | 8 |" in batch_overhead.markdown(overhead)
    peak = memory.run(sizes=(5, 12), concurrency=4)
    assert [r["done"] for r in peak["rows"]] == [5, 12]
    assert all(r["peak_rss_mb"] > 10 for r in peak["rows"])
    assert "Ratio large/small" in memory.markdown(peak)


def test_eval_speed_benchmark_runs() -> None:
    result = eval_speed.run(pairs=10)
    assert len(result["rows"]) == 2 and "pairs/s" in eval_speed.markdown(result)


@pytest.mark.real_model
def test_engine_and_quality_benchmarks_run_on_one_article() -> None:
    measured = engine.run(limit=1)
    assert measured["per_article"][0]["calls"] >= 1 and measured["raw_s"] > 0
    assert measured["prompt_cost"]["system"] > 0
    assert measured["prompt_cost"]["candidate_lists"] > 0  # the first seed has candidates
    text = engine.markdown(measured)
    assert "ratio" in text
    calls = sum(r["calls"] for r in measured["per_article"])
    compared = quality.run(measured["briefs"], calls, limit=1)
    assert compared["pipeline"]["ungrounded_items"] == 0
    assert compared["pipeline"]["invented_numbers"] == 0
    assert "naive call" in quality.markdown(compared)
