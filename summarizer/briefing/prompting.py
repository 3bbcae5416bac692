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

    def messages(self, candidates: Candidates, title: str, task: str, part_number: int = 1,
                 part_count: int = 1, **task_values: str) -> list[dict[str, str]]:
        user = self.user.render(
            article=candidates.shown, title=title, part_number=part_number,
            part_count=part_count, names=name_lines(candidates),
            task=self.tasks[task].render(**task_values).strip())
        return [{"role": "system", "content": self.system}, {"role": "user", "content": user}]


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
    return BriefingPrompts(
        system=env.get_template(SYSTEM).render().strip(), user=env.get_template(USER),
        tasks=tasks, version=f"briefing-v{declared.group(1) if declared else '0'}+{digest}")
