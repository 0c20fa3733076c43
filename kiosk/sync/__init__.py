"""Sync engine: outbox to batches, HTTP client, backoff. No Qt."""
