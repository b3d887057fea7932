"""Jobs (provider admins): run a scheduled job now, the same function the schedule calls, and
answer its summary."""

from __future__ import annotations

from typing import Any

from pydantic.alias_generators import to_camel

from chalicelib.api.http import Router
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


@router.route(
    "/v1/jobs/usage-aggregation",
    "POST",
    summary="Aggregate usage now: every hour not yet aggregated, and every hour with late samples",
    errors=(403,),
)
def usage_aggregation(ctx):
    return _camel(usage.aggregation_job(ctx.principal))


def _camel(summary: dict[str, Any]) -> dict[str, Any]:
    """A job's summary with the API's camelCase field names."""
    return {to_camel(key): value for key, value in summary.items()}
