"""A part's passes share the user message up to their task: rendered once, it gives the
messages a render per pass gives, and a template that does not end with the task is
rendered per pass."""

from __future__ import annotations

from pathlib import Path

import jinja2

from summarizer.briefing.prompting import (
    PASSES,
    BriefingPrompts,
    _writes_task_last,
    load_briefing_prompts,
    name_lines,
)
from summarizer.candidates.collect import Candidates, collect

ROOT = Path(__file__).resolve().parent.parent


def _rendered(prompts: BriefingPrompts, candidates: Candidates, title: str, task: str,
              number: int, count: int, **values: str) -> str:
    """The user message rendered whole, as each pass had it before."""
    return prompts.user.render(
        article=candidates.shown, title=title, part_number=number, part_count=count,
        names=name_lines(candidates), task=prompts.tasks[task].render(**values).strip())


def test_the_shared_head_gives_every_pass_the_message_a_whole_render_gives() -> None:
    prompts = load_briefing_prompts()
    assert prompts.task_last
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "eval" / "articles").glob("*.txt"))]
    texts.append("No names at all here.")
    for text in texts:
        candidates = collect(text)
        for title, number, count in (("", 1, 1), ("A <title> & more", 2, 3)):
            shared = prompts.shared(candidates, title, number, count)
            assert shared.head is not None
            for task in PASSES:
                values = {"names": "Alpha, Beta"} if task == "roles" else {}
                system, user = shared.messages(task, **values)
                assert system == {"role": "system", "content": prompts.system}
                assert user["content"] == _rendered(prompts, candidates, title, task, number,
                                                    count, **values)


def test_a_template_that_does_not_end_with_the_task_is_rendered_per_pass() -> None:
    shipped = load_briefing_prompts()
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    for source in ("Task: {{ task }}\n{{ article }}", "{{ article }} Task: {{ task | upper }}",
                   "{% if part_count > 1 %}{{ task }}{% endif %}{{ article }}{{ task }}"):
        user = env.from_string(source)
        assert not _writes_task_last(user)
        prompts = BriefingPrompts(shipped.system, user, shipped.tasks, "v", task_last=False)
        candidates = collect("Police in Leeds said 4 people were hurt.")
        shared = prompts.shared(candidates, "", 2, 3)
        assert shared.head is None
        assert shared.messages("summary")[1]["content"] == _rendered(
            prompts, candidates, "", "summary", 2, 3)
    assert _writes_task_last(env.from_string("{{ article }}\nTask: {{ task }}"))
