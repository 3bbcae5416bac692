"""The story builder from Python: what ``summarizer story --no-summary`` builds."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from summarizer.api.arguments import PathLike, as_path
from summarizer.brief import Brief
from summarizer.errors import ConfigError
from summarizer.story.model import Story


def build_story(briefs: PathLike | Iterable[Brief | PathLike], *,
                articles: PathLike | None = None, embeddings: bool = False) -> Story:
    """One story brief across the briefs of articles on one event.

    ``briefs`` are :class:`Brief` objects, brief files, or folders of them (read
    recursively; ``run.json`` and reports are left out). Actors and places are merged
    across articles, each figure group says whether the outlets ``agree``, ``conflict``
    or have a ``single`` source, and questions are merged; every value keeps its article
    and evidence. No model is called: ``summary`` stays empty (``summarizer story``
    writes one with the model). With ``articles`` (the folder the briefs were made from)
    every quote is checked against its article (``evidence_check``); ``embeddings=True``
    matches questions by sentence embeddings instead of word overlap.

    >>> from summarizer import Summarizer, build_story
    >>> with Summarizer() as s:
    ...     run = s.summarise_paths("articles/", out="briefs/")
    >>> story = build_story("briefs/", articles="articles/")
    >>> story.articles
    ['quake', 'storm']
    >>> [(group.agreement, [v.text for v in group.values]) for group in story.figures]
    [('single', ['14']), ('single', ['an hour']), ('single', ['30'])]
    >>> story.evidence_check.mismatched
    []
    """
    from summarizer.story.build import build_story as build
    from summarizer.story.command import check_evidence
    from summarizer.story.loading import load_briefs, load_texts

    if isinstance(briefs, str | os.PathLike):
        items: list[Brief | PathLike] = [Path(briefs)]
    elif isinstance(briefs, bytes) or not isinstance(briefs, Iterable):
        raise ConfigError(f"briefs must be Briefs, brief files or folders, "
                          f"not {type(briefs).__name__}")
    else:
        items = [b if isinstance(b, Brief) else as_path(b, "briefs") for b in briefs]
    given = [b for b in items if isinstance(b, Brief)]
    loaded = load_briefs([Path(p) for p in items if not isinstance(p, Brief)]) if len(
        given) < len(items) else []
    chosen = given + loaded
    if not chosen:
        raise ConfigError("no briefs given")
    ids = [b.article_id for b in chosen]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ConfigError(f"more than one brief of article(s) {', '.join(repeated)}")
    story = build(chosen, use_embeddings=embeddings)
    if articles is not None:
        texts = load_texts(as_path(articles, "articles"))
        story = story.model_copy(update={"evidence_check": check_evidence(story, texts)})
    return story
