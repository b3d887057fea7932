"""The table of claimed ``Idempotency-Key`` records, apart from the other models
(``store/models``, which lists it in ``ALL_MODELS``): the HTTP middleware needs it at every
cold start, before any other table's model."""

from __future__ import annotations

from pynamodb.attributes import BinaryAttribute, NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.models import Model

from chalicelib.store.base import table_meta


class IdempotencyItem(Model):
    """One claimed ``Idempotency-Key`` (``domain/idempotency.py``). ``id`` is a hash of the
    caller's scope and the key. ``state`` is ``running`` while the first request runs (its
    ``claim`` token, and ``lease_until`` after which a crashed request's claim may be taken
    over), then ``done`` with the answer (``status``, ``headers`` as JSON, ``body`` compressed).
    ``expires_at`` ends the 24 hours; ``ttl`` lets DynamoDB delete the record after it."""

    Meta = table_meta("idempotency-keys")
    id = UnicodeAttribute(hash_key=True)
    fingerprint = UnicodeAttribute()
    state = UnicodeAttribute()
    claim = UnicodeAttribute()
    lease_until = UnicodeAttribute()
    created_at = UnicodeAttribute()
    expires_at = UnicodeAttribute()
    status = NumberAttribute(null=True)
    headers = UnicodeAttribute(null=True)
    body = BinaryAttribute(null=True, legacy_encoding=False)
    ttl = TTLAttribute(null=True)
