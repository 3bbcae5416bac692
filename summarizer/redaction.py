"""Keeping the API key out of anything written or printed."""

from __future__ import annotations

MASK = "***"


def redact(text: str, secret: str) -> str:
    """``text`` with every occurrence of ``secret`` masked (short secrets are left alone:
    masking a 1-3 character key would shred ordinary words)."""
    if secret and len(secret) >= 4:
        return text.replace(secret, MASK)
    return text
