"""The garbage collector's settings for a long run of the command line.

Two costs the collector adds to every article of a run (docs/SCALE.md):
- What is loaded before the run (the libraries, the client, the engine) lives as long as
  the run, yet each full pass walks it again: it is frozen out of the passes (about 0.7 ms
  of CPU an article when this was first measured).
- With 32 articles in flight, each holding its plan, the number of container objects
  goes up and down by thousands as plans are built and freed. The default threshold (700
  more allocations than deallocations) then starts a young pass about once an article,
  and every tenth one a pass over the generation where those live plans sit: 0.23 ms of
  CPU an article on the seed articles (timed with ``gc.callbacks``), for little garbage.
  A young pass every 20,000 leaves a handful a run; cyclic garbage still waits at most
  that many objects for its pass.

For the command line only, which owns its process: the Python API leaves a caller's
collector as the caller set it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_PASS_EVERY = 20_000


@contextmanager
def long_run_collection() -> Iterator[None]:
    """Freeze what exists now and make young passes rarer; both undone on leaving, for a
    caller that goes on in this process (the tests)."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(YOUNG_PASS_EVERY, thresholds[0]), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
