"""Export records and the export queue.

The worker's state changes are conditional writes: ``claim`` succeeds for exactly one worker
(``pending``, or ``running`` with an expired lease), and every later write is conditioned on that
worker's ``claim_token``, so a message delivered twice produces one file and a worker that lost
its lease can never mark a file ready.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from pynamodb.exceptions import UpdateError

from chalicelib import clock
from chalicelib.domain.events import EXPORT_FAILED, EXPORT_READY
from chalicelib.domain.exports import ExportStatus
from chalicelib.domain.principal import Principal
from chalicelib.errors import Conflict, NotFound
from chalicelib.paging import Page, PageRequest
from chalicelib.settings import get_settings
from chalicelib.store import audit, events
from chalicelib.store.aws import client
from chalicelib.store.base import Tx, run_transaction
from chalicelib.store.models import ExportItem
from chalicelib.store.scoped import get_unscoped, query_page

#: How long an export record (and its file: the bucket's lifecycle rule) is kept.
RETENTION = timedelta(days=7)
#: A claim older than this is taken to be a crashed worker's (the worker Lambda times out first).
LEASE = timedelta(minutes=15)


def create(principal: Principal, item: ExportItem) -> ExportItem:
    """Record the export, and who asked for what, in one transaction."""
    item.ttl = clock.parse_iso(item.created_at) + RETENTION
    tx = Tx().save("export", item, condition=ExportItem.id.does_not_exist())
    audit.audited(
        tx,
        principal,
        "export.request",
        target_type="export",
        target_id=item.id,
        path=item.path,
        after={"type": item.type, "parameters": json.loads(item.params)},
    )

    def failed(_tx: Tx, _names: set[str]) -> None:
        raise Conflict(f"Export {item.id} already exists.")

    run_transaction(lambda: tx, failed)
    return item


def get_own(principal: Principal, export_id: str) -> ExportItem:
    """An export of the caller's own organization (another organization's, even one below it,
    is "not found": an export is the requesting organization's file)."""
    item = get_unscoped(ExportItem, export_id)
    if item is None or item.org_id != principal.org_id or not principal.sees(item.path):
        raise NotFound.of("Export", export_id)
    return item


def list_own(
    principal: Principal, page: PageRequest, *, oldest_first: bool = False
) -> Page[ExportItem]:
    """One page of the caller's organization's exports, newest first (``oldest_first``: the
    other way, for a console table's "Previous")."""
    return query_page(
        ExportItem.by_organization.query, principal.org_id, page, newest_first=not oldest_first
    )


def position(item: ExportItem) -> dict:
    """Where ``item`` stands on ``organization-index`` (a start key for either direction)."""
    return {
        "id": {"S": item.id},
        "org_id": {"S": item.org_id},
        "created_at": {"S": item.created_at},
    }


def _conditional(item: ExportItem, actions: list, condition) -> bool:
    try:
        item.update(actions=actions, condition=condition)
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def claim(export_id: str, token: str, now: datetime) -> ExportItem | None:
    """Take the export for this worker, or None when it is done or another worker holds it."""
    item = ExportItem(id=export_id)
    running = ExportItem.status == str(ExportStatus.RUNNING)
    condition = ExportItem.id.exists() & (
        (ExportItem.status == str(ExportStatus.PENDING))
        | (running & (ExportItem.lease_until < clock.iso(now)))
    )
    actions = [
        ExportItem.status.set(str(ExportStatus.RUNNING)),
        ExportItem.claim_token.set(token),
        ExportItem.lease_until.set(clock.iso(now + LEASE)),
        ExportItem.attempts.add(1),
        ExportItem.updated_at.set(clock.iso(now)),
    ]
    if not _conditional(item, actions, condition):
        return None
    return get_unscoped(ExportItem, export_id)


def _held(token: str):
    return (ExportItem.claim_token == token) & (ExportItem.status == str(ExportStatus.RUNNING))


def record_upload(item: ExportItem, token: str, key: str, upload_id: str) -> bool:
    actions = [ExportItem.upload_id.set(upload_id), ExportItem.object_key.set(key)]
    return _conditional(item, actions, _held(token))


def _settle(item: ExportItem, actions: list, condition, event_type: str, data: dict) -> bool:
    """The export's final state and its ``export.ready``/``export.failed`` event, in one
    transaction; False when the condition no longer holds (nothing written)."""
    tx = Tx().update("export", item, actions, condition=condition)
    events.emit(tx, event_type, item.path, event_data(item, **data))
    return run_transaction(lambda: tx, lambda _tx, _names: False) is None


def event_data(item: ExportItem, **extra: object) -> dict:
    """What ``export.ready``/``export.failed`` say about the export."""
    data = {"exportId": item.id, "type": item.type, "format": item.file_format or "csv"}
    if item.schedule_id:
        data["scheduleId"] = item.schedule_id
    params = json.loads(item.params or "{}")
    data.update({k: params[k] for k in ("from", "to") if params.get(k)})  # its period
    data["requestedAt"] = item.created_at
    return {**data, **extra}


def mark_ready(item: ExportItem, token: str, rows: int, size_bytes: int) -> bool:
    actions = [
        ExportItem.status.set(str(ExportStatus.READY)),
        ExportItem.row_count.set(rows),
        ExportItem.size_bytes.set(size_bytes),
        ExportItem.upload_id.remove(),
        ExportItem.updated_at.set(clock.iso(clock.now())),
    ]
    return _settle(
        item, actions, _held(token), EXPORT_READY, {"rowCount": rows, "sizeBytes": size_bytes}
    )


def mark_failed(item: ExportItem, token: str | None, reason: str) -> bool:
    """``token`` None: the export never reached a worker (e.g. the queue refused it)."""
    actions = [
        ExportItem.status.set(str(ExportStatus.FAILED)),
        ExportItem.error.set(reason),
        ExportItem.upload_id.remove(),
        ExportItem.updated_at.set(clock.iso(clock.now())),
    ]
    condition = ExportItem.status == str(ExportStatus.PENDING) if token is None else _held(token)
    return _settle(item, actions, condition, EXPORT_FAILED, {"error": reason})


def queue_url() -> str:
    settings = get_settings()
    if settings.exports_queue_url:
        return settings.exports_queue_url
    return client("sqs").get_queue_url(QueueName=settings.exports_queue_name)["QueueUrl"]


def enqueue(export_id: str) -> None:
    client("sqs").send_message(
        QueueUrl=queue_url(), MessageBody=json.dumps({"exportId": export_id})
    )
