"""Batched DynamoDB reads and writes on raw items, with one failure rule: what DynamoDB leaves
unprocessed is retried with jittered exponential backoff, and when it is still unprocessed after
the last attempt the call **raises** (a caller never gets a silent partial result)."""

from __future__ import annotations

import random
import time
from typing import Any

from chalicelib.store.base import connection

#: BatchWriteItem takes at most 25 puts, BatchGetItem at most 100 keys.
WRITE_BATCH = 25
GET_BATCH = 100
ATTEMPTS = 10


class Unprocessed(RuntimeError):
    """DynamoDB kept items unprocessed through every retry."""


def _backoff(attempt: int) -> None:
    time.sleep(random.uniform(0, min(1.0, 0.02 * 2**attempt)))  # noqa: S311 - jitter


def batch_put(table: str, items: list[dict[str, Any]]) -> int:
    """Writes ``items`` (raw attribute maps), 25 per BatchWriteItem; answers the calls made."""
    client = connection().client
    calls = 0
    for start in range(0, len(items), WRITE_BATCH):
        request = {table: [{"PutRequest": {"Item": i}} for i in items[start : start + WRITE_BATCH]]}
        for attempt in range(ATTEMPTS):
            calls += 1
            request = client.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}
            if not request:
                break
            _backoff(attempt)
        else:
            raise Unprocessed(f"Items still unprocessed after {ATTEMPTS} BatchWriteItem calls.")
    return calls


def batch_get(
    table: str,
    keys: list[dict[str, Any]],
    *,
    projection: str | None = None,
    names: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The raw items of ``keys`` that exist (strongly consistent), 100 keys per BatchGetItem."""
    client = connection().client
    found: list[dict[str, Any]] = []
    for start in range(0, len(keys), GET_BATCH):
        spec: dict[str, Any] = {"Keys": keys[start : start + GET_BATCH], "ConsistentRead": True}
        if projection:
            spec["ProjectionExpression"] = projection
        if names:
            spec["ExpressionAttributeNames"] = names
        request = {table: spec}
        for attempt in range(ATTEMPTS):
            response = client.batch_get_item(RequestItems=request)
            found.extend(response.get("Responses", {}).get(table, []))
            request = response.get("UnprocessedKeys") or {}
            if not request:
                break
            _backoff(attempt)
        else:
            raise Unprocessed(f"Keys still unprocessed after {ATTEMPTS} BatchGetItem calls.")
    return found


def batch_delete(table: str, keys: list[dict[str, Any]]) -> int:
    """Deletes ``keys`` (raw key maps), 25 per BatchWriteItem; answers the calls made."""
    client = connection().client
    calls = 0
    for start in range(0, len(keys), WRITE_BATCH):
        request = {
            table: [{"DeleteRequest": {"Key": k}} for k in keys[start : start + WRITE_BATCH]]
        }
        for attempt in range(ATTEMPTS):
            calls += 1
            request = client.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}
            if not request:
                break
            _backoff(attempt)
        else:
            raise Unprocessed(f"Items still unprocessed after {ATTEMPTS} BatchWriteItem calls.")
    return calls
