"""Contract changes and deal status moves as plans (pure): check and condition side by side."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest

from chalicelib.domain import contracts, deals
from chalicelib.domain.deals import DealStatus
from chalicelib.errors import CapacityExceeded, Conflict, ValidationFailed

TB = 10**12
NOW = "2026-06-01T10:00:00Z"


@dataclass(frozen=True)
class Contract:
    id: str = "c1"
    organization_id: str = "d1"
    path: str = "/prov/d1/"
    details: str = "Main"
    reserved_capacity: int = 10 * TB
    allocated_capacity: int = 6 * TB
    cost_storage_gb_cents: int = 2
    currency: str = "EUR"
    start_date: str = "2026-01-01"
    end_date: str = "2026-12-31"


@pytest.mark.parametrize(
    ("changes", "outcome"),
    [
        ({"reserved_capacity": 6 * TB}, "fits"),  # down to exactly what is allocated
        ({"reserved_capacity": 6 * TB - 1}, CapacityExceeded),
        ({"end_date": "2025-12-31"}, ValidationFailed),  # before it starts
        ({"end_date": "2027-12-31", "details": "Renewed"}, "fits"),
    ],
)
def test_contract_update_table(changes, outcome):
    contract = Contract()
    if outcome != "fits":
        with pytest.raises(outcome):
            contracts.plan_update(contract, changes, NOW)
        return
    plan = contracts.plan_update(contract, changes, NOW)
    write = plan.write("contract")
    assert write.allows(contract) and write.set["updated_at"] == NOW
    if "reserved_capacity" in changes:  # a partner created meanwhile makes it re-plan
        assert not write.allows(replace(contract, allocated_capacity=6 * TB + 1))
    if "end_date" in changes:  # so do dates changed meanwhile
        assert not write.allows(replace(contract, start_date="2026-02-01"))
    assert plan.audit.after == {**plan.audit.before, **plan.audit.after}
    assert plan.audit.after != plan.audit.before


def test_only_editable_fields_are_planned():
    with pytest.raises(ValueError):
        contracts.plan_update(Contract(), {"allocated_capacity": 0}, NOW)


@dataclass(frozen=True)
class Owner:
    id: str = "d1"
    contract_count: int | None = 2


@pytest.mark.parametrize("owner", [Owner(), Owner(contract_count=None)])
def test_contract_create_requires_its_organization(owner):
    plan = contracts.plan_create(Contract(), owner)
    assert plan.write("owner").key == "d1" and not plan.write("owner").allows(None)


def test_contract_create_counts_the_owners_contracts_when_it_has_a_counter():
    write = contracts.plan_create(Contract(), Owner()).write("owner")
    assert write.add == {"contract_count": 1} and write.allows(Owner())
    # the counter vanished or never was: the plan read otherwise, so it is made again
    assert not write.allows(Owner(contract_count=None))


def test_an_owner_created_before_the_counter_gets_none():
    write = contracts.plan_create(Contract(), Owner(contract_count=None)).write("owner")
    assert write.add == {} and write.allows(Owner(contract_count=None))
    assert not write.allows(Owner())


@dataclass(frozen=True)
class Deal:
    id: str = "deal1"
    path: str = "/prov/d1/"
    customer_name: str = "Big Co"
    country: str = "DE"
    expected_capacity: int = TB
    expected_close_date: str = "2026-09-01"
    contract_type: str = "reserved"
    special_pricing: bool = False
    status: str = "submitted"
    status_reason: str | None = None


@pytest.mark.parametrize(
    ("status", "target", "allowed"),
    [
        ("submitted", DealStatus.APPROVED, True),
        ("submitted", DealStatus.REJECTED, True),
        ("approved", DealStatus.WON, True),
        ("approved", DealStatus.LOST, True),
        ("submitted", DealStatus.WITHDRAWN, True),
        ("approved", DealStatus.WITHDRAWN, False),
        ("rejected", DealStatus.WITHDRAWN, False),
        ("withdrawn", DealStatus.WITHDRAWN, False),
        ("withdrawn", DealStatus.APPROVED, False),
        ("submitted", DealStatus.WON, False),
        ("rejected", DealStatus.APPROVED, False),
        ("won", DealStatus.LOST, False),
    ],
)
def test_deal_moves_only_from_the_one_status_it_starts_from(status, target, allowed):
    deal = Deal(status=status)
    if not allowed:
        with pytest.raises(Conflict) as err:
            deals.plan_transition(deal, target, "ok", NOW)
        assert err.value.code == "invalid_transition" and status in err.value.message
        return
    plan = deals.plan_transition(deal, target, "ok", NOW)
    write = plan.write("deal")
    assert write.set["status"] == target and write.allows(deal)
    assert not write.allows(replace(deal, status=str(target)))  # a racing reviewer won
    assert plan.audit.action == f"deal.{target}" and plan.audit.after["status"] == target


def test_a_deal_cannot_move_back_to_submitted():
    with pytest.raises(ValidationFailed):
        deals.plan_transition(Deal(), DealStatus.SUBMITTED, None, NOW)


def test_a_refused_withdraw_is_a_sentence_naming_the_deal_and_the_rule():
    with pytest.raises(Conflict) as err:
        deals.plan_transition(Deal(status="approved"), DealStatus.WITHDRAWN, None, NOW)
    assert err.value.message == (
        "The deal for Big Co (deal1) is approved; it can only be withdrawn while it is submitted."
    )


def test_every_move_has_words_and_withdrawn_is_not_a_review():
    assert set(deals._MOVE_WORDS) == set(deals.TRANSITIONS)
    assert DealStatus.WITHDRAWN not in deals.REVIEW
    deals.check_reason(DealStatus.WITHDRAWN, None)  # no reason needed to withdraw


@pytest.mark.parametrize(
    ("path", "status", "keys"),
    [
        ("/p/", "submitted", {"status1": "p#submitted"}),
        ("/p/d/", "approved", {"status1": "p#approved", "status2": "d#approved"}),
        (
            "/p/d/m/",
            "won",
            {"status1": "p#won", "status2": "d#won", "status3": "m#won"},
        ),
        (
            "/p/d/m/x/",  # deeper than the lists reach: the three levels that have indexes
            "lost",
            {"status1": "p#lost", "status2": "d#lost", "status3": "m#lost"},
        ),
    ],
)
def test_a_deals_status_keys_name_each_organization_above_it(path, status, keys):
    assert deals.status_keys(path, status) == keys


def test_a_status_move_rewrites_the_status_keys_in_the_same_write():
    deal = Deal(status="submitted")
    write = deals.plan_transition(deal, DealStatus.APPROVED, "fits", NOW).write("deal")
    keys = {k: write.set[k] for k in ("status", "status1", "status2") if k in write.set}
    assert keys == {"status": "approved", "status1": "prov#approved", "status2": "d1#approved"}
    assert "status3" not in write.set  # a distributor's deal is on two levels' lists


@pytest.mark.parametrize(
    ("organization_type", "takes"),
    [("distributor", True), ("partner", False), ("provider", False)],
)
def test_partners_are_created_only_in_a_distributors_contract(organization_type, takes):
    @dataclass(frozen=True)
    class Signed(Contract):
        organization_type: str = "distributor"

    assert contracts.takes_partners(Signed(organization_type=organization_type)) is takes
