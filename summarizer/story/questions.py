"""Open questions merged: the same question raised by several articles is one entry."""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.brief import Brief
from summarizer.eval.similarity import TextSimilarity
from summarizer.story.clustering import cluster
from summarizer.story.model import NameInArticle, StoryQuestion

# Word overlap and embedding cosine sit on different scales.
SAME_QUESTION_WORDS = 0.6
SAME_QUESTION_EMBEDDINGS = 0.75


def merged_questions(briefs: Sequence[Brief], text: TextSimilarity | None = None
                     ) -> list[StoryQuestion]:
    text = text or TextSimilarity(use_embeddings=False)
    asked = [(b.article_id, i, q.question) for b in briefs
             for i, q in enumerate(b.open_questions)]
    if not asked:
        return []
    questions = [q for _, _, q in asked]
    matrix = text.matrix(questions, questions)
    threshold = SAME_QUESTION_EMBEDDINGS if text.use_embeddings else SAME_QUESTION_WORDS
    groups = cluster([a for a, _, _ in asked], lambda i, j: float(matrix[i, j]), threshold)
    order = [b.article_id for b in briefs]
    merged = []
    for group in groups:
        members = [asked[i] for i in group]
        articles = [a for a in order if any(m[0] == a for m in members)]
        merged.append(StoryQuestion(
            question=min((q for _, _, q in members), key=len), articles=articles,
            asked=[NameInArticle(article_id=a, item=i, name=q) for a, i, q in members]))
    return sorted(merged, key=lambda q: -len(q.articles))
