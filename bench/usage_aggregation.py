"""The usage aggregation at scale, fanned out: N accounts × 24 hourly samples against the
serialised local AWS (the moto server ``make run`` uses), bulk-written. One hourly run as
deployed (coordinator, shard queue, the local stack's shard workers side by side, fan-in) with
per-shard and fan-in times, DynamoDB calls and items read per account, the no-op run, the same
samples through a single process (rows compared one by one), the same account days written with
bare BatchWriteItem as the baseline, and the projection for 1,000,000 accounts.

``python -m bench.usage_aggregation --accounts 10000`` (``make bench`` runs the sizes in
``BENCH_USAGE_ACCOUNTS``).
"""

from __future__ import annotations

import argparse
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


ITEMS: Counter = Counter()


def _after(event_name: str = "", parsed: Any = None, **kwargs: Any) -> None:
    """Items read, per call: what a Query/Scan returned, a BatchGetItem's responses, a GetItem's
    item."""
    if not isinstance(parsed, dict):
        return
    op = event_name.rsplit(".", 1)[-1]
    if op in ("Query", "Scan"):
        ITEMS[op] += int(parsed.get("Count", 0))
    elif op == "BatchGetItem":
        ITEMS[op] += sum(len(v) for v in parsed.get("Responses", {}).values())
    elif op == "GetItem":
        ITEMS[op] += 1 if "Item" in parsed else 0


def install_item_hook() -> None:
    from botocore.handlers import BUILTIN_HANDLERS

    if ("after-call.dynamodb", _after) not in BUILTIN_HANDLERS:
        BUILTIN_HANDLERS.append(("after-call.dynamodb", _after))


def reads() -> tuple[int, int]:
    """(read calls, items read) since the counters were cleared."""
    calls = sum(CALLS.get(k, 0) for k in ("Query", "Scan", "GetItem", "BatchGetItem"))
    return calls, sum(ITEMS.values())


def clear() -> None:
    CALLS.clear()
    ITEMS.clear()


def dump_rows() -> dict[str, Any]:
    """Every stored usage row and every entity's usage fields (the bench may Scan)."""
    from chalicelib.store.models import (
        ContractItem,
        OrganizationItem,
        StorageAccountItem,
        UsageDayItem,
        UsageRollupItem,
    )

    def rows(model: Any) -> list[str]:
        return sorted(str(sorted(i.attribute_values.items())) for i in model.scan(page_size=200))

    entities = sorted(
        str(
            (
                i.id,
                i.attribute_values.get("used_capacity"),
                i.attribute_values.get("usage_updated_at"),
                i.attribute_values.get("excess_usage_fee_cents"),
            )
        )
        for model in (StorageAccountItem, OrganizationItem, ContractItem)
        for i in model.scan(page_size=200)
    )
    return {"days": rows(UsageDayItem), "rollups": rows(UsageRollupItem), "entities": entities}


def forget_results() -> None:
    """Back to 'samples only', as before the first run (for the single-process comparison)."""
    from chalicelib.store.models import (
        ContractItem,
        OrganizationItem,
        StorageAccountItem,
        UsageDayItem,
        UsageHourItem,
        UsagePartialItem,
        UsageRollupItem,
    )

    for model in (UsageDayItem, UsageRollupItem, UsagePartialItem):
        with model.batch_write() as batch:
            for item in list(model.scan()):
                batch.delete(item)
    for item in list(UsageHourItem.scan()):
        if item.id.startswith("hour#"):
            item.update(actions=[UsageHourItem.dirty.set("1")])
        else:
            item.delete()
    for model in (StorageAccountItem, OrganizationItem, ContractItem):
        with model.batch_write() as batch:
            for item in list(model.scan()):
                item.used_capacity = 0
                item.usage_updated_at = None
                if model is ContractItem:
                    item.excess_usage_fee_cents = 0
                batch.save(item)


def fan_out(workers: int) -> dict[str, Any]:
    """One hourly run as deployed: the coordinator sends the shards to the queue, ``workers``
    local-stack pollers run the app's shard worker on them side by side; the last shard does
    the fan-in. Timed per shard and for the fan-in."""
    import app as application
    from chalicelib import bootstrap
    from chalicelib.services import usage_aggregation as service
    from devstack.export_worker import ExportPoller

    queue = bootstrap.ensure_usage_queue()
    shard_seconds: dict[int, float] = {}
    fan_in_seconds: list[float] = []
    compute, fan_in = service._compute_shard, service.fan_in

    def timed_shard(run: dict[str, Any], shard: int, now: Any) -> Any:
        t = time.perf_counter()
        try:
            return compute(run, shard, now)
        finally:
            shard_seconds[shard] = time.perf_counter() - t

    def timed_fan_in(run: dict[str, Any], now: Any = None) -> Any:
        t = time.perf_counter()
        try:
            return fan_in(run, now)
        finally:
            fan_in_seconds.append(time.perf_counter() - t)

    service._compute_shard, service.fan_in = timed_shard, timed_fan_in
    pollers = [
        ExportPoller(application.usage_shard_worker, queue, interval=0.05, log=lambda _m: None)
        for _ in range(workers)
    ]
    clear()
    started = time.perf_counter()
    status = service.start()
    coordinator = time.perf_counter() - started
    coordinator_reads = reads()
    for p in pollers:
        p.start()
    while status["status"] != "finished":
        time.sleep(0.2)
        status = service.status(status["run_id"])
    wall = time.perf_counter() - started
    for p in pollers:
        p.stop()
    service._compute_shard, service.fan_in = compute, fan_in
    return {
        "wall": wall,
        "coordinator": coordinator,
        "coordinator_reads": coordinator_reads,
        "shards": shard_seconds,
        "fan_in": fan_in_seconds[0] if fan_in_seconds else 0.0,
        "calls": dict(CALLS),
        "reads": reads(),
        "summary": status["summary"],
    }


STARTED = time.perf_counter()


def phase(text: str) -> None:
    print(f"  [{time.perf_counter() - STARTED:7.1f} s] {text}", file=sys.stderr, flush=True)


def run(accounts: int, workers: int) -> dict[str, Any]:
    os.environ["TABLE_PREFIX"] = "bench-usage-"
    import tests.conftest  # noqa: F401 - throw-away credentials, local stage settings

    proc, endpoint = start_moto()
    os.environ["AWS_ENDPOINT_URL"] = endpoint
    try:
        install_hook()
        install_item_hook()
        from chalicelib import bootstrap, clock
        from chalicelib.services import usage_aggregation as service
        from chalicelib.settings import get_settings
        from chalicelib.store import batch
        from chalicelib.store.models import UsageDayItem
        from chalicelib.store.usage.days import day_raw, read_day

        bootstrap.create_tables()
        ids = seed(accounts)
        clock.now = lambda: datetime(2026, 11, 23, 0, 30, tzinfo=UTC)  # the day is complete

        phase("seeded")
        fanned = fan_out(workers)
        phase("fan-out run finished")
        fanned_rows = dump_rows()
        phase("rows read back")

        # the same run again: nothing to do
        clear()
        t = time.perf_counter()
        noop = service.start()
        noop_seconds = time.perf_counter() - t
        noop_reads = reads()
        assert noop["status"] == "nothing_to_do", noop

        # baseline: the same account days written with bare BatchWriteItem, same server
        day_items = [
            day_raw(d)
            for day in (DAY, "2026-11-23")
            for d in read_day(datetime.fromisoformat(day).date()).values()
        ]
        t = time.perf_counter()
        baseline_calls = batch.batch_put(UsageDayItem.Meta.table_name, day_items)
        baseline = time.perf_counter() - t

        # the single-process reference on the same samples: one shard, in one process
        phase("no-op run and baseline done")
        forget_results()
        phase("results forgotten")
        os.environ["USAGE_SHARDS"] = "1"
        clear()
        t = time.perf_counter()
        single = service.run()
        single_seconds = time.perf_counter() - t
        single_calls = dict(CALLS)
        single_reads = reads()
        os.environ.pop("USAGE_SHARDS")
        phase("single-process run finished")
        single_rows = dump_rows()
        identical = single_rows == fanned_rows
        shards = get_settings().usage_shards

        # the steady state: the next hour, one account in ten changed, fanned out again
        changed = next_hour(ids)
        clock.now = lambda: datetime(2026, 11, 23, 2, 30, tzinfo=UTC)
        phase("next hour seeded")
        steady = fan_out(workers)
        phase("next hour's run finished")
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    return {
        "accounts": accounts,
        "workers": workers,
        "shards": shards,
        "fan_out": fanned,
        "rows": {k: len(v) for k, v in fanned_rows.items()},
        "identical": identical,
        "noop_seconds": noop_seconds,
        "noop_reads": noop_reads,
        "baseline": baseline,
        "baseline_items": len(day_items),
        "baseline_calls": baseline_calls,
        "single_seconds": single_seconds,
        "single_calls": single_calls,
        "single_reads": single_reads,
        "single_summary": single.as_dict(),
        "steady": steady,
        "steady_changed": changed,
    }


def next_hour(ids: list[str]) -> int:
    """One sample per account for 2026-11-23T01: the value it closed the last run with, except
    for one account in ten, which grows by 1 GB; answers how many changed."""
    from chalicelib import clock
    from chalicelib.store import usage as store
    from chalicelib.store.models import StorageAccountItem, UsageSampleItem

    at = clock.iso(datetime(2026, 11, 23, 1, 20, tzinfo=UTC))
    now = "2026-11-23T01:20:30.000000Z"
    closing = {a.id: int(a.used_capacity or 0) for a in StorageAccountItem.scan(page_size=500)}
    samples = [
        store.Sample(a, at, closing.get(a, 0) + (10**9 if i % 10 == 0 else 0))
        for i, a in enumerate(ids)
    ]
    store.batch_put(
        UsageSampleItem.Meta.table_name, [store.sample_item(x, now, None) for x in samples]
    )
    store.mark_hours_dirty({x.hour for x in samples}, now)
    return sum(1 for i, _ in enumerate(ids) if i % 10 == 0)


#: The projection's assumptions: the default shard count and the worker's default reserved
#: concurrency (infra/generate.py), one hour between runs, 15 minutes per Lambda run.
PROJECTED_ACCOUNTS = 1_000_000
LAMBDA_SECONDS = 900


def needed(per_account: float) -> int:
    """The power-of-two shard count whose shards each finish within one Lambda run."""
    shards = 1
    while per_account * PROJECTED_ACCOUNTS / shards > LAMBDA_SECONDS:
        shards *= 2
    return shards


def table(r: dict[str, Any]) -> str:
    f = r["fan_out"]
    n = r["accounts"]
    shard_times = sorted(f["shards"].values())
    per_shard_accounts = n / r["shards"]
    per_account_shard = max(shard_times) / per_shard_accounts
    read_calls, items_read = f["reads"]
    writes = f["calls"].get("BatchWriteItem", 0)
    updates = f["calls"].get("UpdateItem", 0)
    s = f["summary"]
    # 1M accounts: every shard holds 1M/N accounts; the N shards run at once (concurrency N);
    # the fan-in grows with the partners (100 accounts each here), measured per partner.
    partners = n / ACCOUNTS_PER_PARTNER
    shard_1m = per_account_shard * PROJECTED_ACCOUNTS / r["shards"]
    fan_in_1m = f["fan_in"] / partners * PROJECTED_ACCOUNTS / ACCOUNTS_PER_PARTNER
    lines = [
        f"usage aggregation fanned out: {n:,} accounts × 24 hourly samples "
        f"({s['samples_read']:,} samples read), "
        f"{r['shards']} shards, {r['workers']} local shard workers, serialised moto server",
        "| figure | value |",
        "|---|---|",
        f"| whole run, wall (coordinator → last shard's fan-in) | {f['wall']:.1f} s |",
        f"| coordinator | {f['coordinator']:.2f} s ({f['coordinator_reads'][1]} items read) |",
        f"| per shard ({len(shard_times)} shards, ~{per_shard_accounts:,.0f} accounts each) | "
        f"min {shard_times[0]:.1f} s, median {shard_times[len(shard_times) // 2]:.1f} s, "
        f"max {shard_times[-1]:.1f} s |",
        f"| fan-in ({partners:,.0f} partners, 2 contracts, 1 distributor) | {f['fan_in']:.1f} s |",
        f"| read calls / items read | {read_calls:,} / {items_read:,} "
        f"({read_calls / n:.3f} calls and {items_read / n:.2f} items per account; "
        f"24 samples per account included) |",
        f"| BatchWriteItem calls | {writes:,} |",
        f"| UpdateItem calls | {updates:,} ({updates / n:.3f} per account) |",
        f"| items written (account days + roll-ups) | "
        f"{s['day_items_written']:,} + {s['rollups_written']:,} |",
        f"| no-op run (nothing to do) | {r['noop_seconds'] * 1000:.0f} ms, "
        f"{r['noop_reads'][0]} read calls, {r['noop_reads'][1]} items read, 0 writes |",
        f"| single process (1 shard, same samples) | {r['single_seconds']:.1f} s, "
        f"{r['single_reads'][0]:,} read calls, {r['single_reads'][1]:,} items read |",
        f"| ratio single process / fan-out wall | {r['single_seconds'] / f['wall']:.2f}× |",
        f"| stored rows identical to the single process | "
        f"{'yes' if r['identical'] else 'NO'} ({r['rows']['days']:,} days, "
        f"{r['rows']['rollups']:,} roll-ups, {r['rows']['entities']:,} entities) |",
        f"| baseline: bare BatchWriteItem of the same {r['baseline_items']:,} account days | "
        f"{r['baseline']:.1f} s ({r['baseline_calls']} calls) |",
        f"| ratio slowest shard / baseline share of one shard | "
        f"{max(shard_times) / (r['baseline'] / r['shards']):.1f}× |",
        f"| per account, slowest shard | {per_account_shard * 1000:.2f} ms |",
        f"| projection, {PROJECTED_ACCOUNTS:,} accounts, {r['shards']} shards at once | "
        f"shard {shard_1m / 60:.1f} min (limit {LAMBDA_SECONDS // 60}), fan-in "
        f"{fan_in_1m / 60:.1f} min, run {(shard_1m + fan_in_1m) / 60:.1f} min per hour |",
        f"| shards (at once) for 1,000,000 accounts to fit one Lambda run at this speed | "
        f"{needed(per_account_shard)} |",
        f"| DynamoDB calls per account (all kinds) | {sum(f['calls'].values()) / n:.3f} |",
    ]
    st = r["steady"]
    st_times = sorted(st["shards"].values())
    st_updates = st["calls"].get("UpdateItem", 0)
    lines += [
        f"| **next hour** ({r['steady_changed']:,} of {n:,} accounts changed): whole run, wall | "
        f"{st['wall']:.1f} s; per shard max {st_times[-1]:.1f} s |",
        f"| next hour: UpdateItem calls | {st_updates:,} ({st_updates / n:.3f} per account; "
        f"{st['summary'].get('entities_updated', 0):,} records changed; "
        f"unchanged accounts are not written) |",
        f"| next hour: DynamoDB calls per account (all kinds) | "
        f"{sum(st['calls'].values()) / n:.3f} |",
    ]
    return "\n".join(lines)


def patient_reads() -> None:
    """Against one serialised local server holding millions of items, on a 2-core machine that
    may be busy, a Query can wait longer than PynamoDB's 30 s read timeout (seen at 10,000
    accounts at a load of 11): the benchmark (and the shard workers it starts, which inherit the
    environment) wait up to 10 minutes instead of failing. Nothing in the product changes."""
    if "PYNAMODB_CONFIG" in os.environ:
        return
    settings = ROOT / "build" / "bench-pynamodb-settings.py"
    settings.parent.mkdir(exist_ok=True)
    settings.write_text("read_timeout_seconds = 600\nmax_retry_attempts = 5\n")
    os.environ["PYNAMODB_CONFIG"] = str(settings)


def main(argv: list[str] | None = None) -> None:
    patient_reads()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2, help="local shard workers")
    args = parser.parse_args(argv)
    result = run(args.accounts, args.workers)
    print(table(result), flush=True)
    if not result["identical"]:
        raise SystemExit("the fan-out's rows differ from the single process's")


if __name__ == "__main__":
    main()
