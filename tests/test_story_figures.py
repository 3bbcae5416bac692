"""Figure alignment: what counts the same thing is grouped, what does not stays apart."""

from __future__ import annotations

import pytest

from summarizer.story.figures import aligned_figures
from tests.story_support import brief, figure


def groups_of(*briefs_: object) -> list[list[tuple[str, str]]]:
    found = aligned_figures(briefs_)  # type: ignore[arg-type]
    return sorted(sorted((v.article_id, v.text) for v in g.values) for g in found)


@pytest.mark.parametrize(("one", "other"), [
    (("people killed in the floods", "people"), ("people displaced by the floods", "people")),
    (("bodies recovered from the wreck", "bodies"),
     ("passengers aboard the plane", "passengers")),
    (("people killed in the attack", "people"), ("people wounded in the attack", "people")),
    (("earnings per share", "dollars per share"),
     ("earnings per share analysts expected", "dollars per share")),
    (("rise in the Dow", "percent"), ("fall in the Dow", "percent")),
    (("people who left the town on Wednesday", "people"),
     ("people who left the town on Friday", "people")),
    (("fighters still in the enclave", "fighters"), ("people still in the enclave", "people")),
    (("gain in Home Depot shares this year", "percent"),
     ("gain in the S&P 500 this year", "percent")),
])
def test_different_things_stay_apart(one: tuple[str, str], other: tuple[str, str]) -> None:
    a = brief("a", [figure("1,200", 1200, one[0], one[1])])
    b = brief("b", [figure("300", 300, other[0], other[1])])
    assert groups_of(a, b) == [[("a", "1,200")], [("b", "300")]]


def test_the_same_count_in_other_words_is_one_group_and_conflicts_come_first() -> None:
    a = brief("a", [figure("about 300", 300, "IS fighters still in Baghuz", "fighters",
                           "approx"),
                    figure("six", 6, "SDF members killed in the bombing")])
    b = brief("b", [figure("up to 600", 600, "jihadists who could still be left inside the "
                           "pocket", "fighters", "at_most")])
    c = brief("c", [figure("Around 300", 300, "ISIS fighters believed to be holed up in the "
                           "enclave", "fighters", "approx")])
    found = aligned_figures([a, b, c])
    assert found[0].agreement == "conflict"
    assert sorted(v.article_id for v in found[0].values) == ["a", "b", "c"]
    assert [g.agreement for g in found[1:]] == ["single"]


def test_the_same_distinctive_amount_groups_despite_other_wording() -> None:
    a = brief("a", [figure("nearly $449,000", 449000, "amount paid to the ad agency", "USD",
                           "approx")])
    b = brief("b", [figure("$449,000", 449000, "budget of the campaign", "USD")])
    found = aligned_figures([a, b])
    assert len(found) == 1 and found[0].agreement == "agree"


def test_values_keep_their_evidence_and_what_they_allow() -> None:
    a = brief("a", [figure("800 to 1,000", 800, "foreign fighters in custody", "fighters",
                           "range", high=1000)])
    b = brief("b", [figure("at least 800", 800, "foreign fighters in SDF custody", "fighters",
                           "at_least")])
    (group,) = aligned_figures([a, b])
    assert group.agreement == "agree" and group.articles == ["a", "b"]
    assert group.values[0].evidence is not None
    assert group.values[0].evidence.quote == "800 to 1,000"
    assert group.values[1].covers == pytest.approx((800, 1200))


@pytest.mark.parametrize(("one", "other"), [
    ("Home Depot per-share earnings for the third quarter", "earnings per diluted share"),
    ("same-store sales growth", "same store sales growth in the quarter"),
])
def test_a_hyphenated_mark_is_the_same_mark(one: str, other: str) -> None:
    # "per-share" is marked per share like "per diluted share"; a mark on one side only
    # would keep the two apart.
    a = brief("a", [figure("$2.53", 2.53, one, "USD")])
    b = brief("b", [figure("$2.53", 2.53, other, "USD")])
    assert groups_of(a, b) == [[("a", "$2.53"), ("b", "$2.53")]]


def test_a_blank_unit_takes_the_counted_noun_from_its_counts_text() -> None:
    # No unit on one side, but its counts text names the other's counted noun: the shared
    # noun counts as if both units said it.
    a = brief("a", [figure("about 40", 40, "rebels in the northern hills", "", "approx")])
    b = brief("b", [figure("some 45", 45, "rebels holed up near the border", "rebels",
                           "approx")])
    assert groups_of(a, b) == [[("a", "about 40"), ("b", "some 45")]]
    other = brief("a", [figure("about 40", 40, "villages in the northern hills", "",
                               "approx")])
    assert groups_of(other, b) == [[("a", "about 40")], [("b", "some 45")]]


def _briefed(article_id: str, text: str) -> object:
    from summarizer.briefing.assemble import figures
    from summarizer.candidates.collect import collect

    return brief(article_id, figures(collect(text), 0))


def test_outlets_leading_in_their_own_way_to_one_count_are_one_group() -> None:
    from summarizer.story.figures import core_counts

    a = _briefed("a", "Flood\n\nPolice in Kathmandu said on Monday they rescued 40 climbers "
                      "stranded near the summit.")
    b = _briefed("b", "Flood\n\nArmy helicopters from Pokhara flew 40 climbers stranded "
                      "near the summit to safety.")
    labels = [f.counts for f in a.figures + b.figures]  # type: ignore[attr-defined]
    # Each label leads in with its outlet's words; the story compares what follows.
    assert labels == ["on Monday they rescued climbers stranded near the summit",
                      "Army helicopters from Pokhara flew climbers stranded near the summit to "
                      "safety"]
    assert {core_counts(f) for f in a.figures + b.figures} == {  # type: ignore[attr-defined]
        "climbers stranded near the summit", "climbers stranded near the summit to safety"}
    assert groups_of(a, b) == [[("a", "40"), ("b", "40")]]


def test_a_label_the_tool_did_not_write_is_compared_whole() -> None:
    from summarizer.story.figures import core_counts

    written = figure("40", 40, "climbers the police rescued")
    assert core_counts(written) == "climbers the police rescued"
