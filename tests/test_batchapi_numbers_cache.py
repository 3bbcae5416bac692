"""numbers.py caches its scans per text: same answers as an uncached scan, and callers
may change what they get without changing what the next caller gets."""

from __future__ import annotations

from summarizer import numbers

TEXT = "About 800 to 1,000 people left; $2 to 3 billion was pledged, up 12% to $4.3 billion."


def test_cached_results_equal_a_fresh_scan() -> None:
    assert numbers.find_amounts(TEXT) == list(numbers._scan_amounts(TEXT))
    assert numbers.range_pairs(TEXT) == list(numbers._scan_pairs(TEXT))
    assert numbers.values_in(TEXT) == set(numbers._scan_values(TEXT))
    assert {800.0, 1000.0, 2e9, 3e9} <= numbers.values_in(TEXT)


def test_callers_get_their_own_copies() -> None:
    first = numbers.find_amounts(TEXT)
    first.clear()
    values = numbers.values_in(TEXT)
    values.add(-1.0)
    pairs = numbers.range_pairs(TEXT)
    pairs.clear()
    assert numbers.find_amounts(TEXT) and -1.0 not in numbers.values_in(TEXT)
    assert numbers.range_pairs(TEXT)


def test_long_texts_are_scanned_without_the_cache() -> None:
    long_text = TEXT + " filler" * (numbers._CACHED_CHARS // 7 + 1)
    before = numbers._cached_amounts.cache_info().currsize
    assert numbers.find_amounts(long_text) == numbers.find_amounts(TEXT)
    assert numbers._cached_amounts.cache_info().currsize == before
