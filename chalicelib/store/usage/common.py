"""What every usage store module shares: the low-level client (the hot loops skip PynamoDB's
model objects) and paging through a Query to its end."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chalicelib.store.base import connection

#: Concurrent Queries when reading many partitions, and concurrent entity updates.
READ_WORKERS = 16


def client() -> Any:
    return connection().client


def n(value: Any) -> int:
    return int(value["N"])


def query_all(**kwargs: Any) -> Iterator[dict[str, Any]]:
    """Every item of a low-level Query, page after page (the caller bounds what it asks)."""
    while True:
        page = client().query(**kwargs)
        yield from page.get("Items", [])
        if "LastEvaluatedKey" not in page:
            return
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
