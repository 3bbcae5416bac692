"""The installed console script: usage errors are one line and exit 2, --version exits 0,
messages on a non-terminal stderr are never hard-wrapped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.fake_endpoint import FakeEndpoint


def script() -> str:
    """The console script pip installed beside this interpreter (not `python -m`)."""
    found = shutil.which("summarizer", path=os.path.dirname(sys.executable))
    assert found, "the summarizer console script is not installed in this environment"
    return found


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([script(), *args], capture_output=True, text=True, timeout=120,
                          check=False, stdin=subprocess.DEVNULL)


USAGE_ERRORS = [
    ([], "Missing command"),
    (["frobnicate"], "No such command 'frobnicate'"),
    (["summarise", "--bogus"], "No such option: --bogus"),
    (["summarise", "in.txt", "--out", "o", "--bogus"], "No such option: --bogus"),
    (["summarise"], "Missing argument"),
    (["summarize", "in.txt"], "Missing option '--out'"),
    (["summarise", "in.txt", "--out", "o", "--concurrency", "0"], "--concurrency"),
    (["eval", "--pred", "p"], "Missing option"),
    (["model"], "Missing command"),
    (["model", "frobnicate"], "No such command 'frobnicate'"),
    (["logs", "--limit", "many"], "--limit"),
]


@pytest.mark.parametrize(("args", "says"), USAGE_ERRORS, ids=lambda v: str(v))
def test_usage_error_is_one_line_and_exit_2(args: list[str], says: str) -> None:
    result = run(*args)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and says in lines[0], lines[0]
    assert "--help'" in lines[0]
    assert result.stdout == ""


def test_version_prints_and_exits_0() -> None:
    from summarizer import __version__

    result = run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"summarizer {__version__}\n"
    assert result.stderr == ""


def test_help_still_exits_0() -> None:
    result = run("summarise", "--help")
    assert result.returncode == 0
    assert "--out" in result.stdout


def test_messages_are_not_wrapped_on_a_non_terminal_stderr(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*(["a-rather-long-folder-name"] * 6))
    deep.mkdir(parents=True)
    (deep / "story.txt").write_text("Officials in Riverton said 120 homes were flooded.\n",
                                    encoding="utf-8")
    out = deep / "briefs"
    with FakeEndpoint() as server:
        result = run("summarise", str(deep / "story.txt"), "--out", str(out),
                     "--backend", "openai", "--base-url", server.base_url, "--model", "m")
    assert result.returncode == 0, result.stderr
    assert f"(manifest {out}/run.json)" in result.stderr, result.stderr
    missing = run("summarise", str(deep / "missing.txt"), "--out", str(out))
    assert missing.returncode == 2
    assert missing.stderr == f"error: input not found: {deep / 'missing.txt'}\n"
