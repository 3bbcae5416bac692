from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer.brief import Actor, Brief, Evidence, Figure, Location, OpenQuestion, Provenance
from summarizer.errors import ConfigError
from summarizer.eval.bootstrap import paired_difference
from summarizer.eval.gold import GoldFile, load_gold
from summarizer.eval.scoring import Counts, score_article, score_field
from summarizer.eval.similarity import TextSimilarity
from summarizer.names import pair_similarity

EV = [Evidence(quote="x", start=0, end=1)]
WORDS = TextSimilarity(use_embeddings=False)


def brief(**fields: object) -> Brief:
    return Brief(article_id="a", summary="s", provenance=Provenance(
        backend="test", model="m", prompt_version="p"), **fields)  # type: ignore[arg-type]


def actor(name: str, *aliases: str) -> Actor:
    return Actor(name=name, aliases=list(aliases), kind="organization", evidence=EV)


def figure(text: str, low: float, high: float, counts: str) -> Figure:
    return Figure(text=text, low=low, high=high, qualifier="exact", counts=counts, evidence=EV)


def gold(**fields: object) -> GoldFile:
    return GoldFile.model_validate({"article_id": "a", **fields})


def gold_figure(text: str, low: float, high: float, counts: str, required: bool = True) -> dict:  # type: ignore[type-arg]
    return {"text": text, "low": low, "high": high, "qualifier": "exact", "counts": counts,
            "required": required}


def brief_from_gold(g: GoldFile) -> Brief:
    return brief(
        actors=[Actor(name=a.name, aliases=a.aliases, kind=a.kind, evidence=EV) for a in g.actors],
        locations=[Location(name=p.name, kind=p.kind, evidence=EV) for p in g.locations],
        figures=[Figure(text=f.text, low=f.low, high=f.high, qualifier=f.qualifier,
                        counts=f.counts, evidence=EV) for f in g.figures],
        open_questions=[OpenQuestion(question=q.question, evidence=EV)
                        for q in g.open_questions])


def test_identical_prediction_scores_one_everywhere() -> None:
    seed = load_gold(Path(__file__).resolve().parent.parent / "eval" / "gold")
    for g in seed.values():
        for name, result in score_article(brief_from_gold(g), g, WORDS).items():
            assert result.counts.fp == 0 and result.counts.fn == 0, (name, result)
            assert result.counts.f1 == 1.0


@pytest.mark.parametrize(("a", "b"), [
    ("SDF", "Syrian Democratic Forces"), ("Baghuz", "Baghouz"), ("the SDF", "SDF"),
    ("Mr. Mustafa Bali", "Mustafa Bali"), ("Bali's", "Bali"), ("Deir Ezzor", "Deir Ezor"),
    ("VOA", "Voice of America"), ("DOJ", "Department of Justice"),
])
def test_names_that_should_match(a: str, b: str) -> None:
    assert pair_similarity(a, b) >= 0.7


@pytest.mark.parametrize(("a", "b"), [
    ("John Smith", "Jane Smith"), ("Syria", "Serbia"), ("SDF", "Syrian Observatory"),
    ("IS", "Iraq"), ("TOA", "The Observer"), ("DOJ", "Department of Energy"),
])
def test_names_that_should_not_match(a: str, b: str) -> None:
    assert pair_similarity(a, b) < 0.7


def test_one_surname_matches_only_one_of_two_people() -> None:
    g = gold(actors=[{"name": "John Smith", "kind": "person"},
                     {"name": "Mary Smith", "kind": "person"}])
    result = score_field("actors", brief(actors=[actor("Smith")]), g, WORDS)
    assert (result.counts.tp, result.counts.fp, result.counts.fn) == (1, 0, 1)


def test_alias_on_either_side_counts() -> None:
    g = gold(actors=[{"name": "Syrian Democratic Forces", "aliases": ["SDF"],
                      "kind": "organization"}])
    result = score_field("actors", brief(actors=[actor("S.D.F.", "SDF")]), g, WORDS)
    assert result.counts.tp == 1


def test_hand_computed_precision_recall_f1() -> None:
    g = gold(actors=[{"name": n, "kind": "organization"} for n in
                     ("Red Cross", "United Nations", "World Bank", "NATO")])
    pred = brief(actors=[actor("Red Cross"), actor("UN", "United Nations"), actor("Acme")])
    counts = score_field("actors", pred, g, WORDS).counts
    assert (counts.tp, counts.fp, counts.fn) == (2, 1, 2)
    assert counts.precision == pytest.approx(2 / 3)
    assert counts.recall == pytest.approx(0.5)
    assert counts.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_range_written_two_ways_matches() -> None:
    g = gold(figures=[gold_figure("800 to 1,000", 800, 1000, "people who left Baghuz")])
    pred = brief(figures=[figure("800-1,000", 800, 1000, "people who left Baghuz on Friday")])
    assert score_field("figures", pred, g, WORDS).counts.tp == 1


def test_right_number_wrong_thing_is_mislabelled() -> None:
    g = gold(figures=[gold_figure("37,000", 37000, 37000, "people displaced")])
    pred = brief(figures=[figure("37,000", 37000, 37000, "people killed")])
    result = score_field("figures", pred, g, TextSimilarity(use_embeddings=True))
    assert result.counts.tp == 0 and result.counts.mislabelled == 1
    assert (result.counts.fp, result.counts.fn) == (1, 1)
    assert result.mislabelled == [("37,000 (people killed)", "37,000 (people displaced)")]
    assert result.invented == [] and result.missed == []


def test_optional_gold_items_change_nothing() -> None:
    base = gold(figures=[gold_figure("3", 3, 3, "trucks")])
    with_optional = gold(figures=[gold_figure("3", 3, 3, "trucks"),
                                  gold_figure("19", 19, 19, "age of the woman", False)])
    pred_plain = brief(figures=[figure("3", 3, 3, "trucks")])
    pred_extra = brief(figures=[figure("3", 3, 3, "trucks"),
                                figure("19", 19, 19, "age of the woman")])
    for pred in (pred_plain, pred_extra):
        counts = score_field("figures", pred, with_optional, WORDS).counts
        assert (counts.tp, counts.fp, counts.fn) == (1, 0, 0)
    assert score_field("figures", pred_plain, base, WORDS).counts.f1 == 1.0


def test_empty_cases_are_defined() -> None:
    nothing = Counts()
    # Nothing to find and nothing claimed: a perfect score, not a division by zero.
    assert (nothing.precision, nothing.recall, nothing.f1) == (1.0, 1.0, 1.0)
    missed_all = score_field("actors", brief(), gold(actors=[{"name": "NATO", "kind": "group"}]),
                             WORDS).counts
    assert (missed_all.precision, missed_all.recall, missed_all.f1) == (1.0, 0.0, 0.0)
    invented_all = score_field("actors", brief(actors=[actor("NATO")]), gold(), WORDS).counts
    assert (invented_all.precision, invented_all.recall, invented_all.f1) == (0.0, 1.0, 0.0)
    missing_brief = score_field("actors", None, gold(actors=[{"name": "NATO", "kind": "group"}]),
                                WORDS).counts
    assert missing_brief.fn == 1


def test_open_questions_match_by_meaning() -> None:
    g = gold(open_questions=[{"question": "When will the SDF launch the final assault on Baghuz?"}])
    pred = brief(open_questions=[OpenQuestion(
        question="When will the final offensive on Baghuz begin?", evidence=EV)])
    assert score_field("open_questions", pred, g, TextSimilarity(True)).counts.tp == 1
    other = brief(open_questions=[OpenQuestion(
        question="How many civilians remain in Baghuz?", evidence=EV)])
    assert score_field("open_questions", other, g, TextSimilarity(True)).counts.tp == 0


def test_paired_bootstrap_of_identical_runs_is_zero() -> None:
    runs = [Counts(tp=3, fp=1, fn=1), Counts(tp=1, fp=0, fn=2), Counts(tp=2, fp=2, fn=0)]
    diff = paired_difference(runs, runs)
    assert (diff.delta, diff.low, diff.high) == (0.0, 0.0, 0.0)
    better = [Counts(tp=4, fp=0, fn=0)] * 3
    assert paired_difference(better, runs).verdict == "better"


def test_invalid_gold_names_file_and_field(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text(json.dumps({
        "article_id": "x", "figures": [{"text": "3", "low": 3, "high": 3,
                                         "qualifier": "roughly", "counts": "boats"}]}))
    with pytest.raises(ConfigError) as error:
        load_gold(tmp_path)
    assert "x.json" in str(error.value) and "figures.0.qualifier" in str(error.value)


@pytest.mark.parametrize(("pred", "gold_name"), [
    ("US-backed Syrian Democratic Forces (SDF)", "Syrian Democratic Forces"),
    ("London-based Syrian Observatory for Human Rights", "Syrian Observatory for Human Rights"),
    ("Islamic State of Iraq and the Syria (ISIS)", "ISIS"),
])
def test_descriptors_and_parenthesised_acronyms_match(pred: str, gold_name: str) -> None:
    from summarizer.names import name_similarity

    assert name_similarity([pred], [gold_name]) >= 0.9
