"""Invitations in the console: the "Send an invitation" / "Set a password" choice of every
add-member form, re-sending and revoking an invitation from the member lists (your team, a
partner's console users, an organization's users), and the page where the invited person
chooses their password."""

from __future__ import annotations

from typing import Any

from chalice import Response

from chalicelib.api.members import MemberIn
from chalicelib.console.web import FormErrors, Page, PageRouter, validate
from chalicelib.domain.invitations import INVITATION_DAYS
from chalicelib.errors import AppError, NotFound
from chalicelib.services import members, password_links

router = PageRouter(__name__)


def member_form(page: Page) -> MemberIn:
    """An add-member form as the API's body: ``access`` is ``invite`` (the form's default) or
    ``password``; the password field counts only with ``password``."""
    form = page.form
    default = "password" if form.get("password") else "invite"  # a form sent without the choice
    by_password = form.get("access", default) == "password"
    return validate(
        MemberIn,
        {
            "email": form.get("email", ""),
            "name": form.get("name", ""),
            "password": (form.get("password") or None) if by_password else None,
            "role": form.get("role", ""),
            "invite": not by_password,
        },
    )


def added(page: Page, user: Any, sentence: str) -> str:
    """The toast after adding someone (``sentence`` says ``%(email)s`` was added, marked where
    it is written), in the page's language."""
    if user.invited_until:
        return page._(
            "An invitation was sent to %(email)s; the link works once, within %(days)s days.",
            email=user.email,
            days=INVITATION_DAYS,
        )
    return page._(sentence, email=user.email)


# --- re-send and revoke, from each list ------------------------------------------------------


def _resend(page: Page, org_id: str, member_id: str, back: str, partner_only: bool) -> Response:
    try:
        user = members.resend_invitation(
            page.principal,
            org_id,
            member_id,
            base_url=page.ctx.base_url,
            partner_only=partner_only,
        )
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        return page.redirect(back, toast=page._(exc.message))
    return page.redirect(
        back,
        toast=page._(
            "A new invitation was sent to %(email)s; the previous link stops working.",
            email=user.email,
        ),
    )


def _revoke(page: Page, org_id: str, member_id: str, back: str, partner_only: bool) -> Response:
    try:
        members.revoke_invitation(page.principal, org_id, member_id, partner_only=partner_only)
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        return page.redirect(back, toast=page._(exc.message))
    return page.redirect(
        back, toast=page._("The invitation was revoked; its link no longer works.")
    )


@router.route("/team/{member_id}/invitation", "POST")
def resend_team(page: Page, member_id: str) -> Response:
    return _resend(page, page.principal.org_id, member_id, "/team", False)


@router.route("/team/{member_id}/invitation/revoke", "POST")
def revoke_team(page: Page, member_id: str) -> Response:
    return _revoke(page, page.principal.org_id, member_id, "/team", False)


@router.route("/partners/{partner_id}/members/{member_id}/invitation", "POST")
def resend_partner_user(page: Page, partner_id: str, member_id: str) -> Response:
    return _resend(page, partner_id, member_id, f"/partners/{partner_id}", True)


@router.route("/partners/{partner_id}/members/{member_id}/invitation/revoke", "POST")
def revoke_partner_user(page: Page, partner_id: str, member_id: str) -> Response:
    return _revoke(page, partner_id, member_id, f"/partners/{partner_id}", True)


@router.route("/organizations/{org_id}/members/{member_id}/invitation", "POST")
def resend_org_user(page: Page, org_id: str, member_id: str) -> Response:
    return _resend(page, org_id, member_id, f"/organizations/{org_id}", False)


@router.route("/organizations/{org_id}/members/{member_id}/invitation/revoke", "POST")
def revoke_org_user(page: Page, org_id: str, member_id: str) -> Response:
    return _revoke(page, org_id, member_id, f"/organizations/{org_id}", False)


# --- the invited person's page ---------------------------------------------------------------


def _accept_page(
    page: Page,
    *,
    token: str = "",
    user: Any = None,
    invalid: str = "",
    errors: FormErrors | None = None,
    status: int = 200,
) -> Response:
    return page.render(
        "accept_invitation.html",
        status=status,
        token=token,
        email=user.email if user else "",
        name=user.name if user else "",
        invalid=invalid,
        errors=errors or FormErrors(),
    )


@router.route("/accept-invitation", public=True)
def accept_form(page: Page) -> Response:
    token = page.query.get("token", "")
    try:
        user = password_links.check_invitation(token)
    except AppError as exc:
        return _accept_page(page, invalid=exc.message, status=exc.status)
    return _accept_page(page, token=token, user=user)


@router.route("/accept-invitation", "POST", public=True)
def accept(page: Page) -> Response:
    token = page.form.get("token", "")
    try:
        user = password_links.accept_invitation(
            token,
            page.form.get("password", ""),
            source_ip=page.ctx.source_ip,
            request_id=page.ctx.request_id,
        )
    except AppError as exc:
        if exc.code in ("invalid_link", "link_used"):
            return _accept_page(page, invalid=exc.message, status=exc.status)
        errors = FormErrors.of(exc, "accept", "password")
        return _accept_page(
            page,
            token=token,
            user=password_links.check_invitation(token),
            errors=errors,
            status=exc.status,
        )
    return page.redirect(
        "/login",
        toast=page._("Your password is set, %(email)s: sign in with it now.", email=user.email),
    )
