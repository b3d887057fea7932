"""Exports (CSV, XLSX or NDJSON), asynchronous: the API records the request and queues it; the
worker (the SQS Lambda, or the local stack's poller: the same function) streams the rows into S3
and marks the export ready or failed; the API then hands out short-lived presigned links.

A message delivered twice produces one file: the worker claims the export with a conditional
write, and only the holder of the claim writes the file and marks it ready. A worker that fails
aborts its multipart upload and marks the export failed with a sentence; one that dies outright
leaves a claim whose lease expires, and the redelivered message lets the next worker abort the
orphaned upload and start again.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from chalicelib import clock
from chalicelib.domain import exports as rules
from chalicelib.domain import usage as usage_rules
from chalicelib.domain.exports import ExportFormat, ExportStatus, ExportType
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action, OrgType, Role
from chalicelib.errors import AppError, NotFound
from chalicelib.observability import log_exception, log_info
from chalicelib.paging import Page, PageRequest
from chalicelib.services import usage_times
from chalicelib.settings import get_settings
from chalicelib.store import audit as audit_store
from chalicelib.store import contracts as contract_store
from chalicelib.store import deals as deal_store
from chalicelib.store import export_files, export_sources
from chalicelib.store import exports as store
from chalicelib.store import organizations as orgs
from chalicelib.store.models import ExportItem


@dataclass(frozen=True)
class ExportRequest:
    type: ExportType
    contract_id: str | None = None
    partner_id: str | None = None
    start: date | None = None
    end: date | None = None
    format: ExportFormat = ExportFormat.CSV

    def given(self) -> dict[str, Any]:
        return {
            "contractId": self.contract_id,
            "partnerId": self.partner_id,
            "from": self.start,
            "to": self.end,
        }


@dataclass(frozen=True)
class ExportView:
    item: ExportItem
    download_url: str | None = None
    expires_at: str | None = None


# --- the API side ----------------------------------------------------------------------------


def request_export(principal: Principal, request: ExportRequest) -> ExportItem:
    """Check scope and input, record the export, queue it; the caller answers 202."""
    check_request(principal, request)
    item = new_export(principal, request, str(uuid.uuid4()))
    store.create(principal, item)
    queue(item)
    return item


def check_request(principal: Principal, request: ExportRequest) -> None:
    """400 for input that does not fit the type, 404 for a contract or partner out of scope."""
    principal.require(Action.VIEW)
    rules.check_params(request.type, request.given())
    if request.contract_id:
        contract_store.get(principal, request.contract_id)
    if request.partner_id:
        orgs.get_partner(principal, request.partner_id)


def new_export(
    principal: Principal,
    request: ExportRequest,
    export_id: str,
    *,
    schedule_id: str | None = None,
    requested_by_label: str | None = None,
) -> ExportItem:
    """The export record for a checked ``request`` (not yet stored). ``schedule_id``: the
    export schedule whose run this is."""
    now = clock.now()
    params = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in request.given().items()}
    return ExportItem(
        id=export_id,
        org_id=principal.org_id,
        org_type=str(principal.org_type),
        path=principal.org_path,
        type=str(request.type),
        params=json.dumps({k: v for k, v in params.items() if v is not None}, sort_keys=True),
        file_format=str(request.format),
        schedule_id=schedule_id,
        status=str(ExportStatus.PENDING),
        requested_by=principal.actor_id,
        requested_by_label=requested_by_label or principal.actor_label,
        created_at=clock.iso(now),
        updated_at=clock.iso(now),
        ttl=now + store.RETENTION,
        file_label=_label(principal, request),
    )


def _label(principal: Principal, request: ExportRequest) -> str | None:
    """What the file name names: the partner asked for, else the contract asked for (none when
    it is gone, e.g. a scheduled run whose partner was deleted: that export is failed anyway)."""
    try:
        if request.partner_id:
            return orgs.get_partner(principal, request.partner_id).name
        if request.contract_id:
            return contract_store.get(principal, request.contract_id).details
    except NotFound:
        return None
    return None


def queue(item: ExportItem) -> None:
    """Send a recorded export to the worker; if the queue refuses, the export is failed (with
    the sentence) and the caller is told."""
    try:
        store.enqueue(item.id)
    except Exception:
        log_exception("export not queued", export_id=item.id)
        store.mark_failed(item, None, "The export could not be queued; please request it again.")
        raise AppError(
            "The export could not be queued; nothing will be produced. Please try again.",
            code="export_not_queued",
        ) from None


def _view(item: ExportItem) -> ExportView:
    if rules.given_up(item.status, item.created_at, clock.now()):
        item.status, item.error = str(ExportStatus.FAILED), rules.GIVEN_UP
        return ExportView(item)
    if item.status != ExportStatus.READY or not item.object_key:
        return ExportView(item)
    seconds = get_settings().export_link_seconds
    day = clock.parse_iso(item.created_at).date()
    name = rules.filename(item.type, day, file_format(item), item.file_label)
    url = export_files.download_link(item.object_key, name, seconds, file_format(item))
    return ExportView(item, url, clock.iso(clock.now() + timedelta(seconds=seconds)))


def file_format(item: ExportItem) -> ExportFormat:
    return ExportFormat(item.file_format or ExportFormat.CSV)


def get_export(principal: Principal, export_id: str) -> ExportView:
    principal.require(Action.VIEW)
    return _view(store.get_own(principal, export_id))


def list_exports(
    principal: Principal, page: PageRequest, *, oldest_first: bool = False
) -> Page[ExportView]:
    """One page of the organization's exports, newest first (``oldest_first``: backwards, for
    a console table's "Previous")."""
    principal.require(Action.VIEW)
    return store.list_own(principal, page, oldest_first=oldest_first).map(_view)


def position(view: ExportView) -> dict:
    """Where an export stands in the exports' order (a start key for either direction)."""
    return store.position(view.item)


# --- the worker ------------------------------------------------------------------------------


def _requester(item: ExportItem) -> Principal:
    """The requesting organization's view, for reading rows (read-only, same scope)."""
    return Principal(
        kind="export",
        actor_id=item.requested_by,
        actor_label=item.requested_by_label,
        org_id=item.org_id,
        org_path=item.path,
        org_type=OrgType(item.org_type),
        role=Role.VIEWER,
    )


def _partners(principal: Principal, params: dict[str, Any]) -> Iterator[Any]:
    if params.get("partnerId"):
        yield orgs.get_partner(principal, params["partnerId"])
        return
    if params.get("contractId"):
        contract = contract_store.get(principal, params["contractId"])
        if contract.organization_type == OrgType.PARTNER:
            yield orgs.get(principal, contract.organization_id)
        else:
            yield from export_sources.partners_in_contract(contract.id)
        return
    yield from export_sources.partners_below(principal)


def _window(params: dict[str, Any]) -> tuple[str | None, str | None]:
    """The ``from``/``to`` days as the first and last instants (RFC 3339 text) they cover."""
    start = f"{params['from']}T00:00:00.000000Z" if params.get("from") else None
    end = f"{params['to']}T23:59:59.999999Z" if params.get("to") else None
    return start, end


def rows(item: ExportItem) -> Iterator[list]:
    """The export's rows, page by page, in the requester's scope only."""
    principal = _requester(item)
    params = json.loads(item.params or "{}")
    kind = ExportType(item.type)
    if kind == ExportType.PARTNERS:
        names: dict[str, str | None] = {}  # contract id -> name, one read per contract
        for partner in export_sources.in_scope(principal, _partners(principal, params)):
            contract_id = partner.contract_id
            if contract_id and contract_id not in names:
                try:
                    names[contract_id] = contract_store.get(principal, contract_id).details
                except NotFound:  # moved or gone since: the id stays in its column
                    names[contract_id] = None
            yield rules.partner_row(partner, names.get(contract_id) if contract_id else None)
    elif kind == ExportType.STORAGE_ACCOUNTS:
        report = usage_times.reporter()
        for partner in export_sources.in_scope(principal, _partners(principal, params)):
            accounts = export_sources.accounts_of(partner)
            for account in export_sources.in_scope(principal, accounts):
                yield rules.storage_account_row(report(account), partner.name)
    elif kind == ExportType.DEALS:
        since, until = _window(params)
        deals = export_sources.pages(
            lambda p: deal_store.list_in_scope(principal, p, since=since, until=until)
        )
        for deal in export_sources.in_scope(principal, deals):
            yield rules.deal_row(deal)
    elif kind == ExportType.AUDIT_EVENTS:
        since, until = _window(params)
        events = export_sources.pages(
            lambda p: audit_store.list_events(principal, p, since=since, until=until)
        )
        for event in export_sources.in_scope(principal, events):
            yield rules.audit_row(event)
    else:
        yield from usage_rows(principal, params)


def usage_rows(principal: Principal, params: dict[str, Any]) -> Iterator[list]:
    """One row per storage account in scope per day the reports show (``reported_days``: from
    the day the account was created, and any earlier day with a measured value), account by
    account: one Query per account for its days."""
    first, last = date.fromisoformat(params["from"]), date.fromisoformat(params["to"])
    today = clock.now().date()
    for partner in export_sources.in_scope(principal, _partners(principal, params)):
        for account in export_sources.in_scope(principal, export_sources.accounts_of(partner)):
            recorded = {
                d.date: d
                for d in export_sources.account_days(account.id, first, last)
                if principal.sees(d.path)
            }
            created = clock.parse_iso(account.created_at).date()
            for day in usage_rules.reported_days(first, last, today, created, set(recorded)):
                text = day.isoformat()
                yield rules.usage_row(text, account, partner.name, recorded.get(text))


def run_export(export_id: str, *, part_size: int = export_files.DEFAULT_PART_SIZE) -> str:
    """Produce one export's file; returns what happened (``ready``, ``failed``, ``skipped``)."""
    token = str(uuid.uuid4())
    now: datetime = clock.now()
    item = store.claim(export_id, token, now)
    if item is None:
        log_info("export skipped (done, or another worker has it)", export_id=export_id)
        return "skipped"
    if item.upload_id and item.object_key:  # a crashed predecessor's upload
        export_files.abort_upload(item.object_key, item.upload_id)
    kind = file_format(item)
    key = f"exports/{item.org_id}/{item.id}/{token}.{kind}"
    name = rules.filename(item.type, clock.parse_iso(item.created_at).date(), kind, item.file_label)
    upload = export_files.upload_for(kind, key, ExportType(item.type), part_size=part_size)
    try:
        upload.start(name)
        if not store.record_upload(item, token, key, upload.upload_id):
            upload.abort()
            return "skipped"
        upload.write_header(rules.header(ExportType(item.type)))
        upload.write_rows(rows(item))
        upload.complete()
    except Exception as exc:
        upload.abort()
        if isinstance(exc, NotFound):  # e.g. the partner asked for was deleted meanwhile
            reason = f"{exc.message} The export was not produced."
        else:
            log_exception("export failed", export_id=export_id)
            reason = "The export failed while writing the file; please request it again."
        store.mark_failed(item, token, reason)
        return "failed"
    if not store.mark_ready(item, token, upload.rows, upload.size_bytes):
        # lost the claim meanwhile (a worker that outlived its lease): the holder's file is the
        # one that counts, so this one goes
        try:
            export_files.delete_file(key)
        except Exception:  # the bucket's lifecycle rule removes it after 7 days anyway
            log_exception("superseded export file not deleted", export_id=export_id, key=key)
        return "skipped"
    log_info("export ready", export_id=export_id, rows=upload.rows, bytes=upload.size_bytes)
    return "ready"


def handle_sqs_event(event: Any) -> list[str]:
    """The worker Lambda's body: one export per message (``{"exportId": …}``)."""
    outcomes = []
    for record in event:
        try:
            export_id = json.loads(record.body)["exportId"]
        except (ValueError, KeyError, TypeError):
            log_info("export message ignored: not an export request")
            outcomes.append("ignored")
            continue
        outcomes.append(run_export(export_id))
    return outcomes
