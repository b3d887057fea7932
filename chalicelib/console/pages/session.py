"""Logging in and out, the start page and the profile (change password)."""

from __future__ import annotations

from chalice import Response

from chalicelib.api.auth import LoginIn, MeChangeIn, PasswordChangeIn
from chalicelib.console.i18n import N_
from chalicelib.console.pages import security
from chalicelib.console.pages.security import passkeys_offered
from chalicelib.console.web import FormErrors, Page, PageRouter, safe_next, translate, validate
from chalicelib.domain import locales
from chalicelib.errors import AppError
from chalicelib.services import auth, sessions

router = PageRouter(__name__)


@router.route("/", public=True, root=True)
def site_root(page: Page) -> Response:
    return page.redirect("")


@router.route("", public=True)
def start(page: Page) -> Response:
    token = page.cookies.get("pc_session")
    if not token:
        return page.redirect("/login")
    return page.redirect("/partners")  # the partners page sends partners to their own overview


@router.route("/login", public=True)
def login_form(page: Page) -> Response:
    target = page.query.get("next", "")
    return page.render(
        "login.html",
        next=target if safe_next(target) else "",
        email="",
        origin_ok=passkeys_offered(page),
    )


@router.route("/login", "POST", public=True)
def login(page: Page) -> Response:
    email = page.form.get("email", "").strip()
    next_path = safe_next(page.form.get("next", ""))
    try:
        body = validate(LoginIn, {"email": email, "password": page.form.get("password", "")})
        result = auth.login(
            body.email,
            body.password,
            source_ip=page.ctx.source_ip,
            request_id=page.ctx.request_id,
        )
    except AppError as exc:
        errors = FormErrors.of(exc, "login", default_field="password")
        return page.render(
            "login.html",
            status=exc.status,
            errors=errors,
            next=page.form.get("next", "") if next_path else "",
            email=email,
            origin_ok=False,
        )
    if not isinstance(result, sessions.LoginResult):
        return security.render_second_step(page, result, page.form.get("next", ""))
    page.start_session(result.token)
    name = result.user.name or result.user.email
    if result.user.org_type == "partner" and not next_path:
        next_path = f"/partners/{result.user.org_id}"
    # the person's own language from now on (the page itself was in the browser's)
    locale = locales.negotiate(result.user.locale, page.ctx.headers.get("accept-language"))
    return page.redirect(
        next_path or "/partners", toast=translate(locale, N_("Welcome, %(name)s."), name=name)
    )


@router.route("/session/keepalive")
def keepalive(page: Page) -> Response:
    """ "Stay logged in": any authenticated request records activity; nothing to render."""
    return Response(body="", status_code=204, headers={"Cache-Control": "no-store"})


@router.route("/logout", "POST")
def logout(page: Page) -> Response:
    auth.logout(page.principal)
    page.end_session()
    return page.redirect("/login", toast=page._("You are logged out."))


def _profile(page: Page, errors: FormErrors | None = None, status: int = 200) -> Response:
    organization = auth.whoami(page.principal)
    return page.render(
        "profile.html",
        status=status,
        current="Profile",
        organization=organization,
        errors=errors or FormErrors(),
        languages=LANGUAGES,
    )


#: The Profile's language choice: "" follows the browser (``PATCH /v1/me {locale: null}``).
LANGUAGES = (("", N_("The browser's language")), ("de", "Deutsch"), ("en", "English"))


@router.route("/profile/language", "POST")
def change_language(page: Page) -> Response:
    try:
        body = validate(MeChangeIn, {"locale": page.form.get("locale") or None})
        auth.set_own_locale(page.principal, body.locale)
    except AppError as exc:
        return _profile(page, FormErrors.of(exc, "language", "locale"), exc.status)
    locale = locales.negotiate(body.locale, page.ctx.headers.get("accept-language"))
    return page.redirect("/profile", toast=translate(locale, N_("Your language was saved.")))


@router.route("/profile")
def profile(page: Page) -> Response:
    return _profile(page)


@router.route("/profile/password", "POST")
def change_password(page: Page) -> Response:
    try:
        body = validate(
            PasswordChangeIn,
            {
                "currentPassword": page.form.get("currentPassword", ""),
                "newPassword": page.form.get("newPassword", ""),
            },
        )
        auth.change_own_password(page.principal, body.current_password, body.new_password)
    except AppError as exc:
        return _profile(page, FormErrors.of(exc, "password", "newPassword"), exc.status)
    return page.redirect("/profile", toast=page._("Your password was changed."))
