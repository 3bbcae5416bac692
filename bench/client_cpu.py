"""Client CPU per article: what reading, prompting, parsing, grounding and writing cost the
client, measured on the five seed articles made unique (a distinct word appended to each
copy, so no answer comes from the call log).

Three measurements through the CLI in a child process, against a loopback stand-in:
- CPU per article: the child's user+system CPU time (wait4) for N articles at zero
  latency, less that of a 5-article run (start-up, imports), divided by N - 5; the median
  of three such pairs, with their range (the machine's speed moves between runs).
- Wall time of N = 320 articles at concurrency 32 with 1 s latency, against the ideal
  N·L/C = 10 s: an article's passes go out together, one round trip an article.
  (These two against the fake endpoint, in its own process.)
- CPU per article of the same CLI with ``--batch-api`` against the loopback batch stand-in
  (tests.support.batch_standin, in this process, answering each line with the test
  endpoint's grounded answer): the path a million articles take, where no call goes out
  on its own. Also the median of three.

And one in this process, to say where an article's CPU goes: building its plan (candidates
and prompts), taking its answers and assembling its brief, timed on the same articles;
what the CLI spends beyond them is the calls (request bodies, the SDK and HTTP stack, the
call log), the batch and writing.

    python -m bench.client_cpu [--articles 320]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import ROOT, SEEDS, endpoint_env, fake_endpoint, machine


def seed_articles(folder: Path, count: int) -> Path:
    """``count`` copies of the seed articles in one JSONL file, each made unique by a
    word of letters appended (letters: no new amount for the figures code to find)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "articles.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            tag, n = "", i
            while True:
                tag = chr(ord("a") + n % 26) + tag
                n //= 26
                if not n:
                    break
            text = texts[i % len(texts)].rstrip() + f"\n\nFiled by desk {tag}.\n"
            out.write(json.dumps({"id": f"s{i:05d}", "text": text}) + "\n")
    return path


def in_process_split(folder: Path, rounds: int = 20) -> dict[str, float]:
    """Per-article CPU (ms) of building the plan, taking the answers (the test endpoint's
    grounded answers, made beforehand) and assembling the brief as JSON, in this process."""
    from summarizer.briefing.answers import answer_schema
    from summarizer.briefing.article_plan import ArticleBriefing
    from summarizer.briefing.plan import CallAnswer
    from summarizer.briefing.prompting import load_briefing_prompts
    from summarizer.reading import Article
    from tests.support.fake_endpoint import grounded_answer

    prompts = load_briefing_prompts()
    texts = [json.loads(line)["text"] for line in
             seed_articles(folder, 5 * rounds).read_text("utf-8").splitlines()]
    spent = {"plan": 0.0, "answers": 0.0, "brief": 0.0}
    for number, text in enumerate(texts):
        started = time.process_time()
        plan = ArticleBriefing(Article(f"a{number}", text), prompts, backend="openai",
                               model="fake-model", part_chars=12_000, roles_with_entities=True)
        spent["plan"] += time.process_time() - started
        while calls := plan.next_calls():
            for call in calls:
                schema = answer_schema(call.response_model).json_schema()
                body = {"messages": call.messages,
                        "response_format": {"json_schema": {"schema": schema}}}
                content = json.dumps(grounded_answer(body))
                started = time.process_time()
                plan.answer(CallAnswer(call.key, content, 100, 50))
                spent["answers"] += time.process_time() - started
        started = time.process_time()
        plan.brief().model_dump_json(indent=2)
        spent["brief"] += time.process_time() - started
    return {k: round(v / len(texts) * 1000, 2) for k, v in spent.items()}


def _cli(inputs: Path, out: Path, env: dict[str, str], concurrency: int) -> dict[str, Any]:
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as errors:
        child = subprocess.Popen(
            [sys.executable, "-m", "summarizer", "summarise", str(inputs), "--out", str(out),
             "--concurrency", str(concurrency)], cwd=ROOT, env={**os.environ, **env},
            stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        # Reaped here: tell Popen, or it warns that the child is still running.
        child.returncode = code = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        stderr = errors.read()
    if code != 0:
        raise RuntimeError(f"summarise failed ({code}): {stderr[-2000:]}")
    manifest = json.loads((out / "run.json").read_text("utf-8"))
    return {"cpu_s": usage.ru_utime + usage.ru_stime, "wall_s": time.perf_counter() - started,
            "batch_s": float(manifest["elapsed_s"]), "done": manifest["counts"]["done"],
            "calls": sum(int(a.get("attempts") or 0) for a in manifest["articles"]),
            # In the order the articles finished (run.json lists them so).
            "latencies": [float(a["latency_s"]) for a in manifest["articles"]
                          if a.get("latency_s") is not None]}


def _batch_api_cli(inputs: Path, out: Path, home: Path) -> tuple[float, int]:
    """CPU seconds (wait4) of ``summarise --batch-api`` on ``inputs`` against a fresh
    stand-in, and how many briefs it wrote."""
    from tests.support.batch_standin import BatchStandin, StandinServer
    from tests.support.fake_endpoint import grounded_responder

    def grounded_line(body: dict[str, Any], _nth: int) -> tuple[int, dict[str, Any]]:
        reply = grounded_responder(body, 0)
        return reply.status, json.loads(reply.body)

    config = out.parent / f"{out.name}-config.toml"
    config.write_text("batch_poll_seconds = 0.05\nbatch_poll_max_seconds = 0.05\n", "utf-8")
    server = StandinServer(BatchStandin(responder=grounded_line))
    try:
        env = endpoint_env(server.base_url, home)
        with tempfile.TemporaryFile("w+") as errors:
            child = subprocess.Popen(
                [sys.executable, "-m", "summarizer", "summarise", str(inputs), "--out",
                 str(out), "--batch-api", "--config", str(config)], cwd=ROOT,
                env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=errors)
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = code = os.waitstatus_to_exitcode(status)
            errors.seek(0)
            stderr = errors.read()
    finally:
        server.close()
    if code != 0:
        raise RuntimeError(f"summarise --batch-api failed ({code}): {stderr[-2000:]}")
    done = int(json.loads((out / "run.json").read_text("utf-8"))["counts"]["done"])
    return float(usage.ru_utime + usage.ru_stime), done


def _waves(latencies: list[float], concurrency: int) -> dict[str, float]:
    """Mean latency of the first ``concurrency`` articles to finish (the first wave: all
    started at once, their candidates and requests made one after another on the event
    loop), of the next ``concurrency`` and of the rest (the steady state)."""
    def mean(values: list[float]) -> float:
        return round(sum(values) / len(values), 3) if values else 0.0

    return {"first_wave_s": mean(latencies[:concurrency]),
            "second_wave_s": mean(latencies[concurrency:2 * concurrency]),
            "rest_s": mean(latencies[2 * concurrency:])}


def _median_run(runs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Of (CPU small, CPU large, per article) runs, the one with the median per-article
    figure."""
    return sorted(runs, key=lambda run: run[2])[len(runs) // 2]


def run(articles: int = 320, concurrency: int = 32, latency: float = 1.0,
        repeats: int = 3) -> dict[str, Any]:
    """The CPU figures are each the median of ``repeats`` runs (this shared machine's speed
    moves from one run to the next; the range is reported too)."""
    on_demand: list[tuple[float, float, float]] = []
    batch_api: list[tuple[float, float, float]] = []
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        for number in range(repeats):
            run_dir = work / f"run{number}"
            with fake_endpoint(0.0) as url:
                small = _cli(seed_articles(run_dir / "in-small", 5), run_dir / "out-small",
                             endpoint_env(url, run_dir / "home-small"), concurrency)
                large = _cli(seed_articles(run_dir / "in-large", articles),
                             run_dir / "out-large", endpoint_env(url, run_dir / "home-large"),
                             concurrency)
            on_demand.append((small["cpu_s"], large["cpu_s"],
                              (large["cpu_s"] - small["cpu_s"]) / (articles - 5) * 1000))
            batch_small, _ = _batch_api_cli(seed_articles(run_dir / "in-bsmall", 5),
                                            run_dir / "out-bsmall", run_dir / "home-bsmall")
            batch_large, batch_done = _batch_api_cli(
                seed_articles(run_dir / "in-blarge", articles), run_dir / "out-blarge",
                run_dir / "home-blarge")
            batch_api.append((batch_small, batch_large,
                              (batch_large - batch_small) / (articles - 5) * 1000))
        split = in_process_split(work / "in-split")
        load_before = os.getloadavg()
        with fake_endpoint(latency) as url:
            timed = _cli(seed_articles(work / "in-timed", articles), work / "out-timed",
                         endpoint_env(url, work / "home-timed"), concurrency)
    cpu_small, cpu_large, per_article_ms = _median_run(on_demand)
    batch_small, batch_large, batch_per_article_ms = _median_run(batch_api)
    ideal = articles * latency / concurrency
    return {"articles": articles, "concurrency": concurrency, "latency_s": latency,
            "repeats": repeats,
            "cpu_small_s": round(cpu_small, 3), "cpu_large_s": round(cpu_large, 3),
            "cpu_per_article_ms": round(per_article_ms, 2),
            "cpu_per_article_range_ms": [round(min(r[2] for r in on_demand), 2),
                                         round(max(r[2] for r in on_demand), 2)],
            "batch_api_cpu_small_s": round(batch_small, 3),
            "batch_api_cpu_large_s": round(batch_large, 3), "batch_api_done": batch_done,
            "batch_api_cpu_per_article_ms": round(batch_per_article_ms, 2),
            "batch_api_cpu_per_article_range_ms": [round(min(r[2] for r in batch_api), 2),
                                                   round(max(r[2] for r in batch_api), 2)],
            "split_ms": split,
            "calls_rest_ms": round(per_article_ms - sum(split.values()), 2),
            "ideal_s": round(ideal, 3), "batch_s": round(timed["batch_s"], 3),
            "ratio_to_ideal": round(timed["batch_s"] / ideal, 3),
            "latency_by_wave": _waves(timed["latencies"], concurrency),
            "calls": timed["calls"], "calls_per_article": round(timed["calls"] / articles, 2),
            "done": timed["done"], "machine": machine(), "load_before_timed": load_before,
            "load": os.getloadavg()}


def _repeats(result: dict[str, Any], key: str) -> str:
    """ ", the median of 3 runs (5.1-5.6 ms)", where the figure is one."""
    if int(result.get("repeats", 1)) < 2 or key not in result:
        return ""
    low, high = result[key]
    return f", the median of {result['repeats']} runs ({low}-{high} ms)"


def markdown(result: dict[str, Any]) -> str:
    load = ", ".join(f"{x:.2f}" for x in result.get("load", ()))
    before = ", ".join(f"{x:.2f}" for x in result.get("load_before_timed", ()))
    lines = [
        "The five seed articles (2-5 KB) made unique, through `summarizer summarise` in a "
        "child process against the fake endpoint in its own process (grounded one-figure, "
        "one-actor answers). CPU is the child's user+system time from wait4; per article is "
        f"(CPU for {result['articles']} articles − CPU for 5) / {result['articles'] - 5}, at "
        "zero latency" + _repeats(result, "cpu_per_article_range_ms")
        + ". Measured on the shared 2-core machine "
        + (f"(load average {before} before the timed run, " if before else "(load average ")
        + f"{load} at the end): treat small differences as noise.", "",
        "| articles | CPU, 5 articles (s) | CPU, N articles (s) | client CPU per article (ms) "
        "| C | L (s) | ideal N·L/C (s) | batch (s) | batch / ideal |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {result['articles']} | {result['cpu_small_s']} | {result['cpu_large_s']} | "
        f"{result['cpu_per_article_ms']} | {result['concurrency']} | {result['latency_s']} | "
        f"{result['ideal_s']} | {result['batch_s']} | {result['ratio_to_ideal']} |",
    ]
    if "batch_api_cpu_per_article_ms" in result:
        lines += [
            "",
            f"With `--batch-api` (the same articles, the loopback batch stand-in answering "
            f"each request line with the same grounded answer): "
            f"{result['batch_api_cpu_small_s']} s for 5 articles, "
            f"{result['batch_api_cpu_large_s']} s for {result['articles']}, "
            f"**{result['batch_api_cpu_per_article_ms']} ms an article**"
            + _repeats(result, "batch_api_cpu_per_article_range_ms")
            + ": candidates, request lines, reading the output files, grounding and writing, "
            "with no call of its own for any article.",
        ]
    if "calls" in result:
        lines += [
            "",
            f"The plans made {result['calls']} calls ({result['calls_per_article']} an "
            "article: its passes, and any re-asks). An article's passes go out together, "
            "so it takes one round trip of L, and C articles in flight need N·L/C.",
        ]
    if "latency_by_wave" in result:
        waves, latency = result["latency_by_wave"], result["latency_s"]
        lines += [
            "",
            f"Where the time over the ideal goes: the first {result['concurrency']} articles "
            f"to finish took {waves['first_wave_s']} s each on average (latency L = {latency} "
            f"s), the next {result['concurrency']} {waves['second_wave_s']} s, the other "
            f"{result['articles'] - 2 * result['concurrency']} {waves['rest_s']} s "
            f"({100 * (waves['rest_s'] / latency - 1):.1f}% over L). The first wave starts "
            "all at once, so its candidates and requests are made one after another on the "
            "event loop and its answers come back together; the waves after it spread out.",
        ]
    if "split_ms" in result:
        split = result["split_ms"]
        lines += [
            "",
            "Where an article's CPU goes: the plan, the answers and the brief timed in one "
            "process on the same articles; the rest is the CLI's calls (request bodies, the "
            "SDK and HTTP stack, the call log), the batch and writing.",
            "",
            "| plan: candidates and prompts (ms) | taking answers (ms) | brief and JSON (ms) "
            "| calls, batch, writing (ms) |",
            "|---:|---:|---:|---:|",
            f"| {split['plan']} | {split['answers']} | {split['brief']} | "
            f"{result['calls_rest_ms']} |",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=320)
    args = parser.parse_args()
    result = run(articles=args.articles)
    print(json.dumps(result, indent=2))
    print(markdown(result))


if __name__ == "__main__":
    main()
