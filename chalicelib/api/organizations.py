"""``/v1/organizations``: the provider creates distributors and direct channel partners; anyone
browses the part of the tree they can see."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib.api.http import Router
from chalicelib.api.models import Name, QueryModel, RequestModel, ResponseModel
from chalicelib.domain.roles import OrgType
from chalicelib.services import organizations

router = Router(__name__, "Organizations")


class OrganizationIn(RequestModel):
    type: Literal["distributor", "partner"] = Field(
        description="`partner` creates a direct channel partner of the provider."
    )
    name: Name
    parent_id: str | None = Field(default=None, description="The provider's id, if given.")


class OrganizationPatchIn(RequestModel):
    name: Name | None = None
    require_mfa: bool | None = Field(
        default=None,
        description="Members without a second factor may then only enrol one (their admins, "
        "or the provider's admins, set it).",
    )


class OrganizationQuery(QueryModel):
    parent_id: str | None = Field(
        default=None, description="List this organization's children (default: your own)."
    )
    type: Literal["distributor", "partner"] | None = None


class OrganizationOut(ResponseModel):
    id: str
    type: str
    name: str
    parent_id: str | None
    contract_id: str | None = None
    require_mfa: bool = False
    created_at: str
    updated_at: str


def organization_out(org) -> OrganizationOut:
    return OrganizationOut(
        id=org.id,
        type=org.type,
        name=org.name,
        parent_id=org.parent_id,
        contract_id=org.contract_id,
        require_mfa=bool(org.require_mfa),
        created_at=org.created_at,
        updated_at=org.updated_at,
    )


@router.route(
    "/v1/organizations",
    "GET",
    summary="List the organizations directly below one of yours",
    query=OrganizationQuery,
    response=OrganizationOut,
    paginated=True,
)
def list_organizations(ctx, query: OrganizationQuery):
    org_type = OrgType(query.type) if query.type else None
    page = organizations.list_organizations(ctx.principal, query.parent_id, org_type, ctx.page)
    return page.map(organization_out)


@router.route(
    "/v1/organizations",
    "POST",
    summary="Create a distributor or a direct channel partner (provider)",
    body=OrganizationIn,
    response=OrganizationOut,
    status=201,
    errors=(403,),
)
def create_organization(ctx, body: OrganizationIn) -> OrganizationOut:
    org = organizations.create_organization(
        ctx.principal, OrgType(body.type), body.name, body.parent_id
    )
    return organization_out(org)


@router.route(
    "/v1/organizations/{id}",
    "GET",
    summary="Get an organization",
    response=OrganizationOut,
)
def get_organization(ctx, id: str) -> OrganizationOut:
    return organization_out(organizations.get_organization(ctx.principal, id))


@router.route(
    "/v1/organizations/{id}",
    "PATCH",
    summary="Rename an organization, or require a second factor of its members",
    body=OrganizationPatchIn,
    response=OrganizationOut,
    errors=(403,),
)
def rename_organization(ctx, id: str, body: OrganizationPatchIn) -> OrganizationOut:
    org = organizations.update_organization(ctx.principal, id, body.name, body.require_mfa)
    return organization_out(org)
