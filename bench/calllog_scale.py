"""The call log at a million rows: insert and look-up time through ``CallLog`` itself.

Rows are inserted one call at a time, as the on-demand transport writes them (one
transaction each; the batch collector writes a collected batch's answers in one), with a
response body of ``response_bytes`` (default 3,400: the mean answer size in the dev-set
baseline's call log). Look-ups are ``cached_response`` for hashes that are present
(random rows) and absent.

    python -m bench.calllog_scale [--rows 1000000] [--response-bytes 3400]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import machine
from summarizer.calllog import CallLog, CallRecord


def _hash(number: int) -> str:
    return hashlib.sha256(f"request {number}".encode()).hexdigest()


def _record(number: int, response: str) -> CallRecord:
    return CallRecord(run_id="bench", article_id=f"a{number:07d}", request_hash=_hash(number),
                      model="bench-model", prompt_version="p", schema_hash="s", status=200,
                      response=response, prompt_tokens=1080, completion_tokens=677,
                      latency_ms=0.0, attempt=1, transport_retries=0, cached=False,
                      error=None)


def run(rows: int = 1_000_000, response_bytes: int = 3400, lookups: int = 10_000,
        ) -> dict[str, Any]:
    filler = "x" * max(0, response_bytes - 40)
    response = json.dumps({"choices": [{"message": {"content": filler}}]})
    checkpoints = sorted({rows // 10, rows // 2, rows})
    marks = []
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "calls.sqlite3"
        log = CallLog(path)
        started = last = time.perf_counter()
        previous = 0
        for number in range(rows):
            log.record(_record(number, response))
            if number + 1 in checkpoints:
                now = time.perf_counter()
                marks.append({"rows": number + 1,
                              "inserts_per_s": round((number + 1 - previous) / (now - last))})
                previous, last = number + 1, now
        insert_s = time.perf_counter() - started
        rng = random.Random(7)
        present = [_hash(rng.randrange(rows)) for _ in range(lookups)]
        absent = [_hash(rows + i) for i in range(lookups)]
        timings = {}
        for name, keys in (("present", present), ("absent", absent)):
            began = time.perf_counter()
            found = sum(log.cached_response(key) is not None for key in keys)
            timings[name] = {"us_per_lookup": round((time.perf_counter() - began)
                                                    / len(keys) * 1e6, 1), "found": found}
        size = sum(p.stat().st_size for p in Path(scratch).iterdir())
        log.close()
    return {"rows": rows, "response_bytes": len(response), "insert_s": round(insert_s, 1),
            "inserts_per_s": round(rows / insert_s), "checkpoints": marks,
            "lookups": timings, "db_mb": round(size / 2**20), "machine": machine(),
            "load": os.getloadavg()}


def markdown(result: dict[str, Any]) -> str:
    marks = ", ".join(f"{m['inserts_per_s']:,}/s up to {m['rows']:,} rows"
                      for m in result["checkpoints"])
    return "\n".join([
        "| rows | response (bytes) | insert total (s) | inserts/s | look-up, present (µs) "
        "| look-up, absent (µs) | database (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {result['rows']:,} | {result['response_bytes']:,} | {result['insert_s']} | "
        f"{result['inserts_per_s']:,} | {result['lookups']['present']['us_per_lookup']} | "
        f"{result['lookups']['absent']['us_per_lookup']} | {result['db_mb']:,} |",
        "", f"Insert rate by stretch: {marks}.",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--response-bytes", type=int, default=3400)
    args = parser.parse_args()
    result = run(rows=args.rows, response_bytes=args.response_bytes)
    print(json.dumps(result, indent=2))
    print(markdown(result))


if __name__ == "__main__":
    main()
