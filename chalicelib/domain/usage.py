"""Usage and fee rules (pure; DESIGN §2 "Usage and fees"). Bytes are integers, money is exact.

* The **hourly value** of an account for hour H is the last sample taken in H; with no sample in
  H the previous hour's value carries forward (stored bytes persist); before the first sample, 0.
* **Daily usage** is the mean of the day's hourly values over the hours elapsed so far, in
  integer bytes, rounded half up; ``peak`` is the largest hourly value.
* Roll-ups (partner, contract, distributor) are sums of their accounts, hour by hour and day by
  day, always recomputed from the children.
* A contract's **billable** usage on a day = Σ reserved partners' usage + Σ pay-per-use
  partners' max(usage, 1 TB); **excess** = max(0, billable − reserved capacity).
* The **excess usage fee** for a month to date = Σ over its days of
  excess / 10^9 × costStorageGBCents / days-in-month, rounded half up once, at the end, to
  integer cents. Computed with ``Fraction``: no float ever touches money.

Worked examples: ``docs/usage.md`` (the unit tests check every one of them).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from chalicelib.domain.capacity import TB

GB = 10**9
#: Samples older than this (relative to now) are refused by ``POST /v1/usage/samples``.
LATE_SAMPLE_DAYS = 35
#: Most bytes one sample may report (an exabyte: far above any account, far below where an
#: excess fee would overflow a report; 2^64 is refused).
MAX_SAMPLE_BYTES = 10**18
#: The fields of a sample; anything else is refused (our extension is strict).
SAMPLE_FIELDS = frozenset({"clientAccountId", "timestamp", "storedBytes"})
#: Most days one usage report may span (``from`` and ``to`` inclusive).
MAX_REPORT_DAYS = 366
#: Most samples one ``POST /v1/usage/samples`` may carry.
MAX_SAMPLES_PER_CALL = 1000
#: Samples and daily items are spread over this many partitions per hour/day, so one hour's
#: writes never pile onto one key and the aggregation can fan out per shard.
SHARDS = 8

HOUR_FORMAT = "%Y-%m-%dT%H"


# --- time buckets ----------------------------------------------------------------------------


def hour_key(moment: datetime) -> str:
    """``2026-11-23T12:34:56Z`` -> ``"2026-11-23T12"`` (the hour the moment falls in)."""
    return moment.astimezone(UTC).strftime(HOUR_FORMAT)


def hour_start(key: str) -> datetime:
    return datetime.strptime(key, HOUR_FORMAT).replace(tzinfo=UTC)


def next_hour(key: str) -> str:
    return hour_key(hour_start(key) + timedelta(hours=1))


def hours_between(first: str, last: str) -> list[str]:
    """Every hour key from ``first`` to ``last`` inclusive (empty when ``first`` > ``last``)."""
    out = []
    current = hour_start(first)
    end = hour_start(last)
    while current <= end:
        out.append(hour_key(current))
        current += timedelta(hours=1)
    return out


def day_of(key: str) -> date:
    return hour_start(key).date()


def hour_of_day(key: str) -> int:
    return hour_start(key).hour


def hour_in_day(day: date, hour: int) -> str:
    return f"{day.isoformat()}T{hour:02d}"


def last_complete_hour(now: datetime) -> str:
    """The latest hour that has fully elapsed at ``now`` (the aggregation never reports an hour
    still in progress, so every value it publishes is final unless a late sample arrives)."""
    return hour_key(now.astimezone(UTC) - timedelta(hours=1))


def shard_of(account_id: str) -> int:
    return int(account_id) % SHARDS if account_id.isdigit() else sum(account_id.encode()) % SHARDS


def days_in_month(day: date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def date_range(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def reported_days(
    first: date, last: date, today: date, created: date, measured: set[str]
) -> list[date]:
    """The days a usage report or export shows for one account: those of the range up to today
    on which it existed, and any earlier day with a measured value (samples may predate the
    account's record). One rule for the JSON reports, the charts and the CSV exports."""
    return [
        day
        for day in date_range(first, min(last, today))
        if day >= created or day.isoformat() in measured
    ]


# --- hourly and daily values -----------------------------------------------------------------


def hourly_values(
    samples: Iterable[tuple[str, int]], hours: Sequence[str], carry_in: int = 0
) -> list[int]:
    """The hourly values for ``hours`` (consecutive hour keys) of one account.

    ``samples`` are ``(timestamp, stored_bytes)`` with RFC 3339 UTC timestamps (which sort as
    text); ``carry_in`` is the value of the hour before ``hours[0]`` (0 before the first sample).
    """
    last_in_hour: dict[str, tuple[str, int]] = {}
    for at, stored in samples:
        key = at[:13]
        seen = last_in_hour.get(key)
        if seen is None or at > seen[0]:
            last_in_hour[key] = (at, stored)
    values = []
    current = carry_in
    for key in hours:
        if key in last_in_hour:
            current = last_in_hour[key][1]
        values.append(current)
    return values


def mean_half_up(values: Sequence[int]) -> int:
    """The mean of non-negative integers, rounded half up to an integer (0 for no values)."""
    if not values:
        return 0
    n = len(values)
    return (2 * sum(values) + n) // (2 * n)


@dataclass(frozen=True)
class DailyUsage:
    usage: int
    peak: int


def daily_usage(hourly: Sequence[int]) -> DailyUsage:
    """A day's usage from its elapsed hours' values."""
    return DailyUsage(usage=mean_half_up(hourly), peak=max(hourly, default=0))


def sum_series(series: Iterable[Sequence[int]]) -> list[int]:
    """Hour-by-hour sum of several accounts' hourly values (a roll-up's hourly series)."""
    total: list[int] = []
    for values in series:
        if len(values) > len(total):
            total.extend([0] * (len(values) - len(total)))
        for i, v in enumerate(values):
            total[i] += v
    return total


# --- contracts and fees ----------------------------------------------------------------------


@dataclass(frozen=True)
class PartnerDay:
    """One partner's usage on a day in a contract; ``pay_per_use`` when its allocation is 0."""

    usage: int
    pay_per_use: bool


def partner_billable(usage: int, pay_per_use: bool) -> int:
    """One partner's billable usage on a day: a pay-per-use partner pays for at least 1 TB."""
    return max(usage, TB) if pay_per_use else usage


def billable_usage(partners: Iterable[PartnerDay]) -> int:
    return sum(partner_billable(p.usage, p.pay_per_use) for p in partners)


def excess_usage(billable: int, reserved_capacity: int) -> int:
    return max(0, billable - reserved_capacity)


def price(cost_storage_gb_cents: float | int | str | Decimal) -> Fraction:
    """The stored price as an exact fraction (a float is read through its shortest decimal text,
    so ``1.2`` is 6/5, never 1.1999…)."""
    if isinstance(cost_storage_gb_cents, float):
        return Fraction(Decimal(repr(cost_storage_gb_cents)))
    return Fraction(Decimal(str(cost_storage_gb_cents)))


def day_fee(excess: int, cost_storage_gb_cents, day: date) -> Fraction:
    """One day's share of the excess usage fee, in (fractional) cents, not rounded."""
    return Fraction(excess, GB) * price(cost_storage_gb_cents) / days_in_month(day)


def round_half_up(value: Fraction) -> int:
    """Half up (away from zero for the non-negative amounts fees are)."""
    return int((value * 2 + 1) // 2)


def excess_fee_cents(days: Iterable[tuple[date, int]], cost_storage_gb_cents) -> int:
    """The excess usage fee in integer cents for ``(day, excess bytes)`` pairs of one month,
    summed exactly and rounded half up once, at the end."""
    total = sum((day_fee(excess, cost_storage_gb_cents, day) for day, excess in days), Fraction())
    return round_half_up(total)


def month_start(day: date) -> date:
    return day.replace(day=1)
