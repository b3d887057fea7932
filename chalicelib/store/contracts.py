"""Contracts and the capacity counters on them.

``allocated_capacity`` and ``partner_count`` change only inside the transactions in
``chalicelib.store.partners``, conditioned on the contract's reserved capacity, so they always
equal the sum over its partners and never exceed the reserve, however many writers race.
"""

from __future__ import annotations

from typing import Any

from chalicelib import clock
from chalicelib.domain import capacity
from chalicelib.domain.contracts import check_dates
from chalicelib.domain.principal import Principal
from chalicelib.errors import NotFound
from chalicelib.paging import Page, PageRequest
from chalicelib.store import audit
from chalicelib.store.base import Tx, not_found_on_failure, retry_on_failure, run_transaction
from chalicelib.store.models import ContractItem, OrganizationItem
from chalicelib.store.scoped import get_in_scope, get_unscoped, query_page

EDITABLE = {
    "details": ContractItem.details,
    "reserved_capacity": ContractItem.reserved_capacity,
    "cost_storage_gb_cents": ContractItem.cost_storage_gb_cents,
    "currency": ContractItem.currency,
    "start_date": ContractItem.start_date,
    "end_date": ContractItem.end_date,
}


def snapshot(contract: ContractItem) -> dict[str, Any]:
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


def get(principal: Principal, contract_id: str) -> ContractItem:
    return get_in_scope(ContractItem, contract_id, principal, "Contract")


def reload(contract_id: str) -> ContractItem:
    contract = get_unscoped(ContractItem, contract_id)
    if contract is None:
        raise NotFound.of("Contract", contract_id)
    return contract


def list_for_organization(org_id: str, page: PageRequest) -> Page[ContractItem]:
    """``org_id`` must be the caller's organization or come from a scoped read."""
    return query_page(ContractItem.by_organization.query, org_id, page)


def list_for_provider(provider_id: str, page: PageRequest) -> Page[ContractItem]:
    return query_page(ContractItem.by_provider.query, provider_id, page)


def _contract_event(tx: Tx, principal: Principal, action: str, contract: ContractItem, **snap):
    return audit.audited(
        tx,
        principal,
        action,
        target_type="contract",
        target_id=contract.id,
        path=contract.path,
        **snap,
    )


def create(principal: Principal, contract: ContractItem) -> ContractItem:
    tx = (
        Tx()
        .save("contract", contract, condition=ContractItem.id.does_not_exist())
        .check("owner", OrganizationItem, contract.organization_id, OrganizationItem.id.exists())
    )
    _contract_event(tx, principal, "contract.create", contract, after=snapshot(contract))
    run_transaction(lambda: tx, not_found_on_failure("Organization", contract.organization_id))
    return contract


def update(principal: Principal, first: ContractItem, changes: dict[str, Any]) -> ContractItem:
    """Apply ``changes`` (snake_case fields of ``EDITABLE``). A new reserved capacity is
    conditioned on the allocated counter, dates on each other, so neither can be undercut by a
    concurrent change."""
    reads = iter([first])
    result: dict[str, ContractItem] = {}

    def build() -> Tx:
        current = next(reads, None) or reload(first.id)
        before = snapshot(current)
        condition = ContractItem.id.exists()
        if "reserved_capacity" in changes:
            new_reserved = changes["reserved_capacity"]
            capacity.check_reserved(current.details, new_reserved, int(current.allocated_capacity))
            condition &= ContractItem.allocated_capacity <= new_reserved
        if "start_date" in changes or "end_date" in changes:
            condition &= (ContractItem.start_date == current.start_date) & (
                ContractItem.end_date == current.end_date
            )
        check_dates(
            changes.get("start_date", current.start_date), changes.get("end_date", current.end_date)
        )
        now = clock.iso(clock.now())
        actions = [EDITABLE[name].set(value) for name, value in changes.items()]
        actions.append(ContractItem.updated_at.set(now))
        for name, value in changes.items():
            setattr(current, name, value)
        current.updated_at = now
        result["contract"] = current
        tx = Tx().update("contract", current, actions, condition=condition)
        return _contract_event(
            tx, principal, "contract.update", current, before=before, after=snapshot(current)
        )

    run_transaction(build, retry_on_failure)
    return result["contract"]
