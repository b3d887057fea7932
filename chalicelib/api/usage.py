"""Usage: the four ICMC usage reports (snake_case, exactly the vendor's ``api.ClientUsage``),
the console's contract and hourly reports, and ``POST /v1/usage/samples`` for metering keys."""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field, RootModel

from chalicelib.api.http import Router
from chalicelib.api.models import DEFERRED, QueryModel, ResponseModel
from chalicelib.domain.usage import MAX_SAMPLE_BYTES, MAX_SAMPLES_PER_CALL
from chalicelib.services import usage

router = Router(__name__, "Usage")


def _document_range_as_required(schema: dict[str, Any]) -> None:
    """The document says what the service enforces: both days, as ``YYYY-MM-DD`` strings."""
    schema["required"] = ["from", "to"]
    for name in ("from", "to"):
        prop = schema["properties"][name]
        prop.pop("anyOf", None)
        prop.pop("default", None)
        prop.update(type="string", format="date")


class RangeQuery(QueryModel):
    """``from`` and ``to`` (``YYYY-MM-DD``, inclusive, at most 366 days) are required; the
    service checks them so that the error names the parameter."""

    model_config = ConfigDict(json_schema_extra=_document_range_as_required)

    from_: str | None = Field(default=None, alias="from", description="First day, YYYY-MM-DD.")
    to: str | None = Field(default=None, description="Last day, YYYY-MM-DD (inclusive).")


class SamplesIn(RootModel[list[Any]]):
    """Up to 1,000 ``{clientAccountId, timestamp, storedBytes}``; each one is checked on its
    own, so one bad sample is reported by its index and the others are kept."""

    model_config = DEFERRED

    root: list[Any] = Field(
        min_length=1,
        max_length=MAX_SAMPLES_PER_CALL,
        json_schema_extra={
            "items": {
                "type": "object",
                "required": ["clientAccountId", "timestamp", "storedBytes"],
                "additionalProperties": False,
                "properties": {
                    "clientAccountId": {"type": "string", "pattern": "^[0-9]{12}$"},
                    "timestamp": {
                        "type": "string",
                        "format": "date-time",
                        "description": "RFC 3339 with a time zone; at most 35 days old.",
                    },
                    "storedBytes": {
                        "type": "integer",
                        "minimum": 0,
                        "maximum": MAX_SAMPLE_BYTES,
                    },
                },
            }
        },
    )


class RejectedSample(ResponseModel):
    index: int
    field: str
    message: str


class SamplesOut(ResponseModel):
    accepted: int = Field(description="Samples newly recorded.")
    duplicates: int = Field(description="Samples already recorded (same account and time).")
    rejected: list[RejectedSample]


class DailyUsageOut(ResponseModel):
    """``api.DailyUsage``."""

    model_config = ResponseModel.model_config | {"alias_generator": None}
    allocated_capacity: int
    date: str
    usage: int


class ClientUsageOut(ResponseModel):
    """``api.ClientUsage`` (snake_case, as the vendor has it)."""

    model_config = ResponseModel.model_config | {"alias_generator": None}
    allocated_capacity: int
    client_id: str
    daily_usage: list[DailyUsageOut]
    name: str


class HourlyOut(ResponseModel):
    hour: str = Field(description="Start of the hour, RFC 3339 UTC.")
    stored_bytes: int = Field(
        description="The hourly value: the last sample of the hour, or "
        "the previous hour's value carried forward."
    )


class HourlySeriesOut(RootModel[list[HourlyOut]]):
    """One entry per aggregated hour of the range (bounded by the 366 days, so not paged)."""

    model_config = DEFERRED


class PartnerDayOut(ResponseModel):
    partner_id: str
    usage: int
    pay_per_use: bool | None = Field(
        default=None,
        description="Billed as pay-per-use that day (at least 1 TB), as the aggregation "
        "recorded it; null for a day aggregated before that was recorded.",
    )


class ContractDayOut(ResponseModel):
    date: str
    usage: int = Field(description="Σ of the partners' daily usage.")
    peak: int
    billable: int = Field(description="Reserved partners' usage + pay-per-use max(usage, 1 TB).")
    excess: int = Field(description="max(0, billable − reserved capacity).")
    reserved_capacity: int
    partners: list[PartnerDayOut]


class ContractDaysOut(RootModel[list[ContractDayOut]]):
    """One entry per aggregated day of the range (bounded by the 366 days, so not paged)."""

    model_config = DEFERRED


def client_usage(result) -> ClientUsageOut:
    return ClientUsageOut(
        allocated_capacity=result.allocated_capacity,
        client_id=result.account_id,
        daily_usage=[
            DailyUsageOut(allocated_capacity=d.allocated_capacity, date=d.date, usage=d.usage)
            for d in result.days
        ],
        name=result.name,
    )


@router.route(
    "/v1/partner/{partnerID}/storage-accounts/{accountID}/usage",
    "GET",
    summary="Retrieves the usage of the storage account of a given distributor partner",
    query=RangeQuery,
    response=ClientUsageOut,
    tags=("Distributors",),
)
def partner_account_usage(ctx, partnerID: str, accountID: str, query: RangeQuery):
    result = usage.account_usage(
        ctx.principal, accountID, query.from_, query.to, partner_id=partnerID
    )
    return client_usage(result)


@router.route(
    "/v1/partner/{partnerID}/usage",
    "GET",
    summary="Retrieves the usage of all the storage accounts of a given distributor partner",
    query=RangeQuery,
    response=ClientUsageOut,
    paginated=True,
    tags=("Distributors",),
)
def partner_usage(ctx, partnerID: str, query: RangeQuery):
    page = usage.partner_usage(ctx.principal, partnerID, query.from_, query.to, ctx.page)
    return page.map(client_usage)


@router.route(
    "/v1/storage-account/{accountID}/usage",
    "GET",
    summary="Retrieves the usage of the storage account",
    query=RangeQuery,
    response=ClientUsageOut,
    tags=("Partners",),
)
def account_usage(ctx, accountID: str, query: RangeQuery):
    return client_usage(usage.account_usage(ctx.principal, accountID, query.from_, query.to))


@router.route(
    "/v1/storage-accounts/usage",
    "GET",
    summary="Retrieves the usage of all storage accounts",
    query=RangeQuery,
    response=ClientUsageOut,
    paginated=True,
    tags=("Partners",),
)
def all_usage(ctx, query: RangeQuery):
    return usage.all_usage(ctx.principal, query.from_, query.to, ctx.page).map(client_usage)


@router.route(
    "/v1/storage-account/{accountID}/usage/hourly",
    "GET",
    summary="Hourly values of one storage account",
    query=RangeQuery,
    response=HourlySeriesOut,
)
def hourly_usage(ctx, accountID: str, query: RangeQuery):
    values = usage.hourly_usage(ctx.principal, accountID, query.from_, query.to)
    return HourlySeriesOut([HourlyOut(hour=h, stored_bytes=v) for h, v in values])


@router.route(
    "/v1/contracts/{id}/usage",
    "GET",
    summary="A contract's usage per day: total, billable, excess and per partner",
    query=RangeQuery,
    response=ContractDaysOut,
    tags=("Contracts",),
)
def contract_usage(ctx, id: str, query: RangeQuery):
    days = [
        ContractDayOut(
            date=r.date,
            usage=r.usage,
            peak=r.peak,
            billable=r.billable or 0,
            excess=r.excess or 0,
            reserved_capacity=r.allocated_capacity,
            partners=[
                PartnerDayOut(
                    partner_id=p,
                    usage=u,
                    pay_per_use=None if r.pay_per_use is None else p in r.pay_per_use,
                )
                for p, u in sorted(r.partners.items())
            ],
        )
        for r in usage.contract_usage(ctx.principal, id, query.from_, query.to)
    ]
    return ContractDaysOut(days)


@router.route(
    "/v1/usage/samples",
    "POST",
    summary="Record usage samples (metering API keys)",
    body=SamplesIn,
    response=SamplesOut,
    errors=(403,),
)
def post_samples(ctx, body: SamplesIn) -> SamplesOut:
    return SamplesOut(**usage.post_samples(ctx.principal, body.root))
