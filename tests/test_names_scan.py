"""The names finder's whole-sentence scans give what a scan word by word gives."""

from __future__ import annotations

import random
import re
from pathlib import Path

from summarizer.candidates import names
from summarizer.candidates.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent
# Every word of r"[A-Za-z][\w'’.-]*": "" for one in lower case, else the word.
_EACH_WORD = re.compile(r"[a-z][\w'’.-]*|([A-Z][\w'’.-]*)")


def test_capitalised_words_after_the_first_are_those_found_word_by_word() -> None:
    sentences = [s.text for p in sorted((ROOT / "eval").rglob("*.txt"))
                 for s in split_sentences(p.read_text(encoding="utf-8"))]
    assert len(sentences) > 1000
    rng = random.Random(3)
    alphabet = "aAbZ é'’.-_1 \n,xİ"
    sentences += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
                  for _ in range(5000)]
    for sentence in sentences:
        expected = [w for w in _EACH_WORD.findall(sentence)[1:] if w]
        found = [w for w in names._CAPITALISED_AFTER_THE_FIRST.findall(sentence) if w]
        assert found == expected, sentence
