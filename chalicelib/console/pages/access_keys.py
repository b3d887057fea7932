"""The access-keys section of a storage account's page: its S3 keys (ids and dates), a new key
(the secret shown once, with a copy button and the S3 endpoint) and revoking one. The same
service functions as ``/v1/storage-account/{id}/access-keys``."""

from __future__ import annotations

from typing import Any

from chalice import Response

from chalicelib.console.web import FormErrors, Page, PageRouter
from chalicelib.domain.access_keys import MAX_ACCESS_KEYS
from chalicelib.domain.account_status import AccountStatus
from chalicelib.domain.roles import Action
from chalicelib.errors import AppError, NotFound
from chalicelib.paging import PageRequest
from chalicelib.services import access_keys

router = PageRouter(__name__)


def section(page: Page, partner_id: str | None, account: Any, created: Any = None) -> dict:
    """What ``account_access_keys.html`` shows (at most two keys: one read of the account)."""
    keys = access_keys.list_keys(
        page.principal, partner_id, account.id, PageRequest(limit=MAX_ACCESS_KEYS)
    ).items
    return {
        "rows": keys,
        "created": created,
        "s3_endpoint": access_keys.s3_endpoint(),
        "writable": page.can(Action.MANAGE_RESOURCES),
        "room": len(keys) < MAX_ACCESS_KEYS and account.status == AccountStatus.ACTIVE,
        "most": MAX_ACCESS_KEYS,
    }


def _account_page(page: Page, partner_id: str | None, account_id: str, **kw: Any) -> Response:
    from chalicelib.console.pages.accounts import account_page

    return account_page(page, partner_id, account_id, **kw)


def _create(page: Page, partner_id: str | None, account_id: str) -> Response:
    try:
        key = access_keys.create_key(page.principal, partner_id, account_id)
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        errors = FormErrors.of(exc, "access-key")
        return _account_page(page, partner_id, account_id, errors=errors, status=exc.status)
    return _account_page(page, partner_id, account_id, status=201, created_key=key)


def _revoke(page: Page, partner_id: str | None, account_id: str, key_id: str) -> Response:
    base = "/storage-accounts" if partner_id is None else f"/partners/{partner_id}/storage-accounts"
    try:
        access_keys.revoke_key(page.principal, partner_id, account_id, key_id)
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        errors = FormErrors.of(exc, "access-key")
        return _account_page(page, partner_id, account_id, errors=errors, status=exc.status)
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
