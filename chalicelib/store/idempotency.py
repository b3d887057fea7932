"""Claimed idempotency keys: one conditional put claims a key, the same claim token finishes or
releases it (the pattern of aws-lambda-powertools' idempotency utility, on our own table).

The claim succeeds when no record exists, when the existing one has expired (DynamoDB's TTL
deletes lazily, so expiry is also checked here), or when a ``running`` claim's lease has ended
(its request crashed). Everything else is the existing record, read strongly consistent.
"""

from __future__ import annotations

import json
import uuid
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from pynamodb.exceptions import DeleteError, DoesNotExist, PutError, UpdateError

from chalicelib import clock
from chalicelib.store.idempotency_record import IdempotencyItem

#: DynamoDB items are at most 400 KB; an answer that does not fit compressed is not stored.
MAX_STORED_BYTES = 350_000


@dataclass(frozen=True)
class Claim:
    record_id: str
    token: str


@dataclass(frozen=True)
class Existing:
    fingerprint: str
    finished: bool
    status: int | None = None
    headers: dict[str, object] | None = None
    body: bytes = b""


def _failed_condition(error: Exception) -> bool:
    return getattr(error, "cause_response_code", "") == "ConditionalCheckFailedException"


def claim(
    record_id: str, fingerprint: str, *, lease: timedelta, retention: timedelta
) -> Claim | Existing:
    """Claim ``record_id`` for one request, or answer what is already recorded under it."""
    for _ in range(3):
        now = clock.now()
        stamp = clock.iso(now)
        token = uuid.uuid4().hex
        item = IdempotencyItem(
            id=record_id,
            fingerprint=fingerprint,
            state="running",
            claim=token,
            lease_until=clock.iso(now + lease),
            created_at=stamp,
            expires_at=clock.iso(now + retention),
            ttl=now + retention,
        )
        condition = (
            IdempotencyItem.id.does_not_exist()
            | (IdempotencyItem.expires_at <= stamp)
            | ((IdempotencyItem.state == "running") & (IdempotencyItem.lease_until <= stamp))
        )
        try:
            item.save(condition=condition)
            return Claim(record_id, token)
        except PutError as error:
            if not _failed_condition(error):
                raise
        try:
            found = IdempotencyItem.get(record_id, consistent_read=True)
        except DoesNotExist:
            continue  # released between our put and our read: claim again
        if found.state == "done":
            return Existing(
                fingerprint=found.fingerprint,
                finished=True,
                status=int(found.status),
                headers=json.loads(found.headers or "{}"),
                body=zlib.decompress(found.body) if found.body else b"",
            )
        return Existing(fingerprint=found.fingerprint, finished=False)
    return Existing(fingerprint=fingerprint, finished=False)


def finish(
    claimed: Claim, status: int, headers: dict[str, object], body: bytes, now: datetime
) -> bool:
    """Store the answer under the claim; False when it could not be (too large, or the claim
    was lost), in which case the claim is released so that a retry runs again."""
    packed = zlib.compress(body)
    if len(packed) > MAX_STORED_BYTES:
        release(claimed)
        return False
    item = IdempotencyItem(id=claimed.record_id)
    try:
        item.update(
            actions=[
                IdempotencyItem.state.set("done"),
                IdempotencyItem.status.set(status),
                IdempotencyItem.headers.set(json.dumps(headers, separators=(",", ":"))),
                IdempotencyItem.body.set(packed),
                IdempotencyItem.lease_until.set(clock.iso(now)),
            ],
            condition=IdempotencyItem.claim == claimed.token,
        )
    except UpdateError as error:
        if not _failed_condition(error):
            raise
        return False
    return True


def release(claimed: Claim) -> None:
    """Forget the claim (the request failed on our side): a retry runs again."""
    try:
        IdempotencyItem(id=claimed.record_id).delete(
            condition=IdempotencyItem.claim == claimed.token
        )
    except DeleteError as error:
        if not _failed_condition(error):
            raise
