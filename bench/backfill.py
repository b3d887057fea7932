"""The backfill (``services/backfill.py``) over storage accounts written the old way (no
``name_key``, no ``anc1``/``anc2``), moto in memory: DynamoDB calls per record and seconds, the
first run (every record written) and the second (nothing to write), against a bare baseline in
the same run: a plain paged Scan of the same table, then an unconditional UpdateItem per record
(what a blind script would do).

``python -m bench.backfill`` (part of ``make bench``); ``--accounts N`` for another size.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from typing import Any

ACCOUNTS = 2000
PAGE = 100
CALLS: Counter = Counter()


def _count(event_name: str = "", **kwargs: Any) -> None:
    CALLS[event_name.rsplit(".", 1)[-1]] += 1


def _write_old_accounts(count: int) -> None:
    from chalicelib import clock
    from chalicelib.store.models import StorageAccountItem

    stamp = clock.iso(clock.now())
    with StorageAccountItem.batch_write() as batch:
        for i in range(count):
            batch.save(
                StorageAccountItem(
                    id=f"9{i:011d}",
                    partner_id="partner",
                    path="/provider/distributor/partner/",
                    name=f"Customer  {i:05d}",
                    contact_email=f"c{i}@example.com",
                    created_at=stamp,
                    updated_at=stamp,
                )
            )


def _timed(fn: Any) -> tuple[float, Counter]:
    CALLS.clear()
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started, Counter(CALLS)


def _bare(count: int) -> None:
    """A plain Scan, page after page, then one unconditional UpdateItem per record."""
    import boto3

    from chalicelib.settings import get_settings

    table = boto3.resource("dynamodb").Table(get_settings().table_name("storage-accounts"))
    ids, request = [], {"Limit": PAGE, "ProjectionExpression": "id"}
    while True:
        page = table.scan(**request)
        ids += [item["id"] for item in page["Items"]]
        if "LastEvaluatedKey" not in page:
            break
        request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    for record_id in ids:
        table.update_item(
            Key={"id": record_id},
            UpdateExpression="SET #k = :v",
            ExpressionAttributeNames={"#k": "bare_mark"},
            ExpressionAttributeValues={":v": "x"},
        )
    assert len(ids) == count


def measure(count: int) -> list[str]:
    from bench.ddb_calls import test_environment

    test_environment()
    from botocore.handlers import BUILTIN_HANDLERS
    from moto import mock_aws

    if ("before-call.dynamodb", _count) not in BUILTIN_HANDLERS:
        BUILTIN_HANDLERS.append(("before-call.dynamodb", _count))
    lines = []
    with mock_aws():
        from chalicelib import bootstrap
        from chalicelib.services import backfill

        bootstrap.create_tables()
        _write_old_accounts(count)
        results: dict[str, Any] = {}

        def first() -> None:
            results["first"] = backfill.run_table("storage-accounts", limit=PAGE)

        def second() -> None:
            results["second"] = backfill.run_table("storage-accounts", limit=PAGE)

        bare_s, bare_calls = _timed(lambda: _bare(count))
        first_s, first_calls = _timed(first)
        second_s, second_calls = _timed(second)
        assert results["first"].updated == count and results["second"].updated == 0
        for label, seconds, calls in (
            ("bare: Scan + unconditional UpdateItem", bare_s, bare_calls),
            ("backfill, first run (every record lacks its keys)", first_s, first_calls),
            ("backfill, second run (nothing to write)", second_s, second_calls),
        ):
            total = sum(calls.values())
            lines.append(
                f"| {label} | {calls['Scan']:,} | {calls['UpdateItem']:,} | "
                f"{total / count:.2f} | {seconds:.1f} | {seconds / bare_s:.2f}x |"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.backfill")
    parser.add_argument("--accounts", type=int, default=ACCOUNTS)
    count = parser.parse_args().accounts
    print(
        f"Backfill of {count:,} storage accounts written without name_key/anc1/anc2 "
        f"(moto in memory, pages of {PAGE}):"
    )
    print("| run | Scan calls | UpdateItem calls | calls per record | seconds | vs bare |")
    print("|---|---|---|---|---|---|")
    for line in measure(count):
        print(line)


if __name__ == "__main__":
    main()
