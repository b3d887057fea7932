"""Capacity and contract rules (pure)."""

from datetime import date

import pytest

from chalicelib.domain import capacity
from chalicelib.domain.contracts import check_dates
from chalicelib.errors import CapacityExceeded, Conflict, ValidationFailed

TB = capacity.TB


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0 TB"),
        (TB, "1 TB"),
        (12_500_000_000_000, "12.5 TB"),
        (1_234_567_890_123, "1.235 TB"),
        (1000 * TB, "1,000 TB"),
    ],
)
def test_tb_is_decimal_and_readable(n, text):
    assert capacity.tb(n) == text


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0 TB"),
        (1, "1 byte"),
        (2_000, "2,000 bytes"),
        (3 * TB, "3 TB"),
        (12_500_000_000_000, "12.5 TB"),
        (1_234_567_890_123, "1.235 TB (1,234,567,890,123 bytes)"),
        (3 * TB + 1, "3 TB (3,000,000,000,001 bytes)"),
    ],
)
def test_describe_never_says_zero_tb_of_something(n, text):
    assert capacity.describe(n) == text


def test_allocation_fits_up_to_the_reserve_exactly():
    # exactly full, nothing added, and shrinking (even over a reserve lowered meanwhile) fit
    for allocated, delta in ((7 * TB, 3 * TB), (10 * TB, 0), (12 * TB, -TB)):
        assert capacity.check_allocation("C", 10 * TB, allocated, delta) is None
    with pytest.raises(CapacityExceeded):  # one byte more does not
        capacity.check_allocation("C", 10 * TB, 7 * TB, 3 * TB + 1)


def test_over_allocation_says_what_remains_in_bytes_and_tb():
    with pytest.raises(CapacityExceeded) as err:
        capacity.check_allocation("Main", 10 * TB, 7 * TB, 3 * TB + 1)
    assert err.value.status == 409 and err.value.code == "capacity_exceeded"
    assert "3 TB left" in err.value.message
    assert err.value.details[0]["remainingCapacity"] == 3 * TB


def test_the_bound_matches_the_check():
    reserved, delta = 10 * TB, 4 * TB
    bound = capacity.allocation_bound(reserved, delta)
    capacity.check_allocation("C", reserved, bound, delta)
    with pytest.raises(CapacityExceeded):
        capacity.check_allocation("C", reserved, bound + 1, delta)


def test_reserve_cannot_go_below_allocated():
    capacity.check_reserved("C", 5 * TB, 5 * TB)
    with pytest.raises(CapacityExceeded, match="5 TB"):
        capacity.check_reserved("C", 5 * TB - 1, 5 * TB)


def test_partner_cannot_go_below_its_accounts():
    capacity.check_partner_floor("P", 2 * TB, 2 * TB)
    with pytest.raises(CapacityExceeded, match="storage accounts"):
        capacity.check_partner_floor("P", TB, 2 * TB)


def test_ended_contracts_are_closed_the_day_after_their_end():
    capacity.check_contract_open("C", "2026-11-23", date(2026, 11, 23))
    with pytest.raises(Conflict) as err:
        capacity.check_contract_open("C", "2026-11-22", date(2026, 11, 23))
    assert err.value.code == "contract_ended"


def test_contract_dates():
    check_dates("2026-01-01", "2026-01-01")
    with pytest.raises(ValidationFailed):
        check_dates("2026-01-02", "2026-01-01")


def test_account_allocations_fit_under_a_reserved_partner():
    from chalicelib.domain.capacity import check_account_allocation

    check_account_allocation("Partner 'P'", 10 * TB, 4 * TB, 6 * TB)
    check_account_allocation("Partner 'P'", 10 * TB, 12 * TB, -1 * TB)  # shrinking always fits
    with pytest.raises(CapacityExceeded) as caught:
        check_account_allocation("Partner 'P'", 10 * TB, 4 * TB, 6 * TB + 1)
    assert "6 TB left" in caught.value.message
    (detail,) = caught.value.details
    assert detail["remainingCapacity"] == 6 * TB and detail["remainingCapacityTB"] == 6


def test_a_pay_per_use_limit_bounds_no_account():
    from chalicelib.domain.capacity import check_account_allocation

    assert check_account_allocation("Partner 'P'", 0, 500 * TB, 1000 * TB) is None
    with pytest.raises(CapacityExceeded):  # while the smallest reservation bounds them
        check_account_allocation("Partner 'P'", 1, 0, 2)


@pytest.mark.parametrize(
    ("n", "figure", "field"),
    [
        (1_012_500 * 10**9, "1,012.5", "1012.5"),
        (10**21, "1,000,000,000", "1000000000"),
    ],
)
def test_one_tb_formatter_for_sentences_and_console(n, figure, field):
    from chalicelib.console.web import tb, tb_number

    assert capacity.tb(n) == tb(n) == f"{figure} TB"
    assert capacity.tb_figure(n, grouped=False) == tb_number(n) == field


@pytest.mark.parametrize(
    ("used", "allocation", "level"),
    [
        (0, 0, ("none", None)),
        (5 * TB, 0, ("none", None)),
        (0, 10 * TB, ("ok", 0)),
        (8 * TB, 10 * TB, ("ok", 80)),
        (9 * TB, 10 * TB, ("warn", 90)),
        (10 * TB, 10 * TB, ("warn", 100)),
        (10 * TB + 1, 10 * TB, ("over", 100)),
        (int(16.8 * TB), 10 * TB, ("over", 168)),
    ],
)
def test_usage_level_colours_and_percent(used, allocation, level):
    assert capacity.usage_level(used, allocation) == level


def test_headroom_of_a_contract_and_of_a_partner():
    assert capacity.unallocated(100 * TB, 80 * TB) == 20 * TB
    assert capacity.unallocated(100 * TB, 120 * TB) == 0
    assert capacity.left_for_accounts(20 * TB, 5 * TB) == 15 * TB
    assert capacity.left_for_accounts(20 * TB, 25 * TB) == 0
    assert capacity.left_for_accounts(0, 25 * TB) is None  # pay-per-use: no bound
