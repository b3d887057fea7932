"""Single sign-on with OpenID Connect: an organization's identity provider settings, and the
browser sign-in through it (``services/sso.py``)."""

from __future__ import annotations

from typing import Literal

from chalice import Response
from pydantic import Field

from chalicelib.api.http import Router
from chalicelib.api.models import QueryModel, RequestModel, ResponseModel
from chalicelib.services import sso

router = Router(__name__, "Single sign-on")

SsoRole = Literal["admin", "staff", "viewer"]


class SsoIn(RequestModel):
    issuer: str = Field(
        min_length=8,
        max_length=500,
        description="The provider's issuer URL, exactly as its discovery document names it "
        "(https; http only on the local and test stages).",
    )
    client_id: str = Field(min_length=1, max_length=500)
    client_secret: str | None = Field(
        default=None,
        min_length=1,
        max_length=2000,
        description="Write-only: stored encrypted, never returned. Required the first time; "
        "leave it out to keep the current one.",
    )
    email_domains: list[str] = Field(
        min_length=1,
        max_length=20,
        description="People whose email is in one of these domains sign in here. A domain "
        "belongs to one organization only (409 `domain_claimed`).",
    )
    role_claim: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="The ID token claim (a string or a list of strings, e.g. `groups`) that "
        "`roleMapping` reads.",
    )
    role_mapping: dict[str, SsoRole] = Field(
        default_factory=dict,
        max_length=50,
        description="Claim value -> role; the most powerful mapped value wins.",
    )
    default_role: SsoRole = Field(description="The role of people no mapping matches.")
    jit: bool = Field(
        default=False, description="Create unknown people of these domains at first sign-in."
    )
    enforce: bool = Field(
        default=False,
        description="Refuse password sign-in for this organization's members; its admins "
        "with a second factor keep it (break-glass).",
    )


class SsoOut(ResponseModel):
    organization_id: str
    issuer: str
    client_id: str
    client_secret_set: bool = Field(description="The secret itself is never returned.")
    email_domains: list[str]
    role_claim: str | None
    role_mapping: dict[str, str]
    default_role: str
    jit: bool
    enforce: bool
    callback_url: str = Field(
        description="Register this redirect URI for the client at the identity provider."
    )
    created_at: str
    updated_at: str


class SsoStartQuery(QueryModel):
    email: str = Field(min_length=3, max_length=254, description="The person's work email.")


def sso_out(config, base_url: str) -> SsoOut:
    return SsoOut(
        organization_id=config.org_id,
        issuer=config.issuer,
        client_id=config.client_id,
        client_secret_set=bool(config.client_secret),
        email_domains=list(config.email_domains),
        role_claim=config.role_claim,
        role_mapping=sso.role_mapping(config),
        default_role=config.default_role,
        jit=bool(config.jit),
        enforce=bool(config.enforce),
        callback_url=f"{base_url}{sso.CALLBACK_PATH}",
        created_at=config.created_at,
        updated_at=config.updated_at,
    )


def settings_of(body: SsoIn) -> sso.SsoSettings:
    return sso.SsoSettings(
        issuer=body.issuer,
        client_id=body.client_id,
        client_secret=body.client_secret,
        email_domains=body.email_domains,
        role_claim=body.role_claim,
        role_mapping=dict(body.role_mapping),
        default_role=body.default_role,
        jit=body.jit,
        enforce=body.enforce,
    )


@router.route(
    "/v1/organizations/{id}/sso",
    "GET",
    summary="Get an organization's single sign-on settings (its admins, the provider's admins)",
    response=SsoOut,
    errors=(403,),
)
def get_sso(ctx, id: str) -> SsoOut:
    return sso_out(sso.get_config(ctx.principal, id), ctx.base_url)


@router.route(
    "/v1/organizations/{id}/sso",
    "PUT",
    summary="Connect or change an organization's OpenID Connect identity provider",
    body=SsoIn,
    response=SsoOut,
    errors=(403, 409),
)
def put_sso(ctx, id: str, body: SsoIn) -> SsoOut:
    return sso_out(sso.put_config(ctx.principal, id, settings_of(body)), ctx.base_url)


@router.route(
    "/v1/organizations/{id}/sso",
    "DELETE",
    summary="Remove an organization's single sign-on (releases its email domains)",
    status=204,
    errors=(403, 409),
)
def delete_sso(ctx, id: str) -> None:
    sso.delete_config(ctx.principal, id)


@router.route(
    "/v1/auth/sso/start",
    "GET",
    summary="Start signing in with single sign-on (redirects to the identity provider)",
    query=SsoStartQuery,
    status=302,
    public=True,
    errors=(502,),
    description="Finds the organization by the email's domain and answers 302 to its "
    "identity provider (authorization code flow with PKCE S256, state and nonce). The browser "
    "gets the state in an httpOnly cookie; the provider sends it back to "
    "`GET /v1/auth/sso/callback`, a console page (HTML for the browser, so not in this "
    "document) that checks the answer and opens a console session.",
)
def start(ctx, query: SsoStartQuery) -> Response:
    started = sso.start(query.email, ctx.base_url)
    return Response(
        body="",
        status_code=302,
        headers={
            "Location": started.authorization_url,
            "Set-Cookie": sso.state_cookie(started.state),
            "Cache-Control": "no-store",
        },
    )
