"""Scoped reads the usage reports need: accounts, partners and contracts in the caller's tree
(404 outside it), and the accounts a caller sees, paged across partners."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import OrgType
from chalicelib.errors import NotFound
from chalicelib.paging import Page, PageRequest
from chalicelib.store.batch import get_models
from chalicelib.store.models import ContractItem, OrganizationItem, StorageAccountItem
from chalicelib.store.organizations import walk
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


def contract_in_scope(principal: Principal, contract_id: str) -> ContractItem:
    return get_in_scope(ContractItem, contract_id, principal, "Contract")


def accounts_of_partner(partner_id: str, page: PageRequest) -> Page[StorageAccountItem]:
    return query_page(StorageAccountItem.by_partner.query, partner_id, page)


def partners_in_scope(principal: Principal) -> list[str]:
    """Ids of the partners inside the caller's tree, sorted (Queries down the tree)."""
    if principal.org_type == OrgType.PARTNER:
        return [principal.org_id]
    return sorted(org.id for org in walk(principal.org_id) if org.type == OrgType.PARTNER)


def accounts_in_scope(principal: Principal, page: PageRequest) -> Page[StorageAccountItem]:
    """Every storage account the caller sees, partner by partner; the cursor names the partner
    and the position inside it."""
    partners = partners_in_scope(principal)
    start: dict[str, Any] = page.start_key or {}
    if start.get("partner") in partners:
        partners = partners[partners.index(start["partner"]) :]
        inner = start.get("key")
    else:
        inner = None
    items: list[StorageAccountItem] = []
    for partner_id in partners:
        wanted = page.limit - len(items)
        result = query_page(
            StorageAccountItem.by_partner.query, partner_id, PageRequest(wanted, inner)
        )
        inner = None
        items += result.items
        if len(items) >= page.limit:
            if result.next_key is not None:
                return Page(items, {"partner": partner_id, "key": result.next_key})
            following = partners[partners.index(partner_id) + 1 :]
            if following:
                return Page(items, {"partner": following[0], "key": None})
            return Page(items, None)
    return Page(items, None)
