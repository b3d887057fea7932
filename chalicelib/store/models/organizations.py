"""Organizations (the provider, distributors, partners) and their indexes. (A part of
``chalicelib.store.models``.)
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.store.base import index_meta as _index
from chalicelib.store.base import table_meta


class OrgsByParent(GlobalSecondaryIndex):
    Meta = _index("parent-index")
    parent_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class PartnersByContract(GlobalSecondaryIndex):
    Meta = _index("contract-index")
    contract_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class OrgsByKindName(GlobalSecondaryIndex):
    """A parent's children of one kind by name (``kind_key`` = ``<parent id>#<type>``,
    ``domain.names.kind_key``; ``name_key``): the provider's Distributors and Direct partners
    pages read one page of it."""

    Meta = _index("parent-kind-name-index")
    kind_key = UnicodeAttribute(hash_key=True)
    name_key = UnicodeAttribute(range_key=True)


class PartnersByName(GlobalSecondaryIndex):
    """A contract's partners by name (``name_key``, ``domain.names.sort_key``): the Partners
    page's default order, and its filter (names starting with what was typed) as a key
    condition, so a page reads one page."""

    Meta = _index("contract-name-index")
    contract_id = UnicodeAttribute(hash_key=True)
    name_key = UnicodeAttribute(range_key=True)


class PartnersByUsed(GlobalSecondaryIndex):
    """A contract's partners by used capacity (the Partners page's "Used" column)."""

    Meta = _index("contract-used-index")
    contract_id = UnicodeAttribute(hash_key=True)
    used_capacity = NumberAttribute(range_key=True)


class PartnersByAllocated(GlobalSecondaryIndex):
    """A contract's partners by allocation (the Partners page's "Allocated" column)."""

    Meta = _index("contract-allocated-index")
    contract_id = UnicodeAttribute(hash_key=True)
    allocated_capacity = NumberAttribute(range_key=True)


class OrgsWithSaga(GlobalSecondaryIndex):
    """Sparse: a deleted partner's tombstone and a transferred partner whose accounts are still
    being re-pointed carry ``saga_queue``; the reconciler reads the stale ones with one Query
    (``domain/partner_sagas.py``)."""

    Meta = _index("org-saga-index")
    saga_queue = UnicodeAttribute(hash_key=True)
    saga_at = UnicodeAttribute(range_key=True)


class OrganizationItem(Model):
    """The provider, distributors and partners. A partner of a distributor also holds its
    allocation in one of the distributor's contracts."""

    Meta = table_meta("organizations")
    id = UnicodeAttribute(hash_key=True)
    type = UnicodeAttribute()
    name = UnicodeAttribute()
    parent_id = UnicodeAttribute(null=True)
    path = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    contract_id = UnicodeAttribute(null=True)
    allocated_capacity = NumberAttribute(default=0)
    allow_overdraft = BooleanAttribute(default=False)
    used_capacity = NumberAttribute(default=0)
    usage_updated_at = UnicodeAttribute(null=True)
    storage_account_count = NumberAttribute(default=0)
    accounts_allocated_capacity = NumberAttribute(default=0)
    #: Members without a second factor get an enrolment-only session (``domain/mfa.py``).
    require_mfa = BooleanAttribute(default=False)
    #: Its single sign-on is on with "enforce" (kept with the ``SsoConfigItem`` in one
    #: transaction): password sign-in is refused for its members but the break-glass admins.
    sso_enforced = BooleanAttribute(default=False)
    #: ``domain.names.sort_key(name)``, written with every name (the name index's key).
    name_key = UnicodeAttribute(null=True)
    #: how many contracts it signed (``domain.contracts.plan_create``); absent on
    #: organizations created before the counter (their count is a Query)
    contract_count = NumberAttribute(null=True)
    #: ``domain.names.kind_key(path, type)``: ``<parent id>#<type>``, written at creation
    #: (neither changes); absent on the provider.
    kind_key = UnicodeAttribute(null=True)
    #: work left after a change (``domain/partner_sagas.py``): ``follow_contract`` on a
    #: transferred partner, ``delete_cascade`` on a deleted partner's tombstone
    saga = UnicodeAttribute(null=True)
    saga_queue = UnicodeAttribute(null=True)
    saga_at = UnicodeAttribute(null=True)

    by_parent = OrgsByParent()
    by_kind_name = OrgsByKindName()
    by_contract = PartnersByContract()
    by_name = PartnersByName()
    by_used = PartnersByUsed()
    by_allocated = PartnersByAllocated()
    with_saga = OrgsWithSaga()
