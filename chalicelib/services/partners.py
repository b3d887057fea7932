"""A distributor's partners (the ICMC partner operations and the console's transfer)."""

from __future__ import annotations

from chalicelib.domain import partner_sagas as sagas
from chalicelib.domain.contracts import takes_partners
from chalicelib.domain.names import sort_key
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action, OrgType
from chalicelib.errors import Forbidden, NotFound, ValidationFailed
from chalicelib.paging import Page, PageRequest
from chalicelib.services import partner_sagas
from chalicelib.store import contracts as contract_store
from chalicelib.store import organizations as orgs
from chalicelib.store import partners as store
from chalicelib.store.models import OrganizationItem


def _partner(principal: Principal, partner_id: str) -> OrganizationItem:
    partner = orgs.get_partner(principal, partner_id)
    if not partner.contract_id:
        raise NotFound.of("Partner", partner_id)
    return partner


def _managed_partner(principal: Principal, partner_id: str) -> OrganizationItem:
    """A partner as changed by its distributor (or the provider): never by the partner itself."""
    partner = _partner(principal, partner_id)
    principal.require(Action.MANAGE_RESOURCES)
    if partner.id == principal.org_id:
        raise Forbidden(
            "A partner's allocation, contract and existence are managed by its distributor."
        )
    return partner


def create_partner(
    principal: Principal, contract_id: str, name: str, allocation: int, allow_overdraft: bool
) -> OrganizationItem:
    principal.require(Action.MANAGE_RESOURCES)
    contract = contract_store.get(principal, contract_id)
    if not takes_partners(contract):
        raise ValidationFailed(
            "Partners are created in a distributor's contract; this contract belongs to a direct "
            "channel partner.",
            details=[
                {
                    "field": "distributorContractId",
                    "location": "body",
                    "message": "Not a distributor's contract.",
                }
            ],
        )
    partner = orgs.new_org(
        OrgType.PARTNER, name, parent_id=contract.organization_id, parent_path=contract.path
    )
    partner.contract_id = contract.id
    partner.allocated_capacity = allocation
    partner.allow_overdraft = allow_overdraft
    return store.create(principal, contract, partner)


def get_partner(principal: Principal, partner_id: str) -> OrganizationItem:
    principal.require(Action.VIEW)
    return _partner(principal, partner_id)


def list_partners(principal: Principal, contract_id: str, page: PageRequest) -> Page:
    principal.require(Action.VIEW)
    contract = contract_store.get(principal, contract_id)
    return store.list_in_contract(contract.id, page)


def sorted_partners(
    principal: Principal,
    contract_id: str,
    page: PageRequest,
    *,
    sort: str = "name",
    descending: bool = False,
    name_starts: str = "",
) -> Page:
    """One page of a contract's partners sorted by ``sort`` (``name``, ``used``, ``allocated``:
    an index each), by name optionally only those whose name starts with ``name_starts``."""
    principal.require(Action.VIEW)
    contract = contract_store.get(principal, contract_id)
    return store.sorted_in_contract(
        contract.id, page, sort=sort, descending=descending, name_starts=sort_key(name_starts)
    )


def position(partner: OrganizationItem, sort: str) -> dict:
    """Where ``partner`` stands in the ``sort`` order (a start key for either direction)."""
    return store.position(partner, sort)


def update_partner(
    principal: Principal,
    partner_id: str,
    *,
    allocation: int | None,
    name: str | None,
    allow_overdraft: bool | None,
) -> OrganizationItem:
    partner = _managed_partner(principal, partner_id)
    if allocation is None and name is None and allow_overdraft is None:
        return partner
    return store.update(
        principal, partner, allocation=allocation, name=name, allow_overdraft=allow_overdraft
    )


def transfer_partner(principal: Principal, partner_id: str, contract_id: str) -> OrganizationItem:
    partner = _managed_partner(principal, partner_id)
    target = contract_store.get(principal, contract_id)
    moved = store.transfer(principal, partner, target)
    if moved.saga == sagas.FOLLOW_CONTRACT:  # moved now (not a transfer to where it was)
        partner_sagas.follow_contract(moved)
    return moved


def delete_partner(principal: Principal, partner_id: str) -> None:
    """Delete an empty partner; its console users and API keys go with it (the transaction
    leaves a tombstone, so the reconciler finishes that if this request does not)."""
    partner = _managed_partner(principal, partner_id)
    store.delete(principal, partner)
    partner_sagas.remove_people_and_keys(principal, partner.id)
