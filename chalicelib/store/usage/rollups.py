"""Roll-ups: ``usage-rollups``, hash entity id (partner, contract, distributor), range date.
A contract's day adds billable, excess, the usage booked per partner and the partners billed as
pay-per-use that day (``pay_per_use``, absent on days stored before it was recorded). The
partner detail page and the contract usage route read these items; their attributes are
stable."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from chalicelib.domain.aggregation import Rollup
from chalicelib.store.batch import batch_get, batch_put
from chalicelib.store.models import UsageRollupItem
from chalicelib.store.usage.common import n, query_all


def rollup_raw(rollup: Rollup) -> dict[str, Any]:
    item = {
        "entity_id": {"S": rollup.entity_id},
        "date": {"S": rollup.date},
        "entity_type": {"S": rollup.entity_type},
        "path": {"S": rollup.path},
        "hourly": {"L": [{"N": str(v)} for v in rollup.hourly]},
        "usage": {"N": str(rollup.usage)},
        "peak": {"N": str(rollup.peak)},
        "allocated_capacity": {"N": str(rollup.allocated_capacity)},
    }
    if rollup.billable is not None:
        item["billable"] = {"N": str(rollup.billable)}
        item["excess"] = {"N": str(rollup.excess)}
        item["partners"] = {"S": json.dumps(rollup.partners, sort_keys=True)}
    if rollup.pay_per_use is not None:
        item["pay_per_use"] = {"S": json.dumps(sorted(rollup.pay_per_use))}
    return item


def rollup_from_raw(raw: dict[str, Any]) -> Rollup:
    return Rollup(
        entity_id=raw["entity_id"]["S"],
        date=raw["date"]["S"],
        entity_type=raw["entity_type"]["S"],
        path=raw["path"]["S"],
        hourly=[int(v["N"]) for v in raw["hourly"]["L"]],
        usage=n(raw["usage"]),
        peak=n(raw["peak"]),
        allocated_capacity=n(raw["allocated_capacity"]),
        billable=n(raw["billable"]) if "billable" in raw else None,
        excess=n(raw["excess"]) if "excess" in raw else None,
        partners=json.loads(raw["partners"]["S"]) if "partners" in raw else {},
        pay_per_use=json.loads(raw["pay_per_use"]["S"]) if "pay_per_use" in raw else None,
    )


def get_rollups(keys: list[tuple[str, str]]) -> dict[tuple[str, str], Rollup]:
    """Roll-ups by (entity id, date), 100 per BatchGetItem."""
    raws = batch_get(
        UsageRollupItem.Meta.table_name,
        [{"entity_id": {"S": e}, "date": {"S": d}} for e, d in keys],
    )
    out = {}
    for raw in raws:
        r = rollup_from_raw(raw)
        out[(r.entity_id, r.date)] = r
    return out


def rollups(entity_id: str, first: date, last: date) -> list[Rollup]:
    """One entity's days in ``[first, last]``, oldest first (one Query)."""
    return [
        rollup_from_raw(raw)
        for raw in query_all(
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


def put_rollups(items: list[Rollup]) -> int:
    """Writes roll-ups (BatchWriteItem of 25); answers the calls made."""
    return batch_put(UsageRollupItem.Meta.table_name, [rollup_raw(i) for i in items])
