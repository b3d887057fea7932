"""Base classes for every request and response body.

Requests: camelCase on the wire, strict types (``"5"`` is not a number, ``true`` is not 1). Our
own extensions refuse unknown fields, so a typo is a 400 rather than a silently ignored setting;
the vendor's (ICMC) operations accept and ignore them, as the vendor's API does.
Responses: built from Python by field name, written to the wire by alias.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic.alias_generators import to_camel

from chalicelib.domain.capacity import MAX_CAPACITY
from chalicelib.domain.names import name_problem

#: Every model is built (its validator and serializer) when first used, not at import: a cold
#: start serves one request, which needs a handful of the ~100 models (``docs/benchmarks.md``,
#: cold start). Models not derived from the classes below set ``DEFERRED`` themselves.
DEFERRED = ConfigDict(defer_build=True)


class RequestModel(BaseModel):
    model_config = ConfigDict(
        defer_build=True,
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=False,
        extra="forbid",
        strict=True,
        str_strip_whitespace=True,
    )


class IcmcRequestModel(RequestModel):
    """A body of one of the vendor's (ICMC) operations. Scripts written for that API may send
    fields its spec does not declare (it forbids none), so unknown fields are accepted and
    ignored here; types stay strict. Our own extensions use ``RequestModel`` and refuse them."""

    model_config = ConfigDict(extra="ignore")


class QueryModel(BaseModel):
    """Query strings arrive as text, so they are parsed leniently ("10" -> 10)."""

    model_config = ConfigDict(
        defer_build=True,
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=False,
        extra="ignore",
    )


class ResponseModel(BaseModel):
    model_config = ConfigDict(
        defer_build=True, alias_generator=to_camel, validate_by_name=True, serialize_by_alias=True
    )


class ErrorDetail(ResponseModel):
    field: str = Field(description="The offending field, e.g. `allocatedCapacity` or `body`.")
    location: str = Field(description="Where the field was: `body`, `query` or `path`.")
    message: str


class ErrorOut(ResponseModel):
    """The error envelope every error response carries."""

    code: str = Field(description="Stable machine-readable code, e.g. `capacity_exceeded`.")
    message: str = Field(description="A sentence for humans saying what went wrong.")
    details: list[ErrorDetail | dict] = Field(default_factory=list)


def readable(value: str) -> str:
    """A name's text is readable (``domain/names.py``), else a 400 next to its field."""
    problem = name_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _readable_or_empty(value: str) -> str:
    problem = name_problem(value, optional=True)
    if problem:
        raise ValueError(problem)
    return value


#: A trimmed name of at most 200 characters, with something visible in it and no control
#: characters (``domain/names.py``).
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(readable),
]
#: A person's name: the same, or empty for "no name".
OptionalName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=200),
    AfterValidator(_readable_or_empty),
]

#: A capacity in bytes (decimal units: 1 TB = 10**12); 0 means Pay-per-Use where allowed.
Capacity = Annotated[int, Field(ge=0, le=MAX_CAPACITY, description="Bytes (1 TB = 10^12).")]


PRICE_DECIMALS = 4
MAX_PRICE = 1_000_000


def _price(value: float) -> float:
    """Prices are stored as DynamoDB numbers, exactly as sent: at most four decimal places
    (1e-131 would be outside DynamoDB's range and is refused here, with a sentence)."""
    if round(value, PRICE_DECIMALS) != value:
        raise ValueError(f"must have at most {PRICE_DECIMALS} decimal places")
    return value + 0.0  # -0.0 is stored as 0


#: A price in cents (e.g. per GB-month): 0 to 1,000,000, at most four decimal places.
Price = Annotated[
    float,
    Field(
        ge=0,
        le=MAX_PRICE,
        allow_inf_nan=False,
        description=f"Cents, 0 to {MAX_PRICE:,}, at most {PRICE_DECIMALS} decimal places.",
    ),
    AfterValidator(_price),
]


def _email(value: str) -> str:
    """Validated and normalised by email-validator, imported on first use (it costs ~15 ms of
    cold start, and only the routes that create people need it)."""
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise ValueError(f"value is not a valid email address: {exc}") from None


#: An email address (the field is checked, never resolved in DNS).
Email = Annotated[
    str, Field(max_length=254, json_schema_extra={"format": "email"}), AfterValidator(_email)
]
