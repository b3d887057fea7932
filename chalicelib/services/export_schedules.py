"""Export schedules: an organization asks for a type daily or monthly; the scheduled job turns
each due schedule into an ordinary export (recorded with the schedule's move to its next run in
one transaction, then queued to the same worker), which announces ``export.ready`` when done.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib import clock
from chalicelib.domain import export_schedules as rules
from chalicelib.domain.export_schedules import Frequency
from chalicelib.domain.exports import ExportFormat, ExportStatus, ExportType, check_params
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action, OrgType, Role
from chalicelib.errors import AppError
from chalicelib.observability import log_exception, log_info
from chalicelib.paging import Page, PageRequest
from chalicelib.services import exports
from chalicelib.store import contracts as contract_store
from chalicelib.store import export_schedules as store
from chalicelib.store import organizations as orgs
from chalicelib.store.models import ExportScheduleItem


@dataclass(frozen=True)
class ScheduleRequest:
    type: ExportType
    frequency: Frequency
    format: ExportFormat = ExportFormat.CSV
    contract_id: str | None = None
    partner_id: str | None = None


def create_schedule(principal: Principal, request: ScheduleRequest) -> ExportScheduleItem:
    principal.require(Action.VIEW)
    filters = {"contractId": request.contract_id, "partnerId": request.partner_id}
    covered = rules.period(request.frequency, clock.now())
    ranged = {"from": covered.first, "to": covered.last} if rules.takes_range(request.type) else {}
    check_params(request.type, {**filters, **ranged})  # the filters, as every run will use them
    if request.contract_id:
        contract_store.get(principal, request.contract_id)
    if request.partner_id:
        orgs.get_partner(principal, request.partner_id)
    now = clock.iso(clock.now())
    item = ExportScheduleItem(
        id=str(uuid.uuid4()),
        org_id=principal.org_id,
        org_type=str(principal.org_type),
        path=principal.org_path,
        type=str(request.type),
        file_format=str(request.format),
        frequency=str(request.frequency),
        params=json.dumps({k: v for k, v in filters.items() if v}, sort_keys=True),
        created_by=principal.actor_id,
        created_by_label=principal.actor_label,
        created_at=now,
        due_key=store.DUE_KEY,
        next_run_at=now,  # due at once: the next run of the scheduled jobs
    )
    return store.create(principal, item)


def list_schedules(principal: Principal, page: PageRequest) -> Page[ExportScheduleItem]:
    principal.require(Action.VIEW)
    return store.list_own(principal, page)


def delete_schedule(principal: Principal, schedule_id: str) -> None:
    principal.require(Action.VIEW)
    store.delete(principal, store.get_own(principal, schedule_id))


# --- the scheduled job -----------------------------------------------------------------------


def _owner(schedule: ExportScheduleItem) -> Principal:
    """The scheduling organization's view, for checking and reading rows (read-only)."""
    return Principal(
        kind="system",
        actor_id=schedule.created_by,
        actor_label=schedule.created_by_label,
        org_id=schedule.org_id,
        org_path=schedule.path,
        org_type=OrgType(schedule.org_type),
        role=Role.VIEWER,
    )


def run_schedule(schedule: ExportScheduleItem, now: datetime) -> str:
    """One due schedule: ``requested`` (an export recorded and queued), ``skipped`` (another
    job took this run) or ``failed`` (recorded as a failed export, announced with
    ``export.failed``, e.g. its partner is gone). The worker announces ``export.ready``."""
    frequency = Frequency(schedule.frequency)
    covered = rules.period(frequency, now)
    params = json.loads(schedule.params or "{}")
    export_type = ExportType(schedule.type)
    ranged = rules.takes_range(export_type)
    request = exports.ExportRequest(
        type=export_type,
        contract_id=params.get("contractId"),
        partner_id=params.get("partnerId"),
        start=covered.first if ranged else None,
        end=covered.last if ranged else None,
        format=ExportFormat(schedule.file_format),
    )
    export_id = rules.run_export_id(schedule.id, covered.key)
    label = f"{schedule.created_by_label} ({frequency} schedule)"
    owner = _owner(schedule)
    failure = None
    try:
        exports.check_request(owner, request)
    except AppError as exc:  # e.g. the partner it names was deleted meanwhile
        failure = f"{exc.message} The scheduled export was not produced."
    item = exports.new_export(
        owner, request, export_id, schedule_id=schedule.id, requested_by_label=label
    )
    if failure:
        item.status, item.error = str(ExportStatus.FAILED), failure
    next_run_at = clock.iso(rules.next_run(frequency, now))
    if not store.record_run(schedule, item, covered.key, next_run_at):
        return "skipped"
    if failure:
        return "failed"
    try:
        exports.queue(item)  # (a refusal marks the export failed, which announces it)
    except AppError:
        return "failed"
    return "requested"


def run_due() -> dict[str, Any]:
    """The scheduled job: every schedule due now, each turned into one export."""
    now = clock.now()
    outcomes = {"requested": 0, "skipped": 0, "failed": 0}
    for schedule in store.due(clock.iso(now)):
        try:
            outcomes[run_schedule(schedule, now)] += 1
        except Exception:  # one broken schedule must not stop the others; the next run retries
            log_exception("export schedule run failed", schedule_id=schedule.id)
            outcomes["failed"] += 1
    log_info("export schedules run", **outcomes)
    return {
        "exportsRequested": outcomes["requested"],
        **{k: v for k, v in outcomes.items() if k != "requested"},
    }
