"""The storage backends side by side (``make bench``; alone: ``python -m bench.storage_backends``).

1. Latency of the port's methods, median of ``RUNS`` fresh accounts, on S3 + IAM (moto in
   process) and on Ceph RGW (a throw-away single-node cluster, ``devstack.ceph``), each against
   a bare call of the same engine in the same run (moto: ``iam:GetUser``; RGW: ``GET
   /admin/user``), so the ratios say what the method costs beyond one round trip.
2. One metering run's backend part for 1,000 accounts on RGW: every account measured with the
   metering job's own pool width (``MEASURE_WORKERS``), as ``run_metering`` does.
3. The hard quota on RGW: bytes accepted before the engine refuses, for a 10 MiB quota with
   1 MiB objects sent one after another and by 8 parallel uploaders, and with 1,000-byte
   objects (RGW counts each object rounded up to 4 KiB).
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

RUNS = 5
MIB = 2**20
PASSWORD = "Blue-Harbor-42"


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _timed(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _s3(endpoint: str | None, key: Any, region: str) -> Any:
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=region,
        aws_access_key_id=key.access_key_id,
        aws_secret_access_key=key.secret_access_key,
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )


def _latencies(backend: Any, endpoint: str | None, bare: Callable[[], Any], rgw: bool) -> dict:
    region = "us-east-1" if rgw else "eu-central-1"
    times: dict[str, list[float]] = {
        "bare call": [],
        "provision": [],
        "set_quota": [],
        "measure": [],
        "purge": [],
    }
    for run in range(RUNS):
        account = f"9{run:011d}"
        times["bare call"].append(_timed(bare))
        times["provision"].append(_timed(lambda a=account: backend.provision(a, PASSWORD)))
        s3 = _s3(endpoint, backend.create_access_key(account), region)
        bucket = "files" if rgw else f"pcs-{account}-files"
        if rgw:
            s3.create_bucket(Bucket=bucket)
        else:
            s3.create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region}
            )
        for i in range(20):
            s3.put_object(Bucket=bucket, Key=f"k{i}", Body=b"x" * 1000)
        times["set_quota"].append(_timed(lambda a=account: backend.set_quota(a, 10**12, True)))
        times["measure"].append(_timed(lambda a=account: backend.measure(a)))
        times["purge"].append(_timed(lambda a=account: backend.purge(a)))
    return {name: _median_ms(values) for name, values in times.items()}


def s3iam_latencies() -> dict:
    import boto3
    from moto import mock_aws

    from chalicelib.store import aws
    from chalicelib.store.backend import S3IamBackend

    with mock_aws():
        aws._client.cache_clear()
        iam = boto3.client("iam", region_name="eu-central-1")
        iam.create_user(UserName="bench-baseline")
        try:
            return _latencies(
                S3IamBackend("pcs"), None, lambda: iam.get_user(UserName="bench-baseline"), False
            )
        finally:
            aws._client.cache_clear()


def rgw_latencies(cluster: Any) -> dict:
    from chalicelib.store.rgw import RgwBackend

    backend = RgwBackend("pcs", cluster.endpoint)

    def bare() -> None:
        backend._request("GET", "user", "look", uid="partner-console-admin")

    return _latencies(backend, cluster.endpoint, bare, True)


def metering_run(cluster: Any, accounts: int) -> str:
    from chalicelib.services.usage import MEASURE_WORKERS
    from chalicelib.store.rgw import RgwBackend

    backend = RgwBackend("pcs", cluster.endpoint)
    ids = [f"8{i:011d}" for i in range(accounts)]

    def make(account: str) -> None:
        backend.provision(account, PASSWORD)
        s3 = _s3(cluster.endpoint, backend.create_access_key(account), "us-east-1")
        s3.create_bucket(Bucket="data")
        s3.put_object(Bucket="data", Key="a", Body=b"x" * (1000 + int(account) % 1000))

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(make, ids))
    made = time.perf_counter() - started
    expected = sum(1000 + int(a) % 1000 for a in ids)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=MEASURE_WORKERS) as pool:
        total = sum(pool.map(backend.measure, ids))
    took = time.perf_counter() - started
    assert total == expected, (total, expected)
    one = _median_ms([_timed(lambda: backend.measure(ids[0])) for _ in range(20)])
    return (
        f"metering on RGW, {accounts:,} accounts ({MEASURE_WORKERS} at a time, as run_metering): "
        f"{took:.2f} s, {took / accounts * 1000:.1f} ms per account; one measure alone "
        f"{one:.1f} ms (median of 20); totals exact ({total:,} bytes). "
        f"(Setting the accounts up took {made:.0f} s.)"
    )


def quota_figures(cluster: Any) -> list[str]:
    from botocore.exceptions import ClientError

    from chalicelib.store.rgw import RgwBackend

    backend = RgwBackend("pcs", cluster.endpoint)
    lines = []

    def fill(account: str, quota: int, size: int, workers: int) -> tuple[int, int]:
        backend.provision(account, PASSWORD)
        backend.set_quota(account, quota, True)
        s3 = _s3(cluster.endpoint, backend.create_access_key(account), "us-east-1")
        s3.create_bucket(Bucket="fill")
        accepted, refused = [0], threading.Event()
        lock = threading.Lock()
        counter = iter(range(10**6))

        def uploader() -> None:
            while not refused.is_set():
                with lock:
                    n = next(counter)
                try:
                    s3.put_object(Bucket="fill", Key=f"o{n}", Body=b"x" * size)
                except ClientError as error:
                    if error.response["Error"]["Code"] == "QuotaExceeded":
                        refused.set()
                        return
                    raise
                with lock:
                    accepted[0] += 1

        with ThreadPoolExecutor(max_workers=workers) as pool:
            for _ in range(workers):
                pool.submit(uploader)
        stored = backend.measure(account)
        backend.purge(account)
        return accepted[0], stored

    for label, quota, size, workers, account in (
        ("1 MiB objects, one after another", 10 * MIB, MIB, 1, "700000000001"),
        ("1 MiB objects, 8 parallel uploaders", 10 * MIB, MIB, 8, "700000000002"),
        ("1,000-byte objects, one after another", 100_000, 1000, 1, "700000000003"),
    ):
        count, stored = fill(account, quota, size, workers)
        lines.append(
            f"| {label} | {quota:,} | {count} | {stored:,} | {stored / quota * 100:.1f}% |"
        )
    return [
        "| uploads | hard quota (bytes) | objects accepted | bytes accepted | of the quota |",
        "|---|---:|---:|---:|---:|",
        *lines,
    ]


def table(moto: dict, rgw: dict) -> str:
    rows = [
        "| method | s3iam on moto (ms) | × bare | RGW (ms) | × bare | RGW / moto |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in moto:
        rows.append(
            f"| {name} | {moto[name]:.1f} | {moto[name] / moto['bare call']:.1f} | "
            f"{rgw[name]:.1f} | {rgw[name] / rgw['bare call']:.1f} | {rgw[name] / moto[name]:.2f} |"
        )
    return "\n".join(rows)


def main(accounts: int = 1000) -> str:
    from devstack import ceph

    moto = s3iam_latencies()
    if ceph.missing_binaries():
        return f"(RGW skipped: {ceph.install_hint()})\n" + str(moto)
    with ceph.start() as cluster:
        import os

        saved = {k: os.environ.get(k) for k in cluster.environment()}
        os.environ.update(cluster.environment())
        try:
            rgw = rgw_latencies(cluster)
            lines = [
                f"median of {RUNS} fresh accounts, 20 objects of 1,000 bytes each before "
                "set_quota/measure/purge; 'bare call' = one GetUser (moto) / GET /admin/user (RGW)",
                table(moto, rgw),
                "",
                metering_run(cluster, accounts),
                "",
                "hard quota on RGW (bytes accepted before the engine refuses):",
                *quota_figures(cluster),
            ]
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1000)
    print(main(parser.parse_args().accounts))
