"""Reading the audit log of your organization and everything below it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from chalicelib import clock
from chalicelib.domain.dates import check_order
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action
from chalicelib.paging import Page, PageRequest
from chalicelib.store import audit
from chalicelib.store.models import AuditEventItem


def _bound(value: date | datetime | None, end_of_day: bool) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return clock.iso(value if value.tzinfo else value.replace(tzinfo=UTC))
    moment = datetime.combine(value, time.min, tzinfo=UTC)
    if end_of_day:
        moment += timedelta(days=1) - timedelta(microseconds=1)
    return clock.iso(moment)


def list_events(
    principal: Principal,
    page: PageRequest,
    *,
    since: date | datetime | None,
    until: date | datetime | None,
    action: str | None,
    actor: str | None,
    target_id: str | None = None,
    target_type: str | None = None,
) -> Page[AuditEventItem]:
    principal.require(Action.VIEW)
    low, high = _bound(since, False), _bound(until, True)
    check_order(low, high)
    return audit.list_events(
        principal,
        page,
        since=low,
        until=high,
        action=action,
        actor=actor,
        target_id=target_id,
        target_type=target_type,
    )
