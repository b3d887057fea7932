"""Passkeys: the person's own (register, list, remove) and signing in with one."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from chalicelib.api.auth import LoginOut, login_answer
from chalicelib.api.http import Router
from chalicelib.api.mfa import request_origin
from chalicelib.api.models import RequestModel, ResponseModel
from chalicelib.services import passkeys

router = Router(__name__, "Second factor")

CREDENTIAL = "The `PublicKeyCredential` the browser returned, as JSON (`credential.toJSON()`)."


class PasskeyIn(RequestModel):
    name: str = Field(min_length=1, max_length=60, description="e.g. 'Work laptop'.")
    credential: dict[str, Any] = Field(description=CREDENTIAL)


class PasskeyOut(ResponseModel):
    id: str = Field(description="The credential id (base64url).")
    name: str
    created_at: str
    last_used_at: str | None = None


class PasskeyOptionsIn(RequestModel):
    mfa_token: str | None = Field(
        default=None,
        max_length=200,
        description="For the second step of a login; without it, options for signing in with a "
        "passkey alone.",
    )


class WebAuthnOptionsOut(ResponseModel):
    """`PublicKeyCredentialCreationOptions` or `…RequestOptions` as JSON (base64url binary)."""

    model_config = ConfigDict(**ResponseModel.model_config, extra="allow")
    challenge: str
    timeout: int | None = None


class PasskeyLoginIn(RequestModel):
    credential: dict[str, Any] = Field(description=CREDENTIAL)


def passkey_out(item) -> PasskeyOut:
    return PasskeyOut(
        id=item.id, name=item.name, created_at=item.created_at, last_used_at=item.last_used_at
    )


@router.route(
    "/v1/me/passkeys/options",
    "POST",
    summary="Start registering a passkey (options for navigator.credentials.create)",
    response=WebAuthnOptionsOut,
    errors=(403,),
)
def registration_options(ctx) -> WebAuthnOptionsOut:
    options = passkeys.registration_options(ctx.principal, request_origin(ctx))
    return WebAuthnOptionsOut.model_validate(options)


@router.route(
    "/v1/me/passkeys",
    "POST",
    summary="Register a passkey with a name",
    body=PasskeyIn,
    response=PasskeyOut,
    status=201,
    errors=(403, 409),
)
def register(ctx, body: PasskeyIn) -> PasskeyOut:
    item = passkeys.register(ctx.principal, body.name, body.credential, request_origin(ctx))
    return passkey_out(item)


@router.route(
    "/v1/me/passkeys",
    "GET",
    summary="My passkeys (names, created, last used)",
    response=PasskeyOut,
    paginated=True,
    errors=(403,),
)
def list_passkeys(ctx):
    return passkeys.list_own(ctx.principal, ctx.page).map(passkey_out)


class PasskeyDeleteIn(RequestModel):
    """Confirms it is you, as removing the authenticator app does."""

    code: str | None = Field(
        default=None, max_length=20, description="A current code from your authenticator app."
    )
    password: str | None = Field(default=None, max_length=1024, description="Or your password.")


@router.route(
    "/v1/me/passkeys/{id}",
    "DELETE",
    summary="Remove one of my passkeys (needs a current code or the password)",
    body=PasskeyDeleteIn,
    status=204,
    errors=(403, 429),
)
def delete_passkey(ctx, id: str, body: PasskeyDeleteIn) -> None:
    passkeys.delete_own(ctx.principal, id, body.code, body.password)


@router.route(
    "/v1/auth/passkey/options",
    "POST",
    summary="Options for signing in with a passkey (alone, or as a login's second step)",
    body=PasskeyOptionsIn,
    response=WebAuthnOptionsOut,
    public=True,
    errors=(401,),
)
def login_options(ctx, body: PasskeyOptionsIn) -> WebAuthnOptionsOut:
    options = passkeys.login_options(request_origin(ctx), body.mfa_token, ctx.source_ip)
    return WebAuthnOptionsOut.model_validate(options)


@router.route(
    "/v1/auth/passkey",
    "POST",
    summary="Sign in with a passkey alone (discoverable credential)",
    body=PasskeyLoginIn,
    response=LoginOut,
    public=True,
    errors=(401, 403),
    description="`403 sso_required` for a member of an organization that enforces single "
    "sign-on (its admins excepted: break-glass).",
)
def passkey_login(ctx, body: PasskeyLoginIn) -> LoginOut:
    result = passkeys.passwordless(
        body.credential, request_origin(ctx), source_ip=ctx.source_ip, request_id=ctx.request_id
    )
    return login_answer(result)
