"""Split request lines into batch input files within the provider's limits."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from summarizer.batchapi.lines import RequestLine


class LineTooLarge(ValueError):
    """One request line is larger than a whole batch input file may be."""


def chunk_lines(lines: Iterable[RequestLine], max_requests: int,
                max_bytes: int) -> Iterator[list[RequestLine]]:
    """Consecutive groups of at most ``max_requests`` lines and ``max_bytes`` bytes."""
    chunk: list[RequestLine] = []
    size = 0
    for line in lines:
        if line.size > max_bytes:
            raise LineTooLarge(f"request {line.custom_id} ({line.article_id}) is {line.size} "
                               f"bytes, over the {max_bytes}-byte batch file limit")
        if chunk and (len(chunk) >= max_requests or size + line.size > max_bytes):
            yield chunk
            chunk, size = [], 0
        chunk.append(line)
        size += line.size
    if chunk:
        yield chunk
