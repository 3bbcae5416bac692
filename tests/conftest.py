from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.model_store import default_model_path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "eval" / "articles"
# Resolved once, before any test moves SUMMARIZER_HOME: the real model stays findable.
REAL_MODEL = default_model_path()


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own user folder; no endpoint configured from outside."""
    home = tmp_path / "home"
    monkeypatch.setenv("SUMMARIZER_HOME", str(home))
    monkeypatch.setenv("SUMMARIZER_MODEL_PATH", str(REAL_MODEL))
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_MODEL", "SUMMARIZER_BACKEND",
                 "SUMMARIZER_MODE", "SUMMARIZER_CONCURRENCY", "SUMMARIZER_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    yield home


@pytest.fixture
def seed_text() -> str:
    return (SEEDS / "000_041e264a6f07fb1e.txt").read_text(encoding="utf-8")


def pytest_report_header() -> str:
    return f"embedded model: {REAL_MODEL} (exists: {os.path.exists(REAL_MODEL)})"
