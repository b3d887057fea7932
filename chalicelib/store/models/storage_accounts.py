"""Storage accounts, their indexes and the claims of their ids. (A part of
``chalicelib.store.models``.)
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.domain.account_status import AccountStatus
from chalicelib.store.base import index_meta as _index
from chalicelib.store.base import table_meta


class AccountsByPartner(GlobalSecondaryIndex):
    Meta = _index("partner-index")
    partner_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class AccountsByPartnerName(GlobalSecondaryIndex):
    """A partner's accounts by name (``name_key``): the console's storage accounts table reads
    one page of it."""

    Meta = _index("partner-name-index")
    partner_id = UnicodeAttribute(hash_key=True)
    name_key = UnicodeAttribute(range_key=True)


class AccountsDueForPurge(GlobalSecondaryIndex):
    """Sparse: only accounts pending deletion carry ``purge_queue``; the purge job reads the
    due ones with one Query (``pending_deleted_at <= now``)."""

    Meta = _index("purge-index")
    purge_queue = UnicodeAttribute(hash_key=True)
    pending_deleted_at = UnicodeAttribute(range_key=True)


class AccountsWithSaga(GlobalSecondaryIndex):
    """Sparse: only accounts with a backend change in flight carry ``saga_queue``; the
    reconciler reads the stale ones with one Query (``saga_at <= now - SAGA_STALE_MINUTES``)."""

    Meta = _index("saga-index")
    saga_queue = UnicodeAttribute(hash_key=True)
    saga_at = UnicodeAttribute(range_key=True)


class AccountsByLevel1(GlobalSecondaryIndex):
    """Every account below the organization at depth 1 (the provider), oldest first."""

    Meta = _index("level1-index")
    anc1 = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class AccountsByLevel2(GlobalSecondaryIndex):
    """Every account below the organization at depth 2 (a distributor, or a direct channel
    partner itself), oldest first."""

    Meta = _index("level2-index")
    anc2 = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class StorageAccountItem(Model):
    """A partner's storage account (an end customer) on the storage backend. ``id`` is the
    12-digit ``clientAccountId``; ``path`` is the owning partner's path, so scope checks are
    the same as for every other record. ``contract_id`` is the contract the account's partner
    draws on (a distributor's contract, or a direct channel partner's own). ``saga`` names a
    backend change recorded but not yet confirmed (``provisioning``, ``suspending``, …; absent
    when nothing is in flight); ``saga_queue``/``saga_at`` put it on the sparse ``saga-index``
    the reconciler reads, and ``purge_queue`` puts a pending deletion on ``purge-index``.
    ``counted_in_contract``: the allocation is counted in ``contract_id``'s ``allocated_capacity``
    (a direct channel partner's account); otherwise it is counted in the partner's
    ``accounts_allocated_capacity`` only."""

    Meta = table_meta("storage-accounts")
    id = UnicodeAttribute(hash_key=True)
    partner_id = UnicodeAttribute()
    path = UnicodeAttribute()
    contract_id = UnicodeAttribute(null=True)
    name = UnicodeAttribute()
    #: ``domain.names.sort_key(name)``, written with every name (``partner-name-index``).
    name_key = UnicodeAttribute(null=True)
    contact_email = UnicodeAttribute()
    allocated_capacity = NumberAttribute(default=0)
    allow_overdraft = BooleanAttribute(default=False)
    status = UnicodeAttribute(default=str(AccountStatus.ACTIVE))
    pending_deleted_at = UnicodeAttribute(null=True)
    saga = UnicodeAttribute(null=True)
    used_capacity = NumberAttribute(default=0)
    usage_updated_at = UnicodeAttribute(null=True)
    quota_enforced = BooleanAttribute(default=False)
    #: ``quota_enforced`` was recorded but the backend has not yet confirmed it (a saga step).
    quota_pending = BooleanAttribute(default=False)
    #: Since when ``quota_enforced`` holds (``None`` while it doesn't).
    quota_enforced_at = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    counted_in_contract = BooleanAttribute(default=False)
    purge_queue = UnicodeAttribute(null=True)
    saga_queue = UnicodeAttribute(null=True)
    saga_at = UnicodeAttribute(null=True)
    #: The ids of the first two organizations on ``path`` (provider; distributor or direct
    #: channel partner): everything one of them sees is one Query on ``levelN-index``.
    anc1 = UnicodeAttribute(null=True)
    anc2 = UnicodeAttribute(null=True)
    #: The customer's S3 access keys: id -> createdAt (at most two; never their secrets), and
    #: the key an access-key saga (``key_creating``/``key_revoking``) is about.
    access_keys = MapAttribute(null=True)
    saga_key = UnicodeAttribute(null=True)

    by_partner = AccountsByPartner()
    by_partner_name = AccountsByPartnerName()
    by_level1 = AccountsByLevel1()
    by_level2 = AccountsByLevel2()
    due_for_purge = AccountsDueForPurge()
    with_saga = AccountsWithSaga()


class AccountIdClaimItem(Model):
    """``claim#<clientAccountId>`` in the storage-accounts table: put with a condition in the
    same transaction as the account and never deleted, so an id is used once, system-wide,
    even after its account was purged (usage history stays unambiguous)."""

    Meta = table_meta("storage-accounts")
    id = UnicodeAttribute(hash_key=True)
    claimed_at = UnicodeAttribute()
