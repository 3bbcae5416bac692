"""The batch API and scale benchmarks run (tiny sizes) so they cannot rot; their figures
are not checked against targets here."""

from __future__ import annotations

from pathlib import Path

from bench import batchapi_memory, calllog_scale, client_cpu, scale_inputs


def test_client_cpu_benchmark_runs() -> None:
    result = client_cpu.run(articles=8, concurrency=4, latency=0.01, repeats=2)
    assert result["done"] == 8 and result["cpu_large_s"] > 0
    assert result["batch_api_done"] == 8 and result["batch_api_cpu_large_s"] > 0
    for key in ("cpu_per_article", "batch_api_cpu_per_article"):
        low, high = result[f"{key}_range_ms"]
        assert low <= result[f"{key}_ms"] <= high
    text = client_cpu.markdown(result)
    assert "client CPU per article" in text and "With `--batch-api`" in text
    assert text.count("the median of 2 runs") == 2


def test_call_log_benchmark_runs() -> None:
    result = calllog_scale.run(rows=300, response_bytes=500, lookups=50)
    assert result["lookups"]["present"]["found"] == 50
    assert result["lookups"]["absent"]["found"] == 0
    assert "| 300 |" in calllog_scale.markdown(result)


def test_batch_run_memory_benchmark_runs() -> None:
    result = batchapi_memory.run(sizes=(4, 8))
    assert [r["done"] for r in result["rows"]] == [4, 8]
    assert all(r["exit"] == 0 and r["batches"] == 1 for r in result["rows"])


def test_scale_inputs_measure_lines_and_plan(tmp_path: Path) -> None:
    import json

    manifest = tmp_path / "run.json"
    manifest.write_text(json.dumps({
        "settings": {"model": "m"}, "prompt_version": "p", "counts": {"failed": 0},
        "articles": [{"status": "done", "prompt_tokens": 1000, "completion_tokens": 500,
                      "attempts": 1}]}))
    tokens = scale_inputs.token_stats(manifest)
    lines = scale_inputs.drive_plans("json_schema")
    assert lines["bytes_mean"] > 1000 and lines["lines_per_file"] <= 50_000
    assert lines["lines_per_article"] >= 1 and lines["collect_cpu_ms_per_article"] > 0
    plan = scale_inputs.plan(tokens, lines, 1000, 1.0, 2.0, 1000.0)
    assert plan["on_demand_usd"] == 2 and plan["batch_usd"] == 1
