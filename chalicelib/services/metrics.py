"""Metrics for Prometheus: one organization's level of the caller's tree per scrape, read from
what the usage aggregation stored (bounded reads, no computing per scrape).

* the provider: every contract (paged);
* a distributor: its contracts and its partners (partners paged);
* a partner: itself, its own contracts (a direct partner's) and its storage accounts (paged).

Each scrape reads one page (``limit`` records of the paged kind, plus at most one page of the
organization's own contracts), so what it reads does not grow with the tenant; a large tree is
scraped as one target per organization (``organizationId``), and a page that is not the last
says so with a ``Link`` header.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain import metrics as rules
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action, OrgType
from chalicelib.paging import MAX_LIMIT, PageRequest
from chalicelib.services import usage_times
from chalicelib.store import contracts as contract_store
from chalicelib.store import organizations as orgs
from chalicelib.store import storage_accounts as account_store


@dataclass
class Scrape:
    families: list[rules.Family]
    next_key: dict | None


def scrape(principal: Principal, organization_id: str | None, page: PageRequest) -> Scrape:
    principal.require(Action.VIEW)
    org = orgs.get(principal, organization_id or principal.org_id)
    contracts, partners, accounts, next_key = [], [], [], None
    first = page.start_key is None  # the organization's own series come on the first page
    own_contracts = PageRequest(limit=MAX_LIMIT)
    if org.type == OrgType.PROVIDER:
        found = contract_store.list_for_provider(org.id, page)
        contracts, next_key = found.items, found.next_key
    elif org.type == OrgType.DISTRIBUTOR:
        if first:
            contracts = contract_store.list_for_organization(org.id, own_contracts).items
        found = orgs.list_children(org, page, OrgType.PARTNER)
        partners, next_key = found.items, found.next_key
    else:
        if first:
            partners = [org]
            contracts = contract_store.list_for_organization(org.id, own_contracts).items
        found = account_store.list_for_partner(org.id, page)
        accounts, next_key = usage_times.reported(found.items), found.next_key
    seen = [c for c in contracts if principal.sees(c.path)]
    return Scrape(
        rules.families(
            seen,
            [p for p in partners if principal.sees(p.path)],
            [a for a in accounts if principal.sees(a.path)],
        ),
        next_key,
    )
