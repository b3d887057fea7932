"""The storage-account use cases as plans (pure, no database): lifecycle, the busy rule, the
counters and their bounds, each check beside the condition that enforces it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pytest

from chalicelib.domain import storage_accounts as accounts
from chalicelib.domain.account_status import AccountStatus, Saga
from chalicelib.domain.plans import CHECK, DELETE, PUT
from chalicelib.errors import CapacityExceeded, Conflict

TB = 10**12
NOW = "2026-06-01T10:00:00Z"
DUE = "2026-07-01T10:00:00Z"


@dataclass(frozen=True)
class Partner:
    id: str = "p1"
    name: str = "Acme"
    allocated_capacity: int = 4 * TB
    accounts_allocated_capacity: int = 3 * TB


@dataclass(frozen=True)
class Contract:
    id: str = "c1"
    details: str = "Direct"
    reserved_capacity: int = 10 * TB
    allocated_capacity: int = 9 * TB
    end_date: str = "2026-12-31"
    created_at: str = "2026-01-01T00:00:00Z"


@dataclass(frozen=True)
class Account:
    id: str = "000000000001"
    partner_id: str = "p1"
    path: str = "/prov/d1/p1/"
    name: str = "Customer"
    contact_email: str = "ops@example.com"
    contract_id: str | None = "c0"
    counted_in_contract: bool = False
    allocated_capacity: int = 1 * TB
    allow_overdraft: bool = False
    status: str = "active"
    pending_deleted_at: str | None = None
    saga: str | None = None


def direct(**kw) -> Account:
    return Account(contract_id="c1", counted_in_contract=True, **kw)


@pytest.mark.parametrize(
    ("partner", "contract", "allocation", "outcome"),
    [
        (Partner(), None, 1 * TB, "fits"),  # reserved partner: 3 + 1 = 4
        (Partner(), None, 1 * TB + 1, CapacityExceeded),
        (Partner(allocated_capacity=0), None, 50 * TB, "fits"),  # pay-per-use: unbounded
        (Partner(), Contract(), 1 * TB, "fits"),  # direct: the contract bounds it
        (Partner(), Contract(), 1 * TB + 1, CapacityExceeded),
        (Partner(), Contract(reserved_capacity=0), 50 * TB, "fits"),  # pay-per-use contract
    ],
)
def test_create_holds_the_allocation_under_its_bound(partner, contract, allocation, outcome):
    account = Account(allocated_capacity=allocation, saga=None)
    if outcome != "fits":
        with pytest.raises(outcome):
            accounts.plan_create(partner, contract, account, NOW)
        return
    plan = accounts.plan_create(partner, contract, account, NOW)
    assert plan.write("claim").kind == PUT and plan.write("claim").key == f"claim#{account.id}"
    put = plan.write("account")
    assert put.item is account and put.set["saga"] == Saga.PROVISIONING
    held = plan.write("partner")
    assert held.add == {"accounts_allocated_capacity": allocation, "storage_account_count": 1}
    assert held.allows(partner)
    if contract is None:
        # a concurrent re-allocation of the partner (even to pay-per-use) makes it re-plan
        assert not held.allows(replace(partner, allocated_capacity=partner.allocated_capacity + 1))
        if partner.allocated_capacity:
            racing = partner.accounts_allocated_capacity + 1
            assert not held.allows(replace(partner, accounts_allocated_capacity=racing))
    else:
        counter = plan.write("contract")
        assert counter.allows(contract)
        assert not counter.allows(
            replace(contract, reserved_capacity=contract.reserved_capacity + 1)
        )
        if contract.reserved_capacity:
            assert not counter.allows(replace(contract, allocated_capacity=9 * TB + 1))


@pytest.mark.parametrize(
    ("account", "allocation", "contract_read", "outcome"),
    [
        (Account(), 2 * TB, None, "fits"),  # partner room: 4 - 3 = 1 more
        (Account(), 2 * TB + 1, None, CapacityExceeded),
        (Account(), 0, None, "fits"),  # shrinking always fits
        (direct(), 2 * TB, "c1", "fits"),
        (direct(), 2 * TB + 1, "c1", CapacityExceeded),
        (direct(), TB // 2, None, "fits"),  # shrinking a direct account: contract not read
        (Account(saga="quota"), 2 * TB, None, "change_in_progress"),
    ],
)
def test_update_table(account, allocation, contract_read, outcome):
    assert accounts.contract_to_read(account, allocation) == contract_read
    contract = Contract() if contract_read else None

    def plan():
        return accounts.plan_update(
            account,
            Partner(),
            contract,
            name=None,
            allocation=allocation,
            allow_overdraft=None,
            now=NOW,
        )

    if outcome == "change_in_progress":
        with pytest.raises(Conflict) as err:
            plan()
        assert err.value.code == outcome
        return
    if outcome != "fits":
        with pytest.raises(outcome):
            plan()
        return
    made = plan()
    write = made.write("account")
    assert write.allows(account) and made.outcome == {"backend": True}
    assert write.set["saga"] == Saga.QUOTA
    assert not write.allows(replace(account, saga="suspending"))  # busy meanwhile
    assert not write.allows(replace(account, allocated_capacity=allocation + 7))
    delta = allocation - account.allocated_capacity
    assert made.write("partner").add == {"accounts_allocated_capacity": delta}
    assert ("contract" in made.names()) == account.counted_in_contract


def test_a_rename_alone_needs_no_backend_call_and_holds_nothing():
    plan = accounts.plan_update(
        Account(), Partner(), None, name="New", allocation=None, allow_overdraft=None, now=NOW
    )
    assert plan.names() == ["account"] and plan.outcome == {"backend": False}
    assert "saga" not in plan.write("account").set
    assert plan.write("account").set["name_key"] == "new"  # the name index follows the name


def test_compensating_a_quota_saga_clears_it_only_while_it_is_in_flight():
    account = Account(allocated_capacity=2 * TB, saga="quota")
    plan = accounts.plan_update(
        account,
        Partner(),
        None,
        name=None,
        allocation=1 * TB,
        allow_overdraft=False,
        now=NOW,
        expect_saga=Saga.QUOTA,
    )
    write = plan.write("account")
    assert write.set["saga"] is None and write.allows(account)
    assert not write.allows(replace(account, saga=None))


@pytest.mark.parametrize(
    ("account", "outcome"),
    [
        (Account(), "scheduled"),
        (Account(status="pending_deletion", pending_deleted_at=DUE), None),  # already: no-op
        (Account(saga="quota"), "change_in_progress"),
    ],
)
def test_schedule_deletion_table(account, outcome):
    if outcome == "change_in_progress":
        with pytest.raises(Conflict):
            accounts.plan_schedule_deletion(account, DUE, NOW)
        return
    plan = accounts.plan_schedule_deletion(account, DUE, NOW)
    if outcome is None:
        assert plan is None
        return
    write = plan.write("account")
    assert write.set["status"] == AccountStatus.PENDING_DELETION
    assert write.set["pending_deleted_at"] == DUE and write.set["saga"] == Saga.SUSPENDING
    assert write.allows(account) and not write.allows(replace(account, saga="quota"))
    assert plan.audit.after["status"] == "pending_deletion"


@pytest.mark.parametrize(
    ("account", "outcome"),
    [
        (Account(status="pending_deletion", pending_deleted_at=DUE), "restored"),
        (Account(status="pending_deletion", pending_deleted_at=NOW), "deletion_due"),
        (
            Account(status="pending_deletion", pending_deleted_at=DUE, saga="x"),
            "change_in_progress",
        ),
        (Account(), None),  # not pending: nothing to restore
    ],
)
def test_restore_only_before_it_is_due(account, outcome):
    if outcome in ("deletion_due", "change_in_progress"):
        with pytest.raises(Conflict) as err:
            accounts.plan_restore(account, NOW)
        assert err.value.code == outcome
        return
    plan = accounts.plan_restore(account, NOW)
    if outcome is None:
        assert plan is None
        return
    write = plan.write("account")
    assert write.set["status"] == AccountStatus.ACTIVE and plan.outcome == {"due": DUE}
    assert write.allows(account)
    assert not write.allows(replace(account, pending_deleted_at="2026-08-01T00:00:00Z"))


def test_purge_starts_only_when_due_and_idle_and_releases_the_holdings():
    due = Account(status="pending_deletion", pending_deleted_at=NOW)
    begin = accounts.plan_begin_purge(due, NOW).write("account")
    assert begin.allows(due)
    assert not begin.allows(replace(due, pending_deleted_at=DUE))  # restored and re-deleted
    assert not begin.allows(replace(due, saga="restoring"))
    finish = accounts.plan_finish_purge(replace(due, saga="purging"), NOW)
    assert finish.write("account").kind == DELETE
    assert finish.write("partner").add == {
        "accounts_allocated_capacity": -TB,
        "storage_account_count": -1,
    }
    assert "contract" not in finish.names()
    direct_plan = accounts.plan_finish_purge(direct(saga="purging"), NOW)
    assert direct_plan.write("contract").add == {"allocated_capacity": -TB}


def test_undo_create_and_finish_saga_apply_only_to_the_saga_in_flight():
    undo = accounts.plan_undo_create(Account(saga="provisioning"), "backend down", NOW)
    assert undo.write("account").allows(Account(saga="provisioning"))
    assert not undo.write("account").allows(Account(saga=None))
    assert undo.audit.before["reason"] == "backend down"
    finish = accounts.plan_finish_saga(Account(saga="quota"), Saga.QUOTA, NOW).write("account")
    assert finish.set["saga"] is None and not finish.allows(Account(saga="suspending"))


def test_record_checks_the_account_still_exists():
    plan = accounts.plan_record(Account(), "storage_account.password")
    assert plan.write("account").kind == CHECK and not plan.write("account").allows(None)


@pytest.mark.parametrize(
    ("end_dates", "today", "chosen"),
    [
        (["2027-01-31", "2025-12-31"], "2026-06-01", 0),  # newest running
        (["2026-05-31", "2027-12-31"], "2026-06-01", 1),  # newest ended: the older still runs
        (["2026-06-01"], "2026-06-01", 0),  # its last day still counts
    ],
)
def test_a_direct_partner_draws_on_its_newest_running_contract(end_dates, today, chosen):
    contracts = [  # newest first
        Contract(id=f"c{n}", end_date=end, created_at=f"2026-0{5 - n}-01T00:00:00Z")
        for n, end in enumerate(end_dates)
    ]
    day = date.fromisoformat(today)
    assert accounts.drawn_contract("Acme", contracts, day) is contracts[chosen]
    assert accounts.drawn_contract("Acme", contracts[::-1], day) is contracts[chosen]


def test_a_direct_partner_without_a_running_contract_cannot_create():
    with pytest.raises(Conflict) as err:
        accounts.drawn_contract("Acme", [Contract(end_date="2026-01-01")], date(2026, 6, 1))
    assert err.value.code == "no_contract"


def test_only_a_confirmed_provisioning_announces_the_new_account():
    account = Account(saga="provisioning")
    created = accounts.plan_finish_saga(account, Saga.PROVISIONING, NOW)
    assert [(a.event_type, a.data["clientAccountId"]) for a in created.announce] == [
        ("storage_account.created", account.id)
    ]
    assert accounts.plan_finish_saga(Account(saga="quota"), Saga.QUOTA, NOW).announce == []
