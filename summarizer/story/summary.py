"""The story summary: one model call over the merged story, through the same backend
options as ``summarise``; every number in it is checked against the briefs' figures."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from typing import Any

import jinja2
from pydantic import BaseModel, Field, model_validator

from summarizer.errors import ExtractionError
from summarizer.numbers import find_amounts, is_year, values_in
from summarizer.prompts import data_folder
from summarizer.settings import Settings
from summarizer.story.model import FigureGroup, Story, SummaryCheck

SYSTEM_TEMPLATE = "story.system.j2"
USER_TEMPLATE = "story.user.j2"
# Items per section in the prompt. A small model loses the thread in a long list; what the
# outlets share and where they differ comes first, so it is never cut.
LISTED_NAMES = 15
LISTED_SINGLE_FIGURES = 10
LISTED_QUESTIONS = 8
# Five short sentences fit in well under this; the cap stops a looping answer early.
SUMMARY_MAX_TOKENS = 400


@cache
def _templates() -> tuple[jinja2.Template, jinja2.Template, str]:
    folder = data_folder("prompts")
    # Autoescape off: the output is a chat message, not HTML.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=False,
                             undefined=jinja2.StrictUndefined)
    digest = hashlib.sha256(b"\0".join((folder / n).read_bytes() for n in
                                       (SYSTEM_TEMPLATE, USER_TEMPLATE))).hexdigest()[:10]
    return (env.get_template(SYSTEM_TEMPLATE), env.get_template(USER_TEMPLATE),
            f"story-v1+{digest}")


def prompt_version() -> str:
    return _templates()[2]


def _figure_line(group: FigureGroup) -> str:
    values = "; ".join(f"{v.article_id}: {v.text}" for v in group.values)
    return f"{group.counts} [{group.agreement}]: {values}"


def _listed_figures(story: Story) -> list[FigureGroup]:
    shared = [g for g in story.figures if g.agreement != "single"]
    single = [g for g in story.figures if g.agreement == "single"]
    return shared + single[:LISTED_SINGLE_FIGURES]


def messages(story: Story) -> list[dict[str, str]]:
    system, user, _ = _templates()
    return [
        {"role": "system", "content": system.render().strip()},
        {"role": "user", "content": user.render(
            articles=story.articles,
            actors=[f"{a.name} ({len(a.articles)} outlets)"
                    for a in story.actors[:LISTED_NAMES]],
            places=[f"{p.name} ({len(p.articles)} outlets)"
                    for p in story.locations[:LISTED_NAMES]],
            figures=[_figure_line(g) for g in _listed_figures(story)],
            questions=[q.question for q in story.open_questions[:LISTED_QUESTIONS]],
        ).strip()},
    ]


def _allowed(story: Story) -> set[float]:
    """Every amount the briefs state: both ends of each figure, and numbers inside the
    listed names, counts texts and questions ("S&P 500", "30-year bond")."""
    allowed: set[float] = set()
    texts: list[str] = []
    for group in story.figures:
        for value in group.values:
            allowed.update((abs(value.low), abs(value.high)))
            texts += [value.text, value.counts]
    for actor in story.actors:
        texts += [actor.name, *actor.aliases]
    for place in story.locations:
        texts += [place.name, *place.aliases]
    texts += [q.question for q in story.open_questions]
    for text in texts:
        allowed.update(abs(v) for v in values_in(text))
    return allowed


def check_numbers(summary: str, story: Story) -> SummaryCheck:
    """Numbers in the summary (years aside) that the briefs do not state; a count of
    outlets ("five outlets", "2 outlets") is allowed up to the number of articles."""
    allowed = _allowed(story)
    # Outlet ids ("000_041e264a6f07fb1e") hold digits that are not amounts.
    for article_id in sorted(story.articles, key=len, reverse=True):
        summary = summary.replace(article_id, " " * len(article_id))
    numbers, unsupported = [], []
    for amount in find_amounts(summary):
        if is_year(amount, summary):
            continue
        written = summary[amount.start:amount.end]
        numbers.append(written)
        value = abs(amount.value)
        stated = any(abs(value - known) <= 1e-6 * max(value, 1) for known in allowed)
        outlets = value == int(value) and 1 <= value <= len(story.articles)
        if not stated and not outlets:
            unsupported.append(written)
    return SummaryCheck(numbers=numbers, unsupported=unsupported)


def response_model(story: Story) -> type[BaseModel]:
    """The answer's model; its validator is the re-ask: unsupported numbers are named back
    to the model."""

    class StorySummary(BaseModel):
        summary: str = Field(description="Three to five sentences.")

        @model_validator(mode="after")
        def _numbers_from_briefs(self) -> StorySummary:
            check = check_numbers(self.summary, story)
            if check.unsupported:
                raise ValueError("these numbers are not among the listed figures: "
                                 + ", ".join(check.unsupported)
                                 + ". Use only listed values, written as listed.")
            return self

    return StorySummary


async def _summarise(client: Any, story: Story, settings: Settings) -> Story:
    from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException

    try:
        answer = await client.instructor.chat.completions.create(
            model=client.model, response_model=response_model(story),
            messages=messages(story), max_retries=settings.max_reasks,
            temperature=settings.temperature,
            max_tokens=min(settings.max_tokens, SUMMARY_MAX_TOKENS))
    except InstructorRetryException as error:
        raise ExtractionError(f"story summary: no usable answer after {error.n_attempts} "
                              "attempt(s)", attempts=error.n_attempts) from error
    except IncompleteOutputException as error:
        raise ExtractionError("story summary: the answer ran past "
                              f"{SUMMARY_MAX_TOKENS} tokens") from error
    summary = " ".join(str(answer.summary).split())
    return story.model_copy(update={"summary": summary, "summary_source": "model",
                                    "summary_check": check_numbers(summary, story)})


async def write_summaries(stories: Sequence[Story], settings: Settings, inner: Any = None
                          ) -> list[Story | ExtractionError]:
    """Each story with its summary, or the error that kept it from one. The backend (and
    the embedded engine, if used) is opened once for all of them."""
    from summarizer.calllog import CallLog
    from summarizer.paths import call_log_path
    from summarizer.runtime import open_summariser

    log = CallLog(call_log_path())
    results: list[Story | ExtractionError] = []
    try:
        async with open_summariser(settings, log, inner=inner) as summariser:
            for story in stories:
                try:
                    results.append(await _summarise(summariser.client, story, settings))
                except ExtractionError as error:
                    results.append(error)
    finally:
        log.close()
    return results
