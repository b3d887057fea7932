"""Reading the audit log of your organization and everything below it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from chalicelib import clock
from chalicelib.domain import audit_actions
from chalicelib.domain.dates import check_order
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action
from chalicelib.paging import Page, PageRequest
from chalicelib.store import audit, credentials, users
from chalicelib.store.models import AuditEventItem

#: How much the person select reads: one page of the team, of the API keys, and of the
#: subtree's latest events (whoever acted in them), whatever the tenant's size.
TEAM_LIMIT, KEYS_LIMIT, RECENT_EVENTS = 100, 100, 200


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


def person_choices(
    principal: Principal, chosen: str | None
) -> list[tuple[str, list[audit_actions.Choice]]]:
    """The audit log's person select (``audit_actions.person_options``): the caller's team and
    API keys and whoever acted in the subtree's latest events, each one bounded read; the
    filtered actor is labelled from its own latest event."""
    principal.require(Action.VIEW)
    team = users.list_for_org(principal.org_id, PageRequest(limit=TEAM_LIMIT)).items
    keys = credentials.list_api_keys(principal.org_id, PageRequest(limit=KEYS_LIMIT)).items
    recent = audit.list_events(principal, PageRequest(limit=RECENT_EVENTS)).items
    picked = None
    if chosen:
        own = audit.list_events(principal, PageRequest(limit=1), actor=chosen).items
        picked = (chosen, own[0].actor_label if own else "")
    return audit_actions.person_options(
        ((u.id, f"{u.name or u.email} ({u.email})") for u in team),
        ((k.id, f"API key “{k.description}”") for k in keys),
        ((e.actor_id, e.actor_label) for e in recent),
        picked,
    )


def resolve_actor(principal: Principal, text: str) -> str:
    """The person typed in the audit log's free-text filter, as an actor id: an email of
    someone in the caller's organization or below is their id; anything else is taken as an
    id (a person out of scope matches no event, and nothing says whether they exist)."""
    text = text.strip()
    if "@" in text:
        user = users.find_in_scope_by_email(principal, text)
        return user.id if user is not None else text
    return text
