"""``partner-console``: profiles, contracts and partners, storage accounts, usage, exports and
deals, over the generated SDK. Human tables by default, ``--output json|csv`` for scripts.

Exit codes (scripts may rely on them):

    0  done
    1  the API refused the request (bad input, a rule; its sentence is printed)
    2  the command line is wrong (unknown option, missing argument)
    3  not signed in, or the credentials were refused (401/403)
    4  not found (404; also what is outside your organization)
    5  conflict with the current state (409, e.g. no capacity left)
    6  the API could not be reached or failed (network, 5xx)
    7  an export failed
"""

from __future__ import annotations

import csv
import getpass
import io
import json
import os
import sys
import time
from collections.abc import Callable, Iterable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import typer
from partner_console_client import AuthenticatedClient, Client
from partner_console_client.api.deals import change_deal, list_deals, register_deal
from partner_console_client.api.distributors import (
    create_partner,
    icmc_list_contracts,
    icmc_list_partners,
    partner_usage,
    transfer_partner,
    update_partner,
)
from partner_console_client.api.exports import get_export, list_exports, request_export
from partner_console_client.api.partners import all_usage
from partner_console_client.api.second_factor import mfa_complete
from partner_console_client.api.session import auth_login
from partner_console_client.api.storage_accounts import (
    create_partner_account,
    delete_account,
    list_accounts,
    list_partner_accounts,
    patch_account,
    storage_access_keys_create_key,
    storage_access_keys_list_keys,
)
from partner_console_client.models import (
    AccountIn,
    AccountPatchIn,
    DealIn,
    DealPatchIn,
    DealStatus,
    ExportIn,
    LoginIn,
    MfaIn,
    PartnerIn,
    PartnerPutIn,
    TransferIn,
)

EXIT_REFUSED, EXIT_AUTH, EXIT_NOT_FOUND, EXIT_CONFLICT, EXIT_UNREACHABLE, EXIT_EXPORT = (
    1,
    3,
    4,
    5,
    6,
    7,
)
TB = 10**12


class Output(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


app = typer.Typer(help="The Partner Console from a terminal.", no_args_is_help=True)
profiles_app = typer.Typer(help="Where to connect and with which key.", no_args_is_help=True)
contracts_app = typer.Typer(help="Contracts you can see.", no_args_is_help=True)
partners_app = typer.Typer(
    help="Partners: list, create, re-allocate, transfer.", no_args_is_help=True
)
accounts_app = typer.Typer(help="Storage accounts.", no_args_is_help=True)
exports_app = typer.Typer(help="Exports: request, wait, download.", no_args_is_help=True)
deals_app = typer.Typer(help="Deal registrations.", no_args_is_help=True)
for sub, name in (
    (profiles_app, "profiles"),
    (contracts_app, "contracts"),
    (partners_app, "partners"),
    (accounts_app, "accounts"),
    (exports_app, "exports"),
    (deals_app, "deals"),
):
    app.add_typer(sub, name=name)


class State:
    profile: str = "default"
    output: Output = Output.table


state = State()


@app.callback()
def main(
    profile: str = typer.Option(
        "default", "--profile", "-p", envvar="PARTNER_CONSOLE_PROFILE", help="Profile name."
    ),
    output: Output = typer.Option(Output.table, "--output", "-o", help="table, json or csv."),
) -> None:
    state.profile, state.output = profile, output


# --- profiles --------------------------------------------------------------------------------


def config_path() -> Path:
    default = Path.home() / ".config" / "partner-console" / "config.json"
    return Path(os.environ.get("PARTNER_CONSOLE_CONFIG") or default)


def read_config() -> dict[str, Any]:
    path = config_path()
    return json.loads(path.read_text()) if path.exists() else {"profiles": {}}


def write_config(config: dict[str, Any]) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds secrets
    with os.fdopen(fd, "w") as handle:
        json.dump(config, handle, indent=2)


def current_profile() -> dict[str, str]:
    """The profile's URL and credential; PARTNER_CONSOLE_URL / PARTNER_CONSOLE_API_KEY win."""
    found = dict(read_config()["profiles"].get(state.profile, {}))
    if os.environ.get("PARTNER_CONSOLE_URL"):
        found["url"] = os.environ["PARTNER_CONSOLE_URL"]
    if os.environ.get("PARTNER_CONSOLE_API_KEY"):
        found["apiKey"] = os.environ["PARTNER_CONSOLE_API_KEY"]
    return found


def fail(message: str, code: int) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def client() -> AuthenticatedClient:
    profile = current_profile()
    if not profile.get("url"):
        fail(
            f"no URL for profile '{state.profile}': run `partner-console profiles set` or "
            "`partner-console login`, or set PARTNER_CONSOLE_URL.",
            EXIT_AUTH,
        )
    credential = profile.get("apiKey") or profile.get("token")
    if not credential:
        fail(f"profile '{state.profile}' has no API key or session: log in first.", EXIT_AUTH)
    return AuthenticatedClient(base_url=profile["url"].rstrip("/"), token=credential, timeout=60)


@profiles_app.command("set")
def profiles_set(
    url: str = typer.Option(..., help="The API's base URL, e.g. https://console.example.com"),
    api_key: str = typer.Option(
        None, help="An API key (prompted, hidden, when left out).", show_default=False
    ),
) -> None:
    """Save a profile: the URL and an API key."""
    key = api_key or getpass.getpass("API key: ")
    config = read_config()
    config["profiles"][state.profile] = {"url": url.rstrip("/"), "apiKey": key}
    write_config(config)
    typer.echo(f"Profile '{state.profile}' saved in {config_path()}.")


@profiles_app.command("list")
def profiles_list() -> None:
    """The saved profiles (never their secrets)."""
    rows = [
        {"profile": name, "url": p.get("url", ""), "credential": _credential_kind(p)}
        for name, p in sorted(read_config()["profiles"].items())
    ]
    show(rows, ["profile", "url", "credential"])


def _credential_kind(profile: dict[str, str]) -> str:
    return "API key" if profile.get("apiKey") else ("session" if profile.get("token") else "none")


@app.command()
def login(
    url: str = typer.Option(None, help="The API's base URL (default: the profile's)."),
    email: str = typer.Option(None, help="Your console e-mail (prompted when left out)."),
    password: str = typer.Option(
        None, envvar="PARTNER_CONSOLE_PASSWORD", help="Prompted, hidden, when left out."
    ),
    otp: str = typer.Option(
        None,
        "--otp",
        envvar="PARTNER_CONSOLE_OTP",
        help="The code from your authenticator app, or a recovery code, when your account has "
        "a second factor (prompted when needed and left out).",
        show_default=False,
    ),
) -> None:
    """Sign in with e-mail and password (and a second factor when your account has one); the
    session is saved in the profile."""
    base = (url or current_profile().get("url") or "").rstrip("/")
    if not base:
        fail("give --url (no profile URL yet).", EXIT_AUTH)
    email = email or typer.prompt("E-mail")
    password = password or getpass.getpass("Password: ")
    body = LoginIn.from_dict({"email": email, "password": password})
    answer = call(auth_login.sync_detailed, Client(base_url=base, timeout=60), body=body)
    data = answer.to_dict()
    if data.get("mfaRequired"):
        data = second_step(base, data, otp)
    config = read_config()
    config["profiles"][state.profile] = {"url": base, "token": data["token"]}
    write_config(config)
    typer.echo(f"Signed in as {email}; session saved in profile '{state.profile}'.")


def second_step(base: str, ticket: dict[str, Any], otp: str | None) -> dict[str, Any]:
    """Complete a login that asks for a second factor: a 6-digit code from the authenticator
    app, or one of the recovery codes (each works once). A passkey needs a browser."""
    methods = ticket.get("methods") or []
    if "totp" not in methods:
        fail(
            "this account signs in with a passkey, which needs a browser: use the console, "
            "or an API key profile (`partner-console profiles set`).",
            EXIT_AUTH,
        )
    given = (otp or typer.prompt("Code from your authenticator app (or a recovery code)")).strip()
    digits = given.replace(" ", "")
    fields = {"code": digits} if digits.isdigit() else {"recoveryCode": given}
    body = MfaIn.from_dict({"mfaToken": ticket["mfaToken"], **fields})
    return call(mfa_complete.sync_detailed, Client(base_url=base, timeout=60), body=body).to_dict()


# --- calling the API -------------------------------------------------------------------------

_EXIT_BY_STATUS = {401: EXIT_AUTH, 403: EXIT_AUTH, 404: EXIT_NOT_FOUND, 409: EXIT_CONFLICT}


def call(operation: Callable[..., Any], api: Any = None, **kwargs: Any) -> Any:
    """One SDK call; on an error answer, print the API's sentence and exit with its code."""
    try:
        response = operation(client=api or client(), **kwargs)
    except (httpx.HTTPError, OSError) as exc:
        fail(f"the API could not be reached: {exc}", EXIT_UNREACHABLE)
    if int(response.status_code) < 400:
        return response.parsed if response.parsed is not None else response
    refused(response)


def refused(response: Any) -> None:
    """Print the API's sentence for an error answer and exit with its code."""
    status = int(response.status_code)
    try:
        message = json.loads(response.content)["message"]
    except (ValueError, KeyError, TypeError):
        message = f"the API answered {status}."
    if status >= 500:
        fail(message, EXIT_UNREACHABLE)
    fail(message, _EXIT_BY_STATUS.get(status, EXIT_REFUSED))


def every_page(operation: Callable[..., Any], **kwargs: Any) -> list[dict[str, Any]]:
    """All pages of a list (following ``Link: rel="next"``), as dicts."""
    items: list[dict[str, Any]] = []
    api, cursor = client(), None
    while True:
        page_kwargs = dict(kwargs, limit=1000, **({"cursor": cursor} if cursor else {}))
        try:
            response = operation(client=api, **page_kwargs)
        except (httpx.HTTPError, OSError) as exc:
            fail(f"the API could not be reached: {exc}", EXIT_UNREACHABLE)
        if int(response.status_code) >= 400:
            refused(response)
        items += [i.to_dict() for i in response.parsed]
        link = response.headers.get("link") or response.headers.get("Link")
        if not link:
            return items
        cursor = parse_qs(urlparse(link[link.index("<") + 1 : link.index(">")]).query)["cursor"][0]


# --- output ----------------------------------------------------------------------------------


def tb(value: Any) -> str:
    return "" if value in (None, "") else f"{int(value) / TB:,.3f} TB"


def show(rows: list[dict[str, Any]], columns: list[str], human: dict[str, Callable] | None = None):
    """Rows as a table (the chosen columns, capacities in TB), JSON (everything) or CSV."""
    if state.output == Output.json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if state.output == Output.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
        typer.echo(buffer.getvalue(), nl=False)
        return
    human = human or {}
    cells = [[str(human.get(c, _plain)(r.get(c))) for c in columns] for r in rows]
    widths = [max([len(c)] + [len(row[n]) for row in cells]) for n, c in enumerate(columns)]
    typer.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in cells:
        typer.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    if not rows:
        typer.echo("(none)")


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


def show_one(item: Any, columns: list[str], human: dict[str, Callable] | None = None) -> None:
    show([item.to_dict() if hasattr(item, "to_dict") else item], columns, human)


CAPACITY = {
    k: tb
    for k in ("reservedCapacity", "allocatedCapacity", "usedCapacity", "expectedCapacity", "usage")
}

# --- contracts and partners ------------------------------------------------------------------


@contracts_app.command("list")
def contracts_list() -> None:
    """Contracts in your scope."""
    rows = every_page(icmc_list_contracts.sync_detailed)
    show(rows, ["id", "details", "reservedCapacity", "allocatedCapacity", "currency"], CAPACITY)


PARTNER_COLUMNS = ["id", "name", "allocatedCapacity", "usedCapacity", "allowOverdraft"]


@partners_app.command("list")
def partners_list(contract: str = typer.Option(..., help="The contract's id.")) -> None:
    """The partners of a contract."""
    rows = every_page(icmc_list_partners.sync_detailed, contract_id=contract)
    show(rows, PARTNER_COLUMNS, CAPACITY)


def _bytes(tb_amount: float) -> int:
    return round(tb_amount * TB)


def _day(value: str, option: str) -> date:
    """A YYYY-MM-DD option as the date the SDK sends (a clear usage error otherwise)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (YYYY-MM-DD).", param_hint=option
        ) from None


@partners_app.command("create")
def partners_create(
    name: str = typer.Option(...),
    contract: str = typer.Option(..., help="The distributor contract to draw on."),
    allocation_tb: float = typer.Option(..., help="Terabytes to allocate (0 = Pay-per-Use)."),
    allow_overdraft: bool = typer.Option(False),
) -> None:
    """Create a partner in one of your contracts."""
    body = PartnerIn.from_dict(
        {
            "name": name,
            "distributorContractId": contract,
            "allocatedCapacity": _bytes(allocation_tb),
            "allowOverdraft": allow_overdraft,
        }
    )
    show_one(call(create_partner.sync_detailed, body=body), PARTNER_COLUMNS, CAPACITY)


@partners_app.command("reallocate")
def partners_reallocate(
    partner: str = typer.Argument(..., help="The partner's id."),
    allocation_tb: float = typer.Option(..., help="The new allocation in terabytes."),
) -> None:
    """Change a partner's allocation (refused with the capacity left when it does not fit)."""
    body = PartnerPutIn.from_dict({"allocatedCapacity": _bytes(allocation_tb)})
    answer = call(update_partner.sync_detailed, partner_id=partner, body=body)
    show_one(answer, PARTNER_COLUMNS, CAPACITY)


@partners_app.command("transfer")
def partners_transfer(
    partner: str = typer.Argument(..., help="The partner's id."),
    contract: str = typer.Option(..., help="Another contract of the same distributor."),
) -> None:
    """Move a partner to another contract."""
    body = TransferIn.from_dict({"distributorContractId": contract})
    answer = call(transfer_partner.sync_detailed, partner_id=partner, body=body)
    show_one(answer, PARTNER_COLUMNS, CAPACITY)


# --- storage accounts ------------------------------------------------------------------------

ACCOUNT_COLUMNS = ["clientAccountId", "name", "allocatedCapacity", "usedCapacity", "status"]


@accounts_app.command("list")
def accounts_list(partner: str = typer.Option(None, help="Only this partner's accounts.")) -> None:
    """Storage accounts in your scope (or one partner's)."""
    if partner:
        rows = every_page(list_partner_accounts.sync_detailed, partner_id=partner)
    else:
        rows = every_page(list_accounts.sync_detailed)
    show(rows, ACCOUNT_COLUMNS, CAPACITY)


@accounts_app.command("create")
def accounts_create(
    partner: str = typer.Option(..., help="The partner that owns it."),
    name: str = typer.Option(..., help="The customer's company name."),
    email: str = typer.Option(..., help="The customer's contact e-mail."),
    allocation_tb: float = typer.Option(..., help="Terabytes to allocate."),
    password: str = typer.Option(
        None, envvar="PARTNER_CONSOLE_ACCOUNT_PASSWORD", help="Prompted, hidden, when left out."
    ),
    allow_overdraft: bool = typer.Option(False),
) -> None:
    """Create a storage account for a partner's customer."""
    secret = password or getpass.getpass("The account's password: ")
    body = AccountIn.from_dict(
        {
            "name": name,
            "allocatedCapacity": _bytes(allocation_tb),
            "allowOverdraft": allow_overdraft,
            "clientAccount": {"contactEmail": email, "password": secret},
        }
    )
    answer = call(create_partner_account.sync_detailed, partner_id=partner, body=body)
    show_one(answer, ACCOUNT_COLUMNS, CAPACITY)


@accounts_app.command("delete")
def accounts_delete(account: str = typer.Argument(..., help="The 12-digit account id.")) -> None:
    """Schedule an account's deletion (it can be restored until the date shown)."""
    call(delete_account.sync_detailed, account_id=account)
    typer.echo(f"Deletion of {account} scheduled; `partner-console accounts restore` undoes it.")


@accounts_app.command("restore")
def accounts_restore(account: str = typer.Argument(..., help="The 12-digit account id.")) -> None:
    """Cancel a pending deletion."""
    body = AccountPatchIn.from_dict({"pendingDeletedAt": None})
    show_one(
        call(patch_account.sync_detailed, account_id=account, body=body), ACCOUNT_COLUMNS, CAPACITY
    )


@accounts_app.command("keys")
def accounts_keys(
    account: str = typer.Argument(..., help="The 12-digit account id."),
    create: bool = typer.Option(False, "--create", help="Create a new access key (shown once)."),
) -> None:
    """An account's S3 access keys (the secret only when created, once)."""
    if create:
        made = call(storage_access_keys_create_key.sync_detailed, account_id=account)
        show_one(made, ["accessKeyId", "secretAccessKey", "createdAt"])
        return
    rows = every_page(storage_access_keys_list_keys.sync_detailed, account_id=account)
    show(rows, ["accessKeyId", "createdAt"])


# --- usage -----------------------------------------------------------------------------------


@app.command()
def usage(
    start: str = typer.Option(..., "--from", help="First day, YYYY-MM-DD."),
    end: str = typer.Option(..., "--to", help="Last day, YYYY-MM-DD (inclusive)."),
    partner: str = typer.Option(None, help="Only this partner's accounts."),
) -> None:
    """Daily usage per storage account over a date range (one row per account and day)."""
    first, last = _day(start, "--from"), _day(end, "--to")
    if partner:
        items = every_page(partner_usage.sync_detailed, partner_id=partner, from_=first, to=last)
    else:
        items = every_page(all_usage.sync_detailed, from_=first, to=last)
    rows = [
        {
            "date": day["date"],
            "clientAccountId": item["client_id"],
            "name": item["name"],
            "usage": day["usage"],
            "allocatedCapacity": day["allocated_capacity"],
        }
        for item in items
        for day in item["daily_usage"]
    ]
    rows.sort(key=lambda r: (r["date"], r["clientAccountId"]))
    show(rows, ["date", "clientAccountId", "name", "usage", "allocatedCapacity"], CAPACITY)


# --- exports ---------------------------------------------------------------------------------

EXPORT_COLUMNS = ["id", "type", "format", "status", "rowCount", "createdAt"]


@exports_app.command("request")
def exports_request(
    export_type: str = typer.Argument(
        ..., metavar="TYPE", help="partners, storageAccounts, usage, deals or auditEvents"
    ),
    export_format: str = typer.Option("csv", "--format", help="csv, xlsx or ndjson"),
    start: str = typer.Option(None, "--from", help="First day (usage, deals, auditEvents)."),
    end: str = typer.Option(None, "--to", help="Last day, inclusive."),
    contract: str = typer.Option(None, help="Only partners in this contract."),
    partner: str = typer.Option(None, help="Only this partner."),
    wait: bool = typer.Option(False, "--wait", help="Wait until the file is ready."),
    download: Path = typer.Option(None, help="Wait, then save the file here."),
    timeout: float = typer.Option(600, help="Seconds to wait at most."),
) -> None:
    """Request an export; with --wait or --download, wait for it (with a progress line)."""
    given = {
        "type": export_type,
        "format": export_format,
        "from": start,
        "to": end,
        "contractId": contract,
        "partnerId": partner,
    }
    body = ExportIn.from_dict({k: v for k, v in given.items() if v is not None})
    accepted = call(request_export.sync_detailed, body=body)
    if not (wait or download):
        show_one(accepted, ["id", "status"])
        return
    finish(accepted.id, download, timeout)


@exports_app.command("download")
def exports_download(
    export_id: str = typer.Argument(..., metavar="ID"),
    to: Path = typer.Option(None, help="File to write (default: the export's file name)."),
    timeout: float = typer.Option(600, help="Seconds to wait at most."),
) -> None:
    """Wait for an export and save its file."""
    finish(export_id, to or Path("."), timeout)


def finish(export_id: str, target: Path | None, timeout: float) -> None:
    deadline, started, export = time.monotonic() + timeout, time.monotonic(), None
    while time.monotonic() < deadline:
        export = call(get_export.sync_detailed, id=export_id).to_dict()
        if export["status"] != "pending":
            break
        if sys.stderr.isatty() or os.environ.get("PARTNER_CONSOLE_PROGRESS"):
            typer.echo(
                f"\rwaiting for {export_id}: {time.monotonic() - started:4.0f} s",
                err=True,
                nl=False,
            )
        time.sleep(1)
    typer.echo("", err=True) if sys.stderr.isatty() else None
    if export is None or export["status"] == "pending":
        fail(f"export {export_id} is still being written after {timeout:.0f} s.", EXIT_UNREACHABLE)
    if export["status"] == "failed":
        fail(export.get("error") or "the export failed.", EXIT_EXPORT)
    if target is not None:
        saved = _save(export, target)
        export["savedTo"] = str(saved)
    show([export], EXPORT_COLUMNS + (["savedTo"] if target is not None else []))


def _save(export: dict[str, Any], target: Path) -> Path:
    url = export["downloadUrl"]
    if target.is_dir():
        query = parse_qs(urlparse(url).query).get("response-content-disposition", [""])[0]
        name = query.split("filename=")[-1].strip('"') or f"{export['id']}.{export['format']}"
        target = target / name
    try:
        with httpx.stream("GET", url, timeout=120) as response, target.open("wb") as handle:
            response.raise_for_status()
            for chunk in response.iter_bytes():
                handle.write(chunk)
    except httpx.HTTPError as exc:
        fail(f"the file could not be downloaded: {exc}", EXIT_UNREACHABLE)
    return target


@exports_app.command("list")
def exports_list() -> None:
    """Your organization's exports of the last 7 days."""
    show(every_page(list_exports.sync_detailed), EXPORT_COLUMNS)


# --- deals -----------------------------------------------------------------------------------

DEAL_COLUMNS = ["id", "customerName", "country", "expectedCapacity", "status"]


@deals_app.command("list")
def deals_list() -> None:
    """Deals registered by your organization and below."""
    show(every_page(list_deals.sync_detailed), DEAL_COLUMNS, CAPACITY)


@deals_app.command("register")
def deals_register(
    customer: str = typer.Option(..., help="The end customer's name."),
    country: str = typer.Option(..., help="ISO 3166-1 alpha-2, e.g. DE."),
    capacity_tb: float = typer.Option(..., help="Expected capacity in terabytes."),
    close_date: str = typer.Option(..., help="Expected close date, YYYY-MM-DD."),
    contract_type: str = typer.Option("reserved", help="reserved or payPerUse"),
    special_pricing: bool = typer.Option(False),
    notes: str = typer.Option(""),
) -> None:
    """Register a deal (required above 100 TB or for special pricing)."""
    body = DealIn.from_dict(
        {
            "customerName": customer,
            "country": country,
            "expectedCapacity": _bytes(capacity_tb),
            "expectedCloseDate": close_date,
            "contractType": contract_type,
            "specialPricing": special_pricing,
            "notes": notes,
        }
    )
    show_one(call(register_deal.sync_detailed, body=body), DEAL_COLUMNS, CAPACITY)


@deals_app.command("withdraw")
def deals_withdraw(deal_id: str = typer.Argument(..., metavar="DEAL_ID")) -> None:
    """Withdraw a deal your organization registered, while it is still submitted."""
    body = DealPatchIn(status=DealStatus.WITHDRAWN)
    show_one(call(change_deal.sync_detailed, id=deal_id, body=body), DEAL_COLUMNS, CAPACITY)


def _review(deal_id: str, status: DealStatus, reason: str | None) -> None:
    body = DealPatchIn(status=status, reason=reason or None)
    show_one(call(change_deal.sync_detailed, id=deal_id, body=body), DEAL_COLUMNS, CAPACITY)


@deals_app.command("approve")
def deals_approve(
    deal_id: str = typer.Argument(..., metavar="DEAL_ID"),
    reason: str = typer.Option(..., help="Why (shown to the registrant; required)."),
) -> None:
    """Approve a submitted deal (the provider's review)."""
    _review(deal_id, DealStatus.APPROVED, reason)


@deals_app.command("reject")
def deals_reject(
    deal_id: str = typer.Argument(..., metavar="DEAL_ID"),
    reason: str = typer.Option(..., help="Why (shown to the registrant; required)."),
) -> None:
    """Reject a submitted deal (the provider's review)."""
    _review(deal_id, DealStatus.REJECTED, reason)


@deals_app.command("close")
def deals_close(
    deal_id: str = typer.Argument(..., metavar="DEAL_ID"),
    won: bool = typer.Option(
        ..., "--won/--lost", help="The outcome of an approved deal your organization registered."
    ),
    reason: str = typer.Option(None, help="A note on the outcome."),
) -> None:
    """Close an approved deal as won or lost."""
    _review(deal_id, DealStatus.WON if won else DealStatus.LOST, reason)


def run() -> None:
    app()


if __name__ == "__main__":
    run()


__all__: Iterable[str] = ["app", "run"]
