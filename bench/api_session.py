"""The Python API's session: (a) summarise_many against an endpoint with a fixed latency,
against the ideal N·L/C; (b) on the embedded model, ten consecutive s.summarise() calls in
one session (one engine start, prompt prefix cached from call 2 on) against ten
summarise_text() calls (an engine start each). (b) needs the real model (slow)."""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.common import fake_endpoint


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Environment variables set for the block (a fresh SUMMARIZER_HOME: no cached answers)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def _texts(count: int) -> list[tuple[str, str]]:
    return [(f"a{i:03d}", f"Officials in Westport said {i + 3} ferries were delayed on Sunday. "
             f"The harbour master blamed {i % 7 + 2} storms.") for i in range(count)]


def run_many(articles: int = 64, concurrency: int = 8, latency: float = 0.5,
             repeats: int = 3) -> dict[str, Any]:
    """summarise_many wall time, from the first call to the last result, in an open session."""
    from summarizer import Brief, Settings, Summarizer

    ideal = articles * latency / concurrency
    rows: list[dict[str, Any]] = []
    with fake_endpoint(latency) as url, tempfile.TemporaryDirectory() as scratch:
        for repeat in range(repeats):
            home = str(Path(scratch) / f"home-{repeat}")
            settings = Settings(backend="openai", base_url=url, api_key="sk-bench-not-a-key",
                                model="fake-model", mode="json_schema")
            with _environment(SUMMARIZER_HOME=home):
                opened = time.perf_counter()
                with Summarizer(settings) as s:
                    started = time.perf_counter()
                    results = list(s.summarise_many(_texts(articles), concurrency=concurrency))
                    wall = time.perf_counter() - started
                    open_s = started - opened
                calls = _model_calls()
            briefs = sum(isinstance(r, Brief) for _, r in results)
            rows.append({"run": repeat + 1, "wall_s": round(wall, 3),
                         "ratio": round(wall / ideal, 3), "open_s": round(open_s, 3),
                         "briefs": briefs, "calls": calls})
    median = statistics.median(r["wall_s"] for r in rows)
    return {"articles": articles, "concurrency": concurrency, "latency_s": latency,
            "ideal_s": round(ideal, 3), "rows": rows, "median_s": round(median, 3),
            "median_ratio": round(median / ideal, 3)}


def _model_calls() -> int:
    """Requests that reached the endpoint, from the call log of the current home."""
    import sqlite3

    from summarizer.paths import call_log_path

    with contextlib.closing(sqlite3.connect(call_log_path())) as db:
        row = db.execute("select count(*) from calls where cached = 0").fetchone()
    return int(row[0])


def markdown_many(result: dict[str, Any]) -> str:
    lines = [f"`Summarizer.summarise_many` of N = {result['articles']} short articles at "
             f"concurrency C = {result['concurrency']} in one open session, against a fake "
             f"OpenAI-compatible endpoint (its own process, 127.0.0.1) answering "
             f"L = {result['latency_s']} s after each request arrives; a fresh call log "
             "(no cached answers) each run. Wall time runs from the call to the last result; "
             f"ideal N·L/C = {result['ideal_s']} s. Target: at most 1.1x the ideal.", "",
             "A brief takes one call a pass (the names' kinds, the actors' roles, the "
             "summary); against an endpoint an article's passes go out together, so an "
             "article takes one round trip (two when a re-ask is needed) and `concurrency` "
             "bounds the articles in flight.", "",
             "| run | wall (s) | wall / ideal | session open (s) | briefs | calls |",
             "|---:|---:|---:|---:|---:|---:|"]
    for row in result["rows"]:
        lines.append(f"| {row['run']} | {row['wall_s']} | {row['ratio']} | {row['open_s']} | "
                     f"{row['briefs']} | {row.get('calls', '-')} |")
    lines += ["", f"Median: {result['median_s']} s, {result['median_ratio']}x the ideal "
              "N·L/C."]
    return "\n".join(lines)


SHORT_TEXTS = [
    "Firefighters in Dunmore rescued 4 people from a flooded basement on Monday.",
    "The council in Westport approved 120 new homes near the harbour on Tuesday.",
    "Police in Leeds said 3 cars were stolen from a car park overnight.",
    "A ferry carrying 210 passengers ran aground off Hull, the coastguard said.",
    "Workers planted 1,500 trees along the river in Riverton last week.",
    "The museum in York had 2,300 visitors on Sunday, its director said.",
    "Storm Ciaran closed 30 schools in Devon on Wednesday, officials said.",
    "A bridge in Kendal will stay shut for 6 weeks after cracks were found.",
    "The hospital in Bath hired 45 nurses this year, a spokesman said.",
    "Rail strikes cancelled 800 trains across the north on Friday.",
]


def _call_timings(log_path: Path, article_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """llama.cpp's own timings for each article's calls, from the responses in the call log."""
    from summarizer.calllog import CallLog

    log = CallLog(log_path)
    found: dict[str, list[dict[str, Any]]] = {}
    try:
        for article_id in article_ids:
            rows = []
            for call in log.calls_for(article_id):
                timings = json.loads(call["response"] or "{}").get("timings") or {}
                rows.append({"prompt_n": timings.get("prompt_n", 0),
                             "cache_n": timings.get("cache_n", 0),
                             "prompt_ms": round(timings.get("prompt_ms", 0.0), 1),
                             "predicted_ms": round(timings.get("predicted_ms", 0.0), 1)})
            found[article_id] = rows
    finally:
        log.close()
    return found


def run_session(calls: int = 10, shortcut_calls: int | None = None) -> dict[str, Any]:
    """``calls`` calls in one session against ``shortcut_calls`` (default: as many) one-call
    shortcuts on the first of the same texts; no answer cache."""
    from summarizer import Settings, Summarizer, summarise_text
    from summarizer.model_store import default_model_path
    from summarizer.paths import call_log_path

    texts = SHORT_TEXTS[:calls]
    settings = Settings(backend="local", use_cache=False)
    model = str(default_model_path())
    session_rows: list[dict[str, Any]] = []
    shortcut_rows: list[dict[str, Any]] = []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as scratch, _environment(
            SUMMARIZER_HOME=scratch, SUMMARIZER_MODEL_PATH=model):
        opened = time.perf_counter()
        with Summarizer(settings) as s:
            start_s = time.perf_counter() - opened
            for i, text in enumerate(texts):
                began = time.perf_counter()
                brief = s.summarise(text, article_id=f"session-{i}")
                print(f"[bench] session call {i + 1}: {time.perf_counter() - began:.1f} s",
                      file=sys.stderr, flush=True)
                session_rows.append({"call": i + 1, "seconds": round(time.perf_counter() - began,
                                                                     2),
                                     "attempts": brief.provenance.attempts,
                                     "completion_tokens": brief.provenance.usage.completion_tokens})
        closed = time.perf_counter()
        session_total = closed - opened
        for i, text in enumerate(texts[:calls if shortcut_calls is None else shortcut_calls]):
            began = time.perf_counter()
            brief = summarise_text(text, article_id=f"shortcut-{i}", settings=settings)
            print(f"[bench] shortcut call {i + 1}: {time.perf_counter() - began:.1f} s",
                  file=sys.stderr, flush=True)
            shortcut_rows.append({"call": i + 1, "seconds": round(time.perf_counter() - began, 2),
                                  "attempts": brief.provenance.attempts,
                                  "completion_tokens": brief.provenance.usage.completion_tokens})
        shortcut_total = time.perf_counter() - closed
        timings = _call_timings(call_log_path(), [f"session-{i}" for i in range(len(texts))]
                                + [f"shortcut-{i}" for i in range(len(shortcut_rows))])
    for prefix, rows in (("session", session_rows), ("shortcut", shortcut_rows)):
        for row in rows:
            first = (timings.get(f"{prefix}-{row['call'] - 1}") or [{}])[0]
            row.update({"prompt_n": first.get("prompt_n", 0), "cache_n": first.get("cache_n", 0),
                        "prompt_ms": first.get("prompt_ms", 0.0)})
    return {"calls": len(texts), "shortcut_calls": len(shortcut_rows),
            "engine_start_s": round(start_s, 2),
            "session_total_s": round(session_total, 2),
            "shortcut_total_s": round(shortcut_total, 2),
            "session": session_rows, "shortcut": shortcut_rows, "load_before": load_before,
            "load": os.getloadavg()}


def markdown_session(result: dict[str, Any]) -> str:
    load = ", ".join(f"{x:.1f}" for x in result["load"])
    before = ", ".join(f"{x:.1f}" for x in result["load_before"])
    cached = sorted({row["cache_n"] for row in result["session"][1:]}) or [0]
    cached_text = str(cached[0]) if len(cached) == 1 else f"{cached[0]}-{cached[-1]}"
    tokens = [row["completion_tokens"] for row in result["session"] + result["shortcut"]]
    reading = [row["prompt_ms"] / 1000 for row in result["session"]]
    lines = [f"Short articles (one sentence each), embedded model, answer cache off. Left: "
             f"one `Summarizer` session, `s.summarise()` for each of {result['calls']} articles "
             "(the engine starts once, when the session opens). Right: `summarise_text()` for "
             f"the first {result['shortcut_calls']} of them (each call starts and stops its "
             "own engine, so its time includes the start). Prompt tokens are those of each "
             "article's first model call: `cached` is how many llama.cpp reused from its "
             "prompt cache, `read` how many it had to process (llama.cpp's own timings).", "",
             f"Engine start (session open): {result['engine_start_s']} s. Totals: session "
             f"{result['session_total_s']} s (start and close included), shortcuts "
             f"{result['shortcut_total_s']} s. Load average before the run: {before}; at the end: "
             f"{load} (2 cores; the engine's own threads count in the second figure).", "",
             "From call 2 on, each session call found "
             f"{cached_text} prompt "
             "tokens already in the engine's cache: the shared system prompt. The article "
             "comes next in every prompt, before the pass's task, so that the passes of one "
             "article share the article's tokens too; that sharing is within an article, and "
             "this table shows each article's first call only.", "",
             "A call's time is prompt reading (llama.cpp's `prompt_ms`, its own column: "
             f"{min(reading):.1f}-{max(reading):.1f} s of each session call here) and output "
             f"generation ({min(tokens)}-{max(tokens)} output tokens per brief here), which "
             "no cache shortens; the prompt cache shortens only the reading.", "",
             "| call | session (s) | prompt tokens cached / read | prompt reading (s) "
             "| output tokens | shortcut (s) | prompt tokens cached / read "
             "| prompt reading (s) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for index, session in enumerate(result["session"]):
        shortcut = result["shortcut"][index] if index < len(result["shortcut"]) else None
        right = (f"{shortcut['seconds']} | {shortcut['cache_n']} / {shortcut['prompt_n']} | "
                 f"{shortcut['prompt_ms'] / 1000:.1f}" if shortcut else "not run | - | -")
        lines.append(f"| {session['call']} | {session['seconds']} | {session['cache_n']} / "
                     f"{session['prompt_n']} | {session['prompt_ms'] / 1000:.1f} | "
                     f"{session['completion_tokens']} | {right} |")
    return "\n".join(lines)
