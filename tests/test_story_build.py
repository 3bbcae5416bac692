"""build_story on the seed story: one entry per real-world actor and place, figures
aligned, questions merged, every value traced to its article and evidence."""

from __future__ import annotations

import time

from summarizer.names import name_similarity, pair_similarity
from summarizer.story import build_story
from summarizer.story.command import check_evidence
from tests.story_support import brief, seed_briefs, seed_texts

ALL = ["000_041e264a6f07fb1e", "001_d3d7cfa834a73cd2", "002_af7b57c87ab0789d",
       "003_508d427cf1c8c184", "004_be823db3eba7c02c"]


def test_the_eval_and_the_story_share_one_name_matcher() -> None:
    import summarizer.eval.scoring as scoring
    import summarizer.story.entities as entities

    assert scoring.name_similarity is name_similarity
    assert entities.pair_similarity is pair_similarity


def test_name_matcher_cases() -> None:
    assert pair_similarity("SDF", "Syrian Democratic Forces") >= 0.9  # acronym
    assert pair_similarity("Baghuz", "Baghouz") >= 0.85  # spelling
    assert pair_similarity("Mostefa Bali", "Mustafa Bali") >= 0.85  # transliteration
    assert pair_similarity("Deir az Zor", "Deir Ezzor") >= 0.85  # split differently
    assert pair_similarity("Bali", "Mustafa Bali") >= 0.7  # surname
    assert pair_similarity("President Donald Trump", "Donald Trump") == 1.0  # title
    assert pair_similarity("his doctor", "the doctor") == 1.0
    assert pair_similarity("John Smith", "Jane Smith") == 0.0
    assert pair_similarity("North Dakota", "South Dakota") == 0.0
    assert pair_similarity("his doctor", "doctors") == 0.0  # one person, not a group
    assert pair_similarity("Britain", "United Kingdom") == 1.0  # country names
    assert name_similarity(["US-backed Syrian Democratic Forces (SDF)"], ["SDF"]) == 1.0


def test_seed_story_merges_actors_and_places_across_outlets() -> None:
    story = build_story(seed_briefs())
    assert story.articles == ALL
    by_name = {a.name: a for a in story.actors}
    sdf = by_name["Syrian Democratic Forces"]
    assert sdf.articles == ALL and "SDF" in sdf.aliases
    bali = by_name["Mustafa Bali"]
    assert bali.articles == ALL and "Mostefa Bali" in bali.aliases
    assert {m.article_id for m in bali.mentions} == set(ALL)
    places = {p.name: p for p in story.locations}
    baghuz = places.get("Baghouz") or places["Baghuz"]
    assert baghuz.articles == ALL
    assert {"Baghuz", "Baghouz"} == {baghuz.name, *baghuz.aliases}
    # One entry per real place: Syria once, not five times.
    assert [p.name for p in story.locations].count("Syria") == 1


def test_seed_story_shows_the_fighters_conflict_first_with_outlets_and_quotes() -> None:
    story = build_story(seed_briefs())
    first = story.figures[0]
    assert first.agreement == "conflict"
    texts = {v.text for v in story.figures[0].values} | {v.text for v in story.figures[1].values}
    assert {"about 300", "up to 600", "Around 300"} <= texts
    agreed = [g for g in story.figures if g.agreement == "agree"]
    assert any({v.text for v in g.values} == {"800 to 1,000", "at least 800"} for g in agreed)
    ranks = [{"conflict": 0, "agree": 1, "single": 2}[g.agreement] for g in story.figures]
    assert ranks == sorted(ranks)


def test_every_quote_in_the_story_is_at_its_offsets_in_its_article() -> None:
    story = build_story(seed_briefs())
    check = check_evidence(story, seed_texts())
    assert check.checked > 50
    assert check.mismatched == []


def test_the_same_question_from_two_outlets_is_one_entry() -> None:
    story = build_story(seed_briefs())
    merged = [q for q in story.open_questions if len(q.articles) > 1]
    assert any("al-Hol" in q.question for q in merged)
    assert all(len(q.asked) == len(q.articles) for q in story.open_questions)


def test_two_items_of_one_article_are_never_merged() -> None:
    a = brief("a", actors=["John Smith", "Smith"])
    b = brief("b", actors=["Smith"])
    story = build_story([a, b])
    assert all(len({m.article_id for m in x.mentions}) == len(x.mentions)
               for x in story.actors)


def test_ten_briefs_build_in_under_two_seconds() -> None:
    briefs = seed_briefs()
    ten = briefs + [b.model_copy(update={"article_id": b.article_id + "_copy"}) for b in briefs]
    started = time.perf_counter()
    story = build_story(ten)
    elapsed = time.perf_counter() - started
    assert len(story.articles) == 10
    assert elapsed < 2.0, elapsed
