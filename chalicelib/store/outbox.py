"""The e-mail outbox: every message to a person is first recorded here, then sent by the
notification worker. Each state change is one conditional write, so a message is claimed by one
worker at a time, marked sent once, and put back (with its next attempt's time) after a failure.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from pynamodb.exceptions import PutError, UpdateError

from chalicelib import clock
from chalicelib.paging import Page, PageRequest
from chalicelib.store.base import Tx
from chalicelib.store.models import OutboxItem
from chalicelib.store.scoped import get_unscoped, query_page

RETENTION = timedelta(days=90)
#: How long a worker may hold a message it is sending before another may take it over.
LEASE = timedelta(minutes=2)
QUEUE = "pending"


def build(
    kind: str,
    recipient: str,
    user_id: str | None,
    subject: str,
    body: str,
    message_id: str | None = None,
) -> OutboxItem:
    """A pending message; ``message_id`` makes it idempotent (the same id is recorded once)."""
    now = clock.now()
    at = clock.iso(now)
    return OutboxItem(
        id=message_id or str(uuid.uuid4()),
        kind=kind,
        recipient=recipient,
        user_id=user_id,
        subject=subject,
        body=body,
        status="pending",
        created_at=at,
        queue=QUEUE,
        due_at=at,
        attempts=0,
        ttl=now + RETENTION,
    )


def add(tx: Tx, item: OutboxItem) -> Tx:
    """Records ``item`` in ``tx``: the message exists exactly when the change that causes it
    does (and a message id already recorded fails the transaction's condition)."""
    return tx.save(f"mail:{item.id}", item, condition=OutboxItem.id.does_not_exist())


def record(kind: str, recipient: str, user_id: str | None, subject: str, body: str) -> OutboxItem:
    """Records one message on its own (its cause needs no transaction)."""
    item = build(kind, recipient, user_id, subject, body)
    item.save(condition=OutboxItem.id.does_not_exist())
    return item


def record_once(item: OutboxItem) -> bool:
    """Records ``item`` unless a message with its id exists; False when it did."""
    try:
        item.save(condition=OutboxItem.id.does_not_exist())
    except PutError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def get(message_id: str) -> OutboxItem | None:
    return get_unscoped(OutboxItem, message_id)


def _conditional(item: OutboxItem, actions: list, condition) -> bool:
    try:
        item.update(actions=actions, condition=condition)
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def claim(message_id: str, token: str, now: datetime) -> OutboxItem | None:
    """Take a pending message (or one whose sender's lease ran out) for this worker; None when
    it was sent, given up, or is held by another worker."""
    item = OutboxItem(id=message_id)
    at = clock.iso(now)
    condition = OutboxItem.id.exists() & (
        (OutboxItem.status == "pending")
        | ((OutboxItem.status == "sending") & (OutboxItem.due_at < at))
    )
    actions = [
        OutboxItem.status.set("sending"),
        OutboxItem.claim_token.set(token),
        OutboxItem.due_at.set(clock.iso(now + LEASE)),
        OutboxItem.attempts.add(1),
    ]
    if not _conditional(item, actions, condition):
        return None
    return get(message_id)


def _held(token: str):
    return (OutboxItem.status == "sending") & (OutboxItem.claim_token == token)


def mark_sent(item: OutboxItem, token: str, provider_id: str | None) -> bool:
    actions = [
        OutboxItem.status.set("sent"),
        OutboxItem.sent_at.set(clock.iso(clock.now())),
        OutboxItem.queue.remove(),
        OutboxItem.due_at.remove(),
        OutboxItem.last_error.remove(),
    ]
    if provider_id:
        actions.append(OutboxItem.message_id.set(provider_id))
    return _conditional(item, actions, _held(token))


def mark_failed_attempt(item: OutboxItem, token: str, error: str, retry_at: str | None) -> bool:
    """Back to ``pending`` with the next attempt at ``retry_at``; ``failed`` (and off the
    queue) when ``retry_at`` is None."""
    if retry_at is None:
        actions = [
            OutboxItem.status.set("failed"),
            OutboxItem.queue.remove(),
            OutboxItem.due_at.remove(),
            OutboxItem.last_error.set(error),
        ]
    else:
        actions = [
            OutboxItem.status.set("pending"),
            OutboxItem.due_at.set(retry_at),
            OutboxItem.last_error.set(error),
        ]
    return _conditional(item, actions, _held(token))


def due(now: str, page: PageRequest) -> Page[OutboxItem]:
    """Messages still to send whose time has come (new, retrying, or a lost worker's)."""
    return query_page(
        OutboxItem.due.query, QUEUE, page, range_key_condition=OutboxItem.due_at <= now
    )
