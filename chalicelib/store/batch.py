"""Batched DynamoDB reads and writes, with one failure rule: what DynamoDB leaves unprocessed
is retried with jittered exponential backoff, and when it is still unprocessed after the last
attempt the call **raises** ``Unprocessed`` (a caller never gets a silent partial result: under
throttling, a sample skipped or an existing account reported missing would be a wrong answer).

* ``batch_put``, ``batch_delete``: raw items into (keys out of) one table, 25 per BatchWriteItem;
* ``batch_get``: raw items of one table, 100 keys per BatchGetItem;
* ``get_models``: PynamoDB records from any tables in one BatchGetItem (authentication's one
  round trip for a session and its user).
"""

from __future__ import annotations

import random
import time
from typing import Any

from pynamodb.models import Model

from chalicelib.store.base import connection

#: BatchWriteItem takes at most 25 puts, BatchGetItem at most 100 keys.
WRITE_BATCH = 25
GET_BATCH = 100
ATTEMPTS = 10


class Unprocessed(RuntimeError):
    """DynamoDB kept items unprocessed through every retry."""


def _backoff(attempt: int) -> None:
    time.sleep(random.uniform(0, min(1.0, 0.02 * 2**attempt)))  # noqa: S311 - jitter


def _write_all(table: str, requests: list[dict[str, Any]]) -> int:
    """BatchWriteItem requests (puts or deletes), 25 per call, until nothing is left
    unprocessed; answers the calls made."""
    client = connection().client
    calls = 0
    for start in range(0, len(requests), WRITE_BATCH):
        request: dict[str, Any] = {table: requests[start : start + WRITE_BATCH]}
        for attempt in range(ATTEMPTS):
            calls += 1
            request = client.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}
            if not request:
                break
            _backoff(attempt)
        else:
            raise Unprocessed(
                f"DynamoDB kept items unprocessed after {ATTEMPTS} BatchWriteItem calls."
            )
    return calls


def batch_put(table: str, items: list[dict[str, Any]]) -> int:
    """Writes ``items`` (raw attribute maps), 25 per BatchWriteItem; answers the calls made."""
    return _write_all(table, [{"PutRequest": {"Item": item}} for item in items])


def _get_all(request: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """One BatchGetItem request (at most 100 keys over any tables), until nothing is left."""
    client = connection().client
    found: dict[str, list[dict[str, Any]]] = {}
    for attempt in range(ATTEMPTS):
        response = client.batch_get_item(RequestItems=request)
        for table, items in response.get("Responses", {}).items():
            found.setdefault(table, []).extend(items)
        request = response.get("UnprocessedKeys") or {}
        if not request:
            return found
        _backoff(attempt)
    raise Unprocessed(f"DynamoDB kept keys unprocessed after {ATTEMPTS} BatchGetItem calls.")


def batch_get(
    table: str,
    keys: list[dict[str, Any]],
    *,
    projection: str | None = None,
    names: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The raw items of ``keys`` that exist (strongly consistent), 100 keys per BatchGetItem."""
    found: list[dict[str, Any]] = []
    for start in range(0, len(keys), GET_BATCH):
        spec: dict[str, Any] = {"Keys": keys[start : start + GET_BATCH], "ConsistentRead": True}
        if projection:
            spec["ProjectionExpression"] = projection
        if names:
            spec["ExpressionAttributeNames"] = names
        found.extend(_get_all({table: spec}).get(table, []))
    return found


def get_models(*wanted: tuple[type[Model], str]) -> list[Model | None]:
    """Records by hash key, from any tables, strongly consistent, 100 keys per BatchGetItem;
    ``None`` where a record does not exist (and only then)."""
    found: dict[tuple[str, str], dict] = {}
    for start in range(0, len(wanted), GET_BATCH):
        request: dict[str, dict[str, Any]] = {}
        key_names: dict[str, str] = {}
        for model_cls, key in wanted[start : start + GET_BATCH]:
            name = model_cls.Meta.table_name
            key_names[name] = model_cls._hash_keyname
            spec = request.setdefault(name, {"Keys": [], "ConsistentRead": True})
            if {model_cls._hash_keyname: {"S": key}} not in spec["Keys"]:
                spec["Keys"].append({model_cls._hash_keyname: {"S": key}})
        for table, items in _get_all(request).items():
            for raw in items:
                found[(table, raw[key_names[table]]["S"])] = raw
    return [
        model_cls.from_raw_data(found[(model_cls.Meta.table_name, key)])
        if (model_cls.Meta.table_name, key) in found
        else None
        for model_cls, key in wanted
    ]


def batch_delete(table: str, keys: list[dict[str, Any]]) -> int:
    """Deletes ``keys`` (raw key maps), 25 per BatchWriteItem; answers the calls made."""
    return _write_all(table, [{"DeleteRequest": {"Key": key}} for key in keys])
