"""The usage aggregation at scale: N accounts × 24 hourly samples against the serialised local
AWS (the moto server ``make run`` uses), with DynamoDB calls counted and timed per kind, and the
same output items written again with bare BatchWriteItem in the same run as the baseline.

``python -m bench.usage_aggregation --accounts 10000`` (``make bench`` runs a smaller size).
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TB = 10**12
ACCOUNTS_PER_PARTNER = 100
DAY = "2026-11-22"

CALLS: Counter = Counter()


def _before(event_name: str = "", **kwargs: Any) -> None:
    CALLS[event_name.rsplit(".", 1)[-1]] += 1


def install_hook() -> None:
    from botocore.handlers import BUILTIN_HANDLERS

    if ("before-call.dynamodb", _before) not in BUILTIN_HANDLERS:
        BUILTIN_HANDLERS.append(("before-call.dynamodb", _before))


def start_moto() -> tuple[subprocess.Popen, str]:
    from devstack.process import free_port

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "devstack.moto_server", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import socket

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.05)
    return proc, f"http://127.0.0.1:{port}"


def timed(module: Any, names: list[str]) -> dict[str, list[float]]:
    """Wraps store functions to add up the seconds spent in each."""
    spent: dict[str, list[float]] = {}
    for name in names:
        original = getattr(module, name)
        spent[name] = [0.0, 0]

        def wrapper(*args: Any, _o: Any = original, _n: str = name, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return _o(*args, **kwargs)
            finally:
                spent[_n][0] += time.perf_counter() - t
                spent[_n][1] += 1

        setattr(module, name, wrapper)
    return spent


def seed(accounts: int) -> list[str]:
    """Provider, one distributor, two contracts, partners of 100 accounts (half pay-per-use),
    the accounts, and 24 hourly samples of each for ``DAY``."""
    from chalicelib import clock
    from chalicelib.domain.principal import child_path
    from chalicelib.store import usage as store
    from chalicelib.store.models import ContractItem, OrganizationItem, StorageAccountItem
    from chalicelib.store.organizations import new_org, provider_id

    now = "2026-11-01T00:00:00.000000Z"
    provider = new_org("provider", "Provider")
    provider.created_at = provider.updated_at = now
    provider.save()
    dist = new_org("distributor", "Bench Distribution", provider)
    dist.created_at = dist.updated_at = now
    dist.save()
    contracts = []
    for i in range(2):
        c = ContractItem(
            id=f"bench-contract-{i}",
            organization_id=dist.id,
            organization_type="distributor",
            path=dist.path,
            provider_id=provider_id(),
            details=f"Contract {i}",
            reserved_capacity=accounts * TB // 2,
            cost_storage_gb_cents=1.2,
            currency="EUR",
            start_date="2026-01-01",
            end_date="2028-12-31",
            created_at=now,
            updated_at=now,
        )
        c.save()
        contracts.append(c)
    ids = [f"{100_000_000_000 + i:012d}" for i in range(accounts)]
    with StorageAccountItem.batch_write() as batch:
        partner = None
        for i, account_id in enumerate(ids):
            if i % ACCOUNTS_PER_PARTNER == 0:
                n = i // ACCOUNTS_PER_PARTNER
                partner = OrganizationItem(
                    id=f"bench-partner-{n:04d}",
                    type="partner",
                    name=f"Partner {n}",
                    parent_id=dist.id,
                    path=child_path(dist.path, f"bench-partner-{n:04d}"),
                    created_at=now,
                    updated_at=now,
                    contract_id=contracts[n % 2].id,
                    allocated_capacity=0 if n % 2 else ACCOUNTS_PER_PARTNER * TB,
                )
                partner.save()
            batch.save(
                StorageAccountItem(
                    id=account_id,
                    partner_id=partner.id,
                    path=partner.path,
                    contract_id=partner.contract_id,
                    name=f"Customer {i}",
                    contact_email="ops@customer.example.com",
                    allocated_capacity=TB,
                    allow_overdraft=True,
                    created_at=now,
                    updated_at=now,
                )
            )
    base = datetime.fromisoformat(DAY).replace(tzinfo=UTC)
    samples = [
        store.Sample(a, clock.iso(base + timedelta(hours=h, minutes=i % 60)), (i + 1) * 10**9 + h)
        for i, a in enumerate(ids)
        for h in range(24)
    ]
    from chalicelib.store.models import UsageSampleItem

    started = time.perf_counter()
    store.batch_put(
        UsageSampleItem.Meta.table_name, [store.sample_item(x, now, None) for x in samples]
    )
    store.mark_hours_dirty({x.hour for x in samples}, now)
    took = time.perf_counter() - started
    # the API's ingestion path (conditional puts), timed on up to 2,000 samples of the next hour
    probe = [
        store.Sample(a, clock.iso(base + timedelta(hours=24, minutes=1)), 1) for a in ids[:2000]
    ]
    t = time.perf_counter()
    written = store.put_samples(probe, now, None)
    ingest = time.perf_counter() - t
    assert len(written) == len(probe)
    print(
        f"seeded {accounts} accounts, {len(samples)} samples in {took:.1f}s (bare batch writes); "
        f"POST /v1/usage/samples path: {len(probe) / ingest:.0f} samples/s "
        f"(conditional PutItem, {store.PUT_WORKERS} at a time)",
        flush=True,
    )
    return ids


def run(accounts: int) -> dict[str, Any]:
    os.environ["TABLE_PREFIX"] = "bench-usage-"
    import tests.conftest  # noqa: F401 - throw-away credentials, local stage settings

    proc, endpoint = start_moto()
    os.environ["AWS_ENDPOINT_URL"] = endpoint
    try:
        install_hook()
        from chalicelib import bootstrap, clock
        from chalicelib.services import usage_aggregation
        from chalicelib.store import batch
        from chalicelib.store.usage import channel, common, days, rollups, samples
        from chalicelib.store.usage.days import day_raw
        from chalicelib.store.usage.rollups import rollup_raw

        bootstrap.create_tables()
        seed(accounts)
        clock.now = lambda: datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # the day is complete
        spent = {}
        for module, names in (
            (samples, ["samples_of_hours"]),
            (days, ["read_day", "put_days"]),
            (rollups, ["put_rollups", "get_rollups", "rollups"]),
            (channel, ["set_used_many", "read_channel"]),
        ):
            spent |= timed(module, names)
        CALLS.clear()
        started = time.perf_counter()
        summary = usage_aggregation.run()
        wall = time.perf_counter() - started
        calls = dict(CALLS)
        spent = {name: list(values) for name, values in spent.items()}  # this run's share

        # baseline: the same output items, bare BatchWriteItem, same tables, same run
        first_day = days.read_day(datetime.fromisoformat(DAY).date())
        days_next = days.read_day(datetime.fromisoformat("2026-11-23").date())
        day_items = [day_raw(d) for d in [*first_day.values(), *days_next.values()]]
        from chalicelib.store.models import UsageDayItem, UsageRollupItem

        roll_items = []
        for entity in [
            *{d.partner_id for d in first_day.values()},
            "bench-contract-0",
            "bench-contract-1",
        ]:
            roll_items += [
                rollup_raw(r)
                for r in rollups.rollups(
                    entity,
                    datetime.fromisoformat(DAY).date(),
                    datetime.fromisoformat("2026-11-23").date(),
                )
            ]
        CALLS.clear()
        t = time.perf_counter()
        base_calls = batch.batch_put(UsageDayItem.Meta.table_name, day_items)
        base_calls += batch.batch_put(UsageRollupItem.Meta.table_name, roll_items)
        baseline = time.perf_counter() - t

        # second baseline: bare Queries of the same samples (same 16-way parallelism, no
        # grouping): the reads any aggregation of these samples must make
        from concurrent.futures import ThreadPoolExecutor

        from chalicelib.domain.usage import SHARDS
        from chalicelib.store.models import UsageSampleItem

        def bare(bucket: str) -> int:
            n, kwargs = (
                0,
                {
                    "TableName": UsageSampleItem.Meta.table_name,
                    "KeyConditionExpression": "#b = :b",
                    "ExpressionAttributeNames": {"#b": "bucket"},
                    "ExpressionAttributeValues": {":b": {"S": bucket}},
                },
            )
            while True:
                page = common.client().query(**kwargs)
                n += len(page["Items"])
                if "LastEvaluatedKey" not in page:
                    return n
                kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

        buckets = [f"{DAY}T{h:02d}#{shard}" for h in range(24) for shard in range(SHARDS)]
        t = time.perf_counter()
        with ThreadPoolExecutor(max_workers=common.READ_WORKERS) as pool:
            bare_samples = sum(pool.map(bare, buckets))
        bare_reads = time.perf_counter() - t

        CALLS.clear()
        t = time.perf_counter()
        again = usage_aggregation.run()
        rerun = time.perf_counter() - t
        rerun_calls = dict(CALLS)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return {
        "accounts": accounts,
        "summary": summary,
        "wall": wall,
        "calls": calls,
        "spent": spent,
        "baseline": baseline,
        "baseline_items": len(day_items) + len(roll_items),
        "baseline_calls": base_calls,
        "bare_reads": bare_reads,
        "bare_samples": bare_samples,
        "rerun": rerun,
        "rerun_calls": rerun_calls,
        "rerun_written": again.day_items_written + again.rollups_written,
    }


def table(r: dict[str, Any]) -> str:
    s = r["summary"]
    items = s.day_items_written + s.rollups_written
    ideal = math.ceil(s.day_items_written / 25) + math.ceil(s.rollups_written / 25)
    writes = r["calls"].get("BatchWriteItem", 0)
    reads = sum(r["calls"].get(k, 0) for k in ("Query", "GetItem", "BatchGetItem"))
    updates = r["calls"].get("UpdateItem", 0)
    batch_time = r["spent"]["put_days"][0] + r["spent"]["put_rollups"][0]
    per_account = r["wall"] / r["accounts"]
    lines = [
        f"usage aggregation: {r['accounts']:,} accounts × 24 hourly samples "
        f"({s.samples_read:,} samples read), serialised moto server",
        "| figure | value |",
        "|---|---|",
        f"| wall time, whole run | {r['wall']:.1f} s |",
        f"| output items (account days + roll-ups) | {items:,} "
        f"({s.day_items_written:,} + {s.rollups_written:,}) |",
        f"| BatchWriteItem calls | {writes:,} (ideal ceil(items/25) = {ideal:,}; "
        f"ratio {writes / max(ideal, 1):.3f}) |",
        f"| read calls (Query/GetItem/BatchGetItem) | {reads:,} "
        + "("
        + ", ".join(
            f"{k} {v}"
            for k, v in sorted(r["calls"].items())
            if k in ("Query", "GetItem", "BatchGetItem")
        )
        + ") |",
        f"| UpdateItem calls (usedCapacity of each account and entity, checkpoints) | "
        f"{updates:,} |",
        f"| baseline: bare BatchWriteItem of the same {r['baseline_items']:,} items | "
        f"{r['baseline']:.1f} s ({r['baseline_calls']:,} calls) |",
        f"| ratio whole run / baseline | {r['wall'] / r['baseline']:.2f}× |",
        f"| bare Queries of the same {r['bare_samples']:,} samples (16 at a time) | "
        f"{r['bare_reads']:.1f} s |",
        f"| ratio whole run / (bare writes + bare sample reads) | "
        f"{r['wall'] / (r['baseline'] + r['bare_reads']):.2f}× |",
        f"| ratio batch-write share of the run / baseline | {batch_time / r['baseline']:.2f}× |",
    ]
    for name, (secs, n) in sorted(r["spent"].items(), key=lambda kv: -kv[1][0]):
        lines.append(f"| time in {name} | {secs:.1f} s ({n:,} calls) |")
    lines += [
        f"| rerun (nothing to do) | {r['rerun']:.1f} s, {r['rerun_written']} items written, "
        f"calls: " + ", ".join(f"{k} {v}" for k, v in sorted(r["rerun_calls"].items())) + " |",
        f"| per account | {per_account * 1000:.2f} ms |",
        f"| projected accounts per 15-minute Lambda run (same speed) | "
        f"{int(900 / per_account):,} |",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=10_000)
    args = parser.parse_args(argv)
    print(table(run(args.accounts)))


if __name__ == "__main__":
    main()
