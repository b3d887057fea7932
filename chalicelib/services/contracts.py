"""Contracts: created and changed by the provider ("Impossible Cloud Sales"), read by their
owners; the overview widgets come from the contract's own counters (one read)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from chalicelib import clock
from chalicelib.domain.contracts import TAKES_PARTNERS, check_dates, takes_partners
from chalicelib.domain.principal import Principal, path_ids
from chalicelib.domain.roles import Action, OrgType
from chalicelib.errors import NotFound, ValidationFailed
from chalicelib.paging import Page, PageRequest
from chalicelib.store import contracts as store
from chalicelib.store import organizations as orgs
from chalicelib.store.models import ContractItem


@dataclass(frozen=True)
class NewContract:
    organization_id: str
    details: str
    reserved_capacity: int
    cost_storage_gb_cents: float
    currency: str
    start_date: str
    end_date: str


def create_contract(principal: Principal, new: NewContract) -> ContractItem:
    principal.require(Action.MANAGE_CHANNEL)
    owner = orgs.get(principal, new.organization_id)
    if owner.type == OrgType.PROVIDER or owner.contract_id or owner.parent_id != principal.org_id:
        raise ValidationFailed(
            "Contracts are signed with a distributor or a direct channel partner.",
            details=[
                {
                    "field": "organizationId",
                    "location": "body",
                    "message": "Not a distributor or direct channel partner.",
                }
            ],
        )
    check_dates(new.start_date, new.end_date)
    now = clock.iso(clock.now())
    contract = ContractItem(
        id=str(uuid.uuid4()),
        organization_id=owner.id,
        organization_type=owner.type,
        path=owner.path,
        provider_id=path_ids(owner.path)[0],
        details=new.details,
        reserved_capacity=new.reserved_capacity,
        allocated_capacity=0,
        partner_count=0,
        cost_storage_gb_cents=new.cost_storage_gb_cents,
        currency=new.currency,
        start_date=new.start_date,
        end_date=new.end_date,
        created_at=now,
        updated_at=now,
    )
    return store.create(principal, contract, owner)


def get_contract(principal: Principal, contract_id: str) -> ContractItem:
    principal.require(Action.VIEW)
    return store.get(principal, contract_id)


def update_contract(
    principal: Principal, contract_id: str, changes: dict[str, Any]
) -> ContractItem:
    principal.require(Action.MANAGE_CHANNEL)
    contract = store.get(principal, contract_id)
    if not changes:
        return contract
    return store.update(principal, contract, changes)


def list_contracts(
    principal: Principal, page: PageRequest, *, newest_first: bool = False
) -> Page[ContractItem]:
    """The provider sees every contract; anyone else the contracts of their own organization.
    In signing order (``newest_first``: the reverse)."""
    principal.require(Action.VIEW)
    if principal.is_provider:
        return store.list_for_provider(principal.org_id, page, newest_first=newest_first)
    return store.list_for_organization(principal.org_id, page, newest_first=newest_first)


def position(principal: Principal, contract: ContractItem) -> dict:
    """Where ``contract`` stands in ``list_contracts`` (a start key for either direction)."""
    if principal.is_provider:
        return store.provider_position(contract)
    return store.organization_position(contract)


def contracts_of(
    principal: Principal, org_id: str, page: PageRequest, *, newest_first: bool = False
) -> Page[ContractItem]:
    """One page of the contracts signed with the organization ``org_id`` (in the caller's
    scope: 404 otherwise), in signing order (``newest_first``: the reverse)."""
    principal.require(Action.VIEW)
    org = orgs.get(principal, org_id)
    return store.list_for_organization(org.id, page, newest_first=newest_first)


def contract_counts(principal: Principal, orgs_shown: list) -> dict[str, int]:
    """How many contracts each of ``orgs_shown`` (organizations the caller read in its scope,
    e.g. one page of a table) signed: its ``contract_count``, or, for an organization created
    before that counter, a counting Query."""
    principal.require(Action.VIEW)
    counts = {o.id: int(o.contract_count) for o in orgs_shown if o.contract_count is not None}
    uncounted = [o.id for o in orgs_shown if o.contract_count is None]
    return {**counts, **store.count_for_organizations(uncounted)}


def organization_position(contract: ContractItem) -> dict:
    """Where ``contract`` stands in ``contracts_of`` (a start key for either direction)."""
    return store.organization_position(contract)


def distributor_contracts(principal: Principal, page: PageRequest) -> Page[ContractItem]:
    """The contracts partners can be created in, in signing order: the caller's own when it
    is a distributor; for the provider, those it signed with distributors (the direct channel
    partners' filtered out of the page read)."""
    principal.require(Action.VIEW)
    if principal.is_provider:
        return store.list_for_provider(
            principal.org_id, page, organization_type=str(TAKES_PARTNERS)
        )
    found = store.list_for_organization(principal.org_id, page)
    found.items = [c for c in found.items if takes_partners(c)]
    return found


def partner_contract(principal: Principal, contract_id: str) -> ContractItem:
    """A contract partners can be created in (``takes_partners``) that the caller sees;
    404 for any other."""
    contract = get_contract(principal, contract_id)
    if not takes_partners(contract):
        raise NotFound.of("Contract", contract_id)
    return contract
