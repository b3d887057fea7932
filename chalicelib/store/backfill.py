"""The backfill's reads and writes: one page of a table's Scan (only the fields the derived keys
come from, the keys themselves and the record's id), and one conditional UpdateItem per record
that lacks a key (``domain.derived_keys.backfill`` decides which and what).

This is the one Scan in the store: a maintenance job that must see every record of a table,
one bounded page per call (``Limit``, ``ExclusiveStartKey``), optionally one parallel segment of
several (``Segment``/``TotalSegments``)."""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import UpdateError
from pynamodb.models import Model

from chalicelib.domain.derived_keys import TABLES, Backfill
from chalicelib.paging import Page
from chalicelib.store.models import (
    AuditEventItem,
    DealItem,
    OrganizationItem,
    StorageAccountItem,
)

#: The model whose table each derivation is about (every one keyed by ``id`` alone).
MODELS: dict[str, type[Model]] = {
    "organizations": OrganizationItem,
    "storage-accounts": StorageAccountItem,
    "audit-events": AuditEventItem,
    "deals": DealItem,
}


def scan_page(
    table: str,
    limit: int,
    start_key: dict[str, Any] | None = None,
    segment: int = 0,
    total_segments: int = 1,
) -> Page[dict[str, Any]]:
    """Up to ``limit`` records of ``table`` (segment ``segment`` of ``total_segments``), each
    as plain values of its id, the fields its derived keys come from and the keys; ``next_key``
    resumes after the last record read, None when the segment is done."""
    model = MODELS[table]
    rule = TABLES[table]
    fields = ["id", *rule.sources, *rule.kind_fields, *rule.keys]
    parallel = total_segments > 1
    results = model.scan(
        segment=segment if parallel else None,
        total_segments=total_segments if parallel else None,
        limit=limit + 1,
        page_size=limit + 1,
        last_evaluated_key=start_key,
        attributes_to_get=fields,
    )
    items: list[dict[str, Any]] = []
    resume = None
    for found in results:
        if len(items) == limit:
            return Page(items, resume)
        items.append(
            {name: getattr(found, name) for name in fields if getattr(found, name) is not None}
        )
        if len(items) == limit:
            resume = results.last_evaluated_key
    return Page(items, None)


def write(table: str, record_id: str, plan: Backfill) -> bool:
    """Writes ``plan`` on the record ``record_id``, on condition that its source fields still
    hold the values the plan was made from and each key it sets is still absent or different
    (each key it removes still present). False when the condition failed: the record changed
    (or went) since it was read, and whoever changed it wrote its keys."""
    model = MODELS[table]
    condition = None
    for name, value in plan.sources.items():
        condition &= getattr(model, name) == value
    actions = []
    for name, value in plan.set.items():
        attribute = getattr(model, name)
        condition &= attribute.does_not_exist() | (attribute != value)
        actions.append(attribute.set(value))
    for name in plan.remove:
        attribute = getattr(model, name)
        condition &= attribute.exists()
        actions.append(attribute.remove())
    try:
        model(record_id).update(actions=actions, condition=condition)
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
