"""The story gold and its scores: the gold resolves against the articles' gold files, and
the merging from gold-derived briefs reaches the targets (docs/STORY.md)."""

from __future__ import annotations

from pathlib import Path

from summarizer.brief import Evidence
from summarizer.eval.gold import GoldFile
from summarizer.eval.scoring import alignment
from summarizer.eval.similarity import TextSimilarity
from summarizer.story.gold_mapping import map_to_gold
from summarizer.story.quality import merge_counts, pairs, pairwise
from tests.story_support import brief, figure


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


def test_a_second_name_of_a_listed_entity_maps_to_it() -> None:
    gold = _gold(actors=[{"name": "Islamic State", "aliases": ["ISIS"], "kind": "group"},
                         {"name": "Mustafa Bali", "kind": "person"}])
    made = brief("a", actors=["Islamic State", "ISIS", "Mustafa Bali", "Kurdish officials"])
    pairs = map_to_gold(made, gold, "actors", TextSimilarity(use_embeddings=False))
    # The eval aligns one name per gold item; the repeat maps to the same gold item, and
    # a name that matches nothing stays out.
    assert sorted(pairs) == [(0, 0), (1, 0), (2, 1)]


def test_a_relabelled_figure_maps_by_value_and_place() -> None:
    gold = _gold(figures=[
        {"text": "$449,000", "low": 449000, "high": 449000, "qualifier": "exact",
         "unit": "USD", "counts": "budget of the state's anti-meth campaign"},
        {"text": "two", "low": 2, "high": 2, "qualifier": "exact", "counts": "fronts"}])
    garbled = figure("$449,000", 449000, "run by a firm with a", unit="USD")
    garbled.evidence[0] = Evidence(quote="It was run by a firm with a $449,000 budget.",
                                   start=0, end=44)
    elsewhere = figure("two", 2, "countries")  # its quote does not write "two" as gold does
    elsewhere.evidence[0] = Evidence(quote="Both countries agreed.", start=0, end=22)
    made = brief("a", figures=[garbled, elsewhere])
    text = TextSimilarity(use_embeddings=False)
    assert alignment("figures", made, gold, text) == []
    assert map_to_gold(made, gold, "figures", text) == [(0, 0)]


def test_missing_optional_items_are_not_merge_misses() -> None:
    a, b, c, d = ("x", 0), ("y", 0), ("x", 1), ("y", 1)
    truth = pairs([[a, b], [c, d]])
    said = pairs([[a, b]])
    # c is optional and the briefs lack it: its pair is no miss end to end.
    end, alone = merge_counts(said, truth, found={a, b, d}, required={a, b, d})
    assert (end.tp, end.fp, end.fn) == (1, 0, 0)
    end, alone = merge_counts(said, truth, found={a, b, d}, required={a, b, c, d})
    assert (end.tp, end.fp, end.fn) == (1, 0, 1)
    # Items the briefs hold: the pair with c is out of reach, so the story missed nothing.
    assert (alone.tp, alone.fp, alone.fn) == (1, 0, 0)
    end, alone = merge_counts(pairs([[a, d]]), truth, found={a, b, c, d},
                              required={a, b, c, d})
    assert (alone.tp, alone.fp, alone.fn) == (0, 1, 2)


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
