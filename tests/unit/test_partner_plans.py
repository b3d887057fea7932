"""The partner use cases as plans (pure, no database): each check and the condition that
enforces it, in one table. A row gives the state read and the request; the plan must either
raise the error the check makes, or produce writes whose conditions hold on the state read and
fail on the state a concurrent writer could have left (so the store re-plans)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pytest

from chalicelib.domain import partners
from chalicelib.domain.plans import DELETE, PUT
from chalicelib.errors import CapacityExceeded, Conflict, ValidationFailed

TB = 10**12
TODAY = date(2026, 6, 1)
NOW = "2026-06-01T10:00:00Z"


@dataclass(frozen=True)
class Contract:
    id: str = "c1"
    organization_id: str = "d1"
    details: str = "Main"
    reserved_capacity: int = 10 * TB
    allocated_capacity: int = 6 * TB
    end_date: str = "2026-12-31"
    start_date: str = "2026-01-01"


@dataclass(frozen=True)
class Partner:
    id: str = "p1"
    name: str = "Acme"
    type: str = "partner"
    parent_id: str = "d1"
    path: str = "/prov/d1/p1/"
    contract_id: str = "c1"
    allocated_capacity: int = 4 * TB
    accounts_allocated_capacity: int = 1 * TB
    storage_account_count: int = 2
    allow_overdraft: bool = False


def test_create_counts_the_partner_under_the_reserve_read():
    partner = Partner(allocated_capacity=4 * TB)
    plan = partners.plan_create(Contract(), partner, TODAY, NOW)
    counter = plan.write("contract")
    assert counter.add == {"allocated_capacity": 4 * TB, "partner_count": 1}
    assert counter.allows(Contract())  # 6 + 4 = 10: fits exactly
    assert not counter.allows(Contract(allocated_capacity=6 * TB + 1))  # a racing create
    assert not counter.allows(Contract(reserved_capacity=9 * TB))  # the reserve was lowered
    put = plan.write("partner")
    assert put.kind == PUT and put.item is partner and not put.allows(partner)
    assert plan.audit.action == "partner.create" and plan.audit.after["allocatedCapacity"] == 4 * TB


@pytest.mark.parametrize(
    ("contract", "allocation", "error", "code"),
    [
        (Contract(), 4 * TB + 1, CapacityExceeded, "capacity_exceeded"),
        (Contract(end_date="2026-05-31"), 0, Conflict, "contract_ended"),
    ],
)
def test_create_refused(contract, allocation, error, code):
    with pytest.raises(error) as err:
        partners.plan_create(contract, Partner(allocated_capacity=allocation), TODAY, NOW)
    assert err.value.code == code


@pytest.mark.parametrize(
    ("partner", "allocation", "contract", "outcome"),
    [
        # growing: the contract's reserve bounds it (the contract must be read)
        (Partner(), 8 * TB, Contract(), "fits"),
        (Partner(), 8 * TB + 1, Contract(), CapacityExceeded),
        # shrinking: the accounts' holdings bound it; the contract is not read
        (Partner(), 1 * TB, None, "fits"),
        (Partner(), 1 * TB - 1, None, CapacityExceeded),
        # unchanged allocation (a rename): nothing to hold
        (Partner(), None, None, "fits"),
        # pay-per-use: its accounts' allocations are quotas; a rename, the same 0, or a move
        # to pay-per-use is never refused for them; back to a reservation must hold them
        (Partner(allocated_capacity=0, accounts_allocated_capacity=3 * TB), None, None, "fits"),
        (Partner(allocated_capacity=0, accounts_allocated_capacity=3 * TB), 0, None, "fits"),
        (Partner(accounts_allocated_capacity=3 * TB), 0, None, "fits"),
        (
            Partner(allocated_capacity=0, accounts_allocated_capacity=3 * TB),
            2 * TB,
            Contract(),
            CapacityExceeded,
        ),
        (
            Partner(allocated_capacity=0, accounts_allocated_capacity=3 * TB),
            3 * TB,
            Contract(),
            "fits",
        ),
    ],
)
def test_update_table(partner, allocation, contract, outcome):
    assert (partners.growth(partner, allocation) > 0) == (contract is not None)
    if outcome != "fits":
        with pytest.raises(outcome):
            partners.plan_update(
                partner, contract, allocation=allocation, name=None, allow_overdraft=None, now=NOW
            )
        return
    plan = partners.plan_update(
        partner, contract, allocation=allocation, name="New", allow_overdraft=True, now=NOW
    )
    write = plan.write("partner")
    assert write.allows(partner)
    assert not write.allows(replace(partner, allocated_capacity=partner.allocated_capacity + 1))
    assert not write.allows(replace(partner, contract_id="c2"))  # transferred meanwhile
    new = partner.allocated_capacity if allocation is None else allocation
    held_above = replace(partner, accounts_allocated_capacity=new + 1)
    # only a real change of reservation is bounded by what the accounts hold
    assert write.allows(held_above) is (new == partner.allocated_capacity or new == 0)
    assert plan.audit.after["name"] == "New" and plan.audit.after["allowOverdraft"] is True
    assert write.set["name_key"] == "new"  # the name index follows the name
    delta = new - partner.allocated_capacity
    if delta:
        counter = plan.write("contract")
        assert counter.add == {"allocated_capacity": delta}
        if delta > 0:
            assert counter.allows(contract)
            bound = contract.reserved_capacity - delta
            assert not counter.allows(replace(contract, allocated_capacity=bound + 1))
    else:
        assert plan.names() == ["partner"]


def test_transfer_moves_counters_and_the_target_bounds_it():
    partner = Partner()
    target = Contract(id="c2", allocated_capacity=6 * TB)
    plan = partners.plan_transfer(partner, target, TODAY, NOW)
    assert plan.names() == ["partner", "source", "target"]
    assert plan.write("source").add == {"allocated_capacity": -4 * TB, "partner_count": -1}
    assert plan.write("target").allows(target)
    assert not plan.write("target").allows(replace(target, allocated_capacity=6 * TB + 1))
    assert not plan.write("partner").allows(replace(partner, contract_id="c3"))
    assert plan.audit.before["contractId"] == "c1" and plan.audit.after["contractId"] == "c2"


@pytest.mark.parametrize(
    ("target", "error", "code"),
    [
        (Contract(id="c2", organization_id="d2"), ValidationFailed, "validation_error"),
        (Contract(id="c2", end_date="2026-05-31"), Conflict, "contract_ended"),
        (Contract(id="c2", allocated_capacity=6 * TB + 1), CapacityExceeded, "capacity_exceeded"),
    ],
)
def test_transfer_refused(target, error, code):
    with pytest.raises(error) as err:
        partners.plan_transfer(Partner(), target, TODAY, NOW)
    assert err.value.code == code


def test_transfer_to_the_same_contract_writes_nothing():
    assert partners.plan_transfer(Partner(), Contract(), TODAY, NOW) is None


def test_delete_only_when_empty_and_gives_the_allocation_back():
    with pytest.raises(Conflict) as err:
        partners.plan_delete(Partner(storage_account_count=2), NOW)
    assert err.value.code == "partner_has_storage_accounts"
    empty = Partner(storage_account_count=0)
    plan = partners.plan_delete(empty, NOW)
    assert plan.write("partner").kind == DELETE and plan.write("partner").allows(empty)
    assert not plan.write("partner").allows(replace(empty, storage_account_count=1))
    assert plan.write("contract").add == {"allocated_capacity": -4 * TB, "partner_count": -1}


def test_create_and_transfer_hold_the_contract_end_date_they_checked():
    created = partners.plan_create(Contract(), Partner(), TODAY, NOW).write("contract")
    assert created.allows(Contract())
    assert not created.allows(replace(Contract(), end_date="2026-05-31"))  # ended meanwhile
    moved = partners.plan_transfer(Partner(), Contract(id="c2"), TODAY, NOW)
    assert moved.write("target").allows(Contract(id="c2"))
    assert not moved.write("target").allows(Contract(id="c2", end_date="2026-05-31"))


def test_delete_and_transfer_leave_their_saga_marker_in_the_same_transaction():
    """The tombstone (a new record, outside every scope) and the transfer's marker are writes of
    the plan itself, so the reconciler finds whatever the request did not finish."""
    from chalicelib.domain import partner_sagas as sagas

    plan = partners.plan_delete(Partner(storage_account_count=0), NOW)
    tomb = plan.write("tombstone")
    assert (tomb.kind, tomb.key) == (PUT, "deleted#p1")
    assert tomb.allows(None) and not tomb.allows(Partner()), "a new record"
    assert tomb.set["path"] == "/deleted/prov/d1/p1/" and not tomb.set["path"].startswith("/prov/")
    assert (tomb.set["saga"], tomb.set["saga_queue"], tomb.set["saga_at"]) == (
        sagas.DELETE_CASCADE,
        sagas.SAGA_QUEUE,
        NOW,
    )
    assert "contract_id" not in tomb.set and "parent_id" not in tomb.set, "in no other index"

    moved = partners.plan_transfer(Partner(), Contract(id="c2"), TODAY, NOW).write("partner")
    assert moved.set["saga"] == sagas.FOLLOW_CONTRACT and moved.set["saga_at"] == NOW


@dataclass(frozen=True)
class Saga:
    id: str = "p1"
    saga: str = "follow_contract"
    saga_at: str = NOW
    contract_id: str | None = "c2"


@pytest.mark.parametrize(
    ("record", "now_stored", "cleared"),
    [
        (Saga(), Saga(), True),
        (Saga(), Saga(saga_at="2026-06-01T10:05:00Z"), False),  # a newer transfer's marker
        (Saga(), Saga(contract_id="c3"), False),  # moved on since
        (Saga(), None, False),  # gone
        (Saga("deleted#p1", "delete_cascade", contract_id=None), None, False),
        (
            Saga("deleted#p1", "delete_cascade", contract_id=None),
            Saga("deleted#p1", "delete_cascade", contract_id=None),
            True,
        ),
    ],
)
def test_a_saga_is_settled_only_while_it_is_the_one_recorded(record, now_stored, cleared):
    from chalicelib.domain import partner_sagas as sagas

    write = sagas.settled(record)
    assert write.allows(now_stored) is cleared
    if record.saga == sagas.DELETE_CASCADE:
        assert write.kind == DELETE
    else:
        assert write.set == {"saga": None, "saga_queue": None, "saga_at": None}
