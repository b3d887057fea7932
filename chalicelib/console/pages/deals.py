"""Deals: register (admins and staff), list by status, the provider's review (approve/reject
with a reason), the registering organization's withdraw (while submitted, from the deal's page)
and close (won/lost)."""

from __future__ import annotations

from datetime import date

from chalice import Response

from chalicelib.api.deals import DealIn, DealPatchIn
from chalicelib.console.cursors import window
from chalicelib.console.web import FormErrors, Page, PageRouter, parse_tb, validate
from chalicelib.domain import locales
from chalicelib.domain.deals import ContractType, DealStatus, country_choices
from chalicelib.domain.roles import Action
from chalicelib.errors import AppError, NotFound
from chalicelib.services import deals

router = PageRouter(__name__)

STATUSES = ("submitted", "approved", "rejected", "withdrawn", "won", "lost")
#: Deals shown per page (one page of the level index, or of one status's index).
PAGE_SIZE = 50


def deals_page(page: Page, errors: FormErrors | None = None, status: int = 200) -> Response:
    wanted = page.query.get("status") or None
    if wanted not in (None, *STATUSES):
        wanted = None
    principal = page.principal
    table = window(
        page,
        scope=wanted or "all",
        params={"status": wanted} if wanted else {},
        size=PAGE_SIZE,
        fetch=lambda request, backwards: deals.list_deals(
            principal, request, wanted, oldest_first=backwards
        ),
        position=lambda deal: deals.position(principal, deal, wanted),
        at="/deals",
    )
    return page.render(
        "deals.html",
        status=status,
        current="Deals",
        rows=table.rows,
        table=table,
        wanted=wanted or "",
        statuses=STATUSES,
        countries=locales.countries(country_choices(), page.locale),
        country_names=dict(locales.countries(country_choices(), page.locale)),
        can_register=page.can(Action.REGISTER_DEALS),
        can_review=page.can(Action.MANAGE_CHANNEL),
        errors=errors or FormErrors(),
        form=page.form,
    )


@router.route("/deals")
def deal_list(page: Page) -> Response:
    return deals_page(page)


def _enum(kind: type, raw: str) -> object:
    """A form's text as the API model's enum (the model is strict); unknown text is left for
    the model to report next to its field."""
    try:
        return kind(raw)
    except ValueError:
        return raw


def _date(raw: str) -> object:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return raw


@router.route("/deals", "POST")
def register(page: Page) -> Response:
    form = page.form
    try:
        body = validate(
            DealIn,
            {
                "customerName": form.get("customerName", ""),
                "country": form.get("country", ""),
                "expectedCapacity": parse_tb(form.get("expectedCapacity"), "expectedCapacity"),
                "expectedCloseDate": _date(form.get("expectedCloseDate", "")),
                "contractType": _enum(ContractType, form.get("contractType", "")),
                "specialPricing": form.get("specialPricing") == "true",
                "notes": form.get("notes", ""),
            },
        )
        deal = deals.register_deal(
            page.principal,
            deals.NewDeal(
                customer_name=body.customer_name,
                country=body.country,
                expected_capacity=body.expected_capacity,
                expected_close_date=body.expected_close_date.isoformat(),
                contract_type=str(body.contract_type),
                special_pricing=body.special_pricing,
                notes=body.notes,
            ),
        )
    except AppError as exc:
        return deals_page(page, FormErrors.of(exc, "deal", "customerName"), exc.status)
    return page.redirect(
        "/deals", toast=page._("Deal for %(customer)s was registered.", customer=deal.customer_name)
    )


@router.route("/deals/{deal_id}/status", "POST")
def change_status(page: Page, deal_id: str) -> Response:
    form = page.form
    try:
        body = validate(
            DealPatchIn,
            {
                "status": _enum(DealStatus, form.get("status", "")),
                "reason": form.get("reason") or None,
            },
        )
        deal = deals.change_status(page.principal, deal_id, DealStatus(body.status), body.reason)
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        return deals_page(page, FormErrors.of(exc, f"deal-{deal_id}", "reason"), exc.status)
    return page.redirect(
        "/deals",
        toast=page._(
            "Deal for %(customer)s is now %(status)s.",
            customer=deal.customer_name,
            status=page._(deal.status),
        ),
    )


def deal_page(
    page: Page, deal_id: str, errors: FormErrors | None = None, status: int = 200
) -> Response:
    deal = deals.get_deal(page.principal, deal_id)
    return page.render(
        "deal.html",
        status=status,
        current="Deals",
        deal=deal,
        country_names=dict(locales.countries(country_choices(), page.locale)),
        # what a role may not do is not offered: the registrant's admins and staff, while the
        # deal awaits its review
        can_withdraw=page.can(Action.REGISTER_DEALS)
        and deal.org_id == page.principal.org_id
        and deal.status == DealStatus.SUBMITTED,
        errors=errors or FormErrors(),
    )


@router.route("/deals/{deal_id}")
def deal_detail(page: Page, deal_id: str) -> Response:
    """One deal: everything registered (notes included), its status and reason; out of scope
    is the 404 page."""
    return deal_page(page, deal_id)


@router.route("/deals/{deal_id}/withdraw", "POST")
def withdraw(page: Page, deal_id: str) -> Response:
    """The registrant takes a submitted deal back (the page asks to confirm); a deal reviewed
    meanwhile is refused with the API's sentence on the deal's page."""
    try:
        deal = deals.change_status(page.principal, deal_id, DealStatus.WITHDRAWN, None)
    except AppError as exc:
        if isinstance(exc, NotFound):
            raise
        return deal_page(page, deal_id, FormErrors.of(exc, "withdraw", shown=()), exc.status)
    return page.redirect(
        f"/deals/{deal.id}",
        toast=page._("Deal for %(customer)s was withdrawn.", customer=deal.customer_name),
    )
