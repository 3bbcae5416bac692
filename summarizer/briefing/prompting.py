"""The briefing prompts: one shared prefix (instructions, article, names) and a short task
per pass, from the templates under ``prompts/``."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache

import jinja2

from summarizer.candidates.collect import Candidates
from summarizer.prompts import data_folder

SYSTEM = "briefing.system.j2"
USER = "briefing.user.j2"
PASSES = ("entities", "roles", "summary")
_DECLARED = re.compile(r"version\s+(\d+)")


@dataclass(frozen=True)
class BriefingPrompts:
    system: str
    user: jinja2.Template
    tasks: dict[str, jinja2.Template]
    version: str
    # Whether the user template writes the task last, as given: then the part before it is
    # rendered once for all of a part's passes (``shared``), not once a pass.
    task_last: bool = False

    def messages(self, candidates: Candidates, title: str, task: str, part_number: int = 1,
                 part_count: int = 1, **task_values: str) -> list[dict[str, str]]:
        return self.shared(candidates, title, part_number, part_count).messages(
            task, **task_values)

    def shared(self, candidates: Candidates, title: str, part_number: int = 1,
               part_count: int = 1) -> SharedPrompt:
        """What every pass over one part of an article is asked with."""
        values = {"article": candidates.shown, "title": title, "part_number": part_number,
                  "part_count": part_count, "names": name_lines(candidates)}
        head = self.user.render(**values, task="") if self.task_last else None
        return SharedPrompt(self, values, head)


@dataclass(frozen=True)
class SharedPrompt:
    """The prompt of one part of an article, less each pass's task."""

    prompts: BriefingPrompts
    values: dict[str, object]
    head: str | None  # the user message up to the task, where the template ends with it

    def messages(self, task: str, **task_values: str) -> list[dict[str, str]]:
        text = self.prompts.tasks[task].render(**task_values).strip()
        user = self.head + text if self.head is not None else self.prompts.user.render(
            **self.values, task=text)
        return [{"role": "system", "content": self.prompts.system},
                {"role": "user", "content": user}]


def name_lines(candidates: Candidates) -> list[str]:
    lines = []
    for candidate in candidates.names:
        also = f" (also: {', '.join(candidate.aliases)})" if candidate.aliases else ""
        lines.append(f"- {candidate.name}{also}")
    return lines


@cache
def load_briefing_prompts() -> BriefingPrompts:
    folder = data_folder("prompts")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)), autoescape=False,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=False)
    names = [SYSTEM, USER, *(f"pass.{p}.j2" for p in PASSES)]
    sources = [(folder / name).read_bytes() for name in names]
    declared = _DECLARED.search(sources[0].decode("utf-8"))
    digest = hashlib.sha256(b"\0".join(sources)).hexdigest()[:10]
    tasks = {p: env.get_template(f"pass.{p}.j2") for p in PASSES}
    user = env.get_template(USER)
    return BriefingPrompts(
        system=env.get_template(SYSTEM).render().strip(), user=user, tasks=tasks,
        version=f"briefing-v{declared.group(1) if declared else '0'}+{digest}",
        task_last=_writes_task_last(user))


def _writes_task_last(user: jinja2.Template) -> bool:
    """Whether ``user`` ends with the task, written as given, whatever the other values:
    tried with two of each (one part or several, a title or none, names or none)."""
    probe = "\x00task {{ }} \n"
    for article, title, number, count, names in (("A.", "", 1, 1, []),
                                                 ("B\nC", "T", 2, 3, ["- X", "- Y"])):
        values = {"article": article, "title": title, "part_number": number,
                  "part_count": count, "names": names}
        if user.render(**values, task=probe) != user.render(**values, task="") + probe:
            return False
    return True
