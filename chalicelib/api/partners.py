"""A distributor's partners: the ICMC operations (same paths, fields and status codes), plus
``allowOverdraft`` on PUT, ``POST /v1/partner/{id}/transfer`` and PATCH of a partner's user."""

from __future__ import annotations

from pydantic import Field

from chalicelib.api.http import Router
from chalicelib.api.members import MemberPatchIn, RoleName
from chalicelib.api.models import (
    Capacity,
    Email,
    IcmcRequestModel,
    Name,
    OptionalName,
    RequestModel,
    ResponseModel,
)
from chalicelib.domain import capacity
from chalicelib.services import members, partners

router = Router(__name__, "Distributors")


class PartnerIn(IcmcRequestModel):
    """``api.CreatePartnerReqBody``."""

    allocated_capacity: Capacity = Field(description="0 means Pay-per-Use.")
    allow_overdraft: bool = False
    distributor_contract_id: str
    name: Name


class PartnerPutIn(IcmcRequestModel):
    """``api.UpdatePartnerReqBody`` plus ``allowOverdraft``; every field is optional."""

    allocated_capacity: Capacity | None = None
    name: Name | None = None
    allow_overdraft: bool | None = None


class PartnerMemberIn(IcmcRequestModel):
    """``api.CreateMemberReqBody`` (an ICMC operation: unknown fields are ignored; the password
    is required, as in the vendor's API: invitations go through
    ``POST /v1/organizations/{id}/members``)."""

    email: Email
    name: OptionalName = ""
    password: str = Field(min_length=1, max_length=1024)
    role: RoleName


class TransferIn(RequestModel):
    distributor_contract_id: str = Field(description="Another contract of the same distributor.")


class PartnerOut(ResponseModel):
    """``api.DistributorPartnerResponse`` plus ``usedCapacity`` and ``usageUpdatedAt``."""

    allocated_capacity: int
    allow_overdraft: bool
    details: str
    distributor_contract_id: str
    id: str
    name: str
    used_capacity: int
    usage_updated_at: str | None
    accounts_allocated_capacity: int = Field(
        default=0, description="Extension: bytes allocated to its storage accounts."
    )
    left_for_storage_accounts: int | None = Field(
        default=None,
        description="Extension: bytes its storage accounts may still be given "
        "(`allocatedCapacity − accountsAllocatedCapacity`); null for pay-per-use, which "
        "bounds nothing.",
    )


class PartnerMemberOut(ResponseModel):
    """``api.DistributorPartnerMembersResponse``."""

    email: str
    id: str
    name: str
    role: str


def partner_out(p) -> PartnerOut:
    return PartnerOut(
        allocated_capacity=int(p.allocated_capacity),
        allow_overdraft=bool(p.allow_overdraft),
        details="",
        distributor_contract_id=p.contract_id,
        id=p.id,
        name=p.name,
        used_capacity=int(p.used_capacity),
        usage_updated_at=p.usage_updated_at,
        accounts_allocated_capacity=int(p.accounts_allocated_capacity),
        left_for_storage_accounts=capacity.left_for_accounts(
            int(p.allocated_capacity), int(p.accounts_allocated_capacity)
        ),
    )


def member_out(user) -> PartnerMemberOut:
    return PartnerMemberOut(email=user.email, id=user.id, name=user.name, role=user.role)


@router.route(
    "/v1/partner",
    "POST",
    summary="Create partner in the contract",
    body=PartnerIn,
    response=PartnerOut,
    status=201,
    errors=(403, 409),
)
def create_partner(ctx, body: PartnerIn) -> PartnerOut:
    partner = partners.create_partner(
        ctx.principal,
        body.distributor_contract_id,
        body.name,
        body.allocated_capacity,
        body.allow_overdraft,
    )
    return partner_out(partner)


@router.route(
    "/v1/partner/{partnerID}", "GET", summary="Get a partner by identifier", response=PartnerOut
)
def get_partner(ctx, partnerID: str) -> PartnerOut:
    return partner_out(partners.get_partner(ctx.principal, partnerID))


@router.route(
    "/v1/partner/{partnerID}",
    "PUT",
    summary="Change partner's name, allocation or overdraft",
    body=PartnerPutIn,
    response=PartnerOut,
    errors=(403, 409),
)
def update_partner(ctx, partnerID: str, body: PartnerPutIn) -> PartnerOut:
    partner = partners.update_partner(
        ctx.principal,
        partnerID,
        allocation=body.allocated_capacity,
        name=body.name,
        allow_overdraft=body.allow_overdraft,
    )
    return partner_out(partner)


@router.route(
    "/v1/partner/{partnerID}",
    "DELETE",
    summary="Delete a partner (fails while it has storage accounts)",
    status=204,
    errors=(403, 409),
)
def delete_partner(ctx, partnerID: str) -> None:
    partners.delete_partner(ctx.principal, partnerID)


@router.route(
    "/v1/partner/{partnerID}/transfer",
    "POST",
    summary="Move a partner to another contract of the same distributor",
    body=TransferIn,
    response=PartnerOut,
    errors=(403, 409),
)
def transfer_partner(ctx, partnerID: str, body: TransferIn) -> PartnerOut:
    partner = partners.transfer_partner(ctx.principal, partnerID, body.distributor_contract_id)
    return partner_out(partner)


@router.route(
    "/v1/partner/{partnerID}/member",
    "POST",
    summary="Create Management Console user for specific distributor partner",
    body=PartnerMemberIn,
    response=PartnerMemberOut,
    status=201,
    errors=(403, 409),
)
def create_member(ctx, partnerID: str, body: PartnerMemberIn) -> PartnerMemberOut:
    user = members.create_member(ctx.principal, partnerID, partner_only=True, **body.model_dump())
    return member_out(user)


@router.route(
    "/v1/partner/{partnerID}/members",
    "GET",
    summary="List Management Console users for specific distributor partner",
    response=PartnerMemberOut,
    paginated=True,
)
def list_members(ctx, partnerID: str):
    page = members.list_members(ctx.principal, partnerID, ctx.page, partner_only=True)
    return page.map(member_out)


@router.route(
    "/v1/partner/{partnerID}/member/{memberID}",
    "PATCH",
    summary="Change a partner's console user (admins)",
    body=MemberPatchIn,
    response=PartnerMemberOut,
    errors=(403, 409),
)
def update_member(ctx, partnerID: str, memberID: str, body: MemberPatchIn) -> PartnerMemberOut:
    user = members.update_member(
        ctx.principal, partnerID, memberID, partner_only=True, **body.model_dump()
    )
    return member_out(user)


@router.route(
    "/v1/partner/{partnerID}/member/{memberID}",
    "DELETE",
    summary="Remove Management Console user for a specific distributor partner",
    status=204,
    errors=(403, 409),
)
def delete_member(ctx, partnerID: str, memberID: str) -> None:
    members.delete_member(ctx.principal, partnerID, memberID, partner_only=True)
