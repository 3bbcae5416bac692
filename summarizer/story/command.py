"""What ``summarizer story`` does: read briefs, build one story (or one per group), add the
summary unless told not to, write story.json/.md/.html (and index.json for groups)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.brief import Brief
from summarizer.errors import ConfigError
from summarizer.output import path_inside, write_atomic, write_json
from summarizer.settings import Settings
from summarizer.story.build import build_story
from summarizer.story.grouping import group_briefs
from summarizer.story.loading import load_briefs, load_texts
from summarizer.story.model import EvidenceCheck, Story
from summarizer.story.render_html import story_html
from summarizer.story.render_md import story_markdown


@dataclass
class StoryRun:
    written: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def check_evidence(story: Story, texts: dict[str, str]) -> EvidenceCheck:
    evidence = [e for a in story.actors for e in a.evidence]
    evidence += [e for p in story.locations for e in p.evidence]
    quotes = [(e.article_id, e.quote, e.start, e.end) for e in evidence]
    quotes += [(v.article_id, v.evidence.quote, v.evidence.start, v.evidence.end)
               for g in story.figures for v in g.values if v.evidence]
    check = EvidenceCheck()
    for article_id, quote, start, end in quotes:
        text = texts.get(article_id)
        if text is None:
            continue
        check.checked += 1
        if text[start:end] != quote:
            check.mismatched.append(f"{article_id}: {quote}")
    return check


def write_story(story: Story, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in (("story.json", story.model_dump_json(indent=2) + "\n"),
                          ("story.md", story_markdown(story)),
                          ("story.html", story_html(story))):
        path = path_inside(folder, name)
        write_atomic(path, content)
        written.append(path)
    return written


def _built(briefs: Sequence[Brief], texts: dict[str, str], use_embeddings: bool) -> Story:
    story = build_story(briefs, use_embeddings=use_embeddings)
    if texts:
        story = story.model_copy(update={"evidence_check": check_evidence(story, texts)})
    return story


def _with_summaries(stories: list[Story], settings: Settings | None, run: StoryRun,
                    say: Callable[[str], None]) -> list[Story]:
    if settings is None:
        return stories
    from summarizer.story.summary import write_summaries


    say(f"writing {len(stories)} story summar{'y' if len(stories) == 1 else 'ies'}")
    done = []
    for story, result in zip(stories, asyncio.run(write_summaries(stories, settings)),
                             strict=True):
        if isinstance(result, Story):
            done.append(result)
        else:
            run.failures.append(f"summary of {', '.join(story.articles)}: {result}")
            done.append(story)
    return done


def run_story(paths: Sequence[Path], out: Path, articles: Path | None = None,
              group: bool = False, settings: Settings | None = None,
              use_embeddings: bool = False, say: Callable[[str], None] = lambda _: None
              ) -> StoryRun:
    """``settings`` None: no summary (``--no-summary``)."""
    if out.exists() and not out.is_dir():
        raise ConfigError(f"--out {out} exists and is not a folder")
    briefs = load_briefs(paths)
    texts = load_texts(articles)
    run = StoryRun()
    if not group:
        story = _built(briefs, texts, use_embeddings)
        # Written before the summary too, so a failed or interrupted model call still
        # leaves the story.
        written = write_story(story, out)
        if settings is not None:
            (story,) = _with_summaries([story], settings, run, say)
            written = write_story(story, out)
        run.written += written
        return run
    by_id = {b.article_id: b for b in briefs}
    found = group_briefs(briefs)
    stories = [_built([by_id[a] for a in g.articles], texts, use_embeddings) for g in found]
    if settings is not None:
        for entry, story in zip(found, stories, strict=True):
            write_story(story, path_inside(out, entry.name))
        stories = _with_summaries(stories, settings, run, say)
    index = []
    for entry, story in zip(found, stories, strict=True):
        run.written += write_story(story, path_inside(out, entry.name))
        index.append({"story": entry.name, "folder": entry.name, "articles": entry.articles,
                      "shared": entry.shared,
                      "conflicts": sum(1 for g in story.figures if g.agreement == "conflict")})
    out.mkdir(parents=True, exist_ok=True)
    index_path = path_inside(out, "index.json")
    write_json(index_path, {"stories": index, "articles": len(briefs)})
    run.written.append(index_path)
    return run
