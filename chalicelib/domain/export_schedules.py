"""Scheduled exports (pure): which period a run covers and when the next run is due.

* ``daily``: each run exports the previous day (UTC); the next run is due at 01:00 UTC the next
  day, so the previous day's last hour has been through the hourly usage aggregation;
* ``monthly``: each run exports the previous calendar month; the next run is due on the 1st of
  the next month at 01:00 UTC.

A new schedule is due at once: the next run of the scheduled jobs delivers its first file (the
previous day or month). A run's export id is derived from the schedule and the period, so a
period can never be exported twice by the same schedule.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from chalicelib.domain.exports import ACCEPTS, ExportType

#: Hour (UTC) after midnight at which a period's file is due.
DUE_HOUR = 1
#: Schedules an organization may keep (each is a file per day or month).
MAX_PER_ORGANIZATION = 20


class Frequency(StrEnum):
    DAILY = "daily"
    MONTHLY = "monthly"


@dataclass(frozen=True)
class Period:
    key: str  # "2026-12-03" (a day) or "2026-11" (a month)
    first: date
    last: date


def period(frequency: Frequency, now: datetime) -> Period:
    """The period a run at ``now`` exports: the previous day, or the previous calendar month."""
    today = now.astimezone(UTC).date()
    if frequency == Frequency.DAILY:
        day = today - timedelta(days=1)
        return Period(day.isoformat(), day, day)
    last = today.replace(day=1) - timedelta(days=1)
    return Period(last.strftime("%Y-%m"), last.replace(day=1), last)


def next_run(frequency: Frequency, now: datetime) -> datetime:
    """When the run after one at ``now`` is due (see the module docstring)."""
    today = now.astimezone(UTC).date()
    if frequency == Frequency.DAILY:
        start = today + timedelta(days=1)
    else:
        start = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    return datetime.combine(start, time(DUE_HOUR), tzinfo=UTC)


def takes_range(export_type: ExportType) -> bool:
    """Types with a date range get the period as ``from``/``to``; the others are snapshots."""
    return "from" in ACCEPTS[export_type]


def run_export_id(schedule_id: str, period_key: str) -> str:
    """The export a schedule produces for a period: the same id however often the job runs."""
    return str(uuid.uuid5(uuid.UUID(schedule_id), period_key))
