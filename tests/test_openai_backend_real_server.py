"""The openai backend against a real OpenAI-compatible server: the embedded engine's own
llama.cpp HTTP server, started alone on 127.0.0.1 and driven through the installed console
script with only --backend openai, --base-url and --model. Slow (one short article)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from summarizer.calllog import CallLog
from summarizer.engine import LocalEngine
from summarizer.paths import call_log_path
from summarizer.settings import LOCAL_MODEL_NAME
from tests.conftest import REAL_MODEL, SEEDS
from tests.test_cli_usage import script

ARTICLE = "004_be823db3eba7c02c"  # the shortest seed


@pytest.mark.real_model
def test_openai_backend_on_a_llama_cpp_server(tmp_path: Path) -> None:
    assert REAL_MODEL.is_file(), "run `summarizer model pull` (make setup does) first"
    source = SEEDS / f"{ARTICLE}.txt"
    out = tmp_path / "briefs"
    with LocalEngine(REAL_MODEL) as engine:
        assert engine.base_url.startswith("http://127.0.0.1:")
        result = subprocess.run(
            [script(), "summarise", str(source), "--out", str(out), "--backend", "openai",
             "--base-url", engine.base_url, "--model", LOCAL_MODEL_NAME],
            capture_output=True, text=True, timeout=900, check=False,
            # Two shared CPU cores: a brief can take longer than an endpoint's default 120 s.
            env={**os.environ, "SUMMARIZER_TIMEOUT": "900"})
    assert result.returncode == 0, result.stderr
    brief = json.loads((out / f"{ARTICLE}.json").read_text("utf-8"))
    text = source.read_text("utf-8")
    assert brief["provenance"]["backend"] == "openai"
    assert brief["actors"] and brief["figures"]
    for field in ("actors", "figures", "locations", "open_questions"):
        for item in brief[field]:
            for evidence in item["evidence"]:
                assert text[evidence["start"]:evidence["end"]] == evidence["quote"]
    (entry,) = json.loads((out / "run.json").read_text("utf-8"))["articles"]
    settings = json.loads((out / "run.json").read_text("utf-8"))["settings"]
    assert settings["mode"] == "json_schema" and settings["concurrency"] == 2
    # llama.cpp reports its own working time: model time is measured, not the round trip.
    assert 0 < entry["model_s"] <= entry["latency_s"]
    assert entry["queued_s"] < 1.0, entry
    log = CallLog(call_log_path())
    try:
        calls = log.recent_calls(10)
    finally:
        log.close()
    assert calls and all(call["model_ms"] for call in calls), calls
