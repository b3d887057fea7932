"""Deals and exports. (A part of ``chalicelib.store.models``.)"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.store.base import index_meta as _index
from chalicelib.store.base import table_meta


class _DealsByLevel(GlobalSecondaryIndex):
    sk = UnicodeAttribute(range_key=True)


class DealsByLevel1(_DealsByLevel):
    Meta = _index("level1-index")
    anc1 = UnicodeAttribute(hash_key=True)


class DealsByLevel2(_DealsByLevel):
    Meta = _index("level2-index")
    anc2 = UnicodeAttribute(hash_key=True)


class DealsByLevel3(_DealsByLevel):
    Meta = _index("level3-index")
    anc3 = UnicodeAttribute(hash_key=True)


class DealsByStatus1(_DealsByLevel):
    Meta = _index("level1-status-index")
    status1 = UnicodeAttribute(hash_key=True)


class DealsByStatus2(_DealsByLevel):
    Meta = _index("level2-status-index")
    status2 = UnicodeAttribute(hash_key=True)


class DealsByStatus3(_DealsByLevel):
    Meta = _index("level3-status-index")
    status3 = UnicodeAttribute(hash_key=True)


class DealItem(Model):
    """A registered deal. ``path`` is the registering organization's; ``anc1..anc3`` are the ids
    along it, so the organization at depth N lists its subtree's deals with one Query on
    ``levelN-index`` (newest first by ``sk`` = ``created_at#id``), as the audit log does;
    ``status1..status3`` (``<ancestor N>#<status>``, ``domain.deals.status_keys``, written with
    every status) list one status of that subtree with one Query on ``levelN-status-index``."""

    Meta = table_meta("deals")
    id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute()
    org_id = UnicodeAttribute()
    org_name = UnicodeAttribute(default="")
    path = UnicodeAttribute()
    anc1 = UnicodeAttribute(null=True)
    anc2 = UnicodeAttribute(null=True)
    anc3 = UnicodeAttribute(null=True)
    customer_name = UnicodeAttribute()
    country = UnicodeAttribute()
    expected_capacity = NumberAttribute()
    expected_close_date = UnicodeAttribute()
    contract_type = UnicodeAttribute()
    special_pricing = BooleanAttribute(default=False)
    notes = UnicodeAttribute(default="")
    status = UnicodeAttribute()
    status_reason = UnicodeAttribute(null=True)
    registered_by = UnicodeAttribute()
    registered_by_label = UnicodeAttribute()
    registered_by_user_id = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()

    status1 = UnicodeAttribute(null=True)
    status2 = UnicodeAttribute(null=True)
    status3 = UnicodeAttribute(null=True)

    by_level1 = DealsByLevel1()
    by_level2 = DealsByLevel2()
    by_level3 = DealsByLevel3()
    by_status1 = DealsByStatus1()
    by_status2 = DealsByStatus2()
    by_status3 = DealsByStatus3()


class ExportsByOrganization(GlobalSecondaryIndex):
    Meta = _index("organization-index")
    org_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ExportItem(Model):
    """An export (CSV, XLSX or NDJSON: ``file_format``, absent = CSV) an organization asked
    for. ``status`` goes ``pending`` -> ``running`` (a
    worker's conditional claim, with ``claim_token`` and a lease) -> ``ready`` | ``failed``.
    ``upload_id`` is the multipart upload in flight, so a worker that takes over an expired
    lease aborts its predecessor's upload. ``params`` is the request as JSON."""

    Meta = table_meta("exports")
    id = UnicodeAttribute(hash_key=True)
    org_id = UnicodeAttribute()
    org_type = UnicodeAttribute()
    path = UnicodeAttribute()
    type = UnicodeAttribute()
    params = UnicodeAttribute(default="{}")
    file_format = UnicodeAttribute(null=True)
    schedule_id = UnicodeAttribute(null=True)
    #: What the file's name names besides its type and day (the contract or partner asked for).
    file_label = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    requested_by = UnicodeAttribute()
    requested_by_label = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    claim_token = UnicodeAttribute(null=True)
    lease_until = UnicodeAttribute(null=True)
    attempts = NumberAttribute(default=0)
    upload_id = UnicodeAttribute(null=True)
    object_key = UnicodeAttribute(null=True)
    row_count = NumberAttribute(null=True)
    size_bytes = NumberAttribute(null=True)
    error = UnicodeAttribute(null=True)
    ttl = TTLAttribute(null=True)

    by_organization = ExportsByOrganization()
