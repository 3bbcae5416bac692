"""Amount mentions listed for the model, and what an amount counts read from the article."""

from __future__ import annotations

from summarizer.mentions import amount_mentions, clause_after
from summarizer.prompts import load_prompts

TEXT = ("On Feb. 20, 2019, as many as another 6,000 people waited at 6 p.m. while an estimated "
        "200 to 300 IS fighters held out. A 38-year-old mother spent six months there. "
        "Donors pledged $2.6 billion in aid, and 2,000 U.S. troops will leave.")


def test_mentions_keep_hedges_and_ranges_and_leave_out_dates_times_ages_durations() -> None:
    phrases = [m.phrase for m in amount_mentions(TEXT)]
    assert phrases == ["as many as another 6,000 people waited",
                       "an estimated 200 to 300 IS fighters held out", "$2.6 billion",
                       "2,000 U.S. troops"]
    first = amount_mentions(TEXT)[0]
    assert TEXT[first.start:first.end] == "as many as another 6,000"


def test_mentions_are_verbatim_and_bounded() -> None:
    text = " ".join(f"{n} boats sank." for n in range(10, 60))
    mentions = amount_mentions(text, limit=5)
    assert len(mentions) == 5
    assert all(m.phrase in text for m in mentions)


def test_clause_after_stops_at_the_clause_and_keeps_abbreviations() -> None:
    after_troops = TEXT.index("2,000") + len("2,000")
    assert clause_after(TEXT, after_troops) == "U.S. troops will leave"
    after_aid = TEXT.index("billion") + len("billion")
    # What the money is for follows a preposition; it is not what the amount counts.
    assert clause_after(TEXT, after_aid) == ""
    sentence = "Two of the trucks left, and revenue rose 5 percent from a year earlier."
    assert clause_after(sentence, len("Two")) == "trucks left"
    assert clause_after(sentence, sentence.index("percent") + len("percent")) == ""


def test_user_prompt_lists_the_article_amounts_after_the_article() -> None:
    prompt = load_prompts().render_user(TEXT)
    listed = prompt[prompt.index("</article>"):]
    assert "- as many as another 6,000 people" in listed
    assert "2019" not in listed and "38" not in listed
