"""The collector's settings for a command-line run are in force during it and undone after."""

from __future__ import annotations

import gc

import pytest

from summarizer.collector import YOUNG_PASS_EVERY, long_run_collection


def test_a_long_run_freezes_what_exists_and_passes_rarely_then_undoes_both() -> None:
    before = gc.get_threshold()
    with long_run_collection():
        assert gc.get_freeze_count() > 0  # this test's own modules, at least
        assert gc.get_threshold() == (max(YOUNG_PASS_EVERY, before[0]), *before[1:])
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_an_error_in_the_run_still_undoes_them() -> None:
    before = gc.get_threshold()
    with pytest.raises(KeyError), long_run_collection():
        raise KeyError("article")
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
