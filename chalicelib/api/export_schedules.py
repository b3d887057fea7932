"""Scheduled exports: ``GET|POST /v1/export-schedules``, ``DELETE /v1/export-schedules/{id}``.
Each run of a schedule is an ordinary export, listed by ``GET /v1/exports``."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import Field

from chalicelib.api.http import Router
from chalicelib.api.models import RequestModel, ResponseModel
from chalicelib.domain.export_schedules import Frequency
from chalicelib.domain.exports import ExportFormat, ExportType
from chalicelib.services import export_schedules

router = Router(__name__, "Exports")


class ExportScheduleIn(RequestModel):
    type: Literal["partners", "storageAccounts", "usage", "deals", "auditEvents"]
    frequency: Literal["daily", "monthly"] = Field(
        description="`daily`: each run exports the previous day; `monthly`: the previous "
        "calendar month. Types without a date range (partners, storageAccounts) are exported "
        "as they are at the run."
    )
    format: Literal["csv", "xlsx", "ndjson"] = Field(default="csv", description="File format.")
    contract_id: str | None = Field(
        default=None, max_length=200, description="Only partners in this contract."
    )
    partner_id: str | None = Field(default=None, max_length=200, description="Only this partner.")


class ExportScheduleOut(ResponseModel):
    id: str
    type: str
    format: str
    frequency: str
    parameters: dict
    next_run_at: str = Field(description="When the scheduled jobs produce the next file.")
    last_period: str | None = Field(
        description="The day (`YYYY-MM-DD`) or month (`YYYY-MM`) of the last file."
    )
    last_export_id: str | None = Field(description="That file's export (`GET /v1/exports/{id}`).")
    created_by: str
    created_at: str


def schedule_out(item: Any) -> ExportScheduleOut:
    """A stored schedule (``services.export_schedules``' records) as the API shows it."""
    return ExportScheduleOut(
        id=item.id,
        type=item.type,
        format=item.file_format,
        frequency=item.frequency,
        parameters=json.loads(item.params or "{}"),
        next_run_at=item.next_run_at,
        last_period=item.last_period,
        last_export_id=item.last_export_id,
        created_by=item.created_by_label,
        created_at=item.created_at,
    )


@router.route(
    "/v1/export-schedules",
    "POST",
    summary="Schedule an export daily or monthly",
    description="The first file comes at the next run of the scheduled jobs (the previous day "
    "or month), then one per day (after 01:00 UTC) or per month (on the 1st). Each run is an "
    "ordinary export and announces `export.ready`.",
    body=ExportScheduleIn,
    response=ExportScheduleOut,
    status=201,
    errors=(403, 404),
)
def create_schedule(ctx, body: ExportScheduleIn) -> ExportScheduleOut:
    request = export_schedules.ScheduleRequest(
        type=ExportType(body.type),
        frequency=Frequency(body.frequency),
        format=ExportFormat(body.format),
        contract_id=body.contract_id,
        partner_id=body.partner_id,
    )
    return schedule_out(export_schedules.create_schedule(ctx.principal, request))


@router.route(
    "/v1/export-schedules",
    "GET",
    summary="My organization's export schedules",
    response=ExportScheduleOut,
    paginated=True,
)
def list_schedules(ctx):
    return export_schedules.list_schedules(ctx.principal, ctx.page).map(schedule_out)


@router.route(
    "/v1/export-schedules/{id}",
    "DELETE",
    summary="Stop a scheduled export (files already produced stay until they expire)",
    status=204,
    errors=(403,),
)
def delete_schedule(ctx, id: str) -> None:
    export_schedules.delete_schedule(ctx.principal, id)
