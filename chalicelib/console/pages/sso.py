"""Single sign-on in the console: "Sign in with SSO" on the login page, the page the identity
provider sends the browser back to, and the organization's SSO settings (its admins)."""

from __future__ import annotations

from typing import Any

from chalice import Response
from pydantic import Field

from chalicelib.api.http import parse_query
from chalicelib.api.models import QueryModel
from chalicelib.api.sso import SsoIn, settings_of, sso_out
from chalicelib.console.web import FormErrors, Page, PageRouter, validate
from chalicelib.domain.sso import SSO_ROLES, may_manage
from chalicelib.errors import AppError
from chalicelib.services import sso

router = PageRouter(__name__)


# --- signing in ------------------------------------------------------------------------------


@router.route("/login/sso", public=True)
def start_form(page: Page) -> Response:
    return page.render("login_sso.html", email="")


@router.route("/login/sso", "POST", public=True)
def start(page: Page) -> Response:
    """Find the organization's identity provider and go there. The login page's form cannot be
    redirected to another site (its ``form-action 'self'``), so this answers a page that moves
    on to the provider by itself (with a link for when it does not)."""
    email = page.form.get("email", "").strip()
    try:
        started = sso.start(email, page.ctx.base_url)
    except AppError as exc:
        if exc.status >= 500 and exc.status != 502:
            raise
        errors = FormErrors.of(exc, "sso", default_field="email", shown=("email",))
        return page.render("login_sso.html", status=exc.status, errors=errors, email=email)
    page.set_cookies.append(sso.state_cookie(started.state))
    return page.render("sso_continue.html", target=started.authorization_url, email=email)


class SsoCallbackQuery(QueryModel):
    """What the identity provider sends back (``GET /v1/auth/sso/callback``)."""

    code: str | None = Field(default=None, max_length=2000)
    state: str | None = Field(default=None, max_length=200)
    error: str | None = Field(default=None, max_length=200)
    error_description: str | None = Field(default=None, alias="error_description", max_length=1000)
    iss: str | None = Field(default=None, max_length=500)


@router.route(sso.CALLBACK_PATH, public=True, root=True)
def finish(page: Page) -> Response:
    """``GET /v1/auth/sso/callback``, where the provider sends the browser back: check its
    answer and open a session, or say what failed (400, nothing created). A console page (it
    answers HTML to a browser) on the path registered with the providers. The session cookie is
    ``SameSite=Strict``: it is set here and the page then continues to the console from our own
    site, so the browser sends it (a redirect straight from the provider's site would not)."""
    ctx = page.ctx
    page.set_cookies.append(sso.state_cookie("", clear=True))
    try:
        parse_query(SsoCallbackQuery, ctx.query)
        result = sso.complete(
            ctx.query,
            page.cookies.get(sso.STATE_COOKIE, ""),
            source_ip=ctx.source_ip,
            request_id=ctx.request_id,
        )
    except AppError as exc:
        status = exc.status if exc.status < 500 or exc.status == 502 else 500
        return page.render(
            "sso_result.html", status=status, failed=True, message=exc.message, code=exc.code
        )
    page.start_session(result.token)
    return page.render("sso_result.html", failed=False, user=result.user, target=page.url(""))


# --- the organization's settings -------------------------------------------------------------


def _typed(form: dict[str, str]) -> dict[str, Any]:
    """The settings form as the API's body (``SsoIn``)."""
    mapping: dict[str, str] = {}
    for line in form.get("roleMapping", "").splitlines():
        value, sep, role = line.rpartition("=")
        if sep and value.strip():
            mapping[value.strip()] = role.strip()
    body: dict[str, Any] = {
        "issuer": form.get("issuer", "").strip(),
        "clientId": form.get("clientId", "").strip(),
        "emailDomains": [d.strip() for d in form.get("emailDomains", "").replace(",", " ").split()],
        "roleClaim": form.get("roleClaim", "").strip() or None,
        "roleMapping": mapping,
        "defaultRole": form.get("defaultRole", ""),
        "jit": form.get("jit") == "true",
        "enforce": form.get("enforce") == "true",
    }
    if form.get("clientSecret"):
        body["clientSecret"] = form["clientSecret"]
    return body


def _settings(
    page: Page, errors: FormErrors | None = None, status: int = 200, typed: dict | None = None
) -> Response:
    principal = page.principal
    allowed = may_manage(principal.role, principal.org_type, True)
    config = sso.find_config(principal, principal.org_id) if allowed else None
    shown = sso_out(config, page.ctx.base_url) if config else None
    if typed is None and shown is not None:
        typed = {
            "issuer": shown.issuer,
            "clientId": shown.client_id,
            "emailDomains": " ".join(shown.email_domains),
            "roleClaim": shown.role_claim or "",
            "roleMapping": "\n".join(f"{k}={v}" for k, v in shown.role_mapping.items()),
            "defaultRole": shown.default_role,
            "jit": "true" if shown.jit else "",
            "enforce": "true" if shown.enforce else "",
        }
    return page.render(
        "sso_settings.html",
        status=status,
        current="Team members",
        errors=errors or FormErrors(),
        allowed=allowed,
        config=shown,
        typed=typed or {"defaultRole": "viewer"},
        roles=[(r, r.capitalize()) for r in SSO_ROLES],
        callback_url=f"{page.ctx.base_url}{sso.CALLBACK_PATH}",
    )


@router.route("/settings/sso")
def settings(page: Page) -> Response:
    return _settings(page)


@router.route("/settings/sso", "POST")
def save(page: Page) -> Response:
    try:
        body = validate(SsoIn, _typed(page.form))
        sso.put_config(page.principal, page.principal.org_id, settings_of(body))
    except AppError as exc:
        typed = {k: v for k, v in page.form.items() if k not in ("clientSecret", "csrf")}
        return _settings(page, FormErrors.of(exc, "sso", "issuer"), exc.status, typed)
    return page.redirect("/settings/sso", toast=page._("Single sign-on settings saved."))


@router.route("/settings/sso/delete", "POST")
def remove(page: Page) -> Response:
    try:
        sso.delete_config(page.principal, page.principal.org_id)
    except AppError as exc:
        if exc.status == 404:
            raise
        return _settings(page, FormErrors.of(exc, "sso-delete"), exc.status)
    return page.redirect(
        "/settings/sso",
        toast=page._("Single sign-on was removed; members sign in with their passwords again."),
    )
