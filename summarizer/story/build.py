"""From briefs to a story: merge actors and places, align figures, merge questions.
No model call; the summary is added separately (summary.py)."""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.brief import Brief
from summarizer.eval.similarity import TextSimilarity
from summarizer.story.entities import merged_actors, merged_locations
from summarizer.story.figures import aligned_figures
from summarizer.story.model import Story
from summarizer.story.questions import merged_questions


def build_story(briefs: Sequence[Brief], use_embeddings: bool = False) -> Story:
    """One story from the briefs of articles on one event (order kept: it is the column
    order of the HTML page)."""
    text = TextSimilarity(use_embeddings=use_embeddings)
    return Story(
        articles=[b.article_id for b in briefs],
        actors=merged_actors(briefs),
        locations=merged_locations(briefs),
        figures=aligned_figures(briefs, text),
        open_questions=merged_questions(briefs, text),
    )
