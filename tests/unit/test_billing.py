"""A contract's month for people: which days, per-partner billable, the excess fee."""

from datetime import date

import pytest

from chalicelib.domain import billing
from chalicelib.errors import ValidationFailed

TB = 10**12
TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("raw", "first", "last", "complete", "period"),
    [
        (None, date(2026, 12, 1), TODAY, False, "2026-12-01 – 2026-12-04 (month to date)"),
        ("2026-11", date(2026, 11, 1), date(2026, 11, 30), True, "2026-11-01 – 2026-11-30"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), True, "2024-02-01 – 2024-02-29"),
    ],
)
def test_month_is_cut_at_today(raw, first, last, complete, period):
    m = billing.month(raw, TODAY)
    assert (m.first, m.last, m.complete, m.period) == (first, last, complete, period)


@pytest.mark.parametrize("raw", ["2027-01", "2026-13", "December", "2026-1", "2026-12-01"])
def test_month_refuses_what_is_not_a_started_month(raw):
    with pytest.raises(ValidationFailed) as caught:
        billing.month(raw, TODAY)
    assert caught.value.details[0]["field"] == "month"


def test_previous_month():
    assert billing.previous(billing.month("2026-01", TODAY)) == date(2025, 12, 31)


def test_pay_per_use_partners_pay_at_least_one_tb_a_day():
    days = [
        ("2026-11-01", {"r": 3 * TB, "p": TB // 2}),
        ("2026-11-02", {"r": 5 * TB, "p": 2 * TB}),
    ]
    bills = {b.partner_id: b for b in billing.partner_bills(days, {"p": True, "r": False})}
    assert bills["r"].billable_byte_days == 8 * TB and bills["r"].average_billable == 4 * TB
    assert bills["p"].usage_byte_days == 5 * TB // 2
    assert bills["p"].billable_byte_days == 3 * TB  # 1 TB minimum on the first day
    assert bills["p"].peak_usage == 2 * TB and bills["p"].days == 2


def test_excess_fee_is_the_aggregations_rule():
    # 1 TB excess every day of a 30-day month at 1.2 cents per GB-month: 1000 GB x 1.2 = 1200
    days = [(f"2026-11-{d:02d}", TB) for d in range(1, 31)]
    assert billing.excess_fee(days, 1.2) == 1200


def test_report_presets_end_today_and_last_month_is_whole():
    presets = {label: (a, b) for label, a, b in billing.range_presets(TODAY)}
    assert presets["Last 30 days"] == (date(2026, 11, 5), TODAY)
    assert presets["Last 90 days"] == (date(2026, 9, 6), TODAY)
    assert presets["This month"] == (date(2026, 12, 1), TODAY)
    assert presets["Last month"] == (date(2026, 11, 1), date(2026, 11, 30))
    hourly = {label: (a, b) for label, a, b in billing.hourly_presets(TODAY)}
    assert hourly["Today"] == (TODAY, TODAY) and hourly["Last 7 days"][0] == date(2026, 11, 28)
