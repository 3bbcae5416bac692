"""The story gold and its scores: the gold resolves against the articles' gold files, and
the merging from gold-derived briefs reaches the targets (docs/STORY.md)."""

from __future__ import annotations

from pathlib import Path

from summarizer.eval.gold import GoldFile
from summarizer.story.quality import pairwise
from tests.story_support import brief


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

    text = story_quality_markdown()
    assert "| gold-derived (merging alone) | 7 |" in text


def _gold(**fields: object) -> GoldFile:
    return GoldFile.model_validate({"article_id": "a"} | fields)


def test_model_briefs_come_from_the_first_folder_that_has_them(tmp_path: Path) -> None:
    from bench.story_quality import Corpus, covered, load_model_briefs

    first, second = tmp_path / "one", tmp_path / "two"
    for folder, names in ((first, ["A"]), (second, ["B", "Z"])):
        folder.mkdir()
        (folder / "a.json").write_text(brief("a", actors=names).model_dump_json(), "utf-8")
    (second / "b.json").write_text(brief("b", actors=["B"]).model_dump_json(), "utf-8")
    corpus = Corpus(golds={"a": _gold(), "b": _gold(article_id="b"), "c": _gold(article_id="c")},
                    texts={}, stories=[])
    found = load_model_briefs([first, second], corpus)
    assert [x.name for x in found["a"].actors] == ["A"]
    assert [x.name for x in found["b"].actors] == ["B"]
    assert found["c"].provenance.backend == "missing"
    assert covered([first, second], corpus) == {"a", "b"}
