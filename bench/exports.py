"""Benchmark: a 100,000-row usage-like export streamed into an S3 multipart upload.

Runs against the embedded moto server in its own process (as ``make run`` does), so the server's
copy of the file does not count in this process's memory. Measures:

* wall time of the export path (``domain.exports.usage_row`` for every row, spreadsheet-safe
  cells, ``store.export_files.CsvUpload``: csv.writer -> UTF-8 -> 8 MiB parts);
* peak memory growth during it (tracemalloc, in a separate run so tracing does not slow the
  timed runs);
* throughput against a bare loop that writes the same rows (already final values) with
  csv.writer into a multipart upload of the same bucket, in the same run; both files must be
  byte-identical.

    python -m bench.exports
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import statistics
import time
import tracemalloc
from datetime import date, timedelta
from types import SimpleNamespace

ROWS_ACCOUNTS, ROWS_DAYS = 1_000, 100  # 100,000 rows
PART_SIZE = 8 * 1024 * 1024
START = date(2026, 1, 1)


def accounts() -> list[SimpleNamespace]:
    return [
        SimpleNamespace(
            id=f"{100000000000 + n}",
            name=f"Kundenkonto {n} – Bäckerei",
            partner_id="3f1c1f9e-6d2b-4c55-9f3e-2d1f0a9b7c11",
            contract_id="9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
        )
        for n in range(ROWS_ACCOUNTS)
    ]


PARTNER_NAME = "Nordic MSP GmbH"
HOURLY = [0] * 24


def stored(n: int, d: int) -> tuple[int, int, int]:
    average = (n * 7_919 + d * 104_729) * 10**6
    return average, average + 5 * 10**9, 2 * 10**12


def our_rows(accts: list[SimpleNamespace]):
    """What the worker does per row: a usage record (as the usage store answers it) through
    ``domain.exports.usage_row``."""
    from chalicelib.domain.exports import usage_row

    for d in range(ROWS_DAYS):
        day = (START + timedelta(days=d)).isoformat()
        for n, account in enumerate(accts):
            used, peak, allocated = stored(n, d)
            record = SimpleNamespace(
                usage=used, peak=peak, allocated_capacity=allocated, hourly=HOURLY
            )
            yield usage_row(day, account, PARTNER_NAME, record)


def _tb(b: int) -> str:
    return f"{b // 10**12}.{b % 10**12 // 10**6:06d}"


def bare_rows(accts: list[SimpleNamespace]):
    for d in range(ROWS_DAYS):
        day = (START + timedelta(days=d)).isoformat()
        for n, a in enumerate(accts):
            used, peak, allocated = stored(n, d)
            yield [
                day,
                a.id,
                a.name,
                a.partner_id,
                PARTNER_NAME,
                a.contract_id,
                used,
                _tb(used),
                peak,
                _tb(peak),
                allocated,
                _tb(allocated),
                24,
            ]


def run_ours(key: str, accts) -> tuple[int, int]:
    from chalicelib.domain.exports import ExportType, header
    from chalicelib.store.export_files import CsvUpload

    upload = CsvUpload(key, part_size=PART_SIZE)
    upload.start("usage.csv")
    upload.write_header(header(ExportType.USAGE))
    upload.write_rows(our_rows(accts))
    upload.complete()
    return upload.rows, upload.size_bytes


def run_bare(key: str, accts) -> tuple[int, int]:
    from chalicelib.domain.exports import ExportType, header
    from chalicelib.settings import get_settings
    from chalicelib.store.aws import client

    s3, bucket = client("s3"), get_settings().exports_bucket
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(header(ExportType.USAGE))
    parts, size, rows = [], 0, 0

    def send():
        nonlocal size
        data = buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate(0)
        sent = s3.upload_part(
            Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=len(parts) + 1, Body=data
        )
        parts.append({"ETag": sent["ETag"], "PartNumber": len(parts) + 1})
        size += len(data)

    for row in bare_rows(accts):
        writer.writerow(row)
        rows += 1
        if rows % 256 == 0 and buffer.tell() >= PART_SIZE:
            send()
    send()
    s3.complete_multipart_upload(
        Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
    )
    return rows, size


def digest(key: str) -> str:
    from chalicelib.settings import get_settings
    from chalicelib.store.aws import client

    body = client("s3").get_object(Bucket=get_settings().exports_bucket, Key=key)["Body"].read()
    return hashlib.sha256(body).hexdigest()


def measure(rounds: int = 3) -> str:
    from chalicelib import bootstrap

    bootstrap.ensure_exports_bucket()
    accts = accounts()
    ours_times, bare_times = [], []
    for r in range(rounds):  # alternate, so both see the same machine load
        started = time.perf_counter()
        rows, size = run_ours(f"bench/ours-{r}.csv", accts)
        ours_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        bare_rows_count, bare_size = run_bare(f"bench/bare-{r}.csv", accts)
        bare_times.append(time.perf_counter() - started)
    same = digest("bench/ours-0.csv") == digest("bench/bare-0.csv")
    tracemalloc.start()
    baseline = tracemalloc.get_traced_memory()[0]
    run_ours("bench/traced.csv", accts)
    peak = tracemalloc.get_traced_memory()[1] - baseline
    tracemalloc.stop()
    ours, bare = statistics.median(ours_times), statistics.median(bare_times)
    return "\n".join(
        [
            f"usage-like export: {rows:,} rows, {size / 2**20:.1f} MiB in "
            f"{-(-size // PART_SIZE)} parts of {PART_SIZE // 2**20} MiB; files byte-identical "
            f"to the bare loop's: {same} (bare: {bare_rows_count:,} rows, {bare_size:,} bytes)",
            f"export path: median {ours:.2f} s of {rounds} ({rows / ours:,.0f} rows/s); "
            f"bare csv.writer loop: median {bare:.2f} s ({rows / bare:,.0f} rows/s)",
            f"throughput ratio export/bare: {bare / ours:.2f}x (goal >= 0.8x)",
            f"peak memory growth during the export (tracemalloc): {peak / 2**20:.1f} MiB "
            f"(goal <= 30 MB)",
        ]
    )


def main() -> str:
    from devstack.__main__ import configure_environment, start_moto
    from devstack.process import free_port

    saved = dict(os.environ)
    port = free_port()
    configure_environment(port)
    moto = start_moto(port)
    try:
        return measure()
    finally:
        moto.terminate()
        moto.wait(timeout=10)
        os.environ.clear()
        os.environ.update(saved)


if __name__ == "__main__":
    print(main())
