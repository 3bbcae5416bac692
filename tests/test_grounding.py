from __future__ import annotations

from typing import Any

from summarizer.assemble import ground_draft
from summarizer.extraction import DraftBrief, DraftFigure
from summarizer.grounding import Article, FigureCheck, check_figure

TEXT = (
    "Observers said anywhere from 800 to 1,000 people made it out on Friday.\n\n"
    "Officials with the U.S.-backed Syrian Democratic Forces warned that as many as another "
    "6,000 people are still waiting to leave.\n\n"
    "The “final  assault” was delayed. Three fighters surrendered, and a $2.6 billion aid "
    "package was announced."
)


def test_exact_quote_is_located_with_offsets() -> None:
    article = Article(TEXT)
    span = article.locate("800 to 1,000 people made it out")
    assert span is not None and span.alignment == "exact"
    assert TEXT[span.start:span.end] == "800 to 1,000 people made it out"


def test_quote_with_straight_quotes_and_single_space_is_found_tolerantly() -> None:
    article = Article(TEXT)
    span = article.locate('The "final assault" was delayed.')
    assert span is not None and span.alignment == "tolerant"
    assert TEXT[span.start:span.end] == "The “final  assault” was delayed."


def test_quote_not_in_article_is_not_located() -> None:
    assert Article(TEXT).locate("Rebels seized the airport after a long battle.") is None


def test_figure_without_number_in_quote_is_rejected() -> None:
    outcome = check_figure("1700", "as many as another 6,000 people are still waiting")
    assert isinstance(outcome, str)
    assert "1,700" in outcome and "does not appear" in outcome


def test_number_word_three_matches_digit_three() -> None:
    outcome = check_figure("3", "Three fighters surrendered")
    assert isinstance(outcome, FigureCheck)
    assert (outcome.low, outcome.high, outcome.text) == (3, 3, "Three")


def test_scale_words_match_full_value() -> None:
    outcome = check_figure("$2.6 billion", "a $2.6 billion aid package was announced")
    assert isinstance(outcome, FigureCheck)
    assert outcome.low == 2_600_000_000


def test_hedge_is_taken_from_the_article_wording() -> None:
    outcome = check_figure("6,000", "as many as another 6,000 people are still waiting")
    assert isinstance(outcome, FigureCheck)
    assert outcome.qualifier == "at_most"
    assert outcome.text == "as many as another 6,000"


def draft_brief(**fields: Any) -> DraftBrief:
    values: dict[str, Any] = {"actors": [], "figures": [], "locations": [],
                              "open_questions": [], "summary": ""}
    values.update(fields)
    return DraftBrief(**values)


def _draft(**figure: str) -> DraftBrief:
    return draft_brief(summary="Civilians left.", figures=[DraftFigure(
        text=figure["text"], counts="people", unit="", attributed_to="",
        quote=figure["quote"])])


def test_invented_figure_is_dropped_with_reason() -> None:
    grounded = ground_draft(_draft(text="1700 civilians", quote="1700 civilians left"),
                            Article(TEXT))
    assert grounded.figures == []
    assert grounded.dropped[0].field == "figures"
    assert "not in the article" in grounded.dropped[0].reason


def test_grounded_figure_keeps_offsets_into_whole_text() -> None:
    grounded = ground_draft(_draft(text="800 to 1,000", quote="from 800 to 1,000 people"),
                            Article(TEXT[10:]), offset=10)
    figure = grounded.figures[0]
    evidence = figure.evidence[0]
    assert TEXT[evidence.start:evidence.end] == evidence.quote
    assert (figure.low, figure.high, figure.qualifier) == (800, 1000, "range")


def test_summary_with_number_not_in_article_is_dropped() -> None:
    draft = draft_brief(summary="Some 1,700 civilians fled.")
    grounded = ground_draft(draft, Article(TEXT))
    assert grounded.summary == ""
    assert grounded.dropped[0].field == "summary"


def test_actor_whose_name_is_not_in_article_is_not_emitted() -> None:
    from summarizer.extraction import DraftActor

    draft = draft_brief(summary="x", actors=[
        DraftActor(name="Syrian Democratic Forces", aliases=["SDF"], kind="organization",
                   role="forces", quote="Officials with the U.S.-backed Syrian Democratic"),
        DraftActor(name="Kurdish Red Crescent", aliases=[], kind="organization", role="aid",
                   quote="aid workers"),
    ])
    grounded = ground_draft(draft, Article(TEXT))
    assert [a.name for a in grounded.actors] == ["Syrian Democratic Forces"]
    assert grounded.actors[0].aliases == []  # "SDF" is not in this text
    assert grounded.dropped[0].item == "Kurdish Red Crescent"


def test_what_a_figure_counts_is_read_from_the_rest_of_its_clause() -> None:
    from summarizer.mentions import clause_after

    text = ("Officials warn up to 30,000 IS fighters are still spread across Syria, but no "
            "one knows. At least 20 people were killed in the attack. The toll rose to 16.")

    def after(amount: str) -> str:
        return clause_after(text, text.index(amount) + len(amount))

    assert after("up to 30,000") == "IS fighters are still spread across Syria"
    assert after("At least 20") == "people were killed in the attack"
    assert after("16") == ""


def test_figure_label_comes_from_the_article_unless_nothing_follows_the_amount() -> None:
    text = "Medics said 16 civilians died. The death toll rose to 16."
    draft = draft_brief(summary="x", figures=[
        DraftFigure(quote="Medics said 16 civilians died", text="16", counts="number",
                    unit=""),
        DraftFigure(quote="The death toll rose to 16.", text="16", counts="death toll",
                    unit="")])
    grounded = ground_draft(draft, Article(text))
    assert [f.counts for f in grounded.figures] == ["civilians died", "death toll"]
