"""Aggregation runs, the shard queue and the fan-out's partial roll-ups.

* **Run records** live in ``usage-hours`` as ``run#<id>``: the coordinator's plan (JSON), the
  shard count, ``done`` (the set of shards finished), one ``shard_<k>`` attribute per finished
  shard with its figures, the fan-in's claim, the status and the summary. The ``state`` item
  (which holds the watermark) points at the latest run (``run_id``), so two coordinators can
  never both start one.
* **Partial roll-ups** (``usage-partials``): hash ``<date>#<N>.<k>`` (day, shard count, shard),
  range ``<partner>#<contract>``: what shard k's accounts add to each (partner, contract) that
  day, plus a header item (range ``~``) with a digest of them, written last: the fan-in trusts a
  shard's partials only when the header is there and matches (else it recomputes them from the
  shard's account days).
* **The shard queue** (SQS): one message per shard of a run.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.domain.aggregation import Part, PartKey
from chalicelib.settings import get_settings
from chalicelib.store.aws import client as aws_client
from chalicelib.store.batch import batch_delete, batch_put
from chalicelib.store.models import UsageHourItem, UsagePartialItem
from chalicelib.store.usage.checkpoints import STATE_ID
from chalicelib.store.usage.common import client, n, query_all

RUNNING = "running"
FINISHED = "finished"
HEADER = "~"
#: Partials are needed while a late sample may still change their day (35 days).
PARTIAL_TTL_DAYS = 40


def _key(run_id: str) -> dict[str, Any]:
    return {"id": {"S": f"run#{run_id}"}}


def _failed_condition(exc: ClientError) -> bool:
    return exc.response["Error"]["Code"] in (
        "ConditionalCheckFailedException",
        "TransactionCanceledException",
    )


# --- runs -------------------------------------------------------------------------------------


def read_state() -> dict[str, str]:
    """The watermark and the latest run's id (one GetItem)."""
    raw = (
        client()
        .get_item(
            TableName=UsageHourItem.Meta.table_name,
            Key={"id": {"S": STATE_ID}},
            ConsistentRead=True,
        )
        .get("Item")
        or {}
    )
    return {k: raw[k]["S"] for k in ("watermark", "run_id") if k in raw}


def create_run(
    run_id: str, previous: str | None, plan: dict[str, Any], shards: int, mode: str, at: str
) -> bool:
    """Records a new run and points ``state`` at it, in one transaction conditional on
    ``state`` still pointing at ``previous``: False when another coordinator got there first."""
    table = UsageHourItem.Meta.table_name
    if previous is None:
        condition, values = "attribute_not_exists(run_id)", {":r": {"S": run_id}}
    else:
        condition = "run_id = :p"
        values = {":r": {"S": run_id}, ":p": {"S": previous}}
    try:
        client().transact_write_items(
            TransactItems=[
                {
                    "Put": {
                        "TableName": table,
                        "Item": {
                            **_key(run_id),
                            "run_id": {"S": run_id},
                            "status": {"S": RUNNING},
                            "plan": {"S": json.dumps(plan, sort_keys=True)},
                            "shards": {"N": str(shards)},
                            "mode": {"S": mode},
                            "created_at": {"S": at},
                        },
                        "ConditionExpression": "attribute_not_exists(id)",
                    }
                },
                {
                    "Update": {
                        "TableName": table,
                        "Key": {"id": {"S": STATE_ID}},
                        "UpdateExpression": "SET run_id = :r",
                        "ConditionExpression": condition,
                        "ExpressionAttributeValues": values,
                    }
                },
            ]
        )
    except ClientError as exc:
        if _failed_condition(exc):
            return False
        raise
    return True


def _decode(raw: dict[str, Any]) -> dict[str, Any]:
    run: dict[str, Any] = {
        "run_id": raw["run_id"]["S"],
        "status": raw["status"]["S"],
        "plan": json.loads(raw["plan"]["S"]),
        "shards": n(raw["shards"]),
        "mode": raw["mode"]["S"],
        "created_at": raw["created_at"]["S"],
        "dispatched": "dispatched_at" in raw,
        "done": sorted(int(s) for s in raw.get("done", {}).get("SS", [])),
        "figures": {
            int(name.removeprefix("shard_")): json.loads(value["S"])
            for name, value in raw.items()
            if name.startswith("shard_")
        },
        "fan_in_at": raw.get("fan_in_at", {}).get("S"),
        "finished_at": raw.get("finished_at", {}).get("S"),
        "summary": json.loads(raw["summary"]["S"]) if "summary" in raw else None,
    }
    return run


def get_run(run_id: str) -> dict[str, Any] | None:
    raw = (
        client()
        .get_item(TableName=UsageHourItem.Meta.table_name, Key=_key(run_id), ConsistentRead=True)
        .get("Item")
    )
    return _decode(raw) if raw and "run_id" in raw else None


def mark_dispatched(run_id: str, at: str) -> None:
    client().update_item(
        TableName=UsageHourItem.Meta.table_name,
        Key=_key(run_id),
        UpdateExpression="SET dispatched_at = if_not_exists(dispatched_at, :at)",
        ExpressionAttributeValues={":at": {"S": at}},
    )


def shard_done(run_id: str, shard: int, figures: dict[str, Any]) -> dict[str, Any]:
    """Records shard ``shard`` as finished with its figures (idempotent: a shard delivered
    twice records the same); answers the run as it now stands, so the shard that completes
    the set sees every shard done."""
    raw = client().update_item(
        TableName=UsageHourItem.Meta.table_name,
        Key=_key(run_id),
        UpdateExpression="SET #f = :f ADD done :s",
        ConditionExpression="attribute_exists(id)",
        ExpressionAttributeNames={"#f": f"shard_{shard}"},
        ExpressionAttributeValues={
            ":f": {"S": json.dumps(figures, sort_keys=True)},
            ":s": {"SS": [str(shard)]},
        },
        ReturnValues="ALL_NEW",
    )["Attributes"]
    return _decode(raw)


def claim_fan_in(run_id: str, at: str, stale_before: str) -> bool:
    """Claims the run's fan-in (only one worker does it; a claim older than ``stale_before``
    belonged to a worker that died and may be taken over)."""
    try:
        client().update_item(
            TableName=UsageHourItem.Meta.table_name,
            Key=_key(run_id),
            UpdateExpression="SET fan_in_at = :at",
            ConditionExpression="#s = :running AND "
            "(attribute_not_exists(fan_in_at) OR fan_in_at < :stale)",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={
                ":at": {"S": at},
                ":stale": {"S": stale_before},
                ":running": {"S": RUNNING},
            },
        )
    except ClientError as exc:
        if _failed_condition(exc):
            return False
        raise
    return True


def finish_run(run_id: str, summary: dict[str, Any], at: str) -> None:
    client().update_item(
        TableName=UsageHourItem.Meta.table_name,
        Key=_key(run_id),
        UpdateExpression="SET #s = :done, summary = :summary, finished_at = :at",
        ExpressionAttributeNames={"#s": "status"},
        ExpressionAttributeValues={
            ":done": {"S": FINISHED},
            ":summary": {"S": json.dumps(summary, sort_keys=True)},
            ":at": {"S": at},
        },
    )


# --- the shard queue --------------------------------------------------------------------------


def queue_url() -> str:
    settings = get_settings()
    if settings.usage_queue_url:
        return settings.usage_queue_url
    return aws_client("sqs").get_queue_url(QueueName=settings.usage_queue_name)["QueueUrl"]


def send_shards(run_id: str, shards: list[int]) -> None:
    """One message per shard (SendMessageBatch of 10); raises if any is refused."""
    sqs, url = aws_client("sqs"), queue_url()
    for start in range(0, len(shards), 10):
        entries = [
            {"Id": str(k), "MessageBody": json.dumps({"runId": run_id, "shard": k})}
            for k in shards[start : start + 10]
        ]
        failed = sqs.send_message_batch(QueueUrl=url, Entries=entries).get("Failed", [])
        if failed:
            raise RuntimeError(f"The shard queue refused {len(failed)} message(s): {failed[0]}")


# --- partial roll-ups -------------------------------------------------------------------------


def _bucket(day: str, shards: int, shard: int) -> str:
    return f"{day}#{shards}.{shard}"


def digest(parts: dict[PartKey, Part]) -> str:
    text = json.dumps(
        sorted([p, c, part.hourly, part.usage, part.closing] for (p, c), part in parts.items())
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _part_raw(bucket: str, key: PartKey, part: Part, ttl: int) -> dict[str, Any]:
    return {
        "bucket": {"S": bucket},
        "part": {"S": f"{key[0]}#{key[1]}"},
        "hourly": {"L": [{"N": str(v)} for v in part.hourly]},
        "usage": {"N": str(part.usage)},
        "closing": {"N": str(part.closing)},
        "ttl": {"N": str(ttl)},
    }


def read_partials(day: str, shards: int, shard: int) -> dict[PartKey, Part] | None:
    """Shard ``shard``'s partials of ``day``, or None when they are not complete (no header,
    or a header whose digest does not match: a write was interrupted)."""
    header = None
    parts: dict[PartKey, Part] = {}
    for raw in query_all(
        TableName=UsagePartialItem.Meta.table_name,
        KeyConditionExpression="#b = :b",
        ExpressionAttributeNames={"#b": "bucket"},
        ExpressionAttributeValues={":b": {"S": _bucket(day, shards, shard)}},
        ConsistentRead=True,
    ):
        if raw["part"]["S"] == HEADER:
            header = raw["digest"]["S"]
            continue
        partner, _, contract = raw["part"]["S"].partition("#")
        parts[(partner, contract)] = Part(
            [int(v["N"]) for v in raw["hourly"]["L"]], n(raw["usage"]), n(raw["closing"])
        )
    if header is None or header != digest(parts):
        return None
    return parts


def write_partials(day: str, shards: int, shard: int, parts: dict[PartKey, Part], ttl: int) -> int:
    """Replaces shard ``shard``'s partials of ``day`` with ``parts`` when they differ: the
    header goes first, then the items, then the new header. Answers the items written."""
    stored = read_partials(day, shards, shard)
    if stored == parts:
        return 0
    bucket = _bucket(day, shards, shard)
    table = UsagePartialItem.Meta.table_name
    existing = [
        raw["part"]["S"]
        for raw in query_all(
            TableName=table,
            KeyConditionExpression="#b = :b",
            ExpressionAttributeNames={"#b": "bucket", "#p": "part"},
            ExpressionAttributeValues={":b": {"S": bucket}},
            ProjectionExpression="#p",
            ConsistentRead=True,
        )
    ]
    wanted = {f"{p}#{c}" for p, c in parts}
    batch_delete(
        table,
        [
            {"bucket": {"S": bucket}, "part": {"S": k}}
            for k in existing
            if k not in wanted or k == HEADER
        ],
    )
    batch_put(table, [_part_raw(bucket, key, part, ttl) for key, part in parts.items()])
    batch_put(
        table,
        [
            {
                "bucket": {"S": bucket},
                "part": {"S": HEADER},
                "digest": {"S": digest(parts)},
                "ttl": {"N": str(ttl)},
            }
        ],
    )
    return len(parts) + 1
