"""Contracts and their indexes. (A part of ``chalicelib.store.models``.)"""

from __future__ import annotations

from pynamodb.attributes import (
    NumberAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.store.base import index_meta as _index
from chalicelib.store.base import table_meta


class ContractsByOrganization(GlobalSecondaryIndex):
    Meta = _index("organization-index")
    organization_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ContractsByProvider(GlobalSecondaryIndex):
    Meta = _index("provider-index")
    provider_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ContractItem(Model):
    """A contract between the provider and a distributor or direct channel partner.
    ``allocated_capacity`` and ``partner_count`` are counters kept in the same transaction as
    every allocation change."""

    Meta = table_meta("contracts")
    id = UnicodeAttribute(hash_key=True)
    organization_id = UnicodeAttribute()
    organization_type = UnicodeAttribute()
    path = UnicodeAttribute()
    provider_id = UnicodeAttribute()
    details = UnicodeAttribute()
    reserved_capacity = NumberAttribute()
    allocated_capacity = NumberAttribute(default=0)
    partner_count = NumberAttribute(default=0)
    cost_storage_gb_cents = NumberAttribute()
    currency = UnicodeAttribute()
    start_date = UnicodeAttribute()
    end_date = UnicodeAttribute()
    used_capacity = NumberAttribute(default=0)
    usage_updated_at = UnicodeAttribute(null=True)
    excess_usage_fee_cents = NumberAttribute(default=0)
    #: the day ``contract.excess_started`` was announced; removed when the excess is over (re-armed)
    excess_since = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()

    by_organization = ContractsByOrganization()
    by_provider = ContractsByProvider()
