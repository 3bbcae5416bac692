from __future__ import annotations

from summarizer.grounding import Article

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
