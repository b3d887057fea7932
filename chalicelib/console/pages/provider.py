"""The provider's pages: distributors and direct channel partners (create, add first admin) and
contracts (create, change reserved capacity)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from chalice import Response

from chalicelib import clock
from chalicelib.api.contracts import ContractIn, ContractPatchIn
from chalicelib.api.organizations import OrganizationIn
from chalicelib.console.cursors import window
from chalicelib.console.i18n import N_
from chalicelib.console.pages.invitations import added, member_form
from chalicelib.console.pages.partners import people_table
from chalicelib.console.web import FormErrors, Page, PageRouter, parse_tb, tb, validate
from chalicelib.domain.roles import Action, OrgType
from chalicelib.errors import AppError, NotFound, ValidationFailed
from chalicelib.paging import PageRequest
from chalicelib.services import contracts, members, organizations, usage

router = PageRouter(__name__)

#: Rows of the provider's tables (organizations, contracts) shown per page.
PAGE_SIZE = 50
#: The Contracts page's "Distributor or direct partner" select offers this many of each kind
#: (by name); a contract with another is created from that organization's page.
OWNER_CHOICES = 100

KINDS = {
    "distributor": (N_("Distributors"), "/distributors", "distributor"),
    "partner": (N_("Direct partners"), "/direct-partners", "direct channel partner"),
}


def _provider_only(page: Page) -> None:
    if not page.principal.is_provider:
        raise NotFound(N_("There is no such page."))


def orgs_page(
    page: Page, kind: str, errors: FormErrors | None = None, status: int = 200
) -> Response:
    _provider_only(page)
    title, path, noun = KINDS[kind]
    q = page.query.get("q", "").strip()
    table = window(
        page,
        scope=f"{kind}|{q}",
        params={"q": q} if q else {},
        size=PAGE_SIZE,
        fetch=lambda request, backwards: organizations.organizations_by_name(
            page.principal, OrgType(kind), request, descending=backwards, name_starts=q
        ),
        position=organizations.name_position,
        at=path,
    )
    return page.render(
        "organizations.html",
        status=status,
        current=title,
        title=title,
        kind=kind,
        path=path,
        noun=noun,
        rows=table.rows,
        table=table,
        q=q,
        counts=contracts.contract_counts(page.principal, table.rows),
        errors=errors or FormErrors(),
        form=page.form,
    )


@router.route("/distributors")
def distributors(page: Page) -> Response:
    return orgs_page(page, "distributor")


@router.route("/direct-partners")
def direct_partners(page: Page) -> Response:
    return orgs_page(page, "partner")


@router.route("/organizations", "POST")
def create_organization(page: Page) -> Response:
    _provider_only(page)
    kind = page.form.get("type", "")
    if kind not in KINDS:
        raise NotFound(N_("There is no such page."))
    try:
        body = validate(OrganizationIn, {"type": kind, "name": page.form.get("name", "")})
        org = organizations.create_organization(page.principal, OrgType(kind), body.name, None)
    except AppError as exc:
        return orgs_page(page, kind, FormErrors.of(exc, "create-org", "name"), exc.status)
    return page.redirect(
        f"/organizations/{org.id}",
        toast=page._(
            "%(name)s was created. Add its first admin and a contract next.", name=org.name
        ),
    )


def org_page(page: Page, org_id: str, errors: FormErrors | None = None, status: int = 200):
    _provider_only(page)
    org = organizations.get_organization(page.principal, org_id)
    if org.type == OrgType.PROVIDER or (org.type == OrgType.PARTNER and org.contract_id):
        raise NotFound.of("Organization", org_id)  # partners of distributors have their page
    kind = str(org.type)
    own = window(
        page,
        scope="contracts",
        params={},
        size=PAGE_SIZE,
        fetch=lambda request, backwards: contracts.contracts_of(
            page.principal, org.id, request, newest_first=backwards
        ),
        position=contracts.organization_position,
        at=f"/organizations/{org.id}",
        prefix="contracts_",
    )
    people = people_table(page, org.id, f"/organizations/{org.id}")
    usage_days: list = []
    if org.type == OrgType.DISTRIBUTOR:  # its partners' usage: its own roll-ups, one Query
        last = clock.now().date()
        first = (last - timedelta(days=29)).isoformat()
        usage_days = usage.distributor_daily(page.principal, org.id, first, last.isoformat())
    chart_data = json.dumps({"x": [d for d, _ in usage_days], "y": [v for _, v in usage_days]})
    return page.render(
        "organization.html",
        usage_days=usage_days,
        chart_data=chart_data,
        status=status,
        current=KINDS[kind][0],
        org=org,
        kind=kind,
        kinds=KINDS,
        contracts=own.rows,
        contracts_table=own,
        people=people.rows,
        people_table=people,
        errors=errors or FormErrors(),
        form=page.form,
    )


@router.route("/organizations/{org_id}")
def organization(page: Page, org_id: str) -> Response:
    return org_page(page, org_id)


@router.route("/organizations/{org_id}/members", "POST")
def add_member(page: Page, org_id: str) -> Response:
    _provider_only(page)
    try:
        body = member_form(page)
        user = members.create_member(
            page.principal, org_id, base_url=page.ctx.base_url, **body.model_dump()
        )
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        return org_page(page, org_id, FormErrors.of(exc, "member", "email"), exc.status)
    return page.redirect(
        f"/organizations/{org_id}", toast=added(page, user, N_("%(email)s can now log in."))
    )


def _contract_body(page: Page, organization_id: str) -> ContractIn:
    form = page.form
    try:
        cents = float(form.get("costStorageGBCents", "").strip() or "x")
    except ValueError:
        raise ValidationFailed(
            N_("Enter the price in cents, e.g. 2.5."),
            details=[
                {
                    "field": "costStorageGBCents",
                    "location": "body",
                    "message": N_("Enter the price in cents, e.g. 2.5."),
                }
            ],
        ) from None
    return validate(
        ContractIn,
        {
            "organizationId": organization_id,
            "details": form.get("details", ""),
            "reservedCapacity": parse_tb(form.get("reservedCapacity"), "reservedCapacity"),
            "costStorageGBCents": cents,
            "currency": form.get("currency", "").strip().upper(),
            "startDate": _date(form.get("startDate", "")),
            "endDate": _date(form.get("endDate", "")),
        },
    )


def _date(raw: str):
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return raw  # the model reports it next to the field


def _create_contract(page: Page, organization_id: str):
    body = _contract_body(page, organization_id)
    new = contracts.NewContract(
        organization_id=body.organization_id,
        details=body.details,
        reserved_capacity=body.reserved_capacity,
        cost_storage_gb_cents=body.cost_storage_gb_cents,
        currency=body.currency,
        start_date=body.start_date.isoformat(),
        end_date=body.end_date.isoformat(),
    )
    return contracts.create_contract(page.principal, new)


@router.route("/organizations/{org_id}/contracts", "POST")
def create_org_contract(page: Page, org_id: str) -> Response:
    _provider_only(page)
    try:
        contract = _create_contract(page, org_id)
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        return org_page(page, org_id, FormErrors.of(exc, "contract", "details"), exc.status)
    return page.redirect(
        f"/organizations/{org_id}",
        toast=page._("Contract %(contract)s was created.", contract=contract.details),
    )


# --- Contracts -------------------------------------------------------------------------------


def contracts_page(page: Page, errors: FormErrors | None = None, status: int = 200) -> Response:
    _provider_only(page)
    principal = page.principal
    table = window(
        page,
        scope="contracts",
        params={},
        size=PAGE_SIZE,
        fetch=lambda request, backwards: contracts.list_contracts(
            principal, request, newest_first=not backwards
        ),
        position=lambda contract: contracts.position(principal, contract),
        at="/contracts",
    )
    owners = organizations.organizations_by_id(principal, {c.organization_id for c in table.rows})
    choices, more_choices = [], False
    if page.can(Action.MANAGE_CHANNEL):
        for kind in KINDS:
            found = organizations.organizations_by_name(
                principal, OrgType(kind), PageRequest(limit=OWNER_CHOICES)
            )
            choices += found.items
            more_choices = more_choices or found.next_key is not None
    return page.render(
        "contracts.html",
        status=status,
        current="Contracts",
        rows=table.rows,
        table=table,
        owners=owners,
        owner_choices=choices,
        more_choices=more_choices,
        owner_limit=OWNER_CHOICES,
        errors=errors or FormErrors(),
        form=page.form,
        writable=page.can(Action.MANAGE_CHANNEL),
    )


@router.route("/contracts")
def contracts_list(page: Page) -> Response:
    return contracts_page(page)


@router.route("/contracts", "POST")
def create_contract(page: Page) -> Response:
    _provider_only(page)
    try:
        contract = _create_contract(page, page.form.get("organizationId", ""))
    except AppError as exc:
        return contracts_page(page, FormErrors.of(exc, "contract", "organizationId"), exc.status)
    return page.redirect(
        "/contracts", toast=page._("Contract %(contract)s was created.", contract=contract.details)
    )


@router.route("/contracts/{contract_id}/reserved", "POST")
def change_reserved(page: Page, contract_id: str) -> Response:
    _provider_only(page)
    form_name = f"reserved-{contract_id}"
    try:
        reserved = parse_tb(page.form.get("reservedCapacity"), "reservedCapacity")
        body = validate(ContractPatchIn, {"reservedCapacity": reserved})
        contract = contracts.update_contract(
            page.principal, contract_id, body.model_dump(exclude_none=True)
        )
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        return contracts_page(page, FormErrors.of(exc, form_name, "reservedCapacity"), exc.status)
    return page.redirect(
        "/contracts",
        toast=page._(
            "Contract %(contract)s now reserves %(capacity)s.",
            contract=contract.details,
            capacity=tb(contract.reserved_capacity),
        ),
    )
