"""The metrics a scrape answers (pure): which series each contract, partner and storage account
contributes, with which labels, from what the usage aggregation stored on those records.

Every family has the labels ``kind`` (``contract``, ``partner``, ``storage_account``), ``id`` and
``name``, nothing finer; the excess fee also carries ``currency``. Values are the stored
counters (bytes; cents; Unix seconds), never recomputed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

PREFIX = "partner_console"


@dataclass
class Family:
    name: str  # without the prefix and the unit
    help: str
    unit: str = ""
    samples: list[tuple[dict[str, str], float]] = field(default_factory=list)


def _seconds(text: str | None) -> float | None:
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def _labels(kind: str, item: Any, name: str) -> dict[str, str]:
    return {"kind": kind, "id": str(item.id), "name": name or ""}


def families(contracts: list[Any], partners: list[Any], accounts: list[Any]) -> list[Family]:
    """The families for these records (each list already limited to the caller's scope)."""
    used = Family("used", "Capacity used at the last usage update.", "bytes")
    allocated = Family("allocated", "Capacity allocated (0 = Pay-per-Use).", "bytes")
    reserved = Family("reserved", "Capacity reserved by a contract.", "bytes")
    updated = Family(
        "usage_updated_timestamp", "End of the last aggregated usage hour (Unix time).", "seconds"
    )
    fee = Family(
        "excess_usage_fee_month_to_date",
        "A contract's excess usage fee for the month to date, in cents of its currency.",
        "cents",
    )
    rows = [("contract", c, c.details) for c in contracts]
    rows += [("partner", p, p.name) for p in partners]
    rows += [("storage_account", a, a.name) for a in accounts]
    for kind, item, name in rows:
        labels = _labels(kind, item, name)
        used.samples.append((labels, int(item.used_capacity or 0)))
        allocated.samples.append((labels, int(item.allocated_capacity or 0)))
        when = _seconds(item.usage_updated_at)
        if when is not None:
            updated.samples.append((labels, when))
    for contract in contracts:
        labels = _labels("contract", contract, contract.details)
        reserved.samples.append((labels, int(contract.reserved_capacity)))
        fee.samples.append(
            ({**labels, "currency": contract.currency}, int(contract.excess_usage_fee_cents or 0))
        )
    return [used, allocated, reserved, updated, fee]
