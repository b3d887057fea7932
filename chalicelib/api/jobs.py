"""Jobs (provider admins): run a scheduled job now, the same function the schedule calls, and
answer its summary."""

from __future__ import annotations

from typing import Any

from pydantic import Field
from pydantic.alias_generators import to_camel

from chalicelib.api.http import Router
from chalicelib.api.models import ResponseModel
from chalicelib.services import usage

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


def _camel(summary: dict[str, Any]) -> dict[str, Any]:
    """A job's summary with the API's camelCase field names."""
    return {to_camel(key): value for key, value in summary.items()}
