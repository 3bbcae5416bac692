"""The call log: every LLM request and its answer in SQLite. It doubles as the cache.

One row per request that reached the model (after transport retries), keyed by a hash of
the request body and endpoint, so a repeated or resumed run can replay an answer instead
of paying for it again. Keys are never stored: only bodies, which hold none.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MIGRATIONS = [
    """
    CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        ts REAL NOT NULL,
        run_id TEXT,
        article_id TEXT,
        request_hash TEXT NOT NULL,
        model TEXT,
        prompt_version TEXT,
        schema_hash TEXT,
        status INTEGER,
        response TEXT,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        latency_ms REAL,
        attempt INTEGER,
        transport_retries INTEGER,
        cached INTEGER NOT NULL DEFAULT 0,
        error TEXT
    );
    CREATE INDEX calls_request ON calls(request_hash);
    CREATE INDEX calls_article ON calls(article_id);
    CREATE TABLE runs (
        run_id TEXT PRIMARY KEY,
        started REAL NOT NULL,
        ended REAL,
        out_dir TEXT,
        settings TEXT,
        done INTEGER,
        failed INTEGER,
        skipped INTEGER
    );
    """,
    # The model's own working time when the endpoint reports it (llama.cpp's timings);
    # latency_ms minus this is time the request waited for a free slot.
    "ALTER TABLE calls ADD COLUMN model_ms REAL;",
]


@dataclass(frozen=True)
class CallRecord:
    run_id: str
    article_id: str
    request_hash: str
    model: str
    prompt_version: str
    schema_hash: str
    status: int | None
    response: str | None
    prompt_tokens: int
    completion_tokens: int
    latency_ms: float
    attempt: int
    transport_retries: int
    cached: bool
    error: str | None
    model_ms: float | None = None


_INSERT = (
    "INSERT INTO calls (ts, run_id, article_id, request_hash, model, prompt_version,"
    " schema_hash, status, response, prompt_tokens, completion_tokens, latency_ms,"
    " attempt, transport_retries, cached, error, model_ms)"
    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")


def _row(call: CallRecord, ts: float) -> tuple[Any, ...]:
    return (ts, call.run_id, call.article_id, call.request_hash, call.model,
            call.prompt_version, call.schema_hash, call.status, call.response,
            call.prompt_tokens, call.completion_tokens, call.latency_ms, call.attempt,
            call.transport_retries, int(call.cached), call.error, call.model_ms)


class CallLog:
    """Thread-safe access to the call log database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None,
                                   timeout=30.0)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._migrate()

    def _migrate(self) -> None:
        with self._lock:
            current = self._db.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[current:], start=current + 1):
                self._db.executescript(f"BEGIN; {script}; PRAGMA user_version={number}; COMMIT;")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            yield self._db

    def record(self, call: CallRecord) -> None:
        with self._write() as db:
            db.execute(_INSERT, _row(call, time.time()))

    def record_many(self, calls: Iterable[CallRecord]) -> None:
        """Records in one transaction: a batch's answers come in together, and one commit
        for all of them costs about half the CPU of one commit each."""
        now = time.time()
        with self._write() as db:
            db.execute("BEGIN")
            try:
                db.executemany(_INSERT, (_row(call, now) for call in calls))
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def cached_response(self, request_hash: str) -> str | None:
        """The latest successful answer to an identical request, if any."""
        with self._lock:
            row = self._db.execute(
                "SELECT response FROM calls WHERE request_hash=? AND status=200 AND error IS NULL"
                " AND cached=0 ORDER BY id DESC LIMIT 1", (request_hash,),
            ).fetchone()
        return row[0] if row else None

    def start_run(self, run_id: str, out_dir: str, settings: dict[str, Any]) -> None:
        with self._write() as db:
            db.execute("INSERT OR REPLACE INTO runs (run_id, started, out_dir, settings)"
                       " VALUES (?,?,?,?)", (run_id, time.time(), out_dir, json.dumps(settings)))

    def end_run(self, run_id: str, done: int, failed: int, skipped: int) -> None:
        with self._write() as db:
            db.execute("UPDATE runs SET ended=?, done=?, failed=?, skipped=? WHERE run_id=?",
                       (time.time(), done, failed, skipped, run_id))

    def recent_calls(self, limit: int = 20) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT id, ts, run_id, article_id, model, prompt_version, status, prompt_tokens,"
            " completion_tokens, latency_ms, model_ms, attempt, transport_retries, cached, error"
            " FROM calls ORDER BY id DESC LIMIT ?", (limit,))

    def recent_runs(self, limit: int = 10) -> list[dict[str, Any]]:
        """Runs, newest first, with their model calls' totals (answers from the cache left
        out): model_s is the model's working time where the endpoint reports it, else the
        round trip."""
        return self._rows(
            "SELECT r.run_id, r.started, r.ended, r.out_dir, r.done, r.failed, r.skipped,"
            " COUNT(c.id) AS calls,"
            " COALESCE(SUM(c.latency_ms), 0) / 1000.0 AS wall_s,"
            " COALESCE(SUM(COALESCE(c.model_ms, c.latency_ms)), 0) / 1000.0 AS model_s,"
            " COALESCE(SUM(c.prompt_tokens), 0) AS prompt_tokens,"
            " COALESCE(SUM(c.completion_tokens), 0) AS completion_tokens"
            " FROM runs r LEFT JOIN calls c ON c.run_id = r.run_id AND c.cached = 0"
            " GROUP BY r.run_id ORDER BY r.started DESC LIMIT ?", (limit,))

    def calls_for(self, article_id: str) -> list[dict[str, Any]]:
        return self._rows("SELECT * FROM calls WHERE article_id=? ORDER BY id", (article_id,))

    def _rows(self, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
        with self._lock:
            cursor = self._db.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
