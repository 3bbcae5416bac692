"""How long a story of 10 briefs takes to build without a model call (target: under 2 s).

``python -m bench.story_speed`` prints the measured times: ``build_story`` alone (best and
median of five, in this process after a warm-up) and the whole ``summarizer story
--no-summary`` command as a user runs it (a fresh process: imports, reading, writing the
three files).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT
from bench.story_quality import gold_briefs, load_corpus
from summarizer.brief import Brief
from summarizer.story import build_story

BRIEFS = 10
RUNS = 5


def ten_briefs() -> list[Brief]:
    """The seed story's five briefs and five more from the dev set's largest stories: a
    story as big as the target, with the most names and figures to merge."""
    corpus = load_corpus()
    briefs = gold_briefs(corpus)
    chosen = [a for s in corpus.stories for a in s.articles][:BRIEFS]
    return [briefs[a] for a in chosen]


def measure() -> dict[str, float]:
    briefs = ten_briefs()
    build_story(briefs)  # warm-up: imports and caches, as in a long-lived process
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        build_story(briefs)
        times.append(time.perf_counter() - started)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp) / "briefs"
        folder.mkdir()
        for brief in briefs:
            (folder / f"{brief.article_id}.json").write_text(brief.model_dump_json(), "utf-8")
        script = Path(sys.executable).parent / "summarizer"
        started = time.perf_counter()
        subprocess.run([str(script), "story", str(folder), "--no-summary", "--out",
                        str(Path(temp) / "story")], check=True, capture_output=True, cwd=ROOT)
        command = time.perf_counter() - started
    return {"best": min(times), "median": statistics.median(times), "command": command}


def main() -> None:
    result = measure()
    sys.stdout.write(
        f"story of {BRIEFS} briefs, no model call: build_story best {result['best']:.3f} s, "
        f"median {result['median']:.3f} s of {RUNS}; `summarizer story --no-summary` "
        f"command {result['command']:.2f} s (target < 2 s)\n")


if __name__ == "__main__":
    main()
