"""Tokens and money for a batch run. No price is built in: a cost is given only when the
user configured one, with the batch discount applied to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    requests: int = 0

    def add(self, prompt_tokens: int, completion_tokens: int) -> None:
        self.prompt_tokens += prompt_tokens
        self.completion_tokens += completion_tokens
        self.requests += 1


def cost_summary(usage: Usage, price_prompt_per_mtok: float, price_completion_per_mtok: float,
                 batch_discount: float) -> dict[str, Any]:
    """Usage, and the cost at the configured on-demand prices less the batch discount."""
    summary: dict[str, Any] = {"prompt_tokens": usage.prompt_tokens,
                               "completion_tokens": usage.completion_tokens,
                               "requests": usage.requests, "cost": None}
    if price_prompt_per_mtok <= 0 and price_completion_per_mtok <= 0:
        return summary
    on_demand = (usage.prompt_tokens * price_prompt_per_mtok
                 + usage.completion_tokens * price_completion_per_mtok) / 1_000_000
    summary["cost"] = {
        "on_demand_usd": round(on_demand, 6),
        "batch_usd": round(on_demand * (1.0 - batch_discount), 6),
        "batch_discount": batch_discount,
        "price_prompt_per_mtok": price_prompt_per_mtok,
        "price_completion_per_mtok": price_completion_per_mtok,
    }
    return summary
