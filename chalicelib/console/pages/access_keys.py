"""The access-keys section of a storage account's page: its S3 keys (ids and dates), a new key
(the secret shown once, with a copy button and the S3 endpoint) and revoking one. The same
service functions as ``/v1/storage-account/{id}/access-keys``."""

from __future__ import annotations

from chalice import Response

from chalicelib.console.pages.accounts import account_page
from chalicelib.console.web import FormErrors, Page, PageRouter
from chalicelib.errors import AppError, NotFound
from chalicelib.services import access_keys

router = PageRouter(__name__)


def _create(page: Page, partner_id: str | None, account_id: str) -> Response:
    try:
        key = access_keys.create_key(page.principal, partner_id, account_id)
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        errors = FormErrors.of(exc, "access-key")
        return account_page(page, partner_id, account_id, errors=errors, status=exc.status)
    return account_page(page, partner_id, account_id, status=201, created_key=key)


def _revoke(page: Page, partner_id: str | None, account_id: str, key_id: str) -> Response:
    base = "/storage-accounts" if partner_id is None else f"/partners/{partner_id}/storage-accounts"
    try:
        access_keys.revoke_key(page.principal, partner_id, account_id, key_id)
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        errors = FormErrors.of(exc, "access-key")
        return account_page(page, partner_id, account_id, errors=errors, status=exc.status)
    return page.redirect(
        f"{base}/{account_id}",
        toast=page._("Access key %(key)s was revoked; it stopped working.", key=key_id),
    )


@router.route("/storage-accounts/{account_id}/access-keys/new", "POST")
def create_own(page: Page, account_id: str) -> Response:
    return _create(page, None, account_id)


@router.route("/partners/{partner_id}/storage-accounts/{account_id}/access-keys/new", "POST")
def create_for_partner(page: Page, partner_id: str, account_id: str) -> Response:
    return _create(page, partner_id, account_id)


@router.route("/storage-accounts/{account_id}/access-keys/{key_id}/revoke", "POST")
def revoke_own(page: Page, account_id: str, key_id: str) -> Response:
    return _revoke(page, None, account_id, key_id)


@router.route(
    "/partners/{partner_id}/storage-accounts/{account_id}/access-keys/{key_id}/revoke", "POST"
)
def revoke_for_partner(page: Page, partner_id: str, account_id: str, key_id: str) -> Response:
    return _revoke(page, partner_id, account_id, key_id)


@router.route("/storage-accounts/{account_id}/access-keys/new")
def after_create_own(page: Page, account_id: str) -> Response:
    """Reloading the page that showed a new secret comes back to the account (never shows the
    secret again)."""
    return page.redirect(f"/storage-accounts/{account_id}")


@router.route("/partners/{partner_id}/storage-accounts/{account_id}/access-keys/new")
def after_create_for_partner(page: Page, partner_id: str, account_id: str) -> Response:
    return page.redirect(f"/partners/{partner_id}/storage-accounts/{account_id}")
