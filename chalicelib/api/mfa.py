"""Second factors: the login's second step and the person's own authenticator app."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from pydantic import Field, model_validator

from chalicelib.api.auth import LoginOut, login_answer
from chalicelib.api.http import Router
from chalicelib.api.models import RequestModel, ResponseModel
from chalicelib.services import mfa

router = Router(__name__, "Second factor")


def request_origin(ctx) -> str:
    """``scheme://host[:port]`` the request came to (passkeys check the browser's origin)."""
    parts = urlsplit(ctx.base_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


class MfaIn(RequestModel):
    mfa_token: str = Field(min_length=1, max_length=200)
    code: str | None = Field(default=None, min_length=1, max_length=20)
    recovery_code: str | None = Field(default=None, min_length=1, max_length=40)
    credential: dict[str, Any] | None = Field(
        default=None, description="A WebAuthn assertion (`PublicKeyCredential` as JSON)."
    )

    @model_validator(mode="after")
    def exactly_one(self) -> MfaIn:
        given = [n for n in ("code", "recovery_code", "credential") if getattr(self, n)]
        if len(given) != 1:
            raise ValueError("send exactly one of code, recoveryCode or credential")
        return self


class TotpStartOut(ResponseModel):
    secret: str = Field(description="Base32; for typing into an app that cannot scan the QR code.")
    otpauth_uri: str


class TotpConfirmIn(RequestModel):
    code: str = Field(min_length=1, max_length=20)


class RecoveryCodesOut(ResponseModel):
    recovery_codes: list[str] = Field(
        description="Ten single-use codes; shown this once, stored only as keyed hashes."
    )


class TotpDeleteIn(RequestModel):
    code: str | None = Field(default=None, max_length=20)
    password: str | None = Field(default=None, max_length=1024)


class MfaStatusOut(ResponseModel):
    methods: list[str]
    totp: bool
    recovery_codes_left: int
    passkeys: int


@router.route(
    "/v1/auth/mfa",
    "POST",
    summary="Complete a login with a second factor",
    body=MfaIn,
    response=LoginOut,
    public=True,
    errors=(401, 403, 429),
    description="Wrong codes count toward the same lockout as wrong passwords. `403 "
    "sso_required` when the person's organization now enforces single sign-on.",
)
def complete(ctx, body: MfaIn) -> LoginOut:
    result = mfa.complete(
        body.mfa_token,
        code=body.code,
        recovery_code=body.recovery_code,
        credential=body.credential,
        source_ip=ctx.source_ip,
        request_id=ctx.request_id,
        origin=request_origin(ctx),
    )
    return login_answer(result)


@router.route("/v1/me/mfa", "GET", summary="My second factors", response=MfaStatusOut)
def status(ctx) -> MfaStatusOut:
    user = mfa.person(ctx.principal)
    return MfaStatusOut(
        methods=mfa.methods_of(user),
        totp=mfa.totp_enabled(user),
        recovery_codes_left=mfa.recovery_codes_left(user),
        passkeys=int(user.passkey_count or 0),
    )


@router.route(
    "/v1/me/mfa/totp",
    "POST",
    summary="Start setting up an authenticator app (TOTP)",
    response=TotpStartOut,
    status=201,
    errors=(403, 409),
)
def start_totp(ctx) -> TotpStartOut:
    enrolment = mfa.start_totp(ctx.principal)
    return TotpStartOut(secret=enrolment.secret, otpauth_uri=enrolment.otpauth_uri)


@router.route(
    "/v1/me/mfa/totp/confirm",
    "POST",
    summary="Turn the authenticator app on with its first code; answers recovery codes once",
    body=TotpConfirmIn,
    response=RecoveryCodesOut,
    errors=(403, 409),
)
def confirm_totp(ctx, body: TotpConfirmIn) -> RecoveryCodesOut:
    return RecoveryCodesOut(recovery_codes=mfa.confirm_totp(ctx.principal, body.code))


@router.route(
    "/v1/me/mfa/totp",
    "DELETE",
    summary="Remove the authenticator app (needs a current code or the password)",
    body=TotpDeleteIn,
    status=204,
    errors=(403, 409, 429),
)
def delete_totp(ctx, body: TotpDeleteIn) -> None:
    mfa.delete_totp(ctx.principal, body.code, body.password)


@router.route(
    "/v1/team-members/{id}/mfa",
    "DELETE",
    summary="Remove a team member's second factors and end their sessions (admins)",
    status=204,
    errors=(403, 409),
    tags=("Team members",),
)
def reset_member(ctx, id: str) -> None:
    mfa.reset_member(ctx.principal, id)
