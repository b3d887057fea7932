"""Scheduled exports: the period each run covers and when the next run is due (table tests)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from chalicelib.domain.export_schedules import (
    Frequency,
    next_run,
    period,
    run_export_id,
    takes_range,
)
from chalicelib.domain.exports import ExportType


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("frequency", "now", "key", "first", "last"),
    [
        (Frequency.DAILY, "2026-12-04T07:00", "2026-12-03", date(2026, 12, 3), date(2026, 12, 3)),
        (Frequency.DAILY, "2026-03-01T01:00", "2026-02-28", date(2026, 2, 28), date(2026, 2, 28)),
        (Frequency.DAILY, "2027-01-01T00:30", "2026-12-31", date(2026, 12, 31), date(2026, 12, 31)),
        (Frequency.MONTHLY, "2026-12-04T07:00", "2026-11", date(2026, 11, 1), date(2026, 11, 30)),
        (Frequency.MONTHLY, "2027-01-01T01:00", "2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        (Frequency.MONTHLY, "2028-03-15T12:00", "2028-02", date(2028, 2, 1), date(2028, 2, 29)),
    ],
)
def test_the_period_a_run_exports(frequency, now, key, first, last):
    covered = period(frequency, at(now))
    assert (covered.key, covered.first, covered.last) == (key, first, last)


@pytest.mark.parametrize(
    ("frequency", "now", "due"),
    [
        (Frequency.DAILY, "2026-12-04T07:00", "2026-12-05T01:00"),
        (Frequency.DAILY, "2026-12-31T23:59", "2027-01-01T01:00"),
        (Frequency.MONTHLY, "2026-12-04T07:00", "2027-01-01T01:00"),
        (Frequency.MONTHLY, "2026-01-31T10:00", "2026-02-01T01:00"),
        (Frequency.MONTHLY, "2026-02-01T01:00", "2026-03-01T01:00"),
    ],
)
def test_when_the_next_run_is_due(frequency, now, due):
    assert next_run(frequency, at(now)) == at(due)


def test_a_run_after_the_due_time_exports_the_period_that_just_ended():
    for frequency in Frequency:
        run = at("2026-12-04T07:00")
        due = next_run(frequency, run)
        assert period(frequency, due).key != period(frequency, run).key
        assert period(frequency, due).last < due.date()


def test_dated_types_get_the_period_and_the_others_are_snapshots():
    assert {t for t in ExportType if takes_range(t)} == {
        ExportType.USAGE,
        ExportType.DEALS,
        ExportType.AUDIT_EVENTS,
    }


def test_one_export_id_per_schedule_and_period():
    schedule = "0f9c1c56-1d0c-4b43-9a55-3b7d0e7c8d11"
    assert run_export_id(schedule, "2026-11") == run_export_id(schedule, "2026-11")
    assert run_export_id(schedule, "2026-11") != run_export_id(schedule, "2026-12")
