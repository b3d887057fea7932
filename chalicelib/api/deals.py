"""Deal registration: ``GET|POST /v1/deals``, ``GET|PATCH /v1/deals/{id}``."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from chalicelib.api.http import Router
from chalicelib.api.models import Capacity, Name, QueryModel, RequestModel, ResponseModel
from chalicelib.domain.deals import ContractType, DealStatus, check_country
from chalicelib.services import deals

router = Router(__name__, "Deals")

Country = Annotated[
    str,
    Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2, e.g. DE."),
    AfterValidator(check_country),
]


class DealIn(RequestModel):
    customer_name: Name
    country: Country
    expected_capacity: Capacity
    expected_close_date: date
    contract_type: ContractType = Field(description="`reserved` or `payPerUse`.")
    special_pricing: bool = Field(default=False, description="Special pricing requested.")
    notes: str = Field(default="", max_length=4000)


class DealPatchIn(RequestModel):
    status: DealStatus = Field(
        description="`approved`/`rejected` (provider, with a reason), `withdrawn` (the "
        "registering organization, while the deal is submitted) or `won`/`lost` (the "
        "registering organization, once approved)."
    )
    reason: str | None = Field(default=None, min_length=1, max_length=1000)


class DealQuery(QueryModel):
    status: Literal["submitted", "approved", "rejected", "withdrawn", "won", "lost"] | None = None


class DealOut(ResponseModel):
    id: str
    organization_id: str
    organization_name: str
    customer_name: str
    country: str
    expected_capacity: int
    expected_close_date: str
    contract_type: str
    special_pricing: bool
    notes: str
    status: str
    status_reason: str | None
    registered_by: str
    created_at: str
    updated_at: str


def deal_out(d) -> DealOut:
    return DealOut(
        id=d.id,
        organization_id=d.org_id,
        organization_name=d.org_name,
        customer_name=d.customer_name,
        country=d.country,
        expected_capacity=int(d.expected_capacity),
        expected_close_date=d.expected_close_date,
        contract_type=d.contract_type,
        special_pricing=bool(d.special_pricing),
        notes=d.notes,
        status=d.status,
        status_reason=d.status_reason,
        registered_by=d.registered_by_label,
        created_at=d.created_at,
        updated_at=d.updated_at,
    )


@router.route(
    "/v1/deals",
    "POST",
    summary="Register a deal",
    body=DealIn,
    response=DealOut,
    status=201,
    errors=(403,),
)
def register_deal(ctx, body: DealIn) -> DealOut:
    new = deals.NewDeal(
        customer_name=body.customer_name,
        country=body.country,
        expected_capacity=body.expected_capacity,
        expected_close_date=body.expected_close_date.isoformat(),
        contract_type=str(body.contract_type),
        special_pricing=body.special_pricing,
        notes=body.notes,
    )
    return deal_out(deals.register_deal(ctx.principal, new))


@router.route(
    "/v1/deals",
    "GET",
    summary="List deals of my organization and below, newest first",
    query=DealQuery,
    response=DealOut,
    paginated=True,
)
def list_deals(ctx, query: DealQuery):
    status = str(query.status) if query.status else None
    return deals.list_deals(ctx.principal, ctx.page, status).map(deal_out)


@router.route("/v1/deals/{id}", "GET", summary="Get a deal", response=DealOut)
def get_deal(ctx, id: str) -> DealOut:
    return deal_out(deals.get_deal(ctx.principal, id))


@router.route(
    "/v1/deals/{id}",
    "PATCH",
    summary="Review (approve/reject), withdraw or close (won/lost) a deal",
    body=DealPatchIn,
    response=DealOut,
    errors=(403, 409),
)
def change_deal(ctx, id: str, body: DealPatchIn) -> DealOut:
    return deal_out(deals.change_status(ctx.principal, id, body.status, body.reason))
