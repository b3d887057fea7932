"""Contracts: the ICMC list (``GET /v1/contract/list``, ``GET /v1/contract/{id}/partners``) and
the console's contract routes (create, read, change, overview)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field

from chalicelib.api.http import Router
from chalicelib.api.models import Capacity, Price, RequestModel, ResponseModel, readable
from chalicelib.api.partners import PartnerOut, partner_out
from chalicelib.domain import capacity
from chalicelib.services import contracts, partners

router = Router(__name__, "Contracts")

Currency = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code, e.g. EUR.")
PriceField = Field(
    alias="costStorageGBCents", description="Excess-usage price in cents per GB-month."
)


class ContractIn(RequestModel):
    organization_id: str = Field(description="The distributor or direct channel partner.")
    details: Annotated[str, AfterValidator(readable)] = Field(
        min_length=1, max_length=500, description="The contract's name."
    )
    reserved_capacity: Capacity
    cost_storage_gb_cents: Price = PriceField
    currency: str = Currency
    start_date: date
    end_date: date


class ContractPatchIn(RequestModel):
    details: Annotated[str, AfterValidator(readable)] | None = Field(
        default=None, min_length=1, max_length=500
    )
    reserved_capacity: Capacity | None = None
    cost_storage_gb_cents: Price | None = Field(default=None, alias="costStorageGBCents")
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    start_date: date | None = None
    end_date: date | None = None


class IcmcContractOut(ResponseModel):
    """``api.DistributorContractResponse``."""

    allocated_capacity: int
    cost_egress_gb_cents: int | float = Field(alias="costEgressGBCents", description="Always 0.")
    cost_storage_gb_cents: int | float = Field(alias="costStorageGBCents")
    currency: str
    details: str
    distributor_id: str
    id: str
    reserved_capacity: int


class ContractOut(IcmcContractOut):
    organization_id: str
    partner_count: int
    used_capacity: int
    usage_updated_at: str | None
    start_date: str
    end_date: str
    created_at: str
    updated_at: str


class ContractOverviewOut(ResponseModel):
    reserved_capacity: int
    allocated_capacity: int
    unallocated_capacity: int = Field(
        description="Extension: reserved capacity not yet allocated to partners (headroom)."
    )
    used_capacity: int
    excess_usage_fee_cents: int
    currency: str
    partner_count: int
    usage_updated_at: str | None


def _money(value) -> float:
    number = float(value)
    return int(number) if number.is_integer() else number


def icmc_contract(c) -> IcmcContractOut:
    return IcmcContractOut(
        allocated_capacity=int(c.allocated_capacity),
        cost_egress_gb_cents=0,
        cost_storage_gb_cents=_money(c.cost_storage_gb_cents),
        currency=c.currency,
        details=c.details,
        distributor_id=c.organization_id,
        id=c.id,
        reserved_capacity=int(c.reserved_capacity),
    )


def contract_out(c) -> ContractOut:
    return ContractOut(
        **icmc_contract(c).model_dump(),
        organization_id=c.organization_id,
        partner_count=int(c.partner_count),
        used_capacity=int(c.used_capacity),
        usage_updated_at=c.usage_updated_at,
        start_date=c.start_date,
        end_date=c.end_date,
        created_at=c.created_at,
        updated_at=c.updated_at,
    )


@router.route(
    "/v1/contract/list",
    "GET",
    summary="Get list of available contracts",
    response=IcmcContractOut,
    paginated=True,
    tags=("Distributors",),
)
def icmc_list_contracts(ctx):
    return contracts.list_contracts(ctx.principal, ctx.page).map(icmc_contract)


@router.route(
    "/v1/contract/{contractID}/partners",
    "GET",
    summary="Get list of partners in the contract",
    response=PartnerOut,
    paginated=True,
    tags=("Distributors",),
)
def icmc_list_partners(ctx, contractID: str):
    return partners.list_partners(ctx.principal, contractID, ctx.page).map(partner_out)


@router.route(
    "/v1/contracts",
    "POST",
    summary="Create a contract (provider)",
    body=ContractIn,
    response=ContractOut,
    status=201,
    errors=(403,),
)
def create_contract(ctx, body: ContractIn) -> ContractOut:
    new = contracts.NewContract(
        organization_id=body.organization_id,
        details=body.details,
        reserved_capacity=body.reserved_capacity,
        cost_storage_gb_cents=body.cost_storage_gb_cents,
        currency=body.currency,
        start_date=body.start_date.isoformat(),
        end_date=body.end_date.isoformat(),
    )
    return contract_out(contracts.create_contract(ctx.principal, new))


@router.route("/v1/contracts/{id}", "GET", summary="Get a contract", response=ContractOut)
def get_contract(ctx, id: str) -> ContractOut:
    return contract_out(contracts.get_contract(ctx.principal, id))


@router.route(
    "/v1/contracts/{id}",
    "PATCH",
    summary="Change a contract (provider); reserved capacity can't go below allocated",
    body=ContractPatchIn,
    response=ContractOut,
    errors=(403, 409),
)
def update_contract(ctx, id: str, body: ContractPatchIn) -> ContractOut:
    changes = {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in body.model_dump(exclude_none=True).items()
    }
    return contract_out(contracts.update_contract(ctx.principal, id, changes))


@router.route(
    "/v1/contracts/{id}/overview",
    "GET",
    summary="Contract overview widgets (one read)",
    response=ContractOverviewOut,
)
def contract_overview(ctx, id: str) -> ContractOverviewOut:
    c = contracts.get_contract(ctx.principal, id)
    return ContractOverviewOut(
        reserved_capacity=int(c.reserved_capacity),
        allocated_capacity=int(c.allocated_capacity),
        unallocated_capacity=capacity.unallocated(
            int(c.reserved_capacity), int(c.allocated_capacity)
        ),
        used_capacity=int(c.used_capacity),
        excess_usage_fee_cents=int(c.excess_usage_fee_cents),
        currency=c.currency,
        partner_count=int(c.partner_count),
        usage_updated_at=c.usage_updated_at,
    )
