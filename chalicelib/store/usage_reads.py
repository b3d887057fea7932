"""Scoped reads the usage reports need: accounts, partners and contracts in the caller's tree
(404 outside it), and the accounts a caller sees, one page at a time."""

from __future__ import annotations

from chalicelib.domain.principal import Principal, path_ids
from chalicelib.domain.roles import OrgType
from chalicelib.errors import NotFound
from chalicelib.paging import Page, PageRequest
from chalicelib.store.batch import get_models
from chalicelib.store.models import ContractItem, OrganizationItem, StorageAccountItem
from chalicelib.store.scoped import get_in_scope, query_page


def existing_accounts(ids: set[str]) -> set[str]:
    """Which of ``ids`` are storage accounts (BatchGetItem, 100 keys at a time)."""
    items = get_models(*((StorageAccountItem, key) for key in sorted(ids)))
    return {item.id for item in items if item is not None}


def account_in_scope(principal: Principal, account_id: str) -> StorageAccountItem:
    return get_in_scope(StorageAccountItem, account_id, principal, "Storage account")


def partner_in_scope(principal: Principal, partner_id: str) -> OrganizationItem:
    org = get_in_scope(OrganizationItem, partner_id, principal, "Partner")
    if org.type != OrgType.PARTNER:
        raise NotFound.of("Partner", partner_id)
    return org


def distributor_in_scope(principal: Principal, org_id: str) -> OrganizationItem:
    org = get_in_scope(OrganizationItem, org_id, principal, "Distributor")
    if org.type != OrgType.DISTRIBUTOR:
        raise NotFound.of("Distributor", org_id)
    return org


def contract_in_scope(principal: Principal, contract_id: str) -> ContractItem:
    return get_in_scope(ContractItem, contract_id, principal, "Contract")


def accounts_of_partner(partner_id: str, page: PageRequest) -> Page[StorageAccountItem]:
    return query_page(StorageAccountItem.by_partner.query, partner_id, page)


def accounts_in_scope(principal: Principal, page: PageRequest) -> Page[StorageAccountItem]:
    """Every storage account the caller sees, oldest first: one Query of one page on the index
    of the caller's depth (a partner's own accounts on the partner index)."""
    depth = len(path_ids(principal.org_path))
    index = {1: StorageAccountItem.by_level1, 2: StorageAccountItem.by_level2}.get(
        depth, StorageAccountItem.by_partner
    )
    return query_page(index.query, principal.org_id, page)
