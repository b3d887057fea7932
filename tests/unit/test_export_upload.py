"""The streaming CSV writer against (in-process) S3: 100,000 rows, parts of at least 5 MiB, one
part in memory at a time, read back with Python's csv."""

from __future__ import annotations

import csv
import io

import pytest
from moto import mock_aws

from chalicelib.store import export_files

ROWS = 100_000


@pytest.fixture
def bucket():
    with mock_aws():
        from chalicelib import bootstrap

        yield bootstrap.ensure_exports_bucket()


def fake_rows(n: int):
    for i in range(n):
        yield [f"{i:012d}", f'Konto Nr. {i} – Müller, "Süd"', i * 1_000_000, "2026-11-23"]


def test_a_100000_row_export_streams_in_parts_and_reads_back(bucket):
    from chalicelib.store.aws import client

    upload = export_files.CsvUpload("t/big.csv", part_size=export_files.MIN_PART_SIZE)
    upload.start("big.csv")
    upload.write_header(["clientAccountId", "accountName", "storedBytes", "date"])
    upload.write_rows(fake_rows(ROWS))
    upload.complete()
    assert upload.rows == ROWS
    assert len(upload.parts) >= 2
    s3 = client("s3")
    head = s3.head_object(Bucket=bucket, Key="t/big.csv")
    assert head["ContentLength"] == upload.size_bytes
    assert head["ContentDisposition"] == 'attachment; filename="big.csv"'
    for number in range(1, len(upload.parts)):
        part = s3.head_object(Bucket=bucket, Key="t/big.csv", PartNumber=number)
        assert part["ContentLength"] >= export_files.MIN_PART_SIZE
    body = s3.get_object(Bucket=bucket, Key="t/big.csv")["Body"].read()
    assert body.startswith(b"\xef\xbb\xbf") and body.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["clientAccountId", "accountName", "storedBytes", "date"]
    assert len(rows) == ROWS + 1
    assert rows[1] == ["000000000000", 'Konto Nr. 0 – Müller, "Süd"', "0", "2026-11-23"]
    assert rows[-1][0] == f"{ROWS - 1:012d}"


def test_an_empty_export_is_a_header_only_file(bucket):
    from chalicelib.store.aws import client

    upload = export_files.CsvUpload("t/empty.csv")
    upload.start("empty.csv")
    upload.write_header(["a", "b"])
    upload.complete()
    body = client("s3").get_object(Bucket=bucket, Key="t/empty.csv")["Body"].read()
    assert body == b"\xef\xbb\xbfa,b\r\n" and upload.size_bytes == len(body)


def test_abort_leaves_no_upload_and_no_object(bucket):
    from chalicelib.store.aws import client

    upload = export_files.CsvUpload("t/aborted.csv", part_size=export_files.MIN_PART_SIZE)
    upload.start("aborted.csv")
    upload.write_rows(fake_rows(150_000))
    assert upload.parts, "at least one part was sent before the abort"
    upload.abort()
    upload.abort()  # twice is fine
    s3 = client("s3")
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    assert s3.list_objects_v2(Bucket=bucket, Prefix="t/aborted").get("KeyCount") == 0


def test_parts_below_the_s3_minimum_are_refused():
    with pytest.raises(ValueError):
        export_files.CsvUpload("k", part_size=1024, s3=object(), bucket="b")
