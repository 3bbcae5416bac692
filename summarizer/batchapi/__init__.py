"""Bulk runs on the provider's batch API: plans' model calls as batch request lines,
uploaded, run as batches, polled, collected and fed back to the plans."""
