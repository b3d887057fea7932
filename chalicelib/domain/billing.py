"""A contract's bill for one month, for people (pure): which days, what each partner is billed
for (the pay-per-use minimum applied, ``usage.partner_billable``, under each day's billing as the
aggregation recorded it), and the excess fee with its period. The daily figures themselves are
the aggregation's roll-ups (``domain/usage.py``)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from chalicelib.domain import usage
from chalicelib.errors import ValidationFailed


@dataclass(frozen=True)
class Month:
    first: date
    last: date  # the month's last day, or today while the month runs
    complete: bool

    @property
    def label(self) -> str:
        return self.first.strftime("%Y-%m")

    @property
    def period(self) -> str:
        """``2026-12-01 – 2026-12-04 (month to date)`` or ``2026-11-01 – 2026-11-30``."""
        text = f"{self.first.isoformat()} – {self.last.isoformat()}"
        return text if self.complete else f"{text} (month to date)"


def month(raw: str | None, today: date) -> Month:
    """The month asked for (``YYYY-MM``; default: this one), cut at today; a future month or
    anything else is a 400 next to the ``month`` field."""
    text = (raw or "").strip() or today.strftime("%Y-%m")
    try:
        year, number = (int(part) for part in text.split("-"))
        first = date(year, number, 1)
    except ValueError:
        first = None
    if first is None or len(text) != 7 or first > today:
        raise ValidationFailed(
            f"'{text}' is not a month that has started; use YYYY-MM, e.g. {today:%Y-%m}.",
            details=[{"field": "month", "location": "query", "message": "Use YYYY-MM."}],
        )
    end = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return Month(first=first, last=min(end, today), complete=end < today)


def previous(m: Month) -> date:
    """Any day of the month before ``m``."""
    return m.first - timedelta(days=1)


@dataclass(frozen=True)
class PartnerBill:
    partner_id: str
    days: int
    pay_per_use_days: int  # days it was billed as pay-per-use (minimum 1 TB)
    usage_byte_days: int  # Σ daily usage
    billable_byte_days: int  # Σ daily billable (pay-per-use minimum applied)
    average_billable: int  # bytes: billable TB-days spread over the days with usage
    peak_usage: int

    @property
    def pay_per_use(self) -> bool:
        """Pay-per-use every day of the period."""
        return self.days > 0 and self.pay_per_use_days == self.days

    @property
    def mixed(self) -> bool:
        """Its billing changed within the period (some days reserved, some pay-per-use)."""
        return 0 < self.pay_per_use_days < self.days


@dataclass(frozen=True)
class BillDay:
    """A contract's day as the aggregation stored it: the usage booked per partner and the
    partners it billed as pay-per-use that day (``None`` for a day stored before the
    aggregation recorded that)."""

    date: str
    partners: Mapping[str, int]
    pay_per_use: Collection[str] | None


def pay_per_use_on(day: BillDay, partner_id: str, current: Mapping[str, bool]) -> bool:
    """Whether ``partner_id`` is billed as pay-per-use on ``day``: what the aggregation
    recorded for that day; only a day stored without that record falls back to the partner's
    status now (``current``; unknown ids: reserved)."""
    if day.pay_per_use is not None:
        return partner_id in day.pay_per_use
    return current.get(partner_id, False)


def partner_bills(days: Iterable[BillDay], current: Mapping[str, bool]) -> list[PartnerBill]:
    """Per partner, over the contract's days: what it used and what it is billed for, each
    day under that day's billing (so a partner's days add up to the contract's billable)."""
    totals: dict[str, list[int]] = {}
    for day in days:
        for partner_id, used in day.partners.items():
            ppu = pay_per_use_on(day, partner_id, current)
            entry = totals.setdefault(partner_id, [0, 0, 0, 0, 0])
            entry[0] += 1
            entry[1] += int(ppu)
            entry[2] += used
            entry[3] += usage.partner_billable(used, ppu)
            entry[4] = max(entry[4], used)
    return [
        PartnerBill(
            partner_id=partner_id,
            days=count,
            pay_per_use_days=ppu_days,
            usage_byte_days=used,
            billable_byte_days=billable,
            average_billable=billable // count if count else 0,
            peak_usage=peak,
        )
        for partner_id, (count, ppu_days, used, billable, peak) in sorted(totals.items())
    ]


def excess_fee(days: Iterable[tuple[str, int]], cost_storage_gb_cents) -> int:
    """The month's excess fee in cents from ``(date, excess bytes)`` (the aggregation's rule)."""
    return usage.excess_fee_cents(
        ((date.fromisoformat(day), excess) for day, excess in days), cost_storage_gb_cents
    )


def range_presets(today: date) -> list[tuple[str, date, date]]:
    """The usual report periods, (label, first day, last day), ending today at the latest."""
    this = month(None, today)
    end_of_last = previous(this)
    return [
        ("Last 30 days", today - timedelta(days=29), today),
        ("Last 90 days", today - timedelta(days=89), today),
        ("This month", this.first, today),
        ("Last month", end_of_last.replace(day=1), end_of_last),
    ]


def hourly_presets(today: date) -> list[tuple[str, date, date]]:
    """Periods for an hourly chart: hours add up quickly, so days rather than months."""
    return [
        ("Today", today, today),
        ("Last 2 days", today - timedelta(days=1), today),
        ("Last 7 days", today - timedelta(days=6), today),
        ("Last 30 days", today - timedelta(days=29), today),
    ]
