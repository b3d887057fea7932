"""Exports: the "Export" buttons (with a file format choice) request one (the same service as
``POST /v1/exports``); the Exports page lists recent ones with their status and hands out the
download link."""

from __future__ import annotations

import json

from chalice import Response

from chalicelib.api.exports import ExportIn
from chalicelib.console.cursors import window
from chalicelib.console.i18n import N_
from chalicelib.console.web import FormErrors, Page, PageRouter, validate
from chalicelib.domain.exports import ExportFormat, ExportStatus, ExportType
from chalicelib.errors import AppError, Conflict
from chalicelib.services import exports

router = PageRouter(__name__)

LABELS = {
    "partners": N_("Partners"),
    "storageAccounts": N_("Storage accounts"),
    "usage": N_("Usage"),
    "deals": N_("Deals"),
    "auditEvents": N_("Audit log"),
}
#: Exports shown per page (one page of the organization's index, newest first).
PAGE_SIZE = 50
#: The statuses the table shows (translated there).
STATUSES = (N_("pending"), N_("running"), N_("ready"))


def exports_page(page: Page, errors: FormErrors | None = None, status: int = 200) -> Response:
    principal = page.principal
    table = window(
        page,
        scope="exports",
        params={},
        size=PAGE_SIZE,
        fetch=lambda request, backwards: exports.list_exports(
            principal, request, oldest_first=backwards
        ),
        position=exports.position,
        at="/exports",
    )
    rows = [
        (v.item, json.loads(v.item.params or "{}"), str(exports.file_format(v.item)).upper())
        for v in table.rows
    ]
    busy = any(item.status in (ExportStatus.PENDING, ExportStatus.RUNNING) for item, *_ in rows)
    return page.render(
        "exports.html",
        status=status,
        current="Exports",
        rows=rows,
        table=table,
        busy=busy,
        labels=LABELS,
        errors=errors or FormErrors(),
    )


@router.route("/exports")
def exports_list(page: Page) -> Response:
    return exports_page(page)


@router.route("/exports", "POST")
def request_export(page: Page) -> Response:
    form = page.form
    data = {
        "type": form.get("type", ""),
        "contractId": form.get("contractId") or None,
        "partnerId": form.get("partnerId") or None,
        "from": form.get("from") or None,
        "to": form.get("to") or None,
        "format": form.get("format") or None,
    }
    try:
        body = validate(ExportIn, {k: v for k, v in data.items() if v is not None})
        exports.request_export(
            page.principal,
            exports.ExportRequest(
                type=ExportType(body.type),
                contract_id=body.contract_id,
                partner_id=body.partner_id,
                start=body.from_,
                end=body.to,
                format=ExportFormat(body.format),
            ),
        )
    except AppError as exc:
        return exports_page(page, FormErrors.of(exc, "export"), exc.status)
    label = LABELS.get(body.type, body.type)
    return page.redirect(
        "/exports",
        toast=page._(
            "%(label)s export requested as %(format)s; it is listed below.",
            label=page._(label),
            format=body.format.upper(),
        ),
    )


@router.route("/exports/{export_id}/download")
def download(page: Page, export_id: str) -> Response:
    view = exports.get_export(page.principal, export_id)
    if not view.download_url:
        raise Conflict(N_("This export is not ready for download."))
    return Response(body="", status_code=303, headers={"Location": view.download_url})
