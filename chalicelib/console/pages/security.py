"""Profile → Security (authenticator app, recovery codes) and the login's second step."""

from __future__ import annotations

import json
from functools import lru_cache
from urllib.parse import quote, urlsplit

from chalice import Response

from chalicelib.api.mfa import MfaIn, TotpConfirmIn, TotpDeleteIn
from chalicelib.api.passkeys import PasskeyDeleteIn
from chalicelib.api.password_links import ResetRequestIn
from chalicelib.console.i18n import N_
from chalicelib.console.pages.organization import team_page
from chalicelib.console.web import FormErrors, Page, PageRouter, safe_next, validate
from chalicelib.domain.mfa import MAX_PASSKEYS, may_set_policy, relying_party
from chalicelib.errors import AppError, NotFound, ValidationFailed
from chalicelib.paging import PageRequest
from chalicelib.services import auth, mfa, organizations, passkeys, password_links
from chalicelib.settings import get_settings

router = PageRouter(__name__)


@lru_cache(maxsize=32)
def qr_data_uri(uri: str) -> str:
    """The QR code of an ``otpauth://`` URI as an SVG ``data:`` URI, made on the server (the
    secret never leaves for a third-party QR service)."""
    import segno

    return segno.make(uri, error="m").svg_data_uri(scale=5, border=3, light="white")


def recovery_download(codes: list[str]) -> str:
    text = "Partner Console recovery codes (each works once)\n\n" + "\n".join(codes) + "\n"
    return "data:text/plain;charset=utf-8," + quote(text)


def _security(
    page: Page,
    errors: FormErrors | None = None,
    status: int = 200,
    recovery_codes: list[str] | None = None,
    code: str = "",
    passkey_name: str = "",
) -> Response:
    user = mfa.person(page.principal)
    pending = mfa.pending_totp(page.principal) if not mfa.totp_enabled(user) else None
    return page.render(
        "security.html",
        status=status,
        current="Profile",
        errors=errors or FormErrors(),
        totp=mfa.totp_enabled(user),
        totp_since=user.totp_enabled_at,
        pending=pending,
        qr=qr_data_uri(pending.otpauth_uri) if pending else "",
        recovery_left=mfa.recovery_codes_left(user),
        recovery_codes=recovery_codes or [],
        recovery_download=recovery_download(recovery_codes) if recovery_codes else "",
        code=code,
        passkeys=passkeys.list_own(page.principal, PageRequest(limit=MAX_PASSKEYS)).items,
        max_passkeys=MAX_PASSKEYS,
        passkey_name=passkey_name,
    )


@router.route("/profile/security")
def security(page: Page) -> Response:
    return _security(page)


@router.route("/profile/security/totp", "POST")
def start_totp(page: Page) -> Response:
    try:
        mfa.start_totp(page.principal)
    except AppError as exc:
        return _security(page, FormErrors.of(exc, "totp-start"), exc.status)
    return page.redirect("/profile/security")


@router.route("/profile/security/totp/confirm", "POST")
def confirm_totp(page: Page) -> Response:
    code = page.form.get("code", "").strip()
    try:
        body = validate(TotpConfirmIn, {"code": code})
        codes = mfa.confirm_totp(page.principal, body.code)
    except AppError as exc:
        return _security(page, FormErrors.of(exc, "totp-confirm", "code"), exc.status, code=code)
    return _security(page, recovery_codes=codes)


@router.route("/profile/security/totp/delete", "POST")
def delete_totp(page: Page) -> Response:
    code = page.form.get("code", "").strip()
    password = page.form.get("password", "")
    try:
        body = validate(TotpDeleteIn, {"code": code or None, "password": password or None})
        mfa.delete_totp(page.principal, body.code, body.password)
    except AppError as exc:
        return _security(page, FormErrors.of(exc, "totp-delete", "code"), exc.status, code=code)
    return page.redirect("/profile/security", toast=page._("The authenticator app was removed."))


# --- the login's second step -----------------------------------------------------------------


def render_second_step(
    page: Page, challenge, next_path: str, errors: FormErrors | None = None, status: int = 200
) -> Response:
    return page.render(
        "login_mfa.html",
        status=status,
        errors=errors or FormErrors(),
        mfa_token=challenge.mfa_token if challenge else page.form.get("mfaToken", ""),
        origin_ok=passkeys_offered(page),
        methods=challenge.methods if challenge else page.form.get("methods", "").split(),
        next=next_path,
    )


def finish_login(page: Page, result, next_path: str) -> Response:
    page.start_session(result.token)
    name = result.user.name or result.user.email
    if result.user.org_type == "partner" and not next_path:
        next_path = f"/partners/{result.user.org_id}"
    return page.redirect(next_path or "/partners", toast=page._("Welcome, %(name)s.", name=name))


@router.route("/login/mfa", "POST", public=True)
def second_step(page: Page) -> Response:
    next_path = safe_next(page.form.get("next", ""))
    token = page.form.get("mfaToken", "")
    code = page.form.get("code", "").strip()
    recovery = page.form.get("recoveryCode", "").strip()
    credential = page.form.get("credential", "")
    try:
        answer: dict = {"mfaToken": token}
        if credential:
            answer["credential"] = _credential(credential)
        elif recovery:
            answer["recoveryCode"] = recovery
        else:
            answer["code"] = code
        body = validate(MfaIn, answer)
        result = mfa.complete(
            body.mfa_token,
            code=body.code,
            recovery_code=body.recovery_code,
            credential=body.credential,
            source_ip=page.ctx.source_ip,
            request_id=page.ctx.request_id,
            origin=page_origin(page),
        )
    except AppError as exc:
        if exc.code in ("invalid_mfa_token", "too_many_requests"):
            errors = FormErrors.of(exc, "login", default_field="password")
            return page.render("login.html", status=exc.status, errors=errors, next="", email="")
        field = "credential" if credential else ("recoveryCode" if recovery else "code")
        return render_second_step(
            page, None, page.form.get("next", ""), FormErrors.of(exc, "mfa", field), exc.status
        )
    return finish_login(page, result, next_path)


# --- the organization's sign-in security, and team members' factors ---------------------------


def _org_security(page: Page, errors: FormErrors | None = None, status: int = 200) -> Response:
    org = auth.whoami(page.principal)
    return page.render(
        "org_security.html",
        status=status,
        current="Team members",
        errors=errors or FormErrors(),
        organization=org,
        may_set=may_set_policy(page.principal.role, page.principal.org_type, True),
    )


@router.route("/settings/security")
def org_security(page: Page) -> Response:
    return _org_security(page)


@router.route("/settings/security/mfa", "POST")
def set_require_mfa(page: Page) -> Response:
    wanted = page.form.get("requireMfa") == "true"
    try:
        organizations.update_organization(page.principal, page.principal.org_id, None, wanted)
    except AppError as exc:
        return _org_security(page, FormErrors.of(exc, "require-mfa"), exc.status)
    toast = (
        N_(
            "A second factor is now required: members without one are sent to set one up at "
            "their next sign-in."
        )
        if wanted
        else N_("A second factor is no longer required.")
    )
    return page.redirect("/settings/security", toast=page._(toast))


@router.route("/team/{member_id}/mfa/reset", "POST")
def reset_member(page: Page, member_id: str) -> Response:
    try:
        mfa.reset_member(page.principal, member_id)
    except AppError as exc:
        if exc.status == 404:
            raise
        return team_page(page, FormErrors.of(exc, f"role-{member_id}"), exc.status)
    return page.redirect(
        "/team", toast=page._("Their second factors were removed and their sessions ended.")
    )


# --- passkeys --------------------------------------------------------------------------------


def page_origin(page: Page) -> str:
    parts = urlsplit(page.ctx.base_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def passkeys_offered(page: Page) -> bool:
    """Passkeys can be offered here (not on an IP address of the local stack)."""
    try:
        relying_party(get_settings().public_base_url, page_origin(page))
    except ValueError:
        return False
    return True


def _credential(text: str) -> dict:
    try:
        value = json.loads(text)
    except ValueError:
        value = None
    if not isinstance(value, dict):
        raise ValidationFailed(
            N_("The passkey answer was not understood; try again."),
            details=[{"field": "credential", "location": "body", "message": N_("Not JSON.")}],
        )
    return value


def _json(payload: dict, status: int = 200) -> Response:
    return Response(
        body=json.dumps(payload),
        status_code=status,
        headers={"Content-Type": "application/json", "Cache-Control": "no-store"},
    )


def _options(make) -> Response:
    try:
        return _json(make())
    except AppError as exc:
        return _json({"code": exc.code, "message": exc.message}, exc.status)


@router.route("/profile/security/passkeys/options", "POST")
def passkey_registration_options(page: Page) -> Response:
    return _options(lambda: passkeys.registration_options(page.principal, page_origin(page)))


@router.route("/profile/security/passkeys", "POST")
def add_passkey(page: Page) -> Response:
    name = page.form.get("name", "").strip()
    try:
        passkey = passkeys.register(
            page.principal, name, _credential(page.form.get("credential", "")), page_origin(page)
        )
    except AppError as exc:
        errors = FormErrors.of(exc, "passkey", "name")
        return _security(page, errors, exc.status, passkey_name=name)
    return page.redirect(
        "/profile/security", toast=page._("The passkey '%(name)s' was added.", name=passkey.name)
    )


@router.route("/profile/security/passkeys/{passkey_id}/delete", "POST")
def delete_passkey(page: Page, passkey_id: str) -> Response:
    code = page.form.get("code", "").strip()
    password = page.form.get("password", "")
    try:
        body = validate(PasskeyDeleteIn, {"code": code or None, "password": password or None})
        passkeys.delete_own(page.principal, passkey_id, body.code, body.password)
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        errors = FormErrors.of(exc, f"passkey-delete-{passkey_id}", "password")
        return _security(page, errors, exc.status, code=code)
    return page.redirect("/profile/security", toast=page._("The passkey was removed."))


@router.route("/login/passkey/options", "POST", public=True)
def passkey_login_options(page: Page) -> Response:
    token = page.form.get("mfaToken") or None
    return _options(lambda: passkeys.login_options(page_origin(page), token, page.ctx.source_ip))


@router.route("/login/passkey", "POST", public=True)
def passkey_login(page: Page) -> Response:
    try:
        result = passkeys.passwordless(
            _credential(page.form.get("credential", "")),
            page_origin(page),
            source_ip=page.ctx.source_ip,
            request_id=page.ctx.request_id,
        )
    except AppError as exc:
        errors = FormErrors.of(exc, "passkey-login", default_field="credential")
        return page.render(
            "login.html",
            status=exc.status,
            errors=errors,
            next="",
            email="",
            origin_ok=passkeys_offered(page),
        )
    return finish_login(page, result, "")


# --- forgot password -------------------------------------------------------------------------


@router.route("/forgot-password", public=True)
def forgot_password_form(page: Page) -> Response:
    return page.render("forgot_password.html", email="", sent="")


@router.route("/forgot-password", "POST", public=True)
def forgot_password(page: Page) -> Response:
    email = page.form.get("email", "").strip()
    try:
        body = validate(ResetRequestIn, {"email": email})
        sent = password_links.request_reset(
            body.email, source_ip=page.ctx.source_ip, base_url=page.ctx.base_url
        )
    except AppError as exc:
        errors = FormErrors.of(exc, "forgot", "email")
        return page.render(
            "forgot_password.html", status=exc.status, errors=errors, email=email, sent=""
        )
    return page.render("forgot_password.html", email="", sent=sent)


@router.route("/reset-password", public=True)
def reset_password_form(page: Page) -> Response:
    token = page.query.get("token", "")
    try:
        user = password_links.check(token)
    except AppError as exc:
        return page.render(
            "reset_password.html", status=exc.status, invalid=exc.message, token="", email=""
        )
    return page.render("reset_password.html", invalid="", token=token, email=user.email)


@router.route("/reset-password", "POST", public=True)
def reset_password(page: Page) -> Response:
    token = page.form.get("token", "")
    try:
        user = password_links.set_password(
            token,
            page.form.get("password", ""),
            source_ip=page.ctx.source_ip,
            request_id=page.ctx.request_id,
        )
    except AppError as exc:
        if exc.code in ("invalid_link", "link_used"):
            return page.render(
                "reset_password.html", status=exc.status, invalid=exc.message, token="", email=""
            )
        email = password_links.check(token).email
        errors = FormErrors.of(exc, "reset", "password")
        return page.render(
            "reset_password.html",
            status=exc.status,
            errors=errors,
            invalid="",
            token=token,
            email=email,
        )
    return page.redirect(
        "/login",
        toast=page._("Your new password is set, %(email)s: log in with it.", email=user.email),
    )
