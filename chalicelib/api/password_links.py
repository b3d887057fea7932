""" "Forgot password?" and invitations: a single-use link by e-mail, then a password the
person chooses."""

from __future__ import annotations

from pydantic import Field

from chalicelib.api.http import Router
from chalicelib.api.models import RequestModel, ResponseModel
from chalicelib.services import password_links

router = Router(__name__, "Session")


class ResetRequestIn(RequestModel):
    email: str = Field(min_length=3, max_length=254)


class ResetRequestOut(ResponseModel):
    message: str


class ResetConfirmIn(RequestModel):
    token: str = Field(min_length=1, max_length=200, description="From the link in the e-mail.")
    password: str = Field(min_length=1, max_length=1024)


@router.route(
    "/v1/auth/password-reset",
    "POST",
    summary="Ask for a link to set a new password (the same answer whether the email exists)",
    body=ResetRequestIn,
    response=ResetRequestOut,
    status=202,
    public=True,
    errors=(429,),
)
def request_reset(ctx, body: ResetRequestIn) -> ResetRequestOut:
    message = password_links.request_reset(
        body.email, source_ip=ctx.source_ip, base_url=ctx.base_url
    )
    return ResetRequestOut(message=message)


@router.route(
    "/v1/auth/password-reset/confirm",
    "POST",
    summary="Set a new password with the link's token (ends every session of the person)",
    body=ResetConfirmIn,
    status=204,
    public=True,
    errors=(409,),
)
def confirm_reset(ctx, body: ResetConfirmIn) -> None:
    password_links.set_password(
        body.token, body.password, source_ip=ctx.source_ip, request_id=ctx.request_id
    )


class InvitationAcceptIn(RequestModel):
    token: str = Field(min_length=1, max_length=200, description="From the invitation e-mail.")
    password: str = Field(min_length=1, max_length=1024)


@router.route(
    "/v1/auth/invitation/accept",
    "POST",
    summary="Accept an invitation: choose your password with the e-mail's token (then sign in)",
    body=InvitationAcceptIn,
    status=204,
    public=True,
    errors=(409,),
)
def accept_invitation(ctx, body: InvitationAcceptIn) -> None:
    password_links.accept_invitation(
        body.token, body.password, source_ip=ctx.source_ip, request_id=ctx.request_id
    )
