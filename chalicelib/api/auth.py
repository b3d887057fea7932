"""Sessions and the caller's own account: login, logout, me, password."""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from pydantic import Field, RootModel

from chalicelib.api.http import Router
from chalicelib.api.models import DEFERRED, RequestModel, ResponseModel
from chalicelib.services import auth, sessions

router = Router(__name__, "Session")


class LoginIn(RequestModel):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1024)


class UserOut(ResponseModel):
    id: str
    email: str
    name: str
    role: str
    organization_id: str
    locale: Literal["de", "en"] | None = Field(
        default=None,
        description="The console language the person chose; null: the browser's "
        "`Accept-Language` decides.",
    )


class LoginOut(ResponseModel):
    token: str = Field(description="Opaque bearer token; send it as `Authorization: Bearer …`.")
    expires_at: str = Field(description="Absolute end of the session (RFC 3339, UTC).")
    idle_timeout_minutes: int
    user: UserOut


class MfaRequiredOut(ResponseModel):
    mfa_required: Literal[True] = True
    mfa_token: str = Field(
        description="Send it to `POST /v1/auth/mfa` with a code, a recovery code or a passkey "
        "assertion, from the same address, before `expiresAt`; it works once."
    )
    methods: list[Literal["totp", "recovery_code", "passkey"]]
    expires_at: str


class LoginAnswer(RootModel[LoginOut | MfaRequiredOut]):
    """A session, or (for a person with a second factor) the ticket for the second step."""

    model_config = DEFERRED


class OrganizationRef(ResponseModel):
    id: str
    name: str
    type: str


class MeOut(ResponseModel):
    authenticated_with: Literal["session", "api_key"]
    role: str
    organization: OrganizationRef
    user: UserOut | None = None
    api_key_id: str | None = None


class MeChangeIn(RequestModel):
    locale: Literal["de", "en"] | None = Field(
        description="The console language: `de` or `en`; null to follow the browser's "
        "`Accept-Language`. API messages and exports stay English."
    )


class PasswordChangeIn(RequestModel):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)


def user_out(user) -> UserOut:
    return UserOut(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        organization_id=user.org_id,
        locale=user.locale,
    )


@router.route(
    "/v1/auth/login",
    "POST",
    summary="Log in with email and password",
    body=LoginIn,
    response=LoginAnswer,
    public=True,
    errors=(401, 403, 429),
    description="For a person with a second factor the answer is `{mfaRequired: true, "
    "mfaToken, methods}` and no session: complete it with `POST /v1/auth/mfa`. A member of an "
    "organization that enforces single sign-on gets `403 sso_required` (its admins with a "
    "second factor excepted: break-glass).",
)
def login(ctx, body: LoginIn) -> LoginOut | MfaRequiredOut:
    result = auth.login(
        body.email, body.password, source_ip=ctx.source_ip, request_id=ctx.request_id
    )
    return login_answer(result)


def login_answer(result) -> LoginOut | MfaRequiredOut:
    if not isinstance(result, sessions.LoginResult):
        return MfaRequiredOut(
            mfa_token=result.mfa_token, methods=result.methods, expires_at=result.expires_at
        )
    return LoginOut(
        token=result.token,
        expires_at=result.expires_at,
        idle_timeout_minutes=result.idle_timeout_minutes,
        user=user_out(result.user),
    )


@router.route(
    "/v1/auth/logout", "POST", summary="Log out (revoke this session)", status=204, errors=(403,)
)
def logout(ctx) -> None:
    auth.logout(ctx.principal)


@router.route("/v1/me", "GET", summary="Who am I", response=MeOut)
def me(ctx) -> MeOut:
    return me_out(ctx.principal)


@router.route(
    "/v1/me",
    "PATCH",
    summary="Change my console language",
    body=MeChangeIn,
    response=MeOut,
    errors=(403,),
    description="Stores the person's console language (`de` or `en`; null follows the "
    "browser). A session only: an API key is refused with 403.",
)
def change_me(ctx, body: MeChangeIn) -> MeOut:
    user = auth.set_own_locale(ctx.principal, body.locale)
    return me_out(replace(ctx.principal, locale=user.locale))


def me_out(principal) -> MeOut:
    org = auth.whoami(principal)
    person = principal.user_id is not None
    user = None
    if person:
        user = UserOut(
            id=principal.user_id,
            email=principal.actor_label,
            name=principal.user_name,
            role=principal.role,
            organization_id=principal.org_id,
            locale=principal.locale,
        )
    return MeOut(
        authenticated_with="session" if person else "api_key",
        role=principal.role,
        organization=OrganizationRef(id=org.id, name=org.name, type=org.type),
        user=user,
        api_key_id=None if person else principal.actor_id,
    )


@router.route(
    "/v1/me/password",
    "POST",
    summary="Change my password (keeps this session, ends the others)",
    body=PasswordChangeIn,
    status=204,
    errors=(403,),
)
def change_password(ctx, body: PasswordChangeIn) -> None:
    auth.change_own_password(ctx.principal, body.current_password, body.new_password)
