"""Console users: ``/v1/organizations/{id}/members`` (any organization in scope) and
``/v1/team-members`` (the caller's own organization). The ICMC partner member routes live with
the partner routes and use the same service."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from chalicelib import clock
from chalicelib.api.http import Router
from chalicelib.api.models import Email, OptionalName, RequestModel, ResponseModel
from chalicelib.domain import invitations as invites
from chalicelib.domain.mfa import factor_names
from chalicelib.services import members

router = Router(__name__, "Members")

RoleName = Literal["admin", "staff", "viewer"]


class MemberIn(RequestModel):
    email: Email
    name: OptionalName = ""
    password: str | None = Field(
        default=None,
        min_length=1,
        max_length=1024,
        description="The initial password; leave it out with `invite`.",
    )
    role: RoleName
    invite: bool = Field(
        default=False,
        description=(
            "Send the person an e-mail invitation instead of setting a password: a single-use "
            "link, valid 7 days, to a page where they choose their own."
        ),
    )


class MemberPatchIn(RequestModel):
    name: OptionalName | None = None
    role: RoleName | None = None
    password: str | None = Field(default=None, min_length=1, max_length=1024)


class MemberOut(ResponseModel):
    id: str
    email: str
    name: str
    role: str
    organization_id: str
    second_factors: list[Literal["totp", "passkey"]] = Field(
        default_factory=list, description="The second factors the person has set up."
    )
    status: Literal["active", "invited", "invitation_expired"] = Field(
        default="active",
        description="`invited`: added by invitation, not accepted yet (cannot sign in).",
    )
    invitation_expires_at: str | None = Field(
        default=None, description="While invited: when the invitation link stops working."
    )
    created_at: str
    updated_at: str


def member_out(user) -> MemberOut:
    return MemberOut(
        status=invites.member_status(user.invited_until, clock.now()),
        invitation_expires_at=user.invited_until,
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        organization_id=user.org_id,
        second_factors=factor_names(bool(user.totp_secret), int(user.passkey_count or 0)),
        created_at=user.created_at,
        updated_at=user.updated_at,
    )


# --- any organization in scope ---------------------------------------------------------------


@router.route(
    "/v1/organizations/{id}/members",
    "GET",
    summary="List an organization's console users",
    response=MemberOut,
    paginated=True,
)
def list_org_members(ctx, id: str):
    return members.list_members(ctx.principal, id, ctx.page).map(member_out)


@router.route(
    "/v1/organizations/{id}/members",
    "POST",
    summary="Create a console user in an organization (e.g. a distributor's first admin)",
    body=MemberIn,
    response=MemberOut,
    status=201,
    errors=(403, 409),
)
def create_org_member(ctx, id: str, body: MemberIn) -> MemberOut:
    user = members.create_member(ctx.principal, id, base_url=ctx.base_url, **body.model_dump())
    return member_out(user)


@router.route(
    "/v1/organizations/{id}/members/{memberID}/invitation",
    "POST",
    summary="Send an invited console user a new invitation (the previous link stops working)",
    response=MemberOut,
    errors=(403, 409),
)
def resend_org_invitation(ctx, id: str, memberID: str) -> MemberOut:
    user = members.resend_invitation(ctx.principal, id, memberID, base_url=ctx.base_url)
    return member_out(user)


@router.route(
    "/v1/organizations/{id}/members/{memberID}/invitation",
    "DELETE",
    summary="Revoke an invitation not accepted yet (removes the invited user)",
    status=204,
    errors=(403, 409),
)
def revoke_org_invitation(ctx, id: str, memberID: str) -> None:
    members.revoke_invitation(ctx.principal, id, memberID)


@router.route(
    "/v1/organizations/{id}/members/{memberID}",
    "PATCH",
    summary="Change a console user's name, role or password",
    body=MemberPatchIn,
    response=MemberOut,
    errors=(403, 409),
)
def update_org_member(ctx, id: str, memberID: str, body: MemberPatchIn) -> MemberOut:
    return member_out(members.update_member(ctx.principal, id, memberID, **body.model_dump()))


@router.route(
    "/v1/organizations/{id}/members/{memberID}",
    "DELETE",
    summary="Remove a console user",
    status=204,
    errors=(403, 409),
)
def delete_org_member(ctx, id: str, memberID: str) -> None:
    members.delete_member(ctx.principal, id, memberID)


# --- own team --------------------------------------------------------------------------------


@router.route(
    "/v1/team-members",
    "GET",
    summary="List my organization's team members",
    response=MemberOut,
    paginated=True,
    tags=("Team members",),
)
def list_team(ctx):
    return members.list_members(ctx.principal, ctx.principal.org_id, ctx.page).map(member_out)


@router.route(
    "/v1/team-members",
    "POST",
    summary="Add a team member (admins)",
    body=MemberIn,
    response=MemberOut,
    status=201,
    errors=(403, 409),
    tags=("Team members",),
)
def create_team_member(ctx, body: MemberIn) -> MemberOut:
    user = members.create_member(
        ctx.principal, ctx.principal.org_id, base_url=ctx.base_url, **body.model_dump()
    )
    return member_out(user)


@router.route(
    "/v1/team-members/{id}/invitation",
    "POST",
    summary="Send an invited team member a new invitation (admins; the old link stops working)",
    response=MemberOut,
    errors=(403, 409),
    tags=("Team members",),
)
def resend_team_invitation(ctx, id: str) -> MemberOut:
    user = members.resend_invitation(ctx.principal, ctx.principal.org_id, id, base_url=ctx.base_url)
    return member_out(user)


@router.route(
    "/v1/team-members/{id}/invitation",
    "DELETE",
    summary="Revoke a team invitation not accepted yet (admins; removes the invited member)",
    status=204,
    errors=(403, 409),
    tags=("Team members",),
)
def revoke_team_invitation(ctx, id: str) -> None:
    members.revoke_invitation(ctx.principal, ctx.principal.org_id, id)


@router.route(
    "/v1/team-members/{id}",
    "PATCH",
    summary="Change a team member's name, role or password (admins)",
    body=MemberPatchIn,
    response=MemberOut,
    errors=(403, 409),
    tags=("Team members",),
)
def update_team_member(ctx, id: str, body: MemberPatchIn) -> MemberOut:
    user = members.update_member(ctx.principal, ctx.principal.org_id, id, **body.model_dump())
    return member_out(user)


@router.route(
    "/v1/team-members/{id}",
    "DELETE",
    summary="Remove a team member (admins)",
    status=204,
    errors=(403, 409),
    tags=("Team members",),
)
def delete_team_member(ctx, id: str) -> None:
    members.delete_member(ctx.principal, ctx.principal.org_id, id)
