"""Contracts: created and changed by the provider ("Impossible Cloud Sales"), read by their
owners; the overview widgets come from the contract's own counters (one read)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from chalicelib import clock
from chalicelib.domain.contracts import check_dates
from chalicelib.domain.principal import Principal, path_ids
from chalicelib.domain.roles import Action, OrgType
from chalicelib.errors import ValidationFailed
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
    return store.create(principal, contract)


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


def list_contracts(principal: Principal, page: PageRequest) -> Page[ContractItem]:
    """The provider sees every contract; anyone else the contracts of their own organization."""
    principal.require(Action.VIEW)
    if principal.is_provider:
        return store.list_for_provider(principal.org_id, page)
    return store.list_for_organization(principal.org_id, page)
