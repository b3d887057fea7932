"""Usage tables: samples, per-hour checkpoints, account days and roll-ups.

Key design (one aggregation run reads only what it aggregates):

* ``usage-samples``: hash ``<hour>#<shard>``, range ``<account>#<timestamp>``. An hour's samples
  are ``SHARDS`` Queries; a sample's key is deterministic, so it is written once (a conditional
  put) and a repeat is a duplicate, never a change.
* ``usage-hours``: ``hour#<hour>`` items whose ``version`` every sample batch bumps and whose
  sparse ``dirty`` attribute (indexed) lists the hours with samples not yet aggregated; the
  aggregation clears it only if ``version`` is still what it read. ``state`` holds the watermark.
* ``usage-days``: hash ``<date>#<shard>``, range account: one item per account per day with its
  hourly values; a day is ``SHARDS`` Queries; the account index serves the reports.
* ``usage-rollups``: hash entity id, range date (partners, contracts, distributors).

Bulk writes are BatchWriteItem of 25 with retries of unprocessed items. The hot loops talk to
the low-level client (PynamoDB's own) to avoid building a model object per sample.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.domain.usage import SHARDS, shard_of
from chalicelib.store.base import connection
from chalicelib.store.models import (
    UsageDayItem,
    UsageHourItem,
    UsageRollupItem,
    UsageSampleItem,
)

STATE_ID = "state"
#: Concurrent conditional puts of one batch of samples.
PUT_WORKERS = 16
#: Concurrent Queries when reading many partitions, and concurrent entity updates.
READ_WORKERS = 16
DIRTY = "1"


def _client() -> Any:
    return connection().client


def _n(value: Any) -> int:
    return int(value["N"])


# --- samples ---------------------------------------------------------------------------------


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
    client = _client()

    def put(index: int) -> int | None:
        try:
            client.put_item(
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


def mark_hours_dirty(hours: Iterable[str], at: str) -> dict[str, int]:
    """Tells the next aggregation that these hours received samples (one UpdateItem each);
    answers each hour's new version."""
    table = UsageHourItem.Meta.table_name
    versions = {}
    for hour in sorted(set(hours)):
        response = _client().update_item(
            TableName=table,
            Key={"id": {"S": f"hour#{hour}"}},
            UpdateExpression="ADD version :one SET dirty = :d, updated_at = :at",
            ExpressionAttributeValues={":one": {"N": "1"}, ":d": {"S": DIRTY}, ":at": {"S": at}},
            ReturnValues="UPDATED_NEW",
        )
        versions[hour] = _n(response["Attributes"]["version"])
    return versions


def _query_all(**kwargs: Any) -> Iterator[dict[str, Any]]:
    while True:
        page = _client().query(**kwargs)
        yield from page.get("Items", [])
        if "LastEvaluatedKey" not in page:
            return
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _sample_partition(bucket: str) -> list[tuple[str, str, int]]:
    return [
        (raw["account_id"]["S"], raw["at"]["S"], _n(raw["stored_bytes"]))
        for raw in _query_all(
            TableName=UsageSampleItem.Meta.table_name,
            KeyConditionExpression="#b = :b",
            ExpressionAttributeNames={"#b": "bucket", "#a": "at"},
            ExpressionAttributeValues={":b": {"S": bucket}},
            ProjectionExpression="account_id, #a, stored_bytes",
            ConsistentRead=True,
        )
    ]


def samples_of_hours(hours: list[str]) -> dict[str, list[tuple[str, int]]]:
    """Every sample of ``hours``, per account: ``{account: [(timestamp, bytes), …]}``; one
    Query per hour and shard, ``READ_WORKERS`` at a time."""
    measured = hours_with_samples(hours)
    buckets = [f"{hour}#{shard}" for hour in hours if hour in measured for shard in range(SHARDS)]
    out: dict[str, list[tuple[str, int]]] = {}
    with ThreadPoolExecutor(max_workers=READ_WORKERS) as pool:
        for rows in pool.map(_sample_partition, buckets):
            for account_id, at, stored in rows:
                out.setdefault(account_id, []).append((at, stored))
    return out


# --- checkpoints -----------------------------------------------------------------------------


def dirty_hours() -> dict[str, int]:
    """``{hour: version}`` of every hour with samples not yet aggregated (eventually consistent
    index: an hour missed here is still dirty at the next run)."""
    out = {}
    for raw in _query_all(
        TableName=UsageHourItem.Meta.table_name,
        IndexName="dirty-index",
        KeyConditionExpression="dirty = :d",
        ExpressionAttributeValues={":d": {"S": DIRTY}},
    ):
        out[raw["id"]["S"].removeprefix("hour#")] = _n(raw.get("version", {"N": "0"}))
    return out


def clear_hour(hour: str, version: int, at: str) -> bool:
    """Marks ``hour`` aggregated up to ``version``; it stays dirty if newer samples came in."""
    try:
        _client().update_item(
            TableName=UsageHourItem.Meta.table_name,
            Key={"id": {"S": f"hour#{hour}"}},
            UpdateExpression="SET aggregated_version = :v, updated_at = :at REMOVE dirty",
            ConditionExpression="version = :v",
            ExpressionAttributeValues={":v": {"N": str(version)}, ":at": {"S": at}},
        )
        return True
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
            return False
        raise


def hours_with_samples(hours: list[str]) -> set[str]:
    """Which of ``hours`` ever received a sample (their checkpoint exists): the others need no
    Query at all. One BatchGetItem per 100 hours."""
    table = UsageHourItem.Meta.table_name
    found: set[str] = set()
    for start in range(0, len(hours), 100):
        request = {
            table: {
                "Keys": [{"id": {"S": f"hour#{h}"}} for h in hours[start : start + 100]],
                "ConsistentRead": True,
                "ProjectionExpression": "id",
            }
        }
        for attempt in range(8):
            response = _client().batch_get_item(RequestItems=request)
            found |= {
                raw["id"]["S"].removeprefix("hour#")
                for raw in response.get("Responses", {}).get(table, [])
            }
            request = response.get("UnprocessedKeys") or {}
            if not request:
                break
            time.sleep(random.uniform(0, 0.02 * 2**attempt))  # noqa: S311
    return found


def get_watermark() -> str | None:
    raw = (
        _client()
        .get_item(
            TableName=UsageHourItem.Meta.table_name,
            Key={"id": {"S": STATE_ID}},
            ConsistentRead=True,
        )
        .get("Item")
    )
    return raw["watermark"]["S"] if raw and "watermark" in raw else None


def advance_watermark(hour: str, at: str) -> None:
    """Moves the watermark forward to ``hour`` (never back)."""
    try:
        _client().update_item(
            TableName=UsageHourItem.Meta.table_name,
            Key={"id": {"S": STATE_ID}},
            UpdateExpression="SET watermark = :h, updated_at = :at",
            ConditionExpression="attribute_not_exists(watermark) OR watermark < :h",
            ExpressionAttributeValues={":h": {"S": hour}, ":at": {"S": at}},
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise


# --- account days ----------------------------------------------------------------------------


@dataclass
class AccountDay:
    account_id: str
    date: str
    partner_id: str
    contract_id: str | None
    path: str
    carry_in: int
    hourly: list[int]
    usage: int
    peak: int
    allocated_capacity: int

    @property
    def closing(self) -> int:
        return self.hourly[-1] if self.hourly else self.carry_in

    def raw(self) -> dict[str, Any]:
        item = {
            "bucket": {"S": f"{self.date}#{shard_of(self.account_id)}"},
            "account_id": {"S": self.account_id},
            "date": {"S": self.date},
            "partner_id": {"S": self.partner_id},
            "path": {"S": self.path},
            "carry_in": {"N": str(self.carry_in)},
            "hourly": {"L": [{"N": str(v)} for v in self.hourly]},
            "usage": {"N": str(self.usage)},
            "peak": {"N": str(self.peak)},
            "allocated_capacity": {"N": str(self.allocated_capacity)},
        }
        if self.contract_id:
            item["contract_id"] = {"S": self.contract_id}
        return item

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> AccountDay:
        return cls(
            account_id=raw["account_id"]["S"],
            date=raw["date"]["S"],
            partner_id=raw["partner_id"]["S"],
            contract_id=raw["contract_id"]["S"] if "contract_id" in raw else None,
            path=raw["path"]["S"],
            carry_in=_n(raw["carry_in"]),
            hourly=[int(v["N"]) for v in raw["hourly"]["L"]],
            usage=_n(raw["usage"]),
            peak=_n(raw["peak"]),
            allocated_capacity=_n(raw["allocated_capacity"]),
        )


def _day_partition(bucket: str) -> list[AccountDay]:
    return [
        AccountDay.from_raw(raw)
        for raw in _query_all(
            TableName=UsageDayItem.Meta.table_name,
            KeyConditionExpression="#b = :b",
            ExpressionAttributeNames={"#b": "bucket"},
            ExpressionAttributeValues={":b": {"S": bucket}},
            ConsistentRead=True,
        )
    ]


def read_day(day: date) -> dict[str, AccountDay]:
    """Every account's item of ``day`` (``SHARDS`` Queries, side by side)."""
    buckets = [f"{day.isoformat()}#{shard}" for shard in range(SHARDS)]
    out = {}
    with ThreadPoolExecutor(max_workers=SHARDS) as pool:
        for items in pool.map(_day_partition, buckets):
            out.update((item.account_id, item) for item in items)
    return out


def account_days(account_id: str, first: date, last: date) -> list[AccountDay]:
    """One account's days in ``[first, last]``, oldest first (one Query on the account index)."""
    return [
        AccountDay.from_raw(raw)
        for raw in _query_all(
            TableName=UsageDayItem.Meta.table_name,
            IndexName="account-index",
            KeyConditionExpression="account_id = :a AND #d BETWEEN :f AND :l",
            ExpressionAttributeNames={"#d": "date"},
            ExpressionAttributeValues={
                ":a": {"S": account_id},
                ":f": {"S": first.isoformat()},
                ":l": {"S": last.isoformat()},
            },
        )
    ]


# --- roll-ups --------------------------------------------------------------------------------


@dataclass
class Rollup:
    entity_id: str
    date: str
    entity_type: str
    path: str
    hourly: list[int]
    usage: int
    peak: int
    allocated_capacity: int
    billable: int | None = None
    excess: int | None = None
    partners: dict[str, int] = field(default_factory=dict)

    def raw(self) -> dict[str, Any]:
        item = {
            "entity_id": {"S": self.entity_id},
            "date": {"S": self.date},
            "entity_type": {"S": self.entity_type},
            "path": {"S": self.path},
            "hourly": {"L": [{"N": str(v)} for v in self.hourly]},
            "usage": {"N": str(self.usage)},
            "peak": {"N": str(self.peak)},
            "allocated_capacity": {"N": str(self.allocated_capacity)},
        }
        if self.billable is not None:
            item["billable"] = {"N": str(self.billable)}
            item["excess"] = {"N": str(self.excess)}
            item["partners"] = {"S": json.dumps(self.partners, sort_keys=True)}
        return item

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> Rollup:
        return cls(
            entity_id=raw["entity_id"]["S"],
            date=raw["date"]["S"],
            entity_type=raw["entity_type"]["S"],
            path=raw["path"]["S"],
            hourly=[int(v["N"]) for v in raw["hourly"]["L"]],
            usage=_n(raw["usage"]),
            peak=_n(raw["peak"]),
            allocated_capacity=_n(raw["allocated_capacity"]),
            billable=_n(raw["billable"]) if "billable" in raw else None,
            excess=_n(raw["excess"]) if "excess" in raw else None,
            partners=json.loads(raw["partners"]["S"]) if "partners" in raw else {},
        )


def get_rollups(keys: list[tuple[str, str]]) -> dict[tuple[str, str], Rollup]:
    """Roll-ups by (entity id, date), 100 per BatchGetItem."""
    table = UsageRollupItem.Meta.table_name
    out: dict[tuple[str, str], Rollup] = {}
    for start in range(0, len(keys), 100):
        request = {
            table: {
                "Keys": [
                    {"entity_id": {"S": e}, "date": {"S": d}} for e, d in keys[start : start + 100]
                ],
                "ConsistentRead": True,
            }
        }
        for attempt in range(8):
            response = _client().batch_get_item(RequestItems=request)
            for raw in response.get("Responses", {}).get(table, []):
                r = Rollup.from_raw(raw)
                out[(r.entity_id, r.date)] = r
            request = response.get("UnprocessedKeys") or {}
            if not request:
                break
            time.sleep(random.uniform(0, 0.02 * 2**attempt))  # noqa: S311
    return out


def rollups(entity_id: str, first: date, last: date) -> list[Rollup]:
    return [
        Rollup.from_raw(raw)
        for raw in _query_all(
            TableName=UsageRollupItem.Meta.table_name,
            KeyConditionExpression="entity_id = :e AND #d BETWEEN :f AND :l",
            ExpressionAttributeNames={"#d": "date"},
            ExpressionAttributeValues={
                ":e": {"S": entity_id},
                ":f": {"S": first.isoformat()},
                ":l": {"S": last.isoformat()},
            },
            ConsistentRead=True,
        )
    ]


# --- bulk writes -----------------------------------------------------------------------------


def batch_put(table: str, items: list[dict[str, Any]]) -> int:
    """BatchWriteItem of 25, retrying what DynamoDB leaves unprocessed; answers the calls made."""
    calls = 0
    for start in range(0, len(items), 25):
        request = {table: [{"PutRequest": {"Item": i}} for i in items[start : start + 25]]}
        for attempt in range(10):
            calls += 1
            response = _client().batch_write_item(RequestItems=request)
            request = response.get("UnprocessedItems") or {}
            if not request:
                break
            time.sleep(random.uniform(0, min(1.0, 0.02 * 2**attempt)))  # noqa: S311
        else:
            raise RuntimeError("DynamoDB kept items unprocessed after 10 BatchWriteItem attempts.")
    return calls


def put_days(items: list[AccountDay]) -> int:
    return batch_put(UsageDayItem.Meta.table_name, [i.raw() for i in items])


def put_rollups(items: list[Rollup]) -> int:
    return batch_put(UsageRollupItem.Meta.table_name, [i.raw() for i in items])


# --- the channel the aggregation rolls up into -----------------------------------------------


@dataclass
class Channel:
    """Every organization, contract and storage account, read with Queries down the tree."""

    distributors: dict[str, Any]
    partners: dict[str, Any]
    contracts: dict[str, Any]
    accounts: dict[str, Any]


def read_channel() -> Channel:
    from chalicelib.store.models import ContractItem, OrganizationItem, StorageAccountItem
    from chalicelib.store.organizations import provider_id
    from chalicelib.store.scoped import every_item

    root = provider_id()
    distributors: dict[str, Any] = {}
    partners: dict[str, Any] = {}
    for org in every_item(OrganizationItem.by_parent.query, root, 1000):
        if org.type == "distributor":
            distributors[org.id] = org
            for child in every_item(OrganizationItem.by_parent.query, org.id, 1000):
                if child.type == "partner":
                    partners[child.id] = child
        elif org.type == "partner":
            partners[org.id] = org
    contracts = {c.id: c for c in every_item(ContractItem.by_provider.query, root, 1000)}
    accounts = {}
    for partner_id in partners:
        for account in every_item(StorageAccountItem.by_partner.query, partner_id, 1000):
            accounts[account.id] = account
    return Channel(distributors, partners, contracts, accounts)


def set_used(item: Any, used: int, updated_at: str, **extra: Any) -> bool:
    """Writes ``used_capacity``/``usage_updated_at`` (and ``extra``) on an account, organization
    or contract if they differ; one UpdateItem, conditional on the record still existing."""
    model = type(item)
    changes = {"used_capacity": used, "usage_updated_at": updated_at, **extra}
    if all(getattr(item, k) == v for k, v in changes.items()):
        return False
    actions = [getattr(model, k).set(v) for k, v in changes.items()]
    try:
        item.update(actions=actions, condition=model._hash_key_attribute().exists())
    except Exception as exc:  # the record was deleted meanwhile: nothing to update
        from pynamodb.exceptions import UpdateError

        if isinstance(exc, UpdateError) and exc.cause_response_code == (
            "ConditionalCheckFailedException"
        ):
            return False
        raise
    return True


def set_used_many(pairs: list[tuple[Any, int]], updated_at: str) -> int:
    """``set_used`` for many records, ``READ_WORKERS`` UpdateItems at a time (DynamoDB has no
    batched conditional update); answers how many changed."""
    if not pairs:
        return 0
    with ThreadPoolExecutor(max_workers=min(READ_WORKERS, len(pairs))) as pool:
        return sum(pool.map(lambda p: set_used(p[0], p[1], updated_at), pairs))


def record_quota(principal: Any, account: Any, enforced: bool) -> None:
    """Records the intent to hold (or stop holding) ``account`` read-only at the backend for
    being over its hard quota, with the audit event, in one transaction; ``quota_pending``
    stays set until ``quota_applied`` confirms the backend did it."""
    from chalicelib import clock
    from chalicelib.store.audit import audited
    from chalicelib.store.base import Tx, run_transaction
    from chalicelib.store.models import StorageAccountItem

    since = clock.iso(clock.now()) if enforced else None

    def build() -> Tx:
        tx = Tx().update(
            "account",
            account,
            [
                StorageAccountItem.quota_enforced.set(enforced),
                StorageAccountItem.quota_pending.set(True),
                StorageAccountItem.quota_enforced_at.set(since)
                if since
                else StorageAccountItem.quota_enforced_at.remove(),
            ],
            condition=StorageAccountItem.id.exists(),
        )
        return audited(
            tx,
            principal,
            "storage_account.quota_enforced" if enforced else "storage_account.quota_lifted",
            target_type="storage_account",
            target_id=account.id,
            path=account.path,
            before={"quotaEnforced": not enforced},
            after={
                "quotaEnforced": enforced,
                "usedCapacity": int(account.used_capacity),
                "allocatedCapacity": int(account.allocated_capacity),
            },
        )

    run_transaction(build, lambda _tx, _names: "gone", attempts=3)
    account.quota_enforced = enforced
    account.quota_enforced_at = since
    account.quota_pending = True


def quota_applied(account: Any) -> None:
    """The backend holds what ``record_quota`` recorded: the saga step is done."""
    from pynamodb.exceptions import UpdateError

    from chalicelib.store.models import StorageAccountItem

    try:
        account.update(
            actions=[StorageAccountItem.quota_pending.set(False)],
            condition=StorageAccountItem.quota_enforced == bool(account.quota_enforced),
        )
    except UpdateError as exc:  # gone, or changed since: the next run settles it
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise
