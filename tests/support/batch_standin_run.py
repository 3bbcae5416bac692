"""A batch run over ``ToyPlan``s in its own process, so a test can kill it mid-poll.

    python -m tests.support.batch_standin_run BASE_URL ARTICLES OUT
"""

from __future__ import annotations

import sys
from pathlib import Path

from summarizer.batchapi.command import summarise_with_batch_api
from summarizer.calllog import CallLog
from summarizer.settings import Settings
from tests.support.batch_standin_plans import MODEL, ToyPlan


def main() -> None:
    base_url, articles, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    settings = Settings(backend="openai", base_url=base_url, api_key="sk-standin", model=MODEL,
                        mode="json_schema", batch_poll_seconds=0.05,
                        batch_poll_max_seconds=0.05)
    log = CallLog(out.parent / "calls.db")
    try:
        report = summarise_with_batch_api(settings, [articles], out, force=False, log=log,
                                          say=lambda m: print(m, file=sys.stderr, flush=True),
                                          plan_for=ToyPlan)
    finally:
        log.close()
    sys.exit(1 if report.count("failed") else 0)


if __name__ == "__main__":
    main()
