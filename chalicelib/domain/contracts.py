"""Contract rules (pure): dates, and the plans of a contract's creation and change."""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib.domain import capacity
from chalicelib.domain.plans import (
    CHECK,
    PUT,
    UPDATE,
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
from chalicelib.domain.roles import OrgType
from chalicelib.errors import ValidationFailed


def check_dates(start_date: str, end_date: str) -> None:
    if date.fromisoformat(start_date) > date.fromisoformat(end_date):
        raise ValidationFailed(
            f"The contract cannot end ({end_date}) before it starts ({start_date}).",
            details=[{"field": "endDate", "location": "body", "message": "Before startDate."}],
        )


#: Who signs the contracts partners are created in (what a list of them filters on).
TAKES_PARTNERS = OrgType.DISTRIBUTOR


def takes_partners(contract: Any) -> bool:
    """Partners are created in a contract signed with a distributor: a direct channel
    partner's contract holds that partner's own storage accounts, not partners."""
    return contract.organization_type == TAKES_PARTNERS


#: The fields a contract change may set (snake_case record attributes).
EDITABLE = frozenset(
    {"details", "reserved_capacity", "cost_storage_gb_cents", "currency", "start_date", "end_date"}
)


def snapshot(contract: Any) -> dict[str, Any]:
    return {
        "organizationId": contract.organization_id,
        "details": contract.details,
        "reservedCapacity": int(contract.reserved_capacity),
        "allocatedCapacity": int(contract.allocated_capacity),
        "costStorageGBCents": contract.cost_storage_gb_cents,
        "currency": contract.currency,
        "startDate": contract.start_date,
        "endDate": contract.end_date,
    }


def _audit(action: str, contract: Any, **snap: Any) -> AuditRecord:
    return AuditRecord(action, "contract", contract.id, contract.path, **snap)


def plan_create(contract: Any, owner: Any) -> Plan:
    """Sign the new ``contract`` (built by the caller) with ``owner`` (as read), an
    organization that must exist (the write named ``owner``). The owner's ``contract_count``
    counts its contracts in the same transaction; an organization created before that counter
    existed has none and gets none (a count started late would be wrong), so the write is
    conditioned on the counter being there, or not, as it was read."""
    if getattr(owner, "contract_count", None) is not None:
        counted = Write(
            "owner",
            "organization",
            contract.organization_id,
            UPDATE,
            add={"contract_count": 1},
            when=(exists(), exists("contract_count")),
        )
    else:
        counted = Write(
            "owner",
            "organization",
            contract.organization_id,
            CHECK,
            when=(exists(), absent("contract_count")),
        )
    return Plan(
        [
            Write("contract", "contract", contract.id, PUT, item=contract, when=(absent(),)),
            counted,
        ],
        _audit("contract.create", contract, after=snapshot(contract)),
    )


def plan_update(contract: Any, changes: dict[str, Any], now: str) -> Plan:
    """Apply ``changes`` (fields of ``EDITABLE``). A new reserved capacity is conditioned on the
    allocated counter, new dates on the dates read, so neither can be undercut concurrently."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    when: tuple[Condition, ...] = (exists(),)
    if "reserved_capacity" in changes:
        new_reserved = changes["reserved_capacity"]
        capacity.check_reserved(contract.details, new_reserved, int(contract.allocated_capacity))
        when += (at_most("allocated_capacity", new_reserved),)
    if "start_date" in changes or "end_date" in changes:
        when += (eq("start_date", contract.start_date), eq("end_date", contract.end_date))
    check_dates(
        changes.get("start_date", contract.start_date), changes.get("end_date", contract.end_date)
    )
    new = {**changes, "updated_at": now}
    write = Write("contract", "contract", contract.id, set=new, when=when)
    after = snapshot(After(contract, new))
    return Plan(
        [write], _audit("contract.update", contract, before=snapshot(contract), after=after)
    )
