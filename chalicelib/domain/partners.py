"""A distributor's partners (pure): each write is one plan, its check beside its condition.

A partner holds an allocation in one of its distributor's contracts; the contract's
``allocated_capacity`` and ``partner_count`` are counters kept in the same transaction as every
partner change:

* a contract's counter may only grow by ``delta`` while ``reserved_capacity = R`` and
  ``allocated_capacity <= R - delta`` (R as read): the partners' allocations never add up to more
  than the reserve, however many writers race;
* the partner must still hold the allocation and contract the change was computed from, and its
  storage accounts must fit in its new allocation.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.domain import capacity, names
from chalicelib.domain import partner_sagas as sagas
from chalicelib.domain.plans import (
    DELETE,
    PUT,
    After,
    AuditRecord,
    Condition,
    Plan,
    Write,
    absent,
    at_most,
    eq,
    exists,
)
from chalicelib.errors import Conflict, ValidationFailed


def snapshot(org: Any) -> dict[str, Any]:
    """What the audit log records of an organization (a partner's allocation included)."""
    data = {"name": org.name, "type": org.type, "parentId": org.parent_id}
    if org.contract_id:
        data.update(
            contractId=org.contract_id,
            allocatedCapacity=int(org.allocated_capacity),
            allowOverdraft=bool(org.allow_overdraft),
        )
    return data


def grow_condition(contract: Any, delta: int) -> tuple[Condition, ...]:
    """The condition under which ``contract``'s counter may grow by ``delta``: the reserve is
    still the one read, and the counter leaves room for ``delta``."""
    reserved = int(contract.reserved_capacity)
    return (
        eq("reserved_capacity", reserved),
        at_most("allocated_capacity", capacity.allocation_bound(reserved, delta)),
    )


def _counters(contract_id: str, delta: int, partners: int, now: str, when: tuple) -> Write:
    add = {"allocated_capacity": delta}
    if partners:
        add["partner_count"] = partners
    return Write("contract", "contract", contract_id, set={"updated_at": now}, add=add, when=when)


def _audit(action: str, partner: Any, **snap: Any) -> AuditRecord:
    return AuditRecord(action, "partner", partner.id, partner.path, **snap)


def plan_create(contract: Any, partner: Any, today: date, now: str) -> Plan:
    """Add the new ``partner`` (built with its allocation) to ``contract``."""
    allocation = int(partner.allocated_capacity)
    capacity.check_contract_open(contract.details, contract.end_date, today)
    capacity.check_allocation(
        contract.details,
        int(contract.reserved_capacity),
        int(contract.allocated_capacity),
        allocation,
    )
    return Plan(
        [
            _counters(
                contract.id,
                allocation,
                1,
                now,
                (*grow_condition(contract, allocation), eq("end_date", contract.end_date)),
            ),
            Write("partner", "organization", partner.id, PUT, item=partner, when=(absent(),)),
        ],
        _audit("partner.create", partner, after=snapshot(partner)),
    )


def growth(partner: Any, allocation: int | None) -> int:
    """How many bytes ``allocation`` adds to the partner's (the contract must be read when > 0)."""
    return 0 if allocation is None else allocation - int(partner.allocated_capacity)


def plan_update(
    partner: Any,
    contract: Any | None,
    *,
    allocation: int | None,
    name: str | None,
    allow_overdraft: bool | None,
    now: str,
) -> Plan:
    """Rename, re-allocate and/or switch overdraft. ``contract`` (fresh) is needed only when the
    allocation grows (``growth > 0``)."""
    old = int(partner.allocated_capacity)
    new = old if allocation is None else allocation
    delta = new - old
    bounded = capacity.reservation_bounded(old, new)
    if bounded:
        capacity.check_partner_floor(partner.name, new, int(partner.accounts_allocated_capacity))
    changes: dict[str, Any] = {"updated_at": now}
    if delta:
        changes["allocated_capacity"] = new
    if name is not None:
        changes["name"] = name
        changes["name_key"] = names.sort_key(name)
    if allow_overdraft is not None:
        changes["allow_overdraft"] = allow_overdraft
    writes = [
        Write(
            "partner",
            "organization",
            partner.id,
            set=changes,
            when=(
                eq("allocated_capacity", old),
                eq("contract_id", partner.contract_id),
                *((at_most("accounts_allocated_capacity", new),) if bounded else ()),
            ),
        )
    ]
    if delta > 0:
        capacity.check_allocation(
            contract.details,
            int(contract.reserved_capacity),
            int(contract.allocated_capacity),
            delta,
        )
        writes.append(_counters(contract.id, delta, 0, now, grow_condition(contract, delta)))
    elif delta < 0:
        writes.append(_counters(partner.contract_id, delta, 0, now, (exists(),)))
    after = snapshot(After(partner, changes))
    return Plan(writes, _audit("partner.update", partner, before=snapshot(partner), after=after))


def plan_transfer(partner: Any, target: Any, today: date, now: str) -> Plan | None:
    """Move the partner, with its allocation, to ``target`` (another contract of its
    distributor). None when it is already there (a no-op)."""
    if partner.contract_id == target.id:
        return None
    if target.organization_id != partner.parent_id:
        raise ValidationFailed(
            "A partner can only be transferred between contracts of its own distributor.",
            details=[
                {
                    "field": "distributorContractId",
                    "location": "body",
                    "message": "Belongs to another organization.",
                }
            ],
        )
    allocation = int(partner.allocated_capacity)
    capacity.check_contract_open(target.details, target.end_date, today)
    capacity.check_allocation(
        target.details, int(target.reserved_capacity), int(target.allocated_capacity), allocation
    )
    source = partner.contract_id
    # the accounts follow afterwards, one by one: a marker the reconciler finds if that stops
    changes = {"contract_id": target.id, "updated_at": now, **sagas.follow_contract_marker(now)}
    writes = [
        Write(
            "partner",
            "organization",
            partner.id,
            set=changes,
            when=(eq("contract_id", source), eq("allocated_capacity", allocation)),
        ),
        _counters(source, -allocation, -1, now, (exists(),)),
        _counters(
            target.id,
            allocation,
            1,
            now,
            (*grow_condition(target, allocation), eq("end_date", target.end_date)),
        ),
    ]
    writes[1].name, writes[2].name = "source", "target"
    after = snapshot(After(partner, changes))
    return Plan(writes, _audit("partner.transfer", partner, before=snapshot(partner), after=after))


def plan_delete(partner: Any, now: str) -> Plan:
    """Remove an empty partner and give its allocation back to its contract."""
    count = int(partner.storage_account_count)
    if count:
        raise Conflict(
            f"Partner '{partner.name}' still has {count} storage account(s); delete them first.",
            code="partner_has_storage_accounts",
        )
    allocation = int(partner.allocated_capacity)
    return Plan(
        [
            Write(
                "partner",
                "organization",
                partner.id,
                DELETE,
                when=(
                    eq("storage_account_count", 0),
                    eq("allocated_capacity", allocation),
                    eq("contract_id", partner.contract_id),
                ),
            ),
            _counters(partner.contract_id, -allocation, -1, now, (exists(),)),
            # its people and keys are removed afterwards; the tombstone lets the reconciler
            # finish that if the request does not
            sagas.tombstone(partner, now),
        ],
        _audit("partner.delete", partner, before=snapshot(partner)),
    )
