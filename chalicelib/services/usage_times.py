"""Storage accounts' ``usageUpdatedAt`` as reported.

The aggregation writes an account's ``usedCapacity`` only when it changed, so the stored time
says when its value last changed; what is reported is the end of the last aggregated hour (the
aggregation's as-of, one read of its state item per request), as for every entity
(``domain.aggregation.reported_usage_time``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from chalicelib.domain import aggregation as agg
from chalicelib.store.models import StorageAccountItem
from chalicelib.store.usage import checkpoints

A = TypeVar("A", bound=StorageAccountItem)


def reporter() -> Callable[[A], A]:
    """A function that sets an account's reported ``usage_updated_at`` (in memory, for the
    response; nothing is written), reading the as-of at most once, and only if needed."""
    as_of: list[str | None] = []

    def report(account: A) -> A:
        if account.usage_updated_at is not None:
            if not as_of:
                as_of.append(agg.usage_as_of(checkpoints.get_watermark()))
            account.usage_updated_at = agg.reported_usage_time(account.usage_updated_at, as_of[0])
        return account

    return report


def reported(accounts: Iterable[A]) -> list[A]:
    report = reporter()
    return [report(a) for a in accounts]
