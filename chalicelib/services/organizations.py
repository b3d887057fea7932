"""Distributors and direct channel partners (created by the provider), and browsing the tree."""

from __future__ import annotations

from chalicelib.domain.mfa import may_set_policy
from chalicelib.domain.names import sort_key
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action, OrgType
from chalicelib.errors import Forbidden, ValidationFailed
from chalicelib.paging import Page, PageRequest
from chalicelib.store import organizations as orgs
from chalicelib.store.models import OrganizationItem


def create_organization(
    principal: Principal, org_type: OrgType, name: str, parent_id: str | None
) -> OrganizationItem:
    principal.require(Action.MANAGE_CHANNEL)
    provider = orgs.get(principal, principal.org_id)
    if parent_id is not None and parent_id != provider.id:
        orgs.get(principal, parent_id)  # an unknown or foreign parent is simply not found
        raise ValidationFailed(
            "Distributors and direct channel partners are created under the provider. A "
            "distributor's partners are created in one of its contracts with POST /v1/partner.",
            details=[{"field": "parentId", "location": "body", "message": "Must be the provider."}],
        )
    return orgs.create(principal, orgs.new_org(org_type, name, provider))


def list_organizations(
    principal: Principal, parent_id: str | None, org_type: OrgType | None, page: PageRequest
) -> Page[OrganizationItem]:
    principal.require(Action.VIEW)
    parent = orgs.get(principal, parent_id or principal.org_id)
    return orgs.list_children(parent, page, org_type)


def organizations_by_name(
    principal: Principal,
    org_type: OrgType,
    page: PageRequest,
    *,
    descending: bool = False,
    name_starts: str = "",
) -> Page[OrganizationItem]:
    """One page of the caller's child organizations of one kind, by name (``descending``:
    backwards, for a console table's "Previous"), optionally only those whose name starts with
    ``name_starts`` (case and extra spaces ignored)."""
    principal.require(Action.VIEW)
    parent = orgs.get(principal, principal.org_id)
    return orgs.children_by_name(
        parent, org_type, page, descending=descending, name_starts=sort_key(name_starts)
    )


def name_position(org: OrganizationItem) -> dict:
    """Where ``org`` stands in ``organizations_by_name`` (a start key either way)."""
    return orgs.kind_name_position(org)


def organizations_by_id(principal: Principal, org_ids: set[str]) -> dict[str, OrganizationItem]:
    """The organizations of ``org_ids`` the caller sees, by id (a batch read)."""
    principal.require(Action.VIEW)
    return orgs.get_many(principal, org_ids)


def get_organization(principal: Principal, org_id: str) -> OrganizationItem:
    principal.require(Action.VIEW)
    return orgs.get(principal, org_id)


def rename_organization(principal: Principal, org_id: str, name: str) -> OrganizationItem:
    org = orgs.get(principal, org_id)
    principal.require(Action.MANAGE_TEAM if org.id == principal.org_id else Action.MANAGE_RESOURCES)
    return orgs.rename(principal, org, name)


def update_organization(
    principal: Principal, org_id: str, name: str | None, require_mfa: bool | None
) -> OrganizationItem:
    """``PATCH /v1/organizations/{id}``: rename, and/or switch "require a second factor"."""
    if name is None and require_mfa is None:
        raise ValidationFailed(
            "Send name and/or requireMfa.",
            details=[{"field": "body", "location": "body", "message": "Nothing to change."}],
        )
    org = orgs.get(principal, org_id)
    if require_mfa is not None:
        own = org.id == principal.org_id
        if not may_set_policy(principal.role, principal.org_type, own):
            raise Forbidden(
                f"Your role ({principal.role}) does not allow you to change whether this "
                "organization requires a second factor: its admins (or the provider's) can."
            )
    if name is not None:
        org = rename_organization(principal, org_id, name)
    if require_mfa is not None and bool(org.require_mfa) != require_mfa:
        org = orgs.set_require_mfa(principal, org, require_mfa)
    return org
