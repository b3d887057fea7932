"""Audit events: built here, written inside the same transaction as the change they record, and
listed per organization subtree with one Query on the level index of the caller's depth."""

from __future__ import annotations

import json
import uuid
from typing import Any

from chalicelib import clock
from chalicelib.domain.derived_keys import audit_filter_key, audit_filter_keys
from chalicelib.domain.events import from_audit
from chalicelib.domain.principal import Principal, path_ids
from chalicelib.paging import Page, PageRequest
from chalicelib.store import events
from chalicelib.store.base import Tx
from chalicelib.store.models import AuditEventItem
from chalicelib.store.scoped import query_page

_LEVEL_INDEXES = (AuditEventItem.by_level1, AuditEventItem.by_level2, AuditEventItem.by_level3)
_ACTION_INDEXES = (AuditEventItem.by_action1, AuditEventItem.by_action2, AuditEventItem.by_action3)
_ACTOR_INDEXES = (AuditEventItem.by_actor1, AuditEventItem.by_actor2, AuditEventItem.by_actor3)
#: Fields that never enter an audit record, whatever the caller passes.
SECRET_FIELDS = frozenset({"password", "password_hash", "secret", "secret_hash", "token"})


def _clean(snapshot: dict[str, Any] | None) -> str | None:
    if snapshot is None:
        return None
    safe = {k: v for k, v in snapshot.items() if k not in SECRET_FIELDS}
    return json.dumps(safe, sort_keys=True, default=str)


def event(
    principal: Principal,
    *,
    action: str,
    target_type: str,
    target_id: str,
    path: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEventItem:
    """An audit record of ``action`` on a target owned by the organization at ``path``."""
    at = clock.iso(clock.now())
    event_id = str(uuid.uuid4())
    ids = path_ids(path)
    return AuditEventItem(
        id=event_id,
        sk=f"{at}#{event_id}",
        at=at,
        org_id=ids[-1] if ids else "",
        path=path,
        anc1=ids[0] if len(ids) > 0 else None,
        anc2=ids[1] if len(ids) > 1 else None,
        anc3=ids[2] if len(ids) > 2 else None,
        actor_type=principal.kind,
        actor_id=principal.actor_id,
        actor_label=principal.actor_label,
        action=action,
        target_type=target_type,
        target_id=target_id,
        before=_clean(before),
        after=_clean(after),
        request_id=principal.request_id,
        source_ip=principal.source_ip,
        **audit_filter_keys(path, action, principal.actor_id),
    )


def audited(tx: Tx, principal: Principal, action: str, **fields: Any) -> Tx:
    """``tx`` plus the audit record of the change it makes (``fields`` as for ``event``),
    written in the same transaction; and, when the change announces an event
    (``domain.events.from_audit``), that event too, in the same transaction."""
    tx.save("audit", event(principal, action=action, **fields))
    announced = from_audit(
        action,
        fields.get("target_type", ""),
        fields.get("target_id", ""),
        _safe(fields.get("before")),
        _safe(fields.get("after")),
    )
    if announced is not None:
        events.emit(tx, announced[0], fields["path"], announced[1])
    return tx


def _safe(snapshot: dict[str, Any] | None) -> dict[str, Any] | None:
    if snapshot is None:
        return None
    return {k: v for k, v in snapshot.items() if k not in SECRET_FIELDS}


def list_events(
    principal: Principal,
    page: PageRequest,
    *,
    since: str | None = None,
    until: str | None = None,
    action: str | None = None,
    actor: str | None = None,
    target_id: str | None = None,
    target_type: str | None = None,
) -> Page[AuditEventItem]:
    """The caller's subtree's events, newest first, between ``since`` and ``until`` (RFC 3339
    text, on the index's sort key); ``action`` and ``actor`` are served by the filter indexes'
    keys (no read of the events that do not match), ``target_id`` and ``target_type`` are
    exact-match filters on that one Query."""
    depth = len(path_ids(principal.org_path))
    sk = AuditEventItem.sk
    if since and until:
        window = sk.between(since, until + "~")
    elif since:
        window = sk >= since
    elif until:
        window = sk <= until + "~"
    else:
        window = None
    # the most selective filter is the key; the others filter that one Query
    if action:
        index, key = _ACTION_INDEXES[depth - 1], audit_filter_key(principal.org_id, action)
    elif actor:
        index, key = _ACTOR_INDEXES[depth - 1], audit_filter_key(principal.org_id, actor)
    else:
        index, key = _LEVEL_INDEXES[depth - 1], principal.org_id
    filters = None
    for attribute, wanted in (
        (AuditEventItem.actor_id, actor if action else None),
        (AuditEventItem.target_id, target_id),
        (AuditEventItem.target_type, target_type),
    ):
        if wanted:
            match = attribute == wanted
            filters = match if filters is None else filters & match
    return query_page(
        index.query,
        key,
        page,
        range_key_condition=window,
        filter_condition=filters,
        newest_first=True,
    )
