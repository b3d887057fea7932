"""Organizations: the provider, distributors and partners, and the tree they form."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from chalicelib import clock
from chalicelib.domain.names import kind_key, parent_kind_key, sort_key
from chalicelib.domain.partners import snapshot
from chalicelib.domain.principal import Principal, child_path
from chalicelib.domain.roles import OrgType
from chalicelib.errors import Conflict, NotFound
from chalicelib.paging import Page, PageRequest
from chalicelib.settings import get_settings
from chalicelib.store import audit, batch
from chalicelib.store.base import Tx, not_found_on_failure, run_transaction
from chalicelib.store.models import OrganizationItem
from chalicelib.store.scoped import every_item, get_in_scope, get_unscoped, query_page


def provider_id() -> str:
    """The provider organization's id: fixed per deployment (derived from the table prefix), so
    bootstrapping twice, or concurrently, can never create a second provider."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"partner-console:{get_settings().table_prefix}"))


def get(principal: Principal, org_id: str, what: str = "Organization") -> OrganizationItem:
    if "#" in org_id:  # other records of the table (single sign-on settings, domain claims)
        raise NotFound.of(what, org_id)
    return get_in_scope(OrganizationItem, org_id, principal, what)


def get_partner(principal: Principal, partner_id: str) -> OrganizationItem:
    org = get(principal, partner_id, "Partner")
    if org.type != OrgType.PARTNER:
        raise NotFound.of("Partner", partner_id)
    return org


def find_provider() -> OrganizationItem | None:
    return get_unscoped(OrganizationItem, provider_id())


def new_org(
    org_type: OrgType,
    name: str,
    parent: OrganizationItem | None = None,
    *,
    parent_id: str | None = None,
    parent_path: str | None = None,
) -> OrganizationItem:
    """A new organization below ``parent`` (or below ``parent_id``/``parent_path``); with no
    parent at all, the provider."""
    if parent is not None:
        parent_id, parent_path = parent.id, parent.path
    now = clock.iso(clock.now())
    org_id = str(uuid.uuid4()) if parent_id else provider_id()
    path = child_path(parent_path or "/", org_id)
    return OrganizationItem(
        id=org_id,
        type=str(org_type),
        name=name,
        name_key=sort_key(name),
        kind_key=kind_key(path, str(org_type)),
        contract_count=0,
        parent_id=parent_id,
        path=path,
        created_at=now,
        updated_at=now,
    )


def _org_event(tx: Tx, principal: Principal, action: str, org: OrganizationItem, **snap) -> Tx:
    return audit.audited(
        tx, principal, action, target_type="organization", target_id=org.id, path=org.path, **snap
    )


def create(principal: Principal, org: OrganizationItem) -> OrganizationItem:
    """Create an organization under an existing parent (or the provider at the root)."""
    tx = Tx().save("org", org, condition=OrganizationItem.id.does_not_exist())
    if org.parent_id:
        tx.check("parent", OrganizationItem, org.parent_id, OrganizationItem.id.exists())
    _org_event(tx, principal, "organization.create", org, after=snapshot(org))

    def failed(_tx: Tx, names: set[str]) -> None:
        if "parent" in names:
            raise NotFound.of("Organization", org.parent_id)
        raise Conflict(f"Organization {org.id} already exists.")

    run_transaction(lambda: tx, failed)
    return org


def rename(principal: Principal, org: OrganizationItem, name: str) -> OrganizationItem:
    before = snapshot(org)
    now = clock.iso(clock.now())
    tx = Tx().update(
        "org",
        org,
        [
            OrganizationItem.name.set(name),
            OrganizationItem.name_key.set(sort_key(name)),
            OrganizationItem.updated_at.set(now),
        ],
        condition=OrganizationItem.id.exists(),
    )
    _org_event(
        tx, principal, "organization.update", org, before=before, after={**before, "name": name}
    )
    run_transaction(lambda: tx, not_found_on_failure("Organization", org.id))
    org.name, org.name_key, org.updated_at = name, sort_key(name), now
    return org


def list_children(
    parent: OrganizationItem, page: PageRequest, org_type: OrgType | None = None
) -> Page[OrganizationItem]:
    """``parent`` must come from a scoped read; its children are then in scope too."""
    condition = OrganizationItem.type == str(org_type) if org_type else None
    return query_page(OrganizationItem.by_parent.query, parent.id, page, filter_condition=condition)


def children_by_name(
    parent: OrganizationItem,
    org_type: OrgType,
    page: PageRequest,
    *,
    descending: bool = False,
    name_starts: str = "",
) -> Page[OrganizationItem]:
    """One page of ``parent``'s children of one kind by name (``parent-kind-name-index``),
    optionally only the names starting with ``name_starts`` (a ``sort_key``: the key
    condition). ``parent`` must come from a scoped read; its children are then in scope too."""
    condition = OrganizationItem.name_key.startswith(name_starts) if name_starts else None
    return query_page(
        OrganizationItem.by_kind_name.query,
        parent_kind_key(parent.id, str(org_type)),
        page,
        range_key_condition=condition,
        newest_first=descending,
    )


def kind_name_position(org: OrganizationItem) -> dict:
    """Where ``org`` stands on ``parent-kind-name-index`` (a start key either way)."""
    return {
        "id": {"S": org.id},
        "kind_key": {"S": org.kind_key},
        "name_key": {"S": org.name_key},
    }


def get_many(principal: Principal, org_ids: set[str]) -> dict[str, OrganizationItem]:
    """The organizations of ``org_ids`` the caller sees, by id (one BatchGetItem per 100;
    the others are left out, as a read by id answers 404)."""
    found = batch.get_models(*((OrganizationItem, org_id) for org_id in sorted(org_ids)))
    return {o.id: o for o in found if o is not None and principal.sees(o.path)}


def walk(root_id: str) -> Iterator[OrganizationItem]:
    """Every organization below ``root_id`` (which must be in the caller's scope), parents
    before their children: the one walk down the organization tree (Queries on the parent
    index, every page). Partners are leaves: nothing is asked below them."""
    for org in every_item(OrganizationItem.by_parent.query, root_id, 1000):
        yield org
        if org.type != OrgType.PARTNER:
            yield from walk(org.id)


def requires_mfa(org_id: str) -> bool:
    """For opening a session: does the person's organization require a second factor?"""
    org = get_unscoped(OrganizationItem, org_id)
    return bool(org and org.require_mfa)


def set_require_mfa(principal: Principal, org: OrganizationItem, value: bool) -> OrganizationItem:
    now = clock.iso(clock.now())
    tx = Tx().update(
        "org",
        org,
        [OrganizationItem.require_mfa.set(value), OrganizationItem.updated_at.set(now)],
        condition=OrganizationItem.id.exists(),
    )
    _org_event(
        tx,
        principal,
        "organization.security",
        org,
        before={"requireMfa": bool(org.require_mfa)},
        after={"requireMfa": value},
    )
    run_transaction(lambda: tx, not_found_on_failure("Organization", org.id))
    org.require_mfa, org.updated_at = value, now
    return org
