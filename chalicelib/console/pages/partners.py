"""The distributor's seed page (Partners: contract selector, capacity widgets, partner table,
create) and a partner's detail page (rename, allocation, transfer, delete, console users)."""

from __future__ import annotations

import json
from contextlib import suppress
from datetime import timedelta
from typing import Any

from chalice import Response

from chalicelib import clock
from chalicelib.api.members import MemberPatchIn
from chalicelib.api.partners import PartnerIn, PartnerPutIn, TransferIn
from chalicelib.console.cursors import Window, window
from chalicelib.console.i18n import N_
from chalicelib.console.pages.invitations import added, member_form
from chalicelib.console.web import FormErrors, Page, PageRouter, parse_tb, validate
from chalicelib.domain import billing as billing_rules
from chalicelib.domain.roles import Action, OrgType
from chalicelib.errors import AppError, NotFound, ValidationFailed
from chalicelib.paging import PageRequest
from chalicelib.services import contracts, members, organizations, partners, usage

router = PageRouter(__name__)

PAGE_SIZE = 20
#: The contract selectors (Partners page, a partner's transfer) offer this many contracts.
CONTRACT_CHOICES = 50
#: Console users shown per page on a partner's and an organization's page.
PEOPLE_PAGE_SIZE = 50
#: Filtered and sorted by capacity: up to this many matching partners are sorted on the page.
SORTED_MATCHES = 200
SORTS = {
    "name": lambda p: p.name.lower(),
    "allocated": lambda p: int(p.allocated_capacity),
    "used": lambda p: int(p.used_capacity),
}


def contract_choices(page: Page, chosen: str) -> tuple[list, Any, bool]:
    """The Partners page's contract selector: (the contracts offered, the one shown, whether
    more exist). It offers the first ``CONTRACT_CHOICES`` contracts partners can be created
    in (signing order: a distributor's own; for the provider, its distributors') and, when
    the URL names another one the caller sees, that one too; the first is shown by default."""
    found = contracts.distributor_contracts(page.principal, PageRequest(limit=CONTRACT_CHOICES))
    offered = list(found.items)
    contract = next((c for c in offered if c.id == chosen), None)
    if chosen and contract is None:
        contract = contracts.partner_contract(page.principal, chosen)
        offered.append(contract)
    return offered, contract or (offered[0] if offered else None), found.next_key is not None


def organization_contracts(page: Page, org_id: str) -> list:
    """The first ``CONTRACT_CHOICES`` contracts signed with ``org_id`` (one Query; an
    organization signs few)."""
    request = PageRequest(limit=CONTRACT_CHOICES)
    return contracts.contracts_of(page.principal, org_id, request).items


def any_partner(page: Page, partner_id: str):
    """A distributor's partner, or a direct channel partner (which has no distributor contract
    and so no ICMC partner record): both are partners whose pages the caller may see."""
    try:
        return partners.get_partner(page.principal, partner_id)
    except NotFound:
        org = organizations.get_organization(page.principal, partner_id)
        if org.type != OrgType.PARTNER:
            raise
        return org


def allocation_from_form(form: dict[str, str]) -> int:
    if form.get("payPerUse") == "true":
        return 0
    return parse_tb(form.get("allocatedCapacity"), "allocatedCapacity")


def _int(raw: str | None, default: int) -> int:
    try:
        return max(1, int(raw or default))
    except ValueError:
        return default


# --- Partners --------------------------------------------------------------------------------


def partners_page(page: Page, errors: FormErrors | None = None, status: int = 200) -> Response:
    if page.principal.org_type == OrgType.PARTNER:
        return page.redirect(f"/partners/{page.principal.org_id}")
    chosen = page.query.get("contract") or page.form.get("distributorContractId") or ""
    available, contract, more_contracts = contract_choices(page, chosen)
    q = page.query.get("q", "").strip()
    sort = page.query.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    direction = "desc" if page.query.get("dir") == "desc" else "asc"
    table = Window(rows=[], notes={"sort": sort, "direction": direction, "too_many": False})
    if contract is not None:
        table = partner_table(page, contract, q, sort, direction)
    state = {
        "contract": contract.id if contract else "",
        "q": q,
        "sort": table.notes["sort"],
        "dir": table.notes["direction"],
    }
    return page.render(
        "partners.html",
        status=status,
        current="Partners",
        contracts=available,
        contract=contract,
        more_contracts=more_contracts,
        contract_choices=CONTRACT_CHOICES,
        table=table,
        rows=table.rows,
        pages=table.pages(PAGE_SIZE),
        sorted_matches=SORTED_MATCHES,
        state=state,
        errors=errors or FormErrors(),
        form=page.form,
    )


def partner_table(page: Page, contract: Any, q: str, sort: str, direction: str) -> Window:
    """The Partners table reads one page, whatever the contract holds: each order is an index
    (name, used, allocated) read from a cursor (``console.cursors``), the name filter a key
    condition on the name index. Filtered *and* sorted by capacity, the matching partners are
    read by name (at most ``SORTED_MATCHES``) and sorted here; when more match, they stay in
    name order and the page says so."""
    principal = page.principal
    too_many = False
    if q and sort != "name":
        found = partners.sorted_partners(
            principal, contract.id, PageRequest(limit=SORTED_MATCHES), name_starts=q
        )
        if found.next_key is None:
            return _sorted_matches(page, contract.id, found.items, sort, direction)
        sort, direction, too_many = "name", "asc", True
    params = {"contract": contract.id, "q": q, "sort": sort, "dir": direction}
    shown = window(
        page,
        scope="|".join(params.values()),
        params=params,
        size=PAGE_SIZE,
        fetch=lambda request, backwards: partners.sorted_partners(
            principal,
            contract.id,
            request,
            sort=sort,
            descending=(direction == "desc") != backwards,
            name_starts=q,
        ),
        position=lambda row: partners.position(row, sort),
    )
    shown.total = None if q else int(contract.partner_count)
    shown.notes = {"sort": sort, "direction": direction, "too_many": too_many}
    return shown


def _sorted_matches(
    page: Page, contract_id: str, matches: list, sort: str, direction: str
) -> Window:
    """Few enough partners match the filter to sort them here and page by number."""
    matches = sorted(matches, key=SORTS[sort], reverse=direction == "desc")
    total = len(matches)
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(_int(page.query.get("page"), 1), pages)
    base = {
        "contract": contract_id,
        "q": page.query.get("q", "").strip(),
        "sort": sort,
        "dir": direction,
    }
    return Window(
        rows=matches[(number - 1) * PAGE_SIZE : number * PAGE_SIZE],
        number=number,
        total=total,
        previous={**base, "page": str(number - 1)} if number > 1 else None,
        next={**base, "page": str(number + 1)} if number < pages else None,
        notes={"sort": sort, "direction": direction, "too_many": False},
    )


@router.route("/partners")
def partners_list(page: Page) -> Response:
    return partners_page(page)


@router.route("/partners", "POST")
def create_partner(page: Page) -> Response:
    form = page.form
    contract_id = form.get("distributorContractId", "")
    page.ctx.query = {"contract": contract_id}
    try:
        body = validate(
            PartnerIn,
            {
                "name": form.get("name", ""),
                "allocatedCapacity": allocation_from_form(form),
                "allowOverdraft": form.get("allowOverdraft") == "true",
                "distributorContractId": contract_id,
            },
        )
        partner = partners.create_partner(
            page.principal,
            body.distributor_contract_id,
            body.name,
            body.allocated_capacity,
            body.allow_overdraft,
        )
    except AppError as exc:
        errors = FormErrors.of(
            exc, "create-partner", "allocatedCapacity", shown=("name", "allocatedCapacity")
        )
        return partners_page(page, errors, exc.status)
    return page.redirect(
        "/partners",
        toast=page._("Partner %(name)s was created.", name=partner.name),
        contract=contract_id,
    )


# --- Partner detail --------------------------------------------------------------------------


def partner_page(
    page: Page, partner_id: str, errors: FormErrors | None = None, status: int = 200
) -> Response:
    principal = page.principal
    partner = any_partner(page, partner_id)
    contract = None
    direct_contracts: list = []
    if partner.contract_id:
        with suppress(NotFound):  # a partner does not see its distributor's contract
            contract = contracts.get_contract(principal, partner.contract_id)
    else:
        direct_contracts = organization_contracts(page, partner.id)
    manages = (
        principal.can(Action.MANAGE_RESOURCES)
        and partner.id != principal.org_id
        and bool(partner.contract_id)
    )
    siblings = []
    if manages and contract is not None:
        # the transfer's targets: its distributor's other contracts (domain.partners)
        siblings = [
            c for c in organization_contracts(page, contract.organization_id) if c.id != contract.id
        ]
    people = people_table(page, partner.id, f"/partners/{partner.id}", partner_only=True)
    own = partner.id == principal.org_id
    start, end, data, points, usage_error = partner_usage(page, partner.id)
    presets = billing_rules.range_presets(clock.now().date())
    return page.render(
        "partner.html",
        status=status,
        current="Overview" if own else "Partners",
        partner=partner,
        contract=contract,
        direct_contracts=direct_contracts,
        siblings=siblings,
        manages=manages,
        people=people.rows,
        people_table=people,
        can_add_users=principal.can(Action.MANAGE_TEAM if own else Action.CREATE_CHILD_USERS),
        can_change_users=principal.can(Action.MANAGE_TEAM if own else Action.MANAGE_CHILD_USERS),
        accounts_url=("/storage-accounts" if own else f"/partners/{partner.id}/storage-accounts"),
        start=start,
        end=end,
        data=data,
        points=points,
        usage_error=usage_error,
        presets=presets,
        errors=errors or FormErrors(),
        form=page.form,
    )


def people_table(page: Page, org_id: str, at: str, *, partner_only: bool = False) -> Window:
    """One page of an organization's console users by e-mail address, with its pager (the
    links keep the page's date range)."""
    return window(
        page,
        scope="people",
        params={k: page.query[k] for k in ("from", "to") if page.query.get(k)},
        size=PEOPLE_PAGE_SIZE,
        fetch=lambda request, backwards: members.list_members(
            page.principal, org_id, request, partner_only=partner_only, descending=backwards
        ),
        position=members.position,
        at=at,
    )


def partner_usage(page: Page, partner_id: str) -> tuple[str, str, str, list, str]:
    """The partner's daily usage (summed over its accounts) for the range in the URL, by
    default the last 30 days: (from, to, chart data, points, error sentence)."""
    last = clock.now().date()
    start = page.query.get("from") or (last - timedelta(days=29)).isoformat()
    end = page.query.get("to") or last.isoformat()
    try:
        points = usage.partner_daily(page.principal, partner_id, start, end)
    except ValidationFailed as exc:
        return start, end, "", [], exc.message
    data = json.dumps({"x": [p[0] for p in points], "y": [p[1] for p in points]})
    return start, end, data, points, ""


@router.route("/partners/{partner_id}")
def partner_detail(page: Page, partner_id: str) -> Response:
    return partner_page(page, partner_id)


ALLOCATION_FIELDS = ("allocatedCapacity",)


def _update(
    page: Page, partner_id: str, form_name: str, data: dict, shown: tuple[str, ...]
) -> Response:
    try:
        body = validate(PartnerPutIn, data)
        partner = partners.update_partner(
            page.principal,
            partner_id,
            allocation=body.allocated_capacity,
            name=body.name,
            allow_overdraft=body.allow_overdraft,
        )
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        errors = FormErrors.of(exc, form_name, shown[0], shown=shown)
        return partner_page(page, partner_id, errors, exc.status)
    return page.redirect(
        f"/partners/{partner_id}", toast=page._("Partner %(name)s was updated.", name=partner.name)
    )


@router.route("/partners/{partner_id}/rename", "POST")
def rename_partner(page: Page, partner_id: str) -> Response:
    return _update(page, partner_id, "rename", {"name": page.form.get("name", "")}, ("name",))


@router.route("/partners/{partner_id}/allocation", "POST")
def change_allocation(page: Page, partner_id: str) -> Response:
    try:
        allocation = allocation_from_form(page.form)
    except ValidationFailed as exc:
        errors = FormErrors.of(exc, "allocation", "allocatedCapacity", ALLOCATION_FIELDS)
        return partner_page(page, partner_id, errors, exc.status)
    data = {
        "allocatedCapacity": allocation,
        "allowOverdraft": page.form.get("allowOverdraft") == "true",
    }
    return _update(page, partner_id, "allocation", data, ALLOCATION_FIELDS)


@router.route("/partners/{partner_id}/transfer", "POST")
def transfer_partner(page: Page, partner_id: str) -> Response:
    try:
        body = validate(
            TransferIn, {"distributorContractId": page.form.get("distributorContractId", "")}
        )
        partner = partners.transfer_partner(
            page.principal, partner_id, body.distributor_contract_id
        )
    except AppError as exc:
        if isinstance(exc, NotFound) and "Partner" in exc.message:
            raise
        errors = FormErrors.of(
            exc, "transfer", "distributorContractId", shown=("distributorContractId",)
        )
        return partner_page(page, partner_id, errors, exc.status)
    return page.redirect(
        f"/partners/{partner_id}",
        toast=page._("Partner %(name)s was transferred.", name=partner.name),
    )


@router.route("/partners/{partner_id}/delete", "POST")
def delete_partner(page: Page, partner_id: str) -> Response:
    partner = partners.get_partner(page.principal, partner_id)
    contract_id = partner.contract_id
    try:
        if page.form.get("confirmName", "").strip() != partner.name:
            raise ValidationFailed(
                N_("Type the partner's name exactly to confirm the deletion."),
                details=[
                    {
                        "field": "confirmName",
                        "location": "body",
                        "message": N_("Type the partner's name exactly as shown."),
                    }
                ],
            )
        partners.delete_partner(page.principal, partner_id)
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        errors = FormErrors.of(exc, "delete", "confirmName", shown=("confirmName",))
        return partner_page(page, partner_id, errors, exc.status)
    return page.redirect(
        "/partners",
        toast=page._("Partner %(name)s was deleted.", name=partner.name),
        contract=contract_id,
    )


# --- a partner's Management Console users ----------------------------------------------------


@router.route("/partners/{partner_id}/members", "POST")
def add_member(page: Page, partner_id: str) -> Response:
    try:
        body = member_form(page)
        user = members.create_member(
            page.principal,
            partner_id,
            partner_only=True,
            base_url=page.ctx.base_url,
            **body.model_dump(),
        )
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        return partner_page(page, partner_id, FormErrors.of(exc, "member", "email"), exc.status)
    return page.redirect(
        f"/partners/{partner_id}", toast=added(page, user, N_("%(email)s can now log in."))
    )


@router.route("/partners/{partner_id}/members/{member_id}/role", "POST")
def change_member_role(page: Page, partner_id: str, member_id: str) -> Response:
    try:
        body = validate(MemberPatchIn, {"role": page.form.get("role", "")})
        user = members.update_member(
            page.principal, partner_id, member_id, role=body.role, partner_only=True
        )
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        errors = FormErrors.of(exc, f"role-{member_id}", "role")
        return partner_page(page, partner_id, errors, exc.status)
    return page.redirect(
        f"/partners/{partner_id}",
        toast=page._("%(email)s is now %(role)s.", email=user.email, role=page._(user.role)),
    )


@router.route("/partners/{partner_id}/members/{member_id}/delete", "POST")
def remove_member(page: Page, partner_id: str, member_id: str) -> Response:
    try:
        members.delete_member(page.principal, partner_id, member_id, partner_only=True)
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        errors = FormErrors.of(exc, f"role-{member_id}", "role")
        return partner_page(page, partner_id, errors, exc.status)
    return page.redirect(f"/partners/{partner_id}", toast=page._("The user was removed."))
