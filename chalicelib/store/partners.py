"""A distributor's partners and their allocations: every change is one DynamoDB transaction.

The rules (what fits, and the conditions that make it hold atomically) are the plans in
``chalicelib.domain.partners``; this module loads the state they need (the first attempt reuses
the caller's scoped read), commits the plan and, when a condition fails because the state moved
under us, reloads and plans again (``run_transaction`` also retries DynamoDB's own transaction
conflicts with jittered backoff), so the answer is either success or a 409 computed from the
latest state, never a 500.
"""

from __future__ import annotations

from chalicelib import clock
from chalicelib.domain import partners as rules
from chalicelib.domain.principal import Principal
from chalicelib.errors import NotFound
from chalicelib.paging import Page, PageRequest
from chalicelib.store import contracts as contract_store
from chalicelib.store.models import ContractItem, OrganizationItem
from chalicelib.store.scoped import get_unscoped, query_page
from chalicelib.store.unit_of_work import apply, carry_out


def reload_partner(partner_id: str) -> OrganizationItem:
    partner = get_unscoped(OrganizationItem, partner_id)
    if partner is None or not partner.contract_id:
        raise NotFound.of("Partner", partner_id)
    return partner


def list_in_contract(contract_id: str, page: PageRequest) -> Page[OrganizationItem]:
    """``contract_id`` must come from a scoped read of the contract."""
    return query_page(OrganizationItem.by_contract.query, contract_id, page)


#: The orders a contract's partners can be read in, one index each.
SORTED_BY = {
    "name": OrganizationItem.by_name,
    "used": OrganizationItem.by_used,
    "allocated": OrganizationItem.by_allocated,
}
SORT_KEYS = {"name": "name_key", "used": "used_capacity", "allocated": "allocated_capacity"}


def sorted_in_contract(
    contract_id: str, page: PageRequest, *, sort: str, descending: bool, name_starts: str = ""
) -> Page[OrganizationItem]:
    """One page of the contract's partners in ``sort`` order (one Query on that index); by
    name, optionally only the names starting with ``name_starts`` (a ``sort_key``), as the key
    condition. ``contract_id`` must come from a scoped read of the contract."""
    condition = None
    if name_starts:
        if sort != "name":
            raise ValueError("a name filter is a condition on the name index")
        condition = OrganizationItem.name_key.startswith(name_starts)
    return query_page(
        SORTED_BY[sort].query,
        contract_id,
        page,
        range_key_condition=condition,
        newest_first=descending,
    )


def position(partner: OrganizationItem, sort: str) -> dict:
    """Where ``partner`` stands in ``sort``'s index: a start key to read on from it, in either
    direction (the page before a page starts from its first partner)."""
    attribute = getattr(OrganizationItem, SORT_KEYS[sort])
    return {
        "id": {"S": partner.id},
        "contract_id": {"S": partner.contract_id},
        attribute.attr_name: {
            attribute.attr_type: attribute.serialize(getattr(partner, SORT_KEYS[sort]))
        },
    }


def create(
    principal: Principal, contract: ContractItem, partner: OrganizationItem
) -> OrganizationItem:
    """Add ``partner`` (a new organization with its allocation) to ``contract``."""
    carry_out(
        principal,
        lambda: (contract_store.reload(contract.id),),
        lambda current: rules.plan_create(
            current, partner, clock.now().date(), clock.iso(clock.now())
        ),
        first=(contract,),
    )
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

    def plan(partner: OrganizationItem):
        grows = rules.growth(partner, allocation) > 0
        contract = contract_store.reload(partner.contract_id) if grows else None
        return rules.plan_update(
            partner,
            contract,
            allocation=allocation,
            name=name,
            allow_overdraft=allow_overdraft,
            now=clock.iso(clock.now()),
        )

    done, (partner,) = carry_out(
        principal, lambda: (reload_partner(first.id),), plan, first=(first,)
    )
    return apply(partner, done, "partner")


def transfer(
    principal: Principal, first: OrganizationItem, first_target: ContractItem
) -> OrganizationItem:
    """Move a partner, with its allocation, to another contract of the same distributor."""
    done, (partner, _target) = carry_out(
        principal,
        lambda: (reload_partner(first.id), contract_store.reload(first_target.id)),
        lambda partner, target: rules.plan_transfer(
            partner, target, clock.now().date(), clock.iso(clock.now())
        ),
        first=(first, first_target),
    )
    return partner if done is None else apply(partner, done, "partner")


def delete(principal: Principal, first: OrganizationItem) -> None:
    """Remove an empty partner and give its allocation back to the contract."""
    carry_out(
        principal,
        lambda: (reload_partner(first.id),),
        lambda partner: rules.plan_delete(partner, clock.iso(clock.now())),
        first=(first,),
    )
