"""The story gold and its scores: the gold resolves against the articles' gold files, and
the merging from gold-derived briefs reaches the targets (docs/STORY.md)."""

from __future__ import annotations

from summarizer.story.quality import pairwise


def test_pairwise_counts() -> None:
    counts = pairwise([["a", "b", "c"], ["d"]], [["a", "b"], ["c", "d"]])
    assert (counts.tp, counts.fp, counts.fn) == (1, 2, 1)


def test_gold_derived_scores_meet_the_targets() -> None:
    from bench.story_quality import evaluate, gold_briefs, load_corpus

    corpus = load_corpus()
    result = evaluate(gold_briefs(corpus), corpus, identity=True)
    merges = result.score.merges
    assert result.stories == len(corpus.stories) >= 7
    assert merges["actors"].f1 >= 0.95
    assert merges["locations"].f1 >= 0.95
    assert result.score.conflicts.precision >= 0.85
    assert result.score.conflicts.recall >= 0.85
    assert result.grouping.f1 >= 0.9
    # Same unit, different things (killed against displaced): almost never grouped.
    assert result.score.confusable_pairs > 100
    assert result.score.confused_pairs <= 0.02 * result.score.confusable_pairs


def test_story_quality_markdown_has_the_table() -> None:
    from bench.story_quality import story_quality_markdown

    text = story_quality_markdown(None)
    assert "| gold-derived (merging alone) | 7 |" in text
