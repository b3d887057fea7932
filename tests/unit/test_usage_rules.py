"""The usage and fee rules of DESIGN §2, as the worked examples of docs/usage.md."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

import pytest

from chalicelib.domain import usage as u

TB = 10**12
GB = 10**9


def hours(day: str, first: int, last: int) -> list[str]:
    return [f"{day}T{h:02d}" for h in range(first, last + 1)]


@pytest.mark.parametrize(
    ("samples", "carry_in", "expected"),
    [
        # the last sample of an hour wins, and carries forward while no sample comes
        (
            [
                ("2026-11-23T00:10:00Z", 100),
                ("2026-11-23T00:50:00Z", 120),
                ("2026-11-23T03:30:00Z", 200),
            ],
            0,
            [120, 120, 120, 200, 200, 200],
        ),
        # before the first sample the value is 0
        ([("2026-11-23T02:15:00Z", 50)], 0, [0, 0, 50, 50, 50, 50]),
        # the previous day's last value carries into the day
        ([("2026-11-23T04:00:00Z", 7)], 300, [300, 300, 300, 300, 7, 7]),
        # samples arrive in any order: "last" means the latest timestamp, not the latest posted
        ([("2026-11-23T01:59:59Z", 9), ("2026-11-23T01:00:00Z", 4)], 0, [0, 9, 9, 9, 9, 9]),
        # a drop to zero is a value like any other
        ([("2026-11-23T00:00:00Z", 10), ("2026-11-23T02:00:00Z", 0)], 0, [10, 10, 0, 0, 0, 0]),
    ],
)
def test_hourly_values(samples, carry_in, expected):
    assert u.hourly_values(samples, hours("2026-11-23", 0, 5), carry_in) == expected


@pytest.mark.parametrize(
    ("values", "usage", "peak"),
    [
        ([], 0, 0),
        ([1, 2], 2, 2),  # 1.5 rounds half up
        ([1, 1, 2], 1, 2),  # 1.33 rounds down
        ([2, 2, 3, 3], 3, 3),  # 2.5 rounds up
        ([100] * 6 + [101] * 6, 101, 101),  # partial today: 12 hours elapsed, mean 100.5
        ([TB] * 23 + [TB + 12], TB + 1, TB + 12),  # 12 bytes over 24 h = 0.5 byte -> up
        ([TB] * 23 + [TB + 11], TB, TB + 11),  # 11/24 byte -> down
    ],
)
def test_daily_usage_is_the_rounded_mean_of_elapsed_hours(values, usage, peak):
    assert u.daily_usage(values) == u.DailyUsage(usage=usage, peak=peak)


def test_rollups_sum_hour_by_hour():
    assert u.sum_series([[1, 2, 3], [10, 20, 30], [100, 200, 300]]) == [111, 222, 333]
    assert u.sum_series([]) == []


def test_billable_counts_pay_per_use_partners_at_least_one_tb():
    partners = [
        u.PartnerDay(usage=60 * TB, pay_per_use=False),
        u.PartnerDay(usage=400 * GB, pay_per_use=True),  # billed as 1 TB
        u.PartnerDay(usage=0, pay_per_use=True),  # billed as 1 TB
        u.PartnerDay(usage=3 * TB, pay_per_use=True),  # billed as used
        u.PartnerDay(usage=0, pay_per_use=False),  # a reservation with nothing stored: 0
    ]
    assert u.billable_usage(partners) == 65 * TB
    assert u.excess_usage(65 * TB, 64 * TB) == TB
    assert u.excess_usage(65 * TB, 100 * TB) == 0


def test_fee_of_the_worked_contract_example():
    """docs/usage.md, "One contract's excess fee": 23 days of 123.456789012 GB excess at
    1.2 cents per GB-month in November (30 days)."""
    excess = 123_456_789_012
    days = [(date(2026, 11, d), excess) for d in range(1, 24)]
    per_day = u.day_fee(excess, 1.2, date(2026, 11, 1))
    assert per_day == Fraction(excess, GB) * Fraction(6, 5) / 30
    assert float(per_day) == pytest.approx(4.93827156048)
    assert u.excess_fee_cents(days, 1.2) == 114  # 113.58…, rounded once
    # rounding each day first would have charged 23 * 5 = 115 cents
    assert sum(u.round_half_up(u.day_fee(excess, 1.2, d)) for d, _ in days) == 115


@pytest.mark.parametrize(
    ("day", "n_days", "cents"),
    [
        (date(2026, 2, 1), 1, 43),  # 1,000 GB * 1.2 / 28 = 42.857
        (date(2028, 2, 1), 1, 41),  # leap year: / 29 = 41.379
        (date(2026, 2, 1), 28, 1200),  # a whole February is exactly the monthly price
        (date(2028, 2, 1), 29, 1200),
        (date(2026, 11, 1), 30, 1200),  # a whole 30-day month
        (date(2026, 12, 1), 31, 1200),  # a whole 31-day month
        (date(2026, 12, 1), 1, 39),  # 1200 / 31 = 38.71
    ],
)
def test_fee_divides_by_the_days_of_each_month(day, n_days, cents):
    from datetime import timedelta

    days = [(day + timedelta(days=i), TB) for i in range(n_days)]
    assert u.excess_fee_cents(days, 1.2) == cents


def test_fee_rounds_half_up_once():
    # 15 GB at 1 cent per GB-month for one day of a 30-day month = exactly 0.5 cent -> 1
    assert u.excess_fee_cents([(date(2026, 11, 5), 15 * GB)], 1) == 1
    # 14 GB: 0.4667 -> 0
    assert u.excess_fee_cents([(date(2026, 11, 5), 14 * GB)], 1) == 0
    # two half-cents make one cent, not two
    assert u.excess_fee_cents([(date(2026, 11, 5), 15 * GB), (date(2026, 11, 6), 15 * GB)], 1) == 1
    assert u.excess_fee_cents([], 1.2) == 0


def test_prices_are_read_exactly():
    assert u.price(1.2) == Fraction(6, 5)
    assert u.price(0.1) == Fraction(1, 10)
    assert u.price(3) == 3


def test_time_buckets():
    moment = datetime(2026, 11, 23, 12, 34, 56, tzinfo=UTC)
    assert u.hour_key(moment) == "2026-11-23T12"
    assert u.last_complete_hour(moment) == "2026-11-23T11"
    assert u.last_complete_hour(datetime(2026, 12, 1, 0, 0, 1, tzinfo=UTC)) == "2026-11-30T23"
    assert u.hours_between("2026-02-28T22", "2026-03-01T01") == [
        "2026-02-28T22",
        "2026-02-28T23",
        "2026-03-01T00",
        "2026-03-01T01",
    ]
    assert u.hours_between("2028-02-28T23", "2028-02-29T00") == ["2028-02-28T23", "2028-02-29T00"]
    assert u.days_in_month(date(2026, 2, 10)) == 28
    assert u.days_in_month(date(2028, 2, 10)) == 29
    assert u.days_in_month(date(2100, 2, 10)) == 28
    assert u.shard_of("000000000017") == 17 % u.SHARDS
