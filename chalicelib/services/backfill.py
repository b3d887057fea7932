"""The backfill: gives records written before a derived key existed (``domain/derived_keys.py``:
``name_key`` on organizations and storage accounts, ``anc1``/``anc2`` on storage accounts, the
audit events' ``actionN``/``actorN``, the deals' ``statusN``) the keys their indexes need.

One call handles one page of one table (one segment of a parallel Scan): it reads the page,
asks the domain which records lack which keys, and writes each with a condition (the fields the
keys come from unchanged, the keys absent or different). So it is

* idempotent: a record that has its keys is not written again (a second run writes nothing);
* safe beside the live system: a record renamed after it was read is not overwritten (the
  rename wrote its own keys; the write's condition fails and it is counted as ``changed``);
* resumable: the answer's ``next_key`` starts the next page; a run stopped anywhere continues
  from the last key it answered.

Operators run it with ``python -m tools.backfill`` (every page, parallel segments, a state file
to resume from) or page by page through ``POST /v1/jobs/backfill``."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import Any

from chalicelib.domain import derived_keys
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action
from chalicelib.errors import ValidationFailed
from chalicelib.store import backfill as store

TABLES = tuple(derived_keys.TABLES)
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_SEGMENTS = 64


@dataclass
class PageResult:
    """What one page did. ``examined``: records read; ``updated``: written with their keys;
    ``unchanged``: already had them (or are not records the table derives keys for);
    ``changed``: changed since read (the write's condition failed; whoever changed it wrote
    the keys). ``next_key``: where the next page starts, None when the segment is done."""

    table: str
    segment: int
    total_segments: int
    examined: int = 0
    updated: int = 0
    unchanged: int = 0
    changed: int = 0
    next_key: dict[str, Any] | None = None

    def add(self, other: PageResult) -> None:
        self.examined += other.examined
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.changed += other.changed


def check(table: str, limit: int, segment: int, total_segments: int) -> None:
    """Refuses a request the Scan cannot serve, with a sentence per field."""
    problems = []
    if table not in derived_keys.TABLES:
        problems.append(("table", f"must be one of {', '.join(TABLES)}"))
    if not 1 <= limit <= MAX_LIMIT:
        problems.append(("limit", f"must be between 1 and {MAX_LIMIT}"))
    if not 1 <= total_segments <= MAX_SEGMENTS:
        problems.append(("totalSegments", f"must be between 1 and {MAX_SEGMENTS}"))
    elif not 0 <= segment < total_segments:
        problems.append(("segment", "must be at least 0 and less than totalSegments"))
    if problems:
        raise ValidationFailed(
            "The backfill cannot run with these settings: "
            + "; ".join(f"{name} {message}" for name, message in problems)
            + ".",
            details=[
                {"field": name, "location": "body", "message": message}
                for name, message in problems
            ],
        )


def run_page(
    table: str,
    *,
    limit: int = DEFAULT_LIMIT,
    start_key: dict[str, Any] | None = None,
    segment: int = 0,
    total_segments: int = 1,
) -> PageResult:
    """Backfills one page of ``table`` (segment ``segment`` of ``total_segments``) from
    ``start_key`` (None: the segment's beginning)."""
    check(table, limit, segment, total_segments)
    page = store.scan_page(table, limit, start_key, segment, total_segments)
    result = PageResult(table, segment, total_segments, next_key=page.next_key)
    for item in page.items:
        result.examined += 1
        plan = derived_keys.backfill(table, item)
        if plan is None:
            result.unchanged += 1
        elif store.write(table, item["id"], plan):
            result.updated += 1
        else:
            result.changed += 1
    return result


def job(
    principal: Principal,
    table: str,
    *,
    limit: int = DEFAULT_LIMIT,
    start_key: dict[str, Any] | None = None,
    segment: int = 0,
    total_segments: int = 1,
) -> PageResult:
    """``run_page`` for a provider admin (``POST /v1/jobs/backfill``)."""
    principal.require(Action.RUN_JOBS)
    return run_page(
        table, limit=limit, start_key=start_key, segment=segment, total_segments=total_segments
    )


def run_table(
    table: str,
    *,
    limit: int = DEFAULT_LIMIT,
    total_segments: int = 1,
    start_keys: dict[int, dict[str, Any] | None] | None = None,
    done: set[int] | frozenset[int] = frozenset(),
    on_page: Callable[[PageResult], None] = lambda _result: None,
) -> PageResult:
    """Backfills all of ``table``: its ``total_segments`` segments side by side, each page
    after page to its end, calling ``on_page`` after every page (from the segment's thread:
    where an operator's tool records the segment's ``next_key`` to resume from). Segments in
    ``done`` are skipped; the others start at ``start_keys[segment]`` (absent: their
    beginning). Answers the totals."""
    check(table, limit, 0, total_segments)
    start_keys = start_keys or {}

    def segment_run(segment: int) -> PageResult:
        total = PageResult(table, segment, total_segments)
        key = start_keys.get(segment)
        while True:
            result = run_page(
                table, limit=limit, start_key=key, segment=segment, total_segments=total_segments
            )
            total.add(result)
            on_page(result)
            if result.next_key is None:
                return total
            key = result.next_key

    todo = [s for s in range(total_segments) if s not in done]
    totals = PageResult(table, 0, total_segments)
    if not todo:
        return totals
    with ThreadPoolExecutor(max_workers=len(todo)) as pool:
        for result in pool.map(segment_run, todo):
            totals.add(result)
    return totals


def summary(result: PageResult) -> dict[str, Any]:
    """The counts of ``result`` (without its key), for logs and the operator's tool."""
    counts = asdict(result)
    counts.pop("next_key")
    return counts
