"""Exports (CSV, XLSX, NDJSON): ``POST /v1/exports`` (202, produced asynchronously),
``GET /v1/exports/{id}`` (status and, when ready, a fresh presigned download link),
``GET /v1/exports``."""

from __future__ import annotations

import json
from datetime import date
from typing import Literal

from pydantic import Field

from chalicelib.api.http import Router
from chalicelib.api.models import RequestModel, ResponseModel
from chalicelib.domain.exports import ExportFormat, ExportStatus, ExportType
from chalicelib.services import exports

router = Router(__name__, "Exports")


class ExportIn(RequestModel):
    type: Literal["partners", "storageAccounts", "usage", "deals", "auditEvents"]
    contract_id: str | None = Field(
        default=None, max_length=200, description="Only partners in this contract."
    )
    partner_id: str | None = Field(default=None, max_length=200, description="Only this partner.")
    from_: date | None = Field(
        default=None, alias="from", description="First day (usage, deals, auditEvents)."
    )
    to: date | None = Field(default=None, description="Last day, inclusive.")
    format: Literal["csv", "xlsx", "ndjson"] = Field(
        default="csv",
        description="`csv` (UTF-8 with BOM), `xlsx` (one sheet, typed cells) or `ndjson` "
        "(one JSON object per line); the same columns in each.",
    )


class ExportAccepted(ResponseModel):
    id: str
    status: str


class ExportOut(ResponseModel):
    id: str
    type: str
    format: str = Field(description="`csv`, `xlsx` or `ndjson`.")
    status: str = Field(description="`pending` (queued or being written), `ready` or `failed`.")
    parameters: dict
    row_count: int | None = Field(description="Data rows (the header row not counted).")
    size_bytes: int | None
    download_url: str | None = Field(
        description="Presigned GET link (SigV4), fresh on every read while ready."
    )
    expires_at: str | None = Field(description="When `downloadUrl` stops working.")
    error: str | None
    requested_by: str
    created_at: str
    updated_at: str


#: A worker holding the export is still "pending" to the people waiting for it.
PUBLIC_STATUS = {str(ExportStatus.RUNNING): str(ExportStatus.PENDING)}


def export_out(view: exports.ExportView) -> ExportOut:
    item = view.item
    return ExportOut(
        id=item.id,
        type=item.type,
        format=str(exports.file_format(item)),
        status=PUBLIC_STATUS.get(item.status, item.status),
        parameters=json.loads(item.params or "{}"),
        row_count=None if item.row_count is None else int(item.row_count),
        size_bytes=None if item.size_bytes is None else int(item.size_bytes),
        download_url=view.download_url,
        expires_at=view.expires_at,
        error=item.error,
        requested_by=item.requested_by_label,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


@router.route(
    "/v1/exports",
    "POST",
    summary="Request an export as CSV, XLSX or NDJSON (produced in the background)",
    description="Answers 202 with the export's id; poll `GET /v1/exports/{id}` until `status` "
    "is `ready` (then download from `downloadUrl`) or `failed` (`error` says why).",
    body=ExportIn,
    response=ExportAccepted,
    status=202,
    errors=(403, 404),
)
def request_export(ctx, body: ExportIn) -> ExportAccepted:
    request = exports.ExportRequest(
        type=ExportType(body.type),
        contract_id=body.contract_id,
        partner_id=body.partner_id,
        start=body.from_,
        end=body.to,
        format=ExportFormat(body.format),
    )
    item = exports.request_export(ctx.principal, request)
    return ExportAccepted(id=item.id, status=item.status)


@router.route("/v1/exports/{id}", "GET", summary="An export's status and link", response=ExportOut)
def get_export(ctx, id: str) -> ExportOut:
    return export_out(exports.get_export(ctx.principal, id))


@router.route(
    "/v1/exports",
    "GET",
    summary="My organization's recent exports, newest first (kept 7 days)",
    response=ExportOut,
    paginated=True,
)
def list_exports(ctx):
    return exports.list_exports(ctx.principal, ctx.page).map(export_out)
