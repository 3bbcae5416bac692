"""A flaky endpoint: 30% of requests answer with a fault; every brief still lands."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from summarizer.brief import Brief
from tests.helpers import endpoint_settings, run_batch
from tests.support.fake_endpoint import FakeEndpoint, Reply, chat_completion, grounded_responder

FAULTS = ["429", "500", "503", "drop", "hang", "truncated_body", "invalid_json_content",
          "schema_breaking_content"]
FAULT_RATE = 0.30
HANG_SECONDS = 2.5
TIMEOUT_SECONDS = 1.0


class FaultInjector:
    """Whether a request is faulted comes from a hash of the request and how often it was
    seen, so the fault rate does not depend on the order concurrent requests arrive in."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()
        self.injected: Counter[str] = Counter()
        self.lock = threading.Lock()

    def __call__(self, body: dict[str, Any], index: int) -> Reply:
        key = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        with self.lock:
            self.seen[key] += 1
            draw = hashlib.sha256(f"{key}:{self.seen[key]}".encode()).digest()
        if draw[0] / 256 >= FAULT_RATE:
            return grounded_responder(body, index)
        with self.lock:
            # The least used kind so far (the draw breaks ties): every kind is exercised once
            # eight faults have been injected, whatever the requests contain.
            fault = min(FAULTS, key=lambda kind: (self.injected[kind],
                                                  (FAULTS.index(kind) - draw[1]) % len(FAULTS)))
            self.injected[fault] += 1
        good = grounded_responder(body, index)
        if fault == "429":
            return Reply(status=429, body=b'{"error":{"message":"rate limited"}}',
                         headers={"retry-after": "0.1"})
        if fault in ("500", "503"):
            return Reply(status=int(fault), body=b'{"error":{"message":"server error"}}')
        if fault == "drop":
            return Reply(drop=True)
        if fault == "hang":
            good.delay = HANG_SECONDS
            return good
        if fault == "truncated_body":
            return Reply(body=good.body[: len(good.body) // 2])
        if fault == "invalid_json_content":
            return Reply(body=chat_completion('{"actors": [{"name": "Ri'))
        return Reply(body=chat_completion(json.dumps({"actors": "none", "summary": 5})))


def make_articles(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"report-{i:03d}.txt").write_text(
            f"Engineers in Port Alma said {i + 7} bridges need repair. The council set aside "
            f"{(i + 1) * 1000} dollars on Tuesday.\n", encoding="utf-8")
    return folder


def test_batch_completes_through_injected_faults(tmp_path: Path,
                                                 figures: dict[str, Any]) -> None:
    """50 articles, 30% of requests faulted (429, 5xx, drops, hangs, bad JSON): all briefs land."""
    inputs = make_articles(tmp_path / "in", 50)
    out = tmp_path / "out"
    injector = FaultInjector()
    with FakeEndpoint(injector) as server:
        settings = endpoint_settings(server.base_url, concurrency=8, timeout=TIMEOUT_SECONDS,
                                     max_reasks=3, transport_retries=8,
                                     retry_max_seconds=30.0)
        report = run_batch(settings, [inputs], out)
        requests = len(server.requests)
    briefs = [Brief.model_validate_json(p.read_text("utf-8")) for p in out.glob("report-*.json")]
    ids = [b.article_id for b in briefs]
    figures.update({
        "articles": 50, "briefs completed": len(briefs), "requests made": requests,
        "faults injected": sum(injector.injected.values()),
        "faults by kind": dict(sorted(injector.injected.items())),
        "retries and re-asks": requests - 50, "failed": report.count("failed"),
    })
    assert report.count("failed") == 0, [o.error for o in report.outcomes if o.error]
    assert len(briefs) == 50 and len(set(ids)) == 50
    assert sum(injector.injected.values()) >= 10
    assert set(injector.injected) >= {"429", "500", "503", "drop", "hang", "truncated_body"}
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
