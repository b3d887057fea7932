"""Jobs (provider admins): run a scheduled job now, the same function the schedule calls, and
answer its summary."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field
from pydantic.alias_generators import to_camel

from chalicelib.api.http import Router
from chalicelib.api.models import RequestModel, ResponseModel
from chalicelib.api.pagination import binding, decode_cursor, encode_cursor
from chalicelib.services import backfill, usage

router = Router(__name__, "Jobs")


@router.route(
    "/v1/jobs/usage-metering",
    "POST",
    summary="Measure every active storage account now and record a sample of each",
    errors=(403,),
)
def usage_metering(ctx):
    return _camel(usage.metering_job(ctx.principal))


class AggregationSummary(ResponseModel):
    """What a finished aggregation run did."""

    last_complete_hour: str
    watermark: str | None
    usage_updated_at: str | None
    hours_aggregated: int
    dirty_hours: int
    days_recomputed: list[str]
    accounts: int
    samples_read: int
    day_items_written: int
    rollups_written: int
    batch_write_calls: int
    entities_updated: int
    quota_enforced: list[str]
    quota_lifted: list[str]
    run_id: str | None
    shards: int
    alerts: dict = Field(
        default_factory=dict,
        description="What the alert rules found: `rules`, `checked`, `crossed` and `cleared` "
        "(`ruleId:entityId`), `seconds`.",
    )


class AggregationRun(ResponseModel):
    run_id: str
    status: str = Field(description="`running` or `finished`.")
    created_at: str
    finished_at: str | None
    last_complete_hour: str | None = Field(description="The last hour this run aggregates.")
    hours: int = Field(description="Hours this run aggregates (new and late-sampled).")
    shards: int
    shards_done: int
    items_written: int = Field(description="Account days, partials and roll-ups written so far.")
    summary: AggregationSummary | None = Field(description="Once finished.")


def _run(found: dict[str, Any]) -> AggregationRun:
    return AggregationRun(**{k: v for k, v in found.items() if k != "resumed"})


@router.route(
    "/v1/jobs/usage-aggregation",
    "POST",
    summary="Aggregate usage now: every hour not yet aggregated, and every hour with late samples",
    description="Starts a run in the background (one message per shard on the shard queue) and "
    "answers 202 with its id; poll `GET /v1/jobs/usage-aggregation/{runId}` until `status` is "
    "`finished`. If a run is already in progress, answers that run.",
    response=AggregationRun,
    status=202,
    errors=(403,),
)
def usage_aggregation(ctx) -> AggregationRun:
    return _run(usage.aggregation_job(ctx.principal))


@router.route(
    "/v1/jobs/usage-aggregation/{runId}",
    "GET",
    summary="An aggregation run's progress, and its summary once finished",
    response=AggregationRun,
    errors=(403, 404),
)
def usage_aggregation_run(ctx, runId: str) -> AggregationRun:
    return _run(usage.aggregation_status(ctx.principal, runId))


class BackfillIn(RequestModel):
    table: Literal[backfill.TABLES] = Field(  # the tables domain.derived_keys derives keys in
        description="The table to backfill: `organizations` (`nameKey`), `storage-accounts` "
        "(`nameKey`, the ancestry keys), `audit-events` (the search's action and actor keys) "
        "or `deals` (the per-status list keys)."
    )
    limit: int = Field(
        default=backfill.DEFAULT_LIMIT,
        ge=1,
        le=backfill.MAX_LIMIT,
        description="Records to read in this call (one page of the table's Scan).",
    )
    cursor: str | None = Field(
        default=None,
        max_length=2048,
        description="The `cursor` of the previous call, to continue where it stopped "
        "(same table, segment and totalSegments).",
    )
    segment: int = Field(
        default=0, ge=0, le=backfill.MAX_SEGMENTS - 1, description="This caller's segment."
    )
    total_segments: int = Field(
        default=1,
        ge=1,
        le=backfill.MAX_SEGMENTS,
        description="Segments the table is split into, so that several callers work side by side.",
    )


class BackfillOut(ResponseModel):
    """What one page of the backfill did."""

    table: str
    segment: int
    total_segments: int
    examined: int = Field(description="Records read.")
    updated: int = Field(description="Records written with the keys they lacked.")
    unchanged: int = Field(description="Records that already had their keys.")
    changed: int = Field(
        description="Records changed since they were read (not overwritten: whoever changed "
        "them wrote their keys)."
    )
    cursor: str | None = Field(
        description="Send it back to continue; null when the segment is done."
    )
    done: bool = Field(description="The segment is done.")


@router.route(
    "/v1/jobs/backfill",
    "POST",
    summary="Give one page of records written before a derived key existed the keys their "
    "indexes need",
    description="Reads one page of the table (a Scan of `limit` records, of segment `segment` "
    "of `totalSegments`) and writes each record that lacks a derived key, on condition that "
    "the fields it comes from are unchanged. Call it again with the answer's `cursor` until "
    "`done`; a second run over the same table writes nothing.",
    body=BackfillIn,
    response=BackfillOut,
    errors=(400, 403),
)
def run_backfill(ctx, body: BackfillIn) -> BackfillOut:
    bound_to = binding(
        f"/v1/jobs/backfill|{body.table}|{body.segment}/{body.total_segments}", ctx.principal
    )
    start_key = decode_cursor(body.cursor, bound_to) if body.cursor else None
    result = backfill.job(
        ctx.principal,
        body.table,
        limit=body.limit,
        start_key=start_key,
        segment=body.segment,
        total_segments=body.total_segments,
    )
    cursor = encode_cursor(result.next_key, bound_to) if result.next_key else None
    return BackfillOut(**backfill.summary(result), cursor=cursor, done=result.next_key is None)


def _camel(summary: dict[str, Any]) -> dict[str, Any]:
    """A job's summary with the API's camelCase field names."""
    return {to_camel(key): value for key, value in summary.items()}
