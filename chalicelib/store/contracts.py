"""Contracts and the capacity counters on them.

``allocated_capacity`` and ``partner_count`` change only in the transactions planned by
``chalicelib.domain.partners`` and ``chalicelib.domain.storage_accounts``, conditioned on the
contract's reserved capacity, so they always equal the sum of what is allocated from it and never
exceed the reserve, however many writers race.
"""

from __future__ import annotations

from typing import Any

from chalicelib import clock
from chalicelib.domain import contracts as rules
from chalicelib.domain.principal import Principal
from chalicelib.errors import NotFound
from chalicelib.paging import Page, PageRequest
from chalicelib.store.base import not_found_on_failure
from chalicelib.store.models import ContractItem
from chalicelib.store.scoped import get_in_scope, get_unscoped, query_page
from chalicelib.store.unit_of_work import apply, carry_out


def get(principal: Principal, contract_id: str) -> ContractItem:
    return get_in_scope(ContractItem, contract_id, principal, "Contract")


def reload(contract_id: str) -> ContractItem:
    contract = get_unscoped(ContractItem, contract_id)
    if contract is None:
        raise NotFound.of("Contract", contract_id)
    return contract


def list_for_organization(
    org_id: str, page: PageRequest, *, newest_first: bool = False
) -> Page[ContractItem]:
    """One page of the organization's contracts in signing order (``newest_first``: the
    reverse). ``org_id`` must be the caller's organization or come from a scoped read."""
    return query_page(ContractItem.by_organization.query, org_id, page, newest_first=newest_first)


def list_for_provider(
    provider_id: str,
    page: PageRequest,
    *,
    newest_first: bool = False,
    organization_type: str | None = None,
) -> Page[ContractItem]:
    """One page of every contract in signing order (``newest_first``: the reverse); with
    ``organization_type``, only those signed with that kind of organization (a filter on the
    page read: the page may hold fewer)."""
    condition = ContractItem.organization_type == organization_type if organization_type else None
    return query_page(
        ContractItem.by_provider.query,
        provider_id,
        page,
        newest_first=newest_first,
        filter_condition=condition,
    )


def count_for_organizations(org_ids: list[str]) -> dict[str, int]:
    """How many contracts each organization signed, for organizations created before their
    ``contract_count``: one counting Query per organization on ``organization-index`` (no
    item returned). The ids must come from a scoped read."""
    return {org_id: ContractItem.by_organization.count(org_id) for org_id in org_ids}


def organization_position(contract: ContractItem) -> dict:
    """Where ``contract`` stands on ``organization-index`` (a start key either way)."""
    return {
        "id": {"S": contract.id},
        "organization_id": {"S": contract.organization_id},
        "created_at": {"S": contract.created_at},
    }


def provider_position(contract: ContractItem) -> dict:
    """Where ``contract`` stands on ``provider-index`` (a start key either way)."""
    return {
        "id": {"S": contract.id},
        "provider_id": {"S": contract.provider_id},
        "created_at": {"S": contract.created_at},
    }


def create(principal: Principal, contract: ContractItem, owner: Any) -> ContractItem:
    """``owner``: the organization as read (scoped); its counter is part of the plan."""
    carry_out(
        principal,
        lambda: (contract, owner),
        rules.plan_create,
        on_failure=not_found_on_failure("Organization", contract.organization_id),
    )
    return contract


def update(principal: Principal, first: ContractItem, changes: dict[str, Any]) -> ContractItem:
    """Apply ``changes`` (snake_case fields of ``rules.EDITABLE``); see ``rules.plan_update``."""
    done, (contract,) = carry_out(
        principal,
        lambda: (reload(first.id),),
        lambda current: rules.plan_update(current, changes, clock.iso(clock.now())),
        first=(first,),
    )
    return apply(contract, done, "contract")
