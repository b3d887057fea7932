"""Checkpoints: ``usage-hours`` holds ``hour#<hour>`` items whose ``version`` every sample batch
bumps and whose sparse ``dirty`` attribute (indexed) lists the hours with samples not yet
aggregated; the aggregation clears it only if ``version`` is still what it read. The ``state``
item holds the watermark (the last hour aggregated)."""

from __future__ import annotations

from collections.abc import Iterable

from botocore.exceptions import ClientError

from chalicelib.store.batch import batch_get, batch_put
from chalicelib.store.models import UsageHourItem
from chalicelib.store.usage.common import client, n, query_all

STATE_ID = "state"
DIRTY = "1"


def mark_hours_dirty(hours: Iterable[str], at: str) -> dict[str, int]:
    """Tells the next aggregation that these hours received samples (one UpdateItem each);
    answers each hour's new version."""
    table = UsageHourItem.Meta.table_name
    versions = {}
    for hour in sorted(set(hours)):
        response = client().update_item(
            TableName=table,
            Key={"id": {"S": f"hour#{hour}"}},
            UpdateExpression="ADD version :one SET dirty = :d, updated_at = :at",
            ExpressionAttributeValues={":one": {"N": "1"}, ":d": {"S": DIRTY}, ":at": {"S": at}},
            ReturnValues="UPDATED_NEW",
        )
        versions[hour] = n(response["Attributes"]["version"])
    return versions


def record_history_hours(aggregated: Iterable[str], dirty: Iterable[str], at: str) -> int:
    """For a store that never held samples (``usage_aggregation.load_history``): the hours of
    a history loaded at once, each at version 1, those ``aggregated`` already taken in and the
    ``dirty`` ones left to the next run; BatchWriteItem of 25. Answers the calls made."""

    def item(hour: str, is_dirty: bool) -> dict:
        raw = {"id": {"S": f"hour#{hour}"}, "version": {"N": "1"}, "updated_at": {"S": at}}
        if is_dirty:
            raw["dirty"] = {"S": DIRTY}
        else:
            raw["aggregated_version"] = {"N": "1"}
        return raw

    items = [item(h, False) for h in sorted(set(aggregated))]
    items += [item(h, True) for h in sorted(set(dirty))]
    return batch_put(UsageHourItem.Meta.table_name, items)


def dirty_hours() -> dict[str, int]:
    """``{hour: version}`` of every hour with samples not yet aggregated (eventually consistent
    index: an hour missed here is still dirty at the next run)."""
    out = {}
    for raw in query_all(
        TableName=UsageHourItem.Meta.table_name,
        IndexName="dirty-index",
        KeyConditionExpression="dirty = :d",
        ExpressionAttributeValues={":d": {"S": DIRTY}},
    ):
        out[raw["id"]["S"].removeprefix("hour#")] = n(raw.get("version", {"N": "0"}))
    return out


def clear_hour(hour: str, version: int, at: str) -> bool:
    """Marks ``hour`` aggregated up to ``version``; it stays dirty if newer samples came in."""
    try:
        client().update_item(
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
    raws = batch_get(
        UsageHourItem.Meta.table_name,
        [{"id": {"S": f"hour#{h}"}} for h in hours],
        projection="id",
    )
    return {raw["id"]["S"].removeprefix("hour#") for raw in raws}


def get_watermark() -> str | None:
    raw = (
        client()
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
        client().update_item(
            TableName=UsageHourItem.Meta.table_name,
            Key={"id": {"S": STATE_ID}},
            UpdateExpression="SET watermark = :h, updated_at = :at",
            ConditionExpression="attribute_not_exists(watermark) OR watermark < :h",
            ExpressionAttributeValues={":h": {"S": hour}, ":at": {"S": at}},
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
            raise
