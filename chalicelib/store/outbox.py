"""The notification outbox: every message to a person is first recorded here."""

from __future__ import annotations

import uuid
from datetime import timedelta

from chalicelib import clock
from chalicelib.store.models import OutboxItem

RETENTION = timedelta(days=90)


def record(kind: str, recipient: str, user_id: str | None, subject: str, body: str) -> OutboxItem:
    now = clock.now()
    item = OutboxItem(
        id=str(uuid.uuid4()),
        kind=kind,
        recipient=recipient,
        user_id=user_id,
        subject=subject,
        body=body,
        status="pending",
        created_at=clock.iso(now),
        ttl=now + RETENTION,
    )
    item.save()
    return item


def mark(item: OutboxItem, status: str) -> None:
    item.update(
        actions=[OutboxItem.status.set(status), OutboxItem.sent_at.set(clock.iso(clock.now()))]
    )
