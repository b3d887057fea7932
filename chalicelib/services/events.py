"""The event feed: what happened in your organization and everything below it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from chalicelib import clock
from chalicelib.domain.dates import check_order
from chalicelib.domain.events import EVENT_TYPES
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action
from chalicelib.errors import ValidationFailed
from chalicelib.paging import Page, PageRequest
from chalicelib.store import events as store
from chalicelib.store.models import EventItem


def _bound(value: date | datetime | None, end_of_day: bool) -> str | None:
    """A ``from``/``to`` query value as RFC 3339 text (a date covers the whole day)."""
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
    event_type: str | None,
    since: date | datetime | None,
    until: date | datetime | None,
) -> Page[EventItem]:
    principal.require(Action.VIEW)
    if event_type is not None and event_type not in EVENT_TYPES:
        raise ValidationFailed(
            f"'{event_type}' is not an event type; use one of {', '.join(EVENT_TYPES)}.",
            details=[{"field": "type", "location": "query", "message": "Unknown event type."}],
        )
    low, high = _bound(since, False), _bound(until, True)
    check_order(low, high)
    return store.list_events(principal, page, event_type=event_type, since=low, until=high)


def get_event(principal: Principal, event_id: str) -> EventItem:
    principal.require(Action.VIEW)
    return store.get(principal, event_id)
