"""Benchmark: the same 100,000-row usage-like export as ``bench.exports``, in each format
(csv, xlsx, ndjson), each against a bare writer loop of that format in the same run.

* ours: ``domain.exports.usage_row`` for every row (spreadsheet-safe cells), then the format's
  writer in ``store.export_files`` (for xlsx and ndjson: typed cells by column unit, then
  openpyxl's write-only sheet or ``json``), into an S3 multipart upload of 8 MiB parts;
* bare: the same rows with their final values already computed, written by the plain library
  loop (``csv.writer``; openpyxl write-only ``append`` and ``save``; ``json.dumps`` per line)
  into a multipart upload of the same bucket;
* memory: peak growth (tracemalloc) of our path at 20,000 and at 100,000 rows: flat memory means
  the two are about the same.

The embedded moto server runs in its own process, so its copy of the files does not count.

    python -m bench.export_formats
"""

from __future__ import annotations

import io
import json
import os
import statistics
import time
import tracemalloc
from datetime import date, datetime

from bench.exports import (
    PART_SIZE,
    ROWS_DAYS,
    accounts,
    bare_rows,
    digest,
    our_rows,
    run_bare,
)


class Parts:
    """A bare multipart upload: buffer bytes, send a part at each PART_SIZE."""

    def __init__(self, key: str) -> None:
        from chalicelib.settings import get_settings
        from chalicelib.store.aws import client

        self.s3, self.bucket, self.key = client("s3"), get_settings().exports_bucket, key
        self.upload_id = self.s3.create_multipart_upload(Bucket=self.bucket, Key=key)["UploadId"]
        self.buffer, self.parts, self.size = io.BytesIO(), [], 0

    def write(self, data: bytes) -> int:
        self.buffer.write(data)
        if self.buffer.tell() >= PART_SIZE:
            self.send()
        return len(data)

    def flush(self) -> None:
        pass

    def send(self) -> None:
        data = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate(0)
        number = len(self.parts) + 1
        sent = self.s3.upload_part(
            Bucket=self.bucket, Key=self.key, UploadId=self.upload_id, PartNumber=number, Body=data
        )
        self.parts.append({"ETag": sent["ETag"], "PartNumber": number})
        self.size += len(data)

    def complete(self) -> int:
        if self.buffer.tell() or not self.parts:
            self.send()
        self.s3.complete_multipart_upload(
            Bucket=self.bucket,
            Key=self.key,
            UploadId=self.upload_id,
            MultipartUpload={"Parts": self.parts},
        )
        return self.size


def final_values(accts, sheet: bool):
    """The bare loops' rows: already typed (numbers, TB as float, dates in a sheet)."""
    for row in bare_rows(accts):
        day = date.fromisoformat(row[0]) if sheet else row[0]
        yield [day, *row[1:7], float(row[7]), row[8], float(row[9]), row[10], float(row[11]), 24]


def bare_ndjson(key: str, accts) -> tuple[int, int]:
    from chalicelib.domain.exports import ExportType, header

    names, parts, rows = header(ExportType.USAGE), Parts(key), 0
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for row in final_values(accts, sheet=False):
        parts.buffer.write((encode(dict(zip(names, row, strict=True))) + "\n").encode())
        rows += 1
        if rows % 1024 == 0 and parts.buffer.tell() >= PART_SIZE:
            parts.send()
    return rows, parts.complete()


def bare_xlsx(key: str, accts) -> tuple[int, int]:
    from openpyxl import Workbook

    from chalicelib.domain.exports import ExportType, header

    book = Workbook(write_only=True)
    sheet = book.create_sheet("usage")
    sheet.append(header(ExportType.USAGE))
    rows = 0
    for row in final_values(accts, sheet=True):
        sheet.append(row)
        rows += 1
    parts = Parts(key)
    book.save(parts)
    return rows, parts.complete()


def ours(export_format: str, key: str, accts) -> tuple[int, int]:
    from chalicelib.domain.exports import ExportType, header
    from chalicelib.store.export_files import upload_for

    upload = upload_for(export_format, key, ExportType.USAGE, part_size=PART_SIZE)
    upload.start(f"usage.{export_format}")
    upload.write_header(header(ExportType.USAGE))
    upload.write_rows(our_rows(accts))
    upload.complete()
    return upload.rows, upload.size_bytes


BARE = {"csv": run_bare, "xlsx": bare_xlsx, "ndjson": bare_ndjson}


def peak_growth(export_format: str, accts, days: int) -> float:
    import bench.exports as source

    saved, source.ROWS_DAYS = source.ROWS_DAYS, days
    try:
        tracemalloc.start()
        baseline = tracemalloc.get_traced_memory()[0]
        ours(export_format, f"bench/traced-{days}.{export_format}", accts)
        return (tracemalloc.get_traced_memory()[1] - baseline) / 2**20
    finally:
        tracemalloc.stop()
        source.ROWS_DAYS = saved


def measure_format(export_format: str, accts, rounds: int) -> list[str]:
    ours_times, bare_times = [], []
    for r in range(rounds):  # alternate, so both see the same machine load
        started = time.perf_counter()
        rows, size = ours(export_format, f"bench/ours-{r}.{export_format}", accts)
        ours_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        bare_count, bare_size = BARE[export_format](f"bench/bare-{r}.{export_format}", accts)
        bare_times.append(time.perf_counter() - started)
    assert rows == bare_count, (rows, bare_count)
    same = ""
    if export_format != "xlsx":  # (a zip carries its own creation time)
        equal = digest(f"bench/ours-0.{export_format}") == digest(f"bench/bare-0.{export_format}")
        same = f"; byte-identical to the bare loop's: {equal}"
    small = peak_growth(export_format, accts, ROWS_DAYS // 5)
    large = peak_growth(export_format, accts, ROWS_DAYS)
    mine, bare = statistics.median(ours_times), statistics.median(bare_times)
    return [
        f"{export_format}: {rows:,} rows, {size / 2**20:.1f} MiB (bare: {bare_size / 2**20:.1f} "
        f"MiB){same}",
        f"  export path median {mine:.2f} s ({rows / mine:,.0f} rows/s); bare loop median "
        f"{bare:.2f} s ({rows / bare:,.0f} rows/s); ratio export/bare {bare / mine:.2f}x",
        f"  peak memory growth: {small:.1f} MiB at {rows // 5:,} rows, {large:.1f} MiB at "
        f"{rows:,} rows",
    ]


def measure(rounds: int = 3, formats: tuple[str, ...] = ("csv", "xlsx", "ndjson")) -> str:
    from chalicelib import bootstrap

    bootstrap.ensure_exports_bucket()
    accts = accounts()
    lines = [f"(started {datetime.now().isoformat(timespec='seconds')}, median of {rounds})"]
    for export_format in formats:
        lines += measure_format(export_format, accts, rounds)
    return "\n".join(lines)


def main(rounds: int = 3, formats: tuple[str, ...] = ("csv", "xlsx", "ndjson")) -> str:
    from devstack.__main__ import configure_environment, start_moto
    from devstack.process import free_port

    saved = dict(os.environ)
    port = free_port()
    configure_environment(port)
    moto = start_moto(port)
    try:
        return measure(rounds, formats)
    finally:
        moto.terminate()
        moto.wait(timeout=10)
        os.environ.clear()
        os.environ.update(saved)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--formats", default="csv,xlsx,ndjson")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(main(args.rounds, tuple(args.formats.split(","))))
