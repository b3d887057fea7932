"""Usage: samples, hours, days, roll-ups and partial aggregations. (A part of
``chalicelib.store.models``.)
"""

from __future__ import annotations

from pynamodb.attributes import (
    ListAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.store.base import index_meta as _index
from chalicelib.store.base import table_meta


class UsageSampleItem(Model):
    """One raw sample. ``bucket`` = ``<hour>#<shard>`` (``2026-11-23T12#3``), so one aggregation
    run reads exactly the samples of the hours it aggregates with a Query per hour and shard;
    ``sk`` = ``<clientAccountId>#<timestamp>`` makes a sample idempotent per (account, time)."""

    Meta = table_meta("usage-samples")
    bucket = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    account_id = UnicodeAttribute()
    at = UnicodeAttribute()
    stored_bytes = NumberAttribute()
    received_at = UnicodeAttribute()
    ttl = TTLAttribute(null=True)


class UsageHoursByDirty(GlobalSecondaryIndex):
    Meta = _index("dirty-index")
    dirty = UnicodeAttribute(hash_key=True)
    id = UnicodeAttribute(range_key=True)


class UsageHourItem(Model):
    """The aggregation's checkpoints. ``hour#<hour>``: ``version`` counts the sample batches the
    hour received and ``dirty`` (sparse, indexed) is set until an aggregation has taken them in;
    ``state``: ``watermark`` = the last hour aggregated."""

    Meta = table_meta("usage-hours")
    id = UnicodeAttribute(hash_key=True)
    version = NumberAttribute(default=0)
    aggregated_version = NumberAttribute(null=True)
    dirty = UnicodeAttribute(null=True)
    watermark = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute(null=True)

    by_dirty = UsageHoursByDirty()


class UsageDaysByAccount(GlobalSecondaryIndex):
    Meta = _index("account-index")
    account_id = UnicodeAttribute(hash_key=True)
    date = UnicodeAttribute(range_key=True)


class UsageDayItem(Model):
    """One account's day: its hourly values so far, daily usage (rounded mean), peak and the
    allocation in force. ``bucket`` = ``<date>#<shard>``; the account index serves reports."""

    Meta = table_meta("usage-days")
    bucket = UnicodeAttribute(hash_key=True)
    account_id = UnicodeAttribute(range_key=True)
    date = UnicodeAttribute()
    partner_id = UnicodeAttribute()
    contract_id = UnicodeAttribute(null=True)
    path = UnicodeAttribute()
    carry_in = NumberAttribute(default=0)
    hourly = ListAttribute(of=NumberAttribute, default=list)
    usage = NumberAttribute(default=0)
    peak = NumberAttribute(default=0)
    allocated_capacity = NumberAttribute(default=0)

    by_account = UsageDaysByAccount()


class UsageRollupItem(Model):
    """A partner's, contract's or distributor's day, recomputed from its accounts' days.
    Contracts also keep billable and excess usage, the usage per partner (JSON) and the partners
    billed as pay-per-use that day (JSON list)."""

    Meta = table_meta("usage-rollups")
    entity_id = UnicodeAttribute(hash_key=True)
    date = UnicodeAttribute(range_key=True)
    entity_type = UnicodeAttribute()
    path = UnicodeAttribute()
    hourly = ListAttribute(of=NumberAttribute, default=list)
    usage = NumberAttribute(default=0)
    peak = NumberAttribute(default=0)
    allocated_capacity = NumberAttribute(default=0)
    billable = NumberAttribute(null=True)
    excess = NumberAttribute(null=True)
    partners = UnicodeAttribute(null=True)
    pay_per_use = UnicodeAttribute(null=True)


class UsagePartialItem(Model):
    """What one shard of the aggregation's fan-out adds to a (partner, contract) on a day.
    ``bucket`` = ``<date>#<shards>.<shard>``; ``part`` = ``<partner>#<contract>``, or ``~`` for
    the header whose ``digest`` says the shard's partials of the day are complete."""

    Meta = table_meta("usage-partials")
    bucket = UnicodeAttribute(hash_key=True)
    part = UnicodeAttribute(range_key=True)
    hourly = ListAttribute(of=NumberAttribute, null=True)
    usage = NumberAttribute(null=True)
    closing = NumberAttribute(null=True)
    digest = UnicodeAttribute(null=True)
    ttl = TTLAttribute(null=True)
