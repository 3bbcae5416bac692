"""The call log's writes: one at a time, or a batch's answers together."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.calllog import CallLog, CallRecord


def _call(number: int) -> CallRecord:
    return CallRecord(run_id="r", article_id=f"a{number}", request_hash=f"batch:c{number}",
                      model="m", prompt_version="", schema_hash="", status=200,
                      response=f'{{"n": {number}}}', prompt_tokens=10, completion_tokens=2,
                      latency_ms=0.0, attempt=1, transport_retries=0, cached=False,
                      error=None)


def test_records_written_together_read_back_like_records_written_one_by_one(
        tmp_path: Path) -> None:
    log = CallLog(tmp_path / "calls.db")
    log.record(_call(0))
    log.record_many(_call(n) for n in range(1, 4))
    assert [r["article_id"] for r in reversed(log.recent_calls(10))] == ["a0", "a1", "a2", "a3"]
    assert log.cached_response("batch:c2") == '{"n": 2}'
    log.close()


def test_a_failure_midway_leaves_none_of_the_batch_and_the_log_usable(tmp_path: Path) -> None:
    log = CallLog(tmp_path / "calls.db")

    def broken() -> Iterator[CallRecord]:
        yield _call(1)
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        log.record_many(broken())
    assert log.recent_calls(10) == []
    log.record(_call(5))
    assert [r["article_id"] for r in log.recent_calls(10)] == ["a5"]
    log.close()
