"""Samples: ``usage-samples``, hash ``<hour>#<shard>``, range ``<account>#<timestamp>``. An
hour's samples are one Query per shard; a sample's key is deterministic, so it is written once
(a conditional put) and a repeat is a duplicate, never a change."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.domain.usage import SHARDS, shard_of
from chalicelib.store.batch import batch_put
from chalicelib.store.models import UsageSampleItem
from chalicelib.store.usage.checkpoints import hours_with_samples
from chalicelib.store.usage.common import READ_WORKERS, client, n, query_all

#: Concurrent conditional puts of one batch of samples.
PUT_WORKERS = 16


@dataclass(frozen=True)
class Sample:
    account_id: str
    at: str  # RFC 3339 UTC, microseconds, "Z"
    stored_bytes: int

    @property
    def hour(self) -> str:
        return self.at[:13]

    @property
    def bucket(self) -> str:
        return f"{self.hour}#{shard_of(self.account_id)}"

    @property
    def sk(self) -> str:
        return f"{self.account_id}#{self.at}"


def sample_item(sample: Sample, received_at: str, ttl: int | None) -> dict[str, Any]:
    item = {
        "bucket": {"S": sample.bucket},
        "sk": {"S": sample.sk},
        "account_id": {"S": sample.account_id},
        "at": {"S": sample.at},
        "stored_bytes": {"N": str(sample.stored_bytes)},
        "received_at": {"S": received_at},
    }
    if ttl is not None:
        item["ttl"] = {"N": str(ttl)}
    return item


def put_samples(samples: list[Sample], received_at: str, ttl: int | None) -> set[int]:
    """Writes each sample unless one with the same (account, timestamp) exists (a conditional
    PutItem each, ``PUT_WORKERS`` at a time); answers the indexes of those newly written.

    Not TransactWriteItems: a sample needs no other write to be atomic with it, and moto (the
    local stack) copies the whole table for every item of a transaction."""
    table = UsageSampleItem.Meta.table_name
    low = client()

    def put(index: int) -> int | None:
        try:
            low.put_item(
                TableName=table,
                Item=sample_item(samples[index], received_at, ttl),
                ConditionExpression="attribute_not_exists(sk)",
            )
            return index
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return None
            raise

    if len(samples) <= 1:
        return {i for i in map(put, range(len(samples))) if i is not None}
    with ThreadPoolExecutor(max_workers=min(PUT_WORKERS, len(samples))) as pool:
        return {i for i in pool.map(put, range(len(samples))) if i is not None}


def put_history(history: list[Sample], received_at: str) -> int:
    """Writes a history of samples in bulk (BatchWriteItem of 25, unconditional: for a store
    that never held them, ``usage_aggregation.load_history``); answers the calls made."""
    return batch_put(
        UsageSampleItem.Meta.table_name, [sample_item(s, received_at, None) for s in history]
    )


def _sample_partition(bucket: str) -> list[tuple[str, str, int]]:
    return [
        (raw["account_id"]["S"], raw["at"]["S"], n(raw["stored_bytes"]))
        for raw in query_all(
            TableName=UsageSampleItem.Meta.table_name,
            KeyConditionExpression="#b = :b",
            ExpressionAttributeNames={"#b": "bucket", "#a": "at"},
            ExpressionAttributeValues={":b": {"S": bucket}},
            ProjectionExpression="account_id, #a, stored_bytes",
            ConsistentRead=True,
        )
    ]


def samples_of_hours(
    hours: list[str], shards: list[int] | None = None
) -> dict[str, list[tuple[str, int]]]:
    """Every sample of ``hours`` (of ``shards``, default all), per account:
    ``{account: [(timestamp, bytes), …]}``; one Query per hour and shard, and none for an hour
    that never received a sample, ``READ_WORKERS`` at a time."""
    wanted = range(SHARDS) if shards is None else shards
    measured = hours_with_samples(hours)
    buckets = [f"{hour}#{shard}" for hour in hours if hour in measured for shard in wanted]
    out: dict[str, list[tuple[str, int]]] = {}
    if not buckets:
        return out
    with ThreadPoolExecutor(max_workers=min(READ_WORKERS, len(buckets))) as pool:
        for rows in pool.map(_sample_partition, buckets):
            for account_id, at, stored in rows:
                out.setdefault(account_id, []).append((at, stored))
    return out
