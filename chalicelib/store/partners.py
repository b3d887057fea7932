"""A distributor's partners and their allocations: every change is one DynamoDB transaction.

Each operation reads the current contract/partner (the first attempt reuses the caller's scoped
read), asks ``chalicelib.domain.capacity`` whether the change fits, and writes with conditions
that make the same bound hold atomically:

* the contract's ``allocated_capacity`` may only grow by ``delta`` while
  ``reserved_capacity = R`` and ``allocated_capacity <= R - delta`` (R as read);
* the partner must still hold the allocation and contract the change was computed from, and
  its storage accounts must fit in the new allocation.

When a condition fails, state moved under us: the transaction is rebuilt from fresh reads and
retried (``run_transaction`` also retries DynamoDB's own transaction conflicts with jittered
backoff), so the answer is either success or a 409 computed from the latest state, never a 500.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chalicelib import clock
from chalicelib.domain import capacity
from chalicelib.domain.principal import Principal
from chalicelib.errors import Conflict, NotFound, ValidationFailed
from chalicelib.paging import Page, PageRequest
from chalicelib.store import audit
from chalicelib.store import contracts as contract_store
from chalicelib.store.base import Tx, retry_on_failure, run_transaction
from chalicelib.store.models import ContractItem, OrganizationItem
from chalicelib.store.organizations import snapshot
from chalicelib.store.scoped import get_unscoped, query_page


def _first_then_fresh(first: Any, reload: Any) -> Iterator[Any]:
    yield first
    while True:
        yield reload()


def _reload_partner(partner_id: str) -> OrganizationItem:
    partner = get_unscoped(OrganizationItem, partner_id)
    if partner is None or not partner.contract_id:
        raise NotFound.of("Partner", partner_id)
    return partner


def _grow_condition(contract: ContractItem, delta: int) -> Any:
    reserved = int(contract.reserved_capacity)
    return (ContractItem.reserved_capacity == reserved) & (
        ContractItem.allocated_capacity <= capacity.allocation_bound(reserved, delta)
    )


def _counter_actions(delta: int, partners: int, now: str) -> list:
    actions = [ContractItem.allocated_capacity.add(delta), ContractItem.updated_at.set(now)]
    if partners:
        actions.append(ContractItem.partner_count.add(partners))
    return actions


def _event(tx: Tx, principal: Principal, action: str, partner: OrganizationItem, **snap) -> Tx:
    return audit.audited(
        tx,
        principal,
        action,
        target_type="partner",
        target_id=partner.id,
        path=partner.path,
        **snap,
    )


def list_in_contract(contract_id: str, page: PageRequest) -> Page[OrganizationItem]:
    """``contract_id`` must come from a scoped read of the contract."""
    return query_page(OrganizationItem.by_contract.query, contract_id, page)


def create(
    principal: Principal, contract: ContractItem, partner: OrganizationItem
) -> OrganizationItem:
    """Add ``partner`` (a new organization with its allocation) to ``contract``."""
    contracts = _first_then_fresh(contract, lambda: contract_store.reload(contract.id))
    allocation = int(partner.allocated_capacity)

    def build() -> Tx:
        current = next(contracts)
        capacity.check_contract_open(current.details, current.end_date, clock.now().date())
        capacity.check_allocation(
            current.details,
            int(current.reserved_capacity),
            int(current.allocated_capacity),
            allocation,
        )
        now = clock.iso(clock.now())
        tx = (
            Tx()
            .update(
                "contract",
                current,
                _counter_actions(allocation, 1, now),
                condition=_grow_condition(current, allocation)
                & (ContractItem.end_date == current.end_date),
            )
            .save("partner", partner, condition=OrganizationItem.id.does_not_exist())
        )
        return _event(tx, principal, "partner.create", partner, after=snapshot(partner))

    run_transaction(build, retry_on_failure)
    return partner


def update(
    principal: Principal,
    first: OrganizationItem,
    *,
    allocation: int | None,
    name: str | None,
    allow_overdraft: bool | None,
) -> OrganizationItem:
    """Rename, re-allocate and/or switch overdraft, keeping the contract counter exact."""
    partners = _first_then_fresh(first, lambda: _reload_partner(first.id))
    result: dict[str, OrganizationItem] = {}

    def build() -> Tx:
        partner = next(partners)
        before = snapshot(partner)
        old = int(partner.allocated_capacity)
        new = old if allocation is None else allocation
        delta = new - old
        bounded = capacity.reservation_bounded(old, new)
        if bounded:
            capacity.check_partner_floor(
                partner.name, new, int(partner.accounts_allocated_capacity)
            )
        now = clock.iso(clock.now())
        actions = [OrganizationItem.updated_at.set(now)]
        if delta:
            actions.append(OrganizationItem.allocated_capacity.set(new))
        if name is not None:
            actions.append(OrganizationItem.name.set(name))
        if allow_overdraft is not None:
            actions.append(OrganizationItem.allow_overdraft.set(allow_overdraft))
        condition = (OrganizationItem.allocated_capacity == old) & (
            OrganizationItem.contract_id == partner.contract_id
        )
        if bounded:
            condition &= OrganizationItem.accounts_allocated_capacity <= new
        tx = Tx().update("partner", partner, actions, condition=condition)
        if delta > 0:
            contract = contract_store.reload(partner.contract_id)
            capacity.check_allocation(
                contract.details,
                int(contract.reserved_capacity),
                int(contract.allocated_capacity),
                delta,
            )
            tx.update(
                "contract",
                contract,
                _counter_actions(delta, 0, now),
                condition=_grow_condition(contract, delta),
            )
        elif delta < 0:
            tx.update(
                "contract",
                ContractItem(id=partner.contract_id),
                _counter_actions(delta, 0, now),
                condition=ContractItem.id.exists(),
            )
        partner.allocated_capacity = new
        partner.name = name if name is not None else partner.name
        if allow_overdraft is not None:
            partner.allow_overdraft = allow_overdraft
        partner.updated_at = now
        result["partner"] = partner
        return _event(
            tx, principal, "partner.update", partner, before=before, after=snapshot(partner)
        )

    run_transaction(build, retry_on_failure)
    return result["partner"]


def transfer(
    principal: Principal, first: OrganizationItem, first_target: ContractItem
) -> OrganizationItem:
    """Move a partner, with its allocation, to another contract of the same distributor."""
    partners = _first_then_fresh(first, lambda: _reload_partner(first.id))
    targets = _first_then_fresh(first_target, lambda: contract_store.reload(first_target.id))
    result: dict[str, OrganizationItem] = {}

    def build() -> Tx | None:
        partner, target = next(partners), next(targets)
        result["partner"] = partner
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
        capacity.check_contract_open(target.details, target.end_date, clock.now().date())
        capacity.check_allocation(
            target.details,
            int(target.reserved_capacity),
            int(target.allocated_capacity),
            allocation,
        )
        now = clock.iso(clock.now())
        before = snapshot(partner)
        source = partner.contract_id
        partner.contract_id, partner.updated_at = target.id, now
        tx = (
            Tx()
            .update(
                "partner",
                partner,
                [OrganizationItem.contract_id.set(target.id), OrganizationItem.updated_at.set(now)],
                condition=(OrganizationItem.contract_id == source)
                & (OrganizationItem.allocated_capacity == allocation),
            )
            .update(
                "source",
                ContractItem(id=source),
                _counter_actions(-allocation, -1, now),
                condition=ContractItem.id.exists(),
            )
            .update(
                "target",
                target,
                _counter_actions(allocation, 1, now),
                condition=_grow_condition(target, allocation)
                & (ContractItem.end_date == target.end_date),
            )
        )
        after = snapshot(partner)
        return _event(tx, principal, "partner.transfer", partner, before=before, after=after)

    run_transaction(build, retry_on_failure)
    return result["partner"]


def delete(principal: Principal, first: OrganizationItem) -> None:
    """Remove an empty partner and give its allocation back to the contract."""
    partners = _first_then_fresh(first, lambda: _reload_partner(first.id))

    def build() -> Tx:
        partner = next(partners)
        if int(partner.storage_account_count):
            raise Conflict(
                f"Partner '{partner.name}' still has {int(partner.storage_account_count)} storage "
                "account(s); delete them first.",
                code="partner_has_storage_accounts",
            )
        allocation = int(partner.allocated_capacity)
        now = clock.iso(clock.now())
        tx = (
            Tx()
            .delete(
                "partner",
                partner,
                condition=(OrganizationItem.storage_account_count == 0)
                & (OrganizationItem.allocated_capacity == allocation)
                & (OrganizationItem.contract_id == partner.contract_id),
            )
            .update(
                "contract",
                ContractItem(id=partner.contract_id),
                _counter_actions(-allocation, -1, now),
                condition=ContractItem.id.exists(),
            )
        )
        return _event(tx, principal, "partner.delete", partner, before=snapshot(partner))

    run_transaction(build, retry_on_failure)
