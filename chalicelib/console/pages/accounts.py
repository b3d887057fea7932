"""Storage accounts: a partner's own (``/console/storage-accounts``) or, for its distributor
and the provider, one partner's (``/console/partners/{id}/storage-accounts``): table, create,
rename, re-allocate, new password, scheduled deletion and restore, and an hourly usage chart.
The same service functions as the ICMC routes."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from chalice import Response

from chalicelib import clock
from chalicelib.api.storage_accounts import STRENGTH_RULE, AccountIn, AccountPatchIn, PasswordIn
from chalicelib.console.cursors import window
from chalicelib.console.i18n import N_
from chalicelib.console.pages.partners import allocation_from_form, any_partner
from chalicelib.console.web import FormErrors, Page, PageRouter, validate
from chalicelib.domain import billing as billing_rules
from chalicelib.domain.access_keys import MAX_ACCESS_KEYS
from chalicelib.domain.roles import Action, OrgType
from chalicelib.domain.storage_accounts import AccountStatus
from chalicelib.errors import AppError, NotFound, ValidationFailed
from chalicelib.paging import PageRequest
from chalicelib.services import access_keys as access_key_service
from chalicelib.services import storage_accounts, usage

router = PageRouter(__name__)
PAGE_SIZE = 50


def _scope(page: Page, partner_id: str | None) -> tuple[str | None, str, object]:
    """(partner id for the service, base URL of these pages, the partner)."""
    if partner_id is None:
        partner = storage_accounts.own_partner(page.principal)
        return None, "/storage-accounts", partner
    partner = any_partner(page, partner_id)
    return partner_id, f"/partners/{partner_id}/storage-accounts", partner


def accounts_page(
    page: Page, partner_id: str | None, errors: FormErrors | None = None, status: int = 200
) -> Response:
    pid, base, partner = _scope(page, partner_id)
    table = window(
        page,
        scope=partner.id,
        params={},
        size=PAGE_SIZE,
        fetch=lambda request, backwards: storage_accounts.accounts_by_name(
            page.principal, pid, request, descending=backwards
        ),
        position=storage_accounts.name_position,
    )
    table.total = int(partner.storage_account_count)
    return page.render(
        "accounts.html",
        status=status,
        current="Storage accounts" if pid is None else "Partners",
        partner=partner,
        base=base,
        rows=table.rows,
        table=table,
        pages=table.pages(PAGE_SIZE),
        writable=page.can(Action.MANAGE_RESOURCES),
        rule=STRENGTH_RULE,
        errors=errors or FormErrors(),
        form=page.form,
    )


@router.route("/storage-accounts")
def own_accounts(page: Page) -> Response:
    return accounts_page(page, None)


@router.route("/partners/{partner_id}/storage-accounts")
def partner_accounts(page: Page, partner_id: str) -> Response:
    return accounts_page(page, partner_id)


def _create(page: Page, partner_id: str | None) -> Response:
    pid, base, _ = _scope(page, partner_id)
    form = page.form
    try:
        body = validate(
            AccountIn,
            {
                "name": form.get("name", ""),
                "allocatedCapacity": allocation_from_form(form),
                "allowOverdraft": form.get("allowOverdraft") == "true",
                "clientAccount": {
                    "contactEmail": form.get("contactEmail", ""),
                    "password": form.get("password", ""),
                },
            },
        )
        account = storage_accounts.create_account(
            page.principal,
            pid,
            name=body.name,
            allocation=body.allocated_capacity,
            allow_overdraft=body.allow_overdraft,
            contact_email=body.client_account.contact_email,
            password=body.client_account.password,
        )
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        errors = FormErrors.of(
            exc,
            "create-account",
            "allocatedCapacity",
            shown=("name", "contactEmail", "password", "allocatedCapacity"),
        )
        return accounts_page(page, partner_id, errors, exc.status)
    return page.redirect(
        f"{base}/{account.id}",
        toast=page._(
            "Storage account %(name)s (%(id)s) was created.", name=account.name, id=account.id
        ),
    )


@router.route("/storage-accounts", "POST")
def create_own(page: Page) -> Response:
    return _create(page, None)


@router.route("/partners/{partner_id}/storage-accounts", "POST")
def create_for_partner(page: Page, partner_id: str) -> Response:
    return _create(page, partner_id)


# --- one account -----------------------------------------------------------------------------


def _chart(page: Page, account_id: str) -> tuple[str, str, str, list]:
    last = clock.now().date()
    first = last - timedelta(days=6)
    start = page.query.get("from") or first.isoformat()
    end = page.query.get("to") or last.isoformat()
    series = usage.hourly_usage(page.principal, account_id, start, end)
    points = [
        (stamp, value) for stamp, value in series if stamp[:13] <= clock.iso(clock.now())[:13]
    ]
    data = json.dumps({"x": [p[0] for p in points], "y": [p[1] for p in points]})
    return start, end, data, points


def access_keys_section(
    page: Page, partner_id: str | None, account: Any, created: Any = None
) -> dict:
    """What ``account_access_keys.html`` shows (at most two keys: one read of the account)."""
    keys = access_key_service.list_keys(
        page.principal, partner_id, account.id, PageRequest(limit=MAX_ACCESS_KEYS)
    ).items
    return {
        "rows": keys,
        "created": created,
        "s3_endpoint": access_key_service.s3_endpoint(),
        "writable": page.can(Action.MANAGE_RESOURCES),
        "room": len(keys) < MAX_ACCESS_KEYS and account.status == AccountStatus.ACTIVE,
        "most": MAX_ACCESS_KEYS,
    }


def account_page(
    page: Page,
    partner_id: str | None,
    account_id: str,
    errors: FormErrors | None = None,
    status: int = 200,
    created_key: object = None,
) -> Response:
    pid, base, partner = _scope(page, partner_id)
    account = storage_accounts.get_account(page.principal, pid, account_id)
    try:
        start, end, data, points = _chart(page, account.id)
        chart_error = ""
    except ValidationFailed as exc:
        start, end, data, points, chart_error = "", "", "", [], exc.message
    return page.render(
        "account.html",
        status=status,
        current="Storage accounts" if pid is None else "Partners",
        partner=partner,
        base=base,
        account=account,
        writable=page.can(Action.MANAGE_RESOURCES),
        rule=STRENGTH_RULE,
        start=start,
        end=end,
        data=data,
        points=points,
        chart_error=chart_error,
        presets=billing_rules.hourly_presets(clock.now().date()),
        errors=errors or FormErrors(),
        form=page.form,
        is_partner=page.principal.org_type == OrgType.PARTNER,
        access_keys=access_keys_section(page, pid, account, created_key),
    )


@router.route("/storage-accounts/{account_id}")
def own_account(page: Page, account_id: str) -> Response:
    return account_page(page, None, account_id)


@router.route("/partners/{partner_id}/storage-accounts/{account_id}")
def partner_account(page: Page, partner_id: str, account_id: str) -> Response:
    return account_page(page, partner_id, account_id)


def _change(page: Page, partner_id: str | None, account_id: str, action: str) -> Response:
    pid, base, _ = _scope(page, partner_id)
    form = page.form
    try:
        if action == "password":
            body = validate(PasswordIn, {"password": form.get("password", "")})
            storage_accounts.get_account(page.principal, pid, account_id)  # on this path
            storage_accounts.set_password(page.principal, account_id, body.password)
            toast = page._("The new root password is set at the storage backend.")
        elif action == "delete":
            storage_accounts.delete_account(page.principal, pid, account_id)
            toast = page._("The storage account is scheduled for deletion.")
        else:
            data: dict = {}
            if action == "rename":
                data = {"name": form.get("name", "")}
            elif action == "allocation":
                data = {
                    "allocatedCapacity": allocation_from_form(form),
                    "allowOverdraft": form.get("allowOverdraft") == "true",
                }
            elif action != "restore":
                raise NotFound(N_("There is no such page."))
            body = validate(AccountPatchIn, data)
            account = storage_accounts.update_account(
                page.principal,
                pid,
                account_id,
                restore=action == "restore",
                name=body.name,
                allocation=body.allocated_capacity,
                allow_overdraft=body.allow_overdraft,
            )
            toast = page._(
                N_("Storage account %(name)s was restored.")
                if action == "restore"
                else N_("Storage account %(name)s was updated."),
                name=account.name,
            )
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        field = {"rename": "name", "allocation": "allocatedCapacity", "password": "password"}
        main = field.get(action)
        errors = FormErrors.of(exc, action, main, shown=(main,) if main else None)
        return account_page(page, partner_id, account_id, errors, exc.status)
    return page.redirect(f"{base}/{account_id}", toast=toast)


@router.route("/storage-accounts/{account_id}/{action}", "POST")
def change_own(page: Page, account_id: str, action: str) -> Response:
    return _change(page, None, account_id, action)


@router.route("/partners/{partner_id}/storage-accounts/{account_id}/{action}", "POST")
def change_for_partner(page: Page, partner_id: str, account_id: str, action: str) -> Response:
    return _change(page, partner_id, account_id, action)
