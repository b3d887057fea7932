"""Export schedules and sign-in links. (A part of ``chalicelib.store.models``.)"""

from __future__ import annotations

from pynamodb.attributes import (
    TTLAttribute,
    UnicodeAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.store.base import index_meta as _index
from chalicelib.store.base import table_meta


class SchedulesByOrganization(GlobalSecondaryIndex):
    Meta = _index("organization-index")
    org_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class SchedulesByDue(GlobalSecondaryIndex):
    """The scheduled job's read: schedules whose ``next_run_at`` has come (one Query on the
    constant ``due_key``, bounded by time)."""

    Meta = _index("due-index")
    due_key = UnicodeAttribute(hash_key=True)
    next_run_at = UnicodeAttribute(range_key=True)


class ExportScheduleItem(Model):
    """A daily or monthly export an organization asked for: each run produces an ordinary
    export (``ExportItem.schedule_id``). ``next_run_at`` moves forward in the same transaction
    that records a run's export, so a period is exported once."""

    Meta = table_meta("export-schedules")
    id = UnicodeAttribute(hash_key=True)
    org_id = UnicodeAttribute()
    org_type = UnicodeAttribute()
    path = UnicodeAttribute()
    type = UnicodeAttribute()
    file_format = UnicodeAttribute()
    frequency = UnicodeAttribute()
    params = UnicodeAttribute(default="{}")
    created_by = UnicodeAttribute()
    created_by_label = UnicodeAttribute()
    created_at = UnicodeAttribute()
    due_key = UnicodeAttribute(default="due")
    next_run_at = UnicodeAttribute()
    last_period = UnicodeAttribute(null=True)
    last_export_id = UnicodeAttribute(null=True)

    by_organization = SchedulesByOrganization()
    by_due = SchedulesByDue()


class SignInLinkItem(Model):
    """``link#<keyed hash of the token>`` in the users table: a single-use link that lets a
    person set their password (``purpose`` ``reset``: 1 hour; ``invite``: 7 days). Only the
    hash is stored; the link is deleted with a condition when used."""

    Meta = table_meta("users")
    id = UnicodeAttribute(hash_key=True)
    purpose = UnicodeAttribute()
    user_id = UnicodeAttribute()
    expires_at = UnicodeAttribute()
    ttl = TTLAttribute(null=True)
