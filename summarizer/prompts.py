"""Prompt templates: files under ``prompts/``, rendered with Jinja2, versioned by content.

The product's prompts are the briefing passes (``summarizer.briefing.prompting``); the one
here is the naive single call that the quality benchmark measures them against. A version
is the declared template version plus a digest of the files, so any edit changes it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2

SYSTEM_TEMPLATE = "naive.system.j2"
USER_TEMPLATE = "naive.user.j2"
_DECLARED = re.compile(r"version\s+(\d+)")


def data_folder(name: str) -> Path:
    """A data folder shipped with the package (wheel) or beside it (source checkout)."""
    packaged = Path(str(resources.files("summarizer"))) / "_data" / name
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parent.parent / name
    if source.is_dir():
        return source
    raise FileNotFoundError(f"summarizer data folder {name!r} is missing from the install")


@dataclass(frozen=True)
class PromptSet:
    system: jinja2.Template
    user: jinja2.Template
    version: str

    def render_system(self) -> str:
        return self.system.render().strip()

    def render_user(self, article: str, title: str = "") -> str:
        return self.user.render(article=article, title=title).strip()


@cache
def load_prompts() -> PromptSet:
    folder = data_folder("prompts")
    # Autoescape off: the output is a chat message, not HTML. Article text is passed as a
    # variable, which Jinja never interprets as template code.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)), autoescape=False,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=False,
    )
    sources = [(folder / name).read_bytes() for name in (SYSTEM_TEMPLATE, USER_TEMPLATE)]
    declared = _DECLARED.search(sources[0].decode("utf-8"))
    digest = hashlib.sha256(b"\0".join(sources)).hexdigest()[:10]
    version = f"naive-v{declared.group(1) if declared else '0'}+{digest}"
    return PromptSet(env.get_template(SYSTEM_TEMPLATE), env.get_template(USER_TEMPLATE), version)
