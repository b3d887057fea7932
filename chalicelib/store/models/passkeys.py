"""Passkeys. (A part of ``chalicelib.store.models``.)"""

from __future__ import annotations

from pynamodb.attributes import (
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.store.base import index_meta as _index
from chalicelib.store.base import table_meta


class PasskeysByUser(GlobalSecondaryIndex):
    Meta = _index("user-index")
    user_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class PasskeyItem(Model):
    """A person's WebAuthn credential, keyed by its credential id (base64url), so a
    discoverable sign-in finds it with one read; listed per person on ``user-index``.
    ``sign_count`` only grows (a lower count means a cloned authenticator)."""

    Meta = table_meta("passkeys")
    id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    path = UnicodeAttribute()
    name = UnicodeAttribute()
    public_key = UnicodeAttribute()
    sign_count = NumberAttribute(default=0)
    transports = ListAttribute(of=UnicodeAttribute, default=list)
    created_at = UnicodeAttribute()
    last_used_at = UnicodeAttribute(null=True)

    by_user = PasskeysByUser()
