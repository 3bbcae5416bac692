"""Collects the figures each reliability case measures; writes docs/RELIABILITY.md when
RELIABILITY_REPORT names the file (``make reliability`` does)."""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

FIGURES: dict[str, dict[str, Any]] = {}
CASES: dict[str, str] = {}


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    """A dict a case fills with what it measured; printed and kept for the report."""
    found: dict[str, Any] = {}
    yield found
    name = request.node.name
    FIGURES[name] = found
    doc = (request.node.function.__doc__ or "").strip().split("\n\n")[0]
    CASES[name] = " ".join(doc.split())
    print(f"\n[reliability] {name}: " + ", ".join(f"{k}={v}" for k, v in found.items()),
          file=sys.stderr)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    target = os.environ.get("RELIABILITY_REPORT")
    if not target or not FIGURES:
        return
    lines = [
        "# Reliability",
        "",
        "Produced by `make reliability` (pytest `tests/reliability`, loopback only); do not "
        "edit by hand. The same suite runs in CI as part of `make test`.",
        "",
        f"Last run: {datetime.now(UTC).isoformat(timespec='seconds')} on "
        f"{platform.machine()} Linux, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; pytest exit status {exitstatus}.",
        "",
        "| case | what it checks | figures from the last run |",
        "|---|---|---|",
    ]
    for name, found in FIGURES.items():
        shown = "; ".join(f"{k}: {v}" for k, v in found.items())
        lines.append(f"| `{name}` | {CASES.get(name, '')} | {shown} |")
    Path(target).write_text("\n".join(lines) + "\n", encoding="utf-8")
