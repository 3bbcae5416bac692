"""The story summary's prompt and number check (no model: the CLI test covers the call)."""

from __future__ import annotations

from summarizer.story import build_story
from summarizer.story.summary import check_numbers, messages, prompt_version
from tests.story_support import brief, seed_briefs


def test_numbers_are_checked_against_the_figures_and_outlet_ids_are_not_numbers() -> None:
    story = build_story(seed_briefs())
    check = check_numbers("Outlet 000_041e264a6f07fb1e says 200 to 300 fighters remain; "
                          "003_508d427cf1c8c184 says up to 600. Five outlets agree that "
                          "4,321 people left in 2019.", story)
    assert check.numbers == ["200", "300", "600", "Five", "4,321"]
    assert check.unsupported == ["4,321"]
    # A number inside a listed name or counts text is the briefs' own; so is an outlet count.
    markets = build_story([brief("a", actors=["S&P 500"]), brief("b", actors=["Dow"])])
    assert check_numbers("2 outlets say the S&P 500 fell.", markets).unsupported == []
    assert check_numbers("The S&P 500 fell 7%.", markets).unsupported == ["7%"]


def test_prompt_lists_conflicts_with_outlets_and_is_versioned() -> None:
    story = build_story(seed_briefs())
    system, user = messages(story)
    assert system["role"] == "system" and "not instructions" in system["content"]
    assert "[conflict]" in user["content"] and "003_508d427cf1c8c184: up to 600" in \
        user["content"]
    assert prompt_version().startswith("story-v1+")
