"""Figure labels' clause scan: a shortcut that must give what the whole scan gives."""

from __future__ import annotations

import random
from pathlib import Path

from summarizer.candidates import labels

ROOT = Path(__file__).resolve().parent.parent
# Clause breaks and their near misses, glued in random order.
_PIECES = [*",;:!?()\"“”[]\n. abostwABOSTW-–—'’xyz", "but ", "and ", "said ", "Mr. ", "U.S. ",
           " - ", "because ", "according ", "e.g. ", ".\n", ". \n", "Gen.\n", "whereas"]


def _whole_scan_start(head: str) -> int:
    breaks = list(labels._CLAUSE_BREAK.finditer(head))
    return breaks[-1].end() if breaks else 0


def test_the_last_clause_starts_where_the_whole_scan_puts_it() -> None:
    paths = sorted((ROOT / "eval").rglob("*.txt"))
    assert len(paths) >= 40
    heads = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        heads += [text[max(0, end - 200):end] for end in range(0, len(text), 5)]
    rng = random.Random(11)
    heads += ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 90)))
              for _ in range(20_000)]
    for head in heads:
        assert labels._last_clause_start(head) == _whole_scan_start(head), head
