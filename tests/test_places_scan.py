"""The places checks' shortcuts give what their patterns give."""

from __future__ import annotations

import random
from pathlib import Path

from summarizer.candidates import places

ROOT = Path(__file__).resolve().parent.parent


def test_an_office_before_a_mention_is_found_as_its_pattern_finds_it() -> None:
    """The 40 characters before every position of the articles where a word starts, and
    random windows that end with "the" in any case and any spacing."""
    windows = []
    for path in sorted((ROOT / "eval").rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        windows += [text[max(0, at - 40):at] for at in range(1, len(text))
                    if text[at - 1].isspace() and not text[at].isspace()]
    assert len(windows) > 20000
    rng = random.Random(11)
    pieces = ["the", "THE", "The", "tHe", " ", "  ", "\n", "\u00a0", "\t", "office of",
              "court for", "Attorney’s Office for", "judge of", "x", "ſ", "e", "th", ".",
              "prosecutors of"]
    windows += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
                for _ in range(20000)]
    offices = 0
    for window in windows:
        expected = places._JURISDICTION_BEFORE.search(window) is not None
        assert places._after_an_office(window) is expected, repr(window)
        offices += expected
    assert offices > 20  # the pattern does match some
