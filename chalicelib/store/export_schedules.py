"""Export schedules: an organization's own (like its exports: another organization's, even one
below it, is "not found"), and the due ones for the scheduled job, one bounded Query at a time.

A run records its export and moves the schedule's ``next_run_at`` forward in one transaction
conditioned on the ``next_run_at`` it read: two jobs racing for the same run produce one export.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from chalicelib.domain.events import EXPORT_FAILED
from chalicelib.domain.exports import ExportStatus
from chalicelib.domain.principal import Principal
from chalicelib.errors import Conflict, NotFound
from chalicelib.paging import Page, PageRequest
from chalicelib.store import audit, events, exports
from chalicelib.store.base import Tx, run_transaction
from chalicelib.store.models import ExportItem, ExportScheduleItem
from chalicelib.store.scoped import get_unscoped, query_page

DUE_KEY = "due"


def snapshot(item: ExportScheduleItem) -> dict:
    return {
        "type": item.type,
        "format": item.file_format,
        "frequency": item.frequency,
        "parameters": json.loads(item.params or "{}"),
    }


def create(principal: Principal, item: ExportScheduleItem) -> ExportScheduleItem:
    tx = Tx().save("schedule", item, condition=ExportScheduleItem.id.does_not_exist())
    audit.audited(
        tx,
        principal,
        "export_schedule.create",
        target_type="export_schedule",
        target_id=item.id,
        path=item.path,
        after=snapshot(item),
    )

    def failed(_tx: Tx, _names: set[str]) -> None:
        raise Conflict(f"Export schedule {item.id} already exists.")

    run_transaction(lambda: tx, failed)
    return item


def get_own(principal: Principal, schedule_id: str) -> ExportScheduleItem:
    item = get_unscoped(ExportScheduleItem, schedule_id)
    if item is None or item.org_id != principal.org_id or not principal.sees(item.path):
        raise NotFound.of("Export schedule", schedule_id)
    return item


def list_own(principal: Principal, page: PageRequest) -> Page[ExportScheduleItem]:
    return query_page(ExportScheduleItem.by_organization.query, principal.org_id, page)


def count_own(principal: Principal, at_most: int) -> int:
    found = ExportScheduleItem.by_organization.query(
        principal.org_id, limit=at_most, page_size=at_most
    )
    return sum(1 for _ in found)


def delete(principal: Principal, item: ExportScheduleItem) -> None:
    tx = Tx().delete("schedule", item, condition=ExportScheduleItem.id.exists())
    audit.audited(
        tx,
        principal,
        "export_schedule.delete",
        target_type="export_schedule",
        target_id=item.id,
        path=item.path,
        before=snapshot(item),
    )

    def failed(_tx: Tx, _names: set[str]) -> None:
        raise NotFound.of("Export schedule", item.id)

    run_transaction(lambda: tx, failed)


def due(now_iso: str, page_size: int = 100) -> Iterator[ExportScheduleItem]:
    """Every schedule due at ``now_iso``, read ``page_size`` at a time."""
    return ExportScheduleItem.by_due.query(
        DUE_KEY,
        range_key_condition=ExportScheduleItem.next_run_at <= now_iso,
        page_size=page_size,
    )


def record_run(
    schedule: ExportScheduleItem, export: ExportItem, period_key: str, next_run_at: str
) -> bool:
    """Record the run's export and move the schedule on, or nothing (False) when another job
    took this run first or the schedule was deleted meanwhile. An export recorded as failed
    (its filter is gone) is announced with ``export.failed`` in the same transaction."""
    tx = Tx().save("export", export, condition=ExportItem.id.does_not_exist())
    if export.status == str(ExportStatus.FAILED):  # could not even start: say so now
        events.emit(tx, EXPORT_FAILED, export.path, exports.event_data(export, error=export.error))
    tx.update(
        "schedule",
        schedule,
        [
            ExportScheduleItem.next_run_at.set(next_run_at),
            ExportScheduleItem.last_period.set(period_key),
            ExportScheduleItem.last_export_id.set(export.id),
        ],
        condition=ExportScheduleItem.next_run_at == schedule.next_run_at,
    )
    return run_transaction(lambda: tx, lambda _tx, _names: False) is None
