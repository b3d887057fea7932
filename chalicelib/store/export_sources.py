"""Paged reads the export worker streams rows from. Every one is a Query on a key the caller
got from a scoped read (or the principal's own organization), so an export holds only rows in
its requester's tree; ``in_scope`` re-checks each record's path on top of that."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import OrgType
from chalicelib.paging import Page, PageRequest, drain
from chalicelib.store import organizations as orgs
from chalicelib.store import partners as partner_store
from chalicelib.store import usage as usage_store
from chalicelib.store.models import OrganizationItem, StorageAccountItem
from chalicelib.store.scoped import query_page

PAGE_SIZE = 500


def pages(fetch: Callable[[PageRequest], Page], page_size: int = PAGE_SIZE) -> Iterator[Any]:
    """Every item of a paged list, one Query page at a time (constant memory)."""
    return drain(fetch, page_size)


def in_scope(principal: Principal, items: Iterator[Any]) -> Iterator[Any]:
    return (item for item in items if principal.sees(item.path))


def partners_below(principal: Principal) -> Iterator[OrganizationItem]:
    """Every partner in the caller's tree: a partner itself; a distributor's partners; for the
    provider, its direct channel partners and every distributor's partners."""
    own = orgs.get(principal, principal.org_id)
    if own.type == OrgType.PARTNER:
        yield own
        return
    yield from (org for org in orgs.walk(own.id) if org.type == OrgType.PARTNER)


def partners_in_contract(contract_id: str) -> Iterator[OrganizationItem]:
    """``contract_id`` must come from a scoped read."""
    return pages(lambda p: partner_store.list_in_contract(contract_id, p))


def accounts_of(partner: OrganizationItem) -> Iterator[StorageAccountItem]:
    """``partner`` must come from a scoped read."""
    return pages(lambda p: query_page(StorageAccountItem.by_partner.query, partner.id, p))


def account_days(account_id: str, first: date, last: date) -> list[usage_store.AccountDay]:
    """One account's recorded days in ``[first, last]`` (at most 366: one Query)."""
    return usage_store.account_days(account_id, first, last)
