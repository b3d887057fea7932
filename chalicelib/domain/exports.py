"""What each export holds (pure): its columns (the stable, documented header row), how a
record becomes a row, which request parameters each type takes, and how a row's cells are typed
for the formats that carry types (xlsx, ndjson).

``docs/exports.md`` documents ``COLUMNS`` table by table; a test keeps the two in step.
Capacities are bytes with a terabyte column beside them (1 TB = 10^12 bytes); dates are
``YYYY-MM-DD`` and times RFC 3339 UTC, as everywhere in the API.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from chalicelib.domain.csvfmt import cell, terabytes
from chalicelib.domain.dates import check_order
from chalicelib.errors import ValidationFailed


class ExportType(StrEnum):
    PARTNERS = "partners"
    STORAGE_ACCOUNTS = "storageAccounts"
    USAGE = "usage"
    DEALS = "deals"
    AUDIT_EVENTS = "auditEvents"


class ExportFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    NDJSON = "ndjson"


CONTENT_TYPES: dict[ExportFormat, str] = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.NDJSON: "application/x-ndjson",
}


class ExportStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    READY = "ready"
    FAILED = "failed"


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    unit: str = ""


B, TBU, TEXT, TIME, DAY = "bytes", "TB (10^12 bytes)", "text", "RFC 3339 UTC", "YYYY-MM-DD"

COLUMNS: dict[ExportType, tuple[Column, ...]] = {
    ExportType.PARTNERS: (
        Column("partnerId", "The partner's id", "UUID"),
        Column("partnerName", "The partner's name", TEXT),
        Column("parentId", "Its distributor (or the provider, for a direct partner)", "UUID"),
        Column("contractId", "The distributor contract it draws on (empty: direct)", "UUID"),
        Column("allocatedCapacityBytes", "Capacity allocated (0 = Pay-per-Use)", B),
        Column("allocatedCapacityTB", "The same, in terabytes", TBU),
        Column("usedCapacityBytes", "Capacity used at the last usage update", B),
        Column("usedCapacityTB", "The same, in terabytes", TBU),
        Column("allowOverdraft", "May exceed its allocation", "true/false"),
        Column("storageAccountCount", "Storage accounts it holds", "count"),
        Column("usageUpdatedAt", "When usage was last updated", TIME),
        Column("createdAt", "When the partner was created", TIME),
        Column("contractName", "The name of the contract it draws on", TEXT),
        Column("payPerUse", "Pay-per-use: billed on usage, at least 1 TB a day", "true/false"),
    ),
    ExportType.STORAGE_ACCOUNTS: (
        Column("clientAccountId", "The storage account's 12-digit id", "digits"),
        Column("accountName", "The account's name", TEXT),
        Column("partnerId", "The partner that owns it", "UUID"),
        Column("partnerName", "That partner's name", TEXT),
        Column("contractId", "The contract the account draws on", "UUID"),
        Column("contactEmail", "The customer's contact", "email"),
        Column("status", "active, suspended or pending_deletion", TEXT),
        Column("allocatedCapacityBytes", "Capacity allocated (0 = Pay-per-Use)", B),
        Column("allocatedCapacityTB", "The same, in terabytes", TBU),
        Column("usedCapacityBytes", "Capacity used at the last usage update", B),
        Column("usedCapacityTB", "The same, in terabytes", TBU),
        Column("allowOverdraft", "May exceed its allocation", "true/false"),
        Column("usageUpdatedAt", "When usage was last updated", TIME),
        Column("createdAt", "When the account was created", TIME),
    ),
    ExportType.USAGE: (
        Column("date", "The day (UTC)", DAY),
        Column("clientAccountId", "The storage account's 12-digit id", "digits"),
        Column("accountName", "The account's name", TEXT),
        Column("partnerId", "The partner that owns it", "UUID"),
        Column("partnerName", "That partner's name", TEXT),
        Column("contractId", "The contract the account draws on", "UUID"),
        Column("usageBytes", "Daily usage: mean of the day's hourly values (empty: none yet)", B),
        Column("usageTB", "The same, in terabytes", TBU),
        Column("peakBytes", "Largest hourly value of the day", B),
        Column("peakTB", "The same, in terabytes", TBU),
        Column("allocatedCapacityBytes", "Allocation in force that day (0 = Pay-per-Use)", B),
        Column("allocatedCapacityTB", "The same, in terabytes", TBU),
        Column("hoursRecorded", "Hours of the day the usage was computed over", "count"),
    ),
    ExportType.DEALS: (
        Column("dealId", "The deal's id", "UUID"),
        Column("organizationId", "The organization that registered it", "UUID"),
        Column("organizationName", "Its name", TEXT),
        Column("customerName", "The end customer", TEXT),
        Column("country", "The customer's country", "ISO 3166-1 alpha-2"),
        Column("expectedCapacityBytes", "Expected capacity", B),
        Column("expectedCapacityTB", "The same, in terabytes", TBU),
        Column("expectedCloseDate", "Expected close date", DAY),
        Column("contractType", "reserved or payPerUse", TEXT),
        Column("specialPricing", "Special pricing requested", "true/false"),
        Column("status", "submitted, approved, rejected, withdrawn, won or lost", TEXT),
        Column("statusReason", "The reviewer's reason", TEXT),
        Column("notes", "Notes from the registration", TEXT),
        Column("registeredBy", "Who registered it (email or API key)", TEXT),
        Column("createdAt", "When it was registered", TIME),
        Column("updatedAt", "Its last status change", TIME),
    ),
    ExportType.AUDIT_EVENTS: (
        Column("eventId", "The event's id", "UUID"),
        Column("at", "When the change happened", TIME),
        Column("organizationId", "The organization owning the changed record", "UUID"),
        Column("actorType", "user, api_key or system", TEXT),
        Column("actorId", "The user's or API key's id", "UUID"),
        Column("actorLabel", "The user's email or the key's description", TEXT),
        Column("action", "What was done, e.g. partner.update", TEXT),
        Column("targetType", "The kind of record changed", TEXT),
        Column("targetId", "The changed record's id", TEXT),
        Column("requestId", "The API request that made the change", TEXT),
        Column("sourceIp", "Where the request came from", "IP address"),
        Column("before", "The record before the change", "JSON"),
        Column("after", "The record after the change", "JSON"),
    ),
}


#: An export not finished this long after it was asked for will not be: its message went to the
#: dead-letter queue after every attempt failed (four 15-minute leases fit in it).
GIVE_UP_AFTER = timedelta(hours=1)
GIVEN_UP = "The export did not finish in time and was abandoned; please request it again."


def given_up(status: str, created_at: str, now: datetime) -> bool:
    """True for an export still pending or running ``GIVE_UP_AFTER`` after it was requested."""
    if status not in (ExportStatus.PENDING, ExportStatus.RUNNING):
        return False
    created = datetime.fromisoformat(created_at.replace("Z", "+00:00"))
    return now - created > GIVE_UP_AFTER


def header(export_type: ExportType) -> list[str]:
    return [c.name for c in COLUMNS[export_type]]


def filename(
    export_type: str, on: date, export_format: str = ExportFormat.CSV, label: str | None = None
) -> str:
    """``partners-frame-agreement-2026-2026-12-04.csv``: the type, what was asked for (the
    contract's or partner's name, in ASCII letters and digits), the day and the format."""
    slug = re.sub(r"[^a-z0-9]+", "-", (label or "").lower()).strip("-")[:60].strip("-")
    middle = f"-{slug}" if slug else ""
    return f"{export_type}{middle}-{on.isoformat()}.{ExportFormat(export_format)}"


# --- typed cells (xlsx, ndjson) ----------------------------------------------------------------
# A row is first made as CSV cells (text neutralised, bytes as integers, terabytes as six-place
# decimals, true/false, empty for none). The typed formats convert each cell by its column's
# unit, so every format has the same columns and the same values; text stays neutralised.


def _number(value: Any) -> int:
    return value if type(value) is int else int(value)


def _day(value: Any) -> date:
    return date.fromisoformat(value)


def _instant(value: Any) -> datetime:
    """An RFC 3339 UTC time as a naive UTC datetime (spreadsheets have no time zones)."""
    return datetime.fromisoformat(value).replace(tzinfo=None)


def _boolean(value: Any) -> bool:
    return value == "true"


_BY_UNIT = {B: _number, "count": _number, TBU: float, "true/false": _boolean}


def converters(export_type: ExportType, export_format: ExportFormat) -> tuple:
    """How a row of ``export_type`` becomes typed for ``export_format``: (column index,
    function) for each column whose CSV cell is not already its typed value. Numbers become
    numbers, true/false booleans; dates and times become dates in a spreadsheet (xlsx) and stay
    RFC 3339 text in JSON (ndjson); empty cells become null."""
    units = dict(_BY_UNIT)
    if export_format == ExportFormat.XLSX:
        units.update({DAY: _day, TIME: _instant})
    return tuple((n, units[c.unit]) for n, c in enumerate(COLUMNS[export_type]) if c.unit in units)


def typed(convert: tuple, row: list) -> list:
    """``row`` (CSV cells) with the typed values of ``converters``' format."""
    cells = [None if v == "" else v for v in row]
    for n, function in convert:
        value = cells[n]
        if value is not None:
            cells[n] = function(value)
    return cells


# --- parameters ------------------------------------------------------------------------------

#: Which optional parameters each type accepts.
ACCEPTS: dict[ExportType, frozenset[str]] = {
    ExportType.PARTNERS: frozenset({"contractId", "partnerId"}),
    ExportType.STORAGE_ACCOUNTS: frozenset({"contractId", "partnerId"}),
    ExportType.USAGE: frozenset({"contractId", "partnerId", "from", "to"}),
    ExportType.DEALS: frozenset({"from", "to"}),
    ExportType.AUDIT_EVENTS: frozenset({"from", "to"}),
}
MAX_USAGE_DAYS = 366


def _detail(field: str, message: str) -> dict[str, str]:
    return {"field": field, "location": "body", "message": message}


def check_params(export_type: ExportType, given: dict[str, Any]) -> None:
    """400 unless ``given`` (the non-empty optional parameters) fits ``export_type``."""
    extra = sorted(name for name, value in given.items() if value is not None)
    unfit = [name for name in extra if name not in ACCEPTS[export_type]]
    if unfit:
        raise ValidationFailed(
            f"A {export_type} export does not take {', '.join(unfit)}.",
            details=[_detail(name, f"Not used by {export_type} exports.") for name in unfit],
        )
    start, end = given.get("from"), given.get("to")
    if export_type == ExportType.USAGE and (start is None or end is None):
        missing = [n for n in ("from", "to") if given.get(n) is None]
        raise ValidationFailed(
            "A usage export needs a date range: 'from' and 'to' (YYYY-MM-DD).",
            details=[_detail(name, "Required for usage exports.") for name in missing],
        )
    if start is not None and end is not None:
        check_order(start, end, location="body")
        if export_type == ExportType.USAGE and (end - start).days + 1 > MAX_USAGE_DAYS:
            raise ValidationFailed(
                f"A usage export covers at most {MAX_USAGE_DAYS} days; split the range.",
                details=[_detail("to", f"More than {MAX_USAGE_DAYS} days after 'from'.")],
            )


# --- rows ------------------------------------------------------------------------------------
# Each takes a stored record (attribute access only) and answers the row's cells.


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def partner_row(p: Any, contract_name: str | None = None) -> list:
    allocated, used = _int(p.allocated_capacity) or 0, _int(p.used_capacity) or 0
    return [
        cell(p.id),
        cell(p.name),
        cell(p.parent_id),
        cell(p.contract_id),
        allocated,
        terabytes(allocated),
        used,
        terabytes(used),
        cell(bool(p.allow_overdraft)),
        _int(p.storage_account_count) or 0,
        cell(p.usage_updated_at),
        cell(p.created_at),
        cell(contract_name),
        cell(allocated == 0),
    ]


def storage_account_row(a: Any, partner_name: str) -> list:
    allocated, used = _int(a.allocated_capacity) or 0, _int(a.used_capacity) or 0
    return [
        cell(a.id),
        cell(a.name),
        cell(a.partner_id),
        cell(partner_name),
        cell(a.contract_id),
        cell(a.contact_email),
        cell(a.status),
        allocated,
        terabytes(allocated),
        used,
        terabytes(used),
        cell(bool(a.allow_overdraft)),
        cell(a.usage_updated_at),
        cell(a.created_at),
    ]


def usage_row(day: str, account: Any, partner_name: str, usage: Any | None) -> list:
    """One account's day; ``usage`` is the day's usage record (``usage``, ``peak``,
    ``allocated_capacity``, ``hourly``), or None when none was recorded for that day."""
    if usage is None:
        return [
            day,
            cell(account.id),
            cell(account.name),
            cell(account.partner_id),
            cell(partner_name),
            cell(account.contract_id),
            "",
            "",
            "",
            "",
            "",
            "",
            0,
        ]
    used, peak, allocated = int(usage.usage), int(usage.peak), int(usage.allocated_capacity)
    return [
        day,
        cell(account.id),
        cell(account.name),
        cell(account.partner_id),
        cell(partner_name),
        cell(account.contract_id),
        used,
        terabytes(used),
        peak,
        terabytes(peak),
        allocated,
        terabytes(allocated),
        len(usage.hourly),
    ]


def deal_row(d: Any) -> list:
    expected = _int(d.expected_capacity) or 0
    return [
        cell(d.id),
        cell(d.org_id),
        cell(d.org_name),
        cell(d.customer_name),
        cell(d.country),
        expected,
        terabytes(expected),
        cell(d.expected_close_date),
        cell(d.contract_type),
        cell(bool(d.special_pricing)),
        cell(d.status),
        cell(d.status_reason),
        cell(d.notes),
        cell(d.registered_by_label),
        cell(d.created_at),
        cell(d.updated_at),
    ]


def _compact_json(text: str | None) -> str | None:
    if not text:
        return None
    return json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False)


def audit_row(e: Any) -> list:
    return [
        cell(e.id),
        cell(e.at),
        cell(e.org_id),
        cell(e.actor_type),
        cell(e.actor_id),
        cell(e.actor_label),
        cell(e.action),
        cell(e.target_type),
        cell(e.target_id),
        cell(e.request_id),
        cell(e.source_ip),
        cell(_compact_json(e.before)),
        cell(_compact_json(e.after)),
    ]
