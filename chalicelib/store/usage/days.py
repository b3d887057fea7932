"""Account days: ``usage-days``, hash ``<date>#<shard>``, range account: one item per account
per day with its hourly values; a day is one Query per shard; the account index serves the
reports."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from chalicelib.domain.aggregation import AccountDay
from chalicelib.domain.usage import SHARDS, shard_of
from chalicelib.store.batch import batch_put
from chalicelib.store.models import UsageDayItem
from chalicelib.store.usage.common import n, query_all


def day_raw(day: AccountDay) -> dict[str, Any]:
    item = {
        "bucket": {"S": f"{day.date}#{shard_of(day.account_id)}"},
        "account_id": {"S": day.account_id},
        "date": {"S": day.date},
        "partner_id": {"S": day.partner_id},
        "path": {"S": day.path},
        "carry_in": {"N": str(day.carry_in)},
        "hourly": {"L": [{"N": str(v)} for v in day.hourly]},
        "usage": {"N": str(day.usage)},
        "peak": {"N": str(day.peak)},
        "allocated_capacity": {"N": str(day.allocated_capacity)},
    }
    if day.contract_id:
        item["contract_id"] = {"S": day.contract_id}
    return item


def day_from_raw(raw: dict[str, Any]) -> AccountDay:
    return AccountDay(
        account_id=raw["account_id"]["S"],
        date=raw["date"]["S"],
        partner_id=raw["partner_id"]["S"],
        contract_id=raw["contract_id"]["S"] if "contract_id" in raw else None,
        path=raw["path"]["S"],
        carry_in=n(raw["carry_in"]),
        hourly=[int(v["N"]) for v in raw["hourly"]["L"]],
        usage=n(raw["usage"]),
        peak=n(raw["peak"]),
        allocated_capacity=n(raw["allocated_capacity"]),
    )


def _day_partition(bucket: str) -> list[AccountDay]:
    return [
        day_from_raw(raw)
        for raw in query_all(
            TableName=UsageDayItem.Meta.table_name,
            KeyConditionExpression="#b = :b",
            ExpressionAttributeNames={"#b": "bucket"},
            ExpressionAttributeValues={":b": {"S": bucket}},
            ConsistentRead=True,
        )
    ]


def read_day(day: date, shards: list[int] | None = None) -> dict[str, AccountDay]:
    """Every account's item of ``day`` (of ``shards``, default all): one Query per shard, side
    by side."""
    wanted = list(range(SHARDS)) if shards is None else shards
    buckets = [f"{day.isoformat()}#{shard}" for shard in wanted]
    out = {}
    with ThreadPoolExecutor(max_workers=max(1, len(buckets))) as pool:
        for items in pool.map(_day_partition, buckets):
            out.update((item.account_id, item) for item in items)
    return out


def account_days(account_id: str, first: date, last: date) -> list[AccountDay]:
    """One account's days in ``[first, last]``, oldest first (one Query on the account index)."""
    return [
        day_from_raw(raw)
        for raw in query_all(
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


def put_days(items: list[AccountDay]) -> int:
    """Writes account days (BatchWriteItem of 25); answers the calls made."""
    return batch_put(UsageDayItem.Meta.table_name, [day_raw(i) for i in items])
