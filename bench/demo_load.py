"""``make run DEMO=1``'s demo load, timed: a fresh local AWS (the serialised moto server the
stack uses), the stack's bootstrap, then ``devstack.demo.load`` with its phases (channel through
the API, the usage history, the aggregation) and the DynamoDB calls of each. The baseline, in the
same run: the same number of usage items (samples, account days, roll-ups) written with bare
BatchWriteItem, the least any way of loading that history could cost.

``python -m bench.demo_load`` (part of ``make bench``).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    from bench.usage_aggregation import CALLS, install_hook, start_moto

    proc, endpoint = start_moto()
    try:
        sys.path.insert(0, str(ROOT))
        port = endpoint.rsplit(":", 1)[1]
        from devstack.__main__ import configure_environment, load_app

        os.environ.setdefault("MAIL_DIR", str(ROOT / "build" / "bench-mail"))
        configure_environment(int(port))
        install_hook()  # before any client is made
        app_obj, _module, _config = load_app()
        from chalicelib import bootstrap

        bootstrap.create_tables()
        bootstrap.ensure_exports_bucket()
        bootstrap.ensure_mail_identity()
        email, password = "admin@example.com", "Change-me-1st!"
        bootstrap.ensure_provider_admin(email, password)
        from devstack import demo

        phases = _timed_phases(demo, CALLS)
        CALLS.clear()
        started = time.perf_counter()
        lines = demo.load(app_obj, email, password)
        took = time.perf_counter() - started
        calls = sum(CALLS.values())
        writes = CALLS.get("BatchWriteItem", 0)
        print(lines[0])
        print(
            f"demo load: {took:.1f}s, {calls:,} DynamoDB calls "
            f"({writes:,} BatchWriteItem, {CALLS.get('Query', 0):,} Query, "
            f"{CALLS.get('TransactWriteItems', 0):,} TransactWriteItems, "
            f"{CALLS.get('UpdateItem', 0):,} UpdateItem, {CALLS.get('GetItem', 0):,} GetItem, "
            f"{CALLS.get('BatchGetItem', 0):,} BatchGetItem)",
            flush=True,
        )
        print(
            "phases: "
            + "; ".join(
                f"{name} {seconds:.1f}s, {calls:,} DynamoDB calls"
                for name, (seconds, calls) in phases.items()
            ),
            flush=True,
        )
        items = _usage_items()
        bare = _bare_writes(items)
        print(
            f"baseline: the same {items:,} usage items (samples, account days, roll-ups) with "
            f"bare BatchWriteItem: {bare:.1f}s; the demo load is {took / bare:.1f}x that",
            flush=True,
        )
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _timed_phases(demo: Any, calls: Any) -> dict[str, tuple[float, int]]:
    """Wraps the demo's steps to time them and count their DynamoDB calls."""
    phases: dict[str, tuple[float, int]] = {}

    def wrap(name: str, label: str) -> None:
        inner = getattr(demo, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            before, started = sum(calls.values()), time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                took = time.perf_counter() - started
                phases[label] = (took, sum(calls.values()) - before)

        setattr(demo, name, timed)

    wrap("_channel", "channel through the API (objects included)")
    wrap("_objects", "accounts' buckets and objects")
    wrap("_history", "history loaded at once")
    return phases


def _usage_items() -> int:
    from chalicelib.store.models import UsageDayItem, UsageRollupItem, UsageSampleItem

    return sum(
        model.count() for model in (UsageSampleItem, UsageDayItem, UsageRollupItem)
    )  # the bench may Scan


def _bare_writes(count: int) -> float:
    """``count`` small items into a scratch table with bare BatchWriteItem (25 per call)."""
    import boto3

    client = boto3.client("dynamodb")
    table = "bench-demo-baseline"
    client.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    items: list[dict[str, Any]] = [
        {"PutRequest": {"Item": {"k": {"S": f"{i:08d}"}, "v": {"N": str(i)}}}} for i in range(count)
    ]
    started = time.perf_counter()
    for i in range(0, len(items), 25):
        client.batch_write_item(RequestItems={table: items[i : i + 25]})
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
