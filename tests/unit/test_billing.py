"""A contract's month for people: which days, per-partner billable, the excess fee."""

from datetime import date

import pytest

from chalicelib.domain import billing
from chalicelib.errors import ValidationFailed

TB = 10**12
GB = 10**9
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
        billing.BillDay("2026-11-01", {"r": 3 * TB, "p": TB // 2}, ["p"]),
        billing.BillDay("2026-11-02", {"r": 5 * TB, "p": 2 * TB}, ["p"]),
    ]
    bills = {b.partner_id: b for b in billing.partner_bills(days, {})}
    assert bills["r"].billable_byte_days == 8 * TB and bills["r"].average_billable == 4 * TB
    assert bills["p"].usage_byte_days == 5 * TB // 2
    assert bills["p"].billable_byte_days == 3 * TB  # 1 TB minimum on the first day
    assert bills["p"].peak_usage == 2 * TB and bills["p"].days == 2
    assert bills["p"].pay_per_use and not bills["r"].pay_per_use


@pytest.mark.parametrize(
    ("recorded", "current", "expected"),
    [
        (["p"], {"p": False}, True),  # the day's record wins over the status now
        ([], {"p": True}, False),
        (["q"], {"p": True}, False),
        (None, {"p": True}, True),  # a day stored before the record: the status now
        (None, {"p": False}, False),
        (None, {}, False),  # unknown (deleted) partner: reserved
    ],
)
def test_each_day_is_billed_under_that_days_recorded_billing(recorded, current, expected):
    day = billing.BillDay("2026-11-01", {"p": 0}, recorded)
    assert billing.pay_per_use_on(day, "p", current) is expected


def test_a_partner_that_changed_billing_mid_month_is_billed_per_day():
    # p was reserved on the 1st and 2nd (400 GB billed as used), pay-per-use from the 3rd
    # (1 TB minimum); its status now (pay-per-use) does not rewrite the first two days
    days = [
        billing.BillDay("2026-11-01", {"p": 400 * GB}, []),
        billing.BillDay("2026-11-02", {"p": 400 * GB}, []),
        billing.BillDay("2026-11-03", {"p": 400 * GB}, ["p"]),
    ]
    (bill,) = billing.partner_bills(days, {"p": True})
    assert bill.billable_byte_days == 800 * GB + TB
    assert (bill.days, bill.pay_per_use_days, bill.mixed, bill.pay_per_use) == (3, 1, True, False)


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
