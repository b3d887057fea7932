"""Events: built here, written inside the same transaction as the change that causes them
(``emit``), listed per organization subtree with one Query on the level index of the caller's
depth, and handed to the dispatcher through the sparse ``dispatch-index``."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

from pynamodb.exceptions import UpdateError

from chalicelib import clock
from chalicelib.domain.principal import Principal, path_ids
from chalicelib.paging import Page, PageRequest
from chalicelib.store.base import Tx
from chalicelib.store.models import EventItem
from chalicelib.store.scoped import get_in_scope, get_unscoped, query_page

_LEVEL_INDEXES = (EventItem.by_level1, EventItem.by_level2, EventItem.by_level3)
#: How long events are kept (the feed, replays).
RETENTION = timedelta(days=400)
PENDING = "pending"


def build(
    event_type: str, path: str, data: dict[str, Any], recipients: list[str] | None = None
) -> EventItem:
    """An event of ``event_type`` owned by the organization at ``path``, waiting for dispatch."""
    now = clock.now()
    at = clock.iso(now)
    event_id = str(uuid.uuid4())
    ids = path_ids(path)
    return EventItem(
        id=event_id,
        sk=f"{at}#{event_id}",
        at=at,
        type=event_type,
        org_id=ids[-1] if ids else "",
        path=path,
        anc1=ids[0] if len(ids) > 0 else None,
        anc2=ids[1] if len(ids) > 1 else None,
        anc3=ids[2] if len(ids) > 2 else None,
        data=json.dumps(data, sort_keys=True, default=str),
        recipients=json.dumps(recipients) if recipients else None,
        dispatch=PENDING,
        ttl=now + RETENTION,
    )


def emit(
    tx: Tx,
    event_type: str,
    path: str,
    data: dict[str, Any],
    recipients: list[str] | None = None,
) -> EventItem:
    """Adds the event to ``tx`` (so it exists exactly when the change does) and answers it."""
    item = build(event_type, path, data, recipients)
    tx.save(f"event:{item.id}", item, condition=EventItem.id.does_not_exist())
    return item


def get(principal: Principal, event_id: str) -> EventItem:
    return get_in_scope(EventItem, event_id, principal, "Event")


def reload(event_id: str) -> EventItem | None:
    return get_unscoped(EventItem, event_id)


def list_events(
    principal: Principal,
    page: PageRequest,
    *,
    event_type: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Page[EventItem]:
    """The caller's subtree's events, newest first, between ``since`` and ``until`` (RFC 3339
    text on the index's sort key), optionally of one type."""
    depth = len(path_ids(principal.org_path))
    index = _LEVEL_INDEXES[depth - 1]
    sk = EventItem.sk
    if since and until:
        window = sk.between(since, until + "~")
    elif since:
        window = sk >= since
    elif until:
        window = sk <= until + "~"
    else:
        window = None
    return query_page(
        index.query,
        principal.org_id,
        page,
        range_key_condition=window,
        filter_condition=(EventItem.type == event_type) if event_type else None,
        newest_first=True,
    )


def pending_dispatch(page: PageRequest) -> Page[EventItem]:
    """Events not yet dispatched, oldest first (the sparse ``dispatch-index``)."""
    return query_page(EventItem.to_dispatch.query, PENDING, page)


def mark_dispatched(item: EventItem) -> bool:
    """Takes the event off the dispatch index; False when another dispatcher already did."""
    try:
        item.update(actions=[EventItem.dispatch.remove()], condition=EventItem.dispatch == PENDING)
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
