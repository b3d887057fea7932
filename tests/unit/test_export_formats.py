"""Typed cells for xlsx and ndjson (pure), and the xlsx/ndjson writers against in-process S3:
100,000 rows in parts of at least 5 MiB, read back with openpyxl and json."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pytest
from moto import mock_aws

from chalicelib.domain import exports as rules
from chalicelib.domain.csvfmt import cell
from chalicelib.domain.exports import ExportFormat, ExportType
from chalicelib.store import export_files

ROWS = 100_000

PARTNER_CSV_ROW = [
    "3f1c1f9e-6d2b-4c55-9f3e-2d1f0a9b7c11",
    '\'=HYPERLINK("x")',
    "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
    "",
    1_500_000_000_000,
    "1.500000",
    0,
    "0.000000",
    "true",
    3,
    "",
    "2026-11-23T10:15:00.123456Z",
    "Frame 2026",
    "false",
]


@pytest.mark.parametrize(
    ("export_format", "expected"),
    [
        (
            ExportFormat.XLSX,
            [
                "3f1c1f9e-6d2b-4c55-9f3e-2d1f0a9b7c11",
                '\'=HYPERLINK("x")',
                "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                None,
                1_500_000_000_000,
                1.5,
                0,
                0.0,
                True,
                3,
                None,
                datetime(2026, 11, 23, 10, 15, 0, 123456),
                "Frame 2026",
                False,
            ],
        ),
        (
            ExportFormat.NDJSON,
            [
                "3f1c1f9e-6d2b-4c55-9f3e-2d1f0a9b7c11",
                '\'=HYPERLINK("x")',
                "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                None,
                1_500_000_000_000,
                1.5,
                0,
                0.0,
                True,
                3,
                None,
                "2026-11-23T10:15:00.123456Z",
                "Frame 2026",
                False,
            ],
        ),
    ],
)
def test_a_partner_row_typed_for_each_format(export_format, expected):
    convert = rules.converters(ExportType.PARTNERS, export_format)
    assert rules.typed(convert, PARTNER_CSV_ROW) == expected


def test_usage_days_are_dates_in_a_sheet_and_text_in_json():
    row = ["2026-11-23", "100000000001", "Acme", "p", "P", "c", "", "", "", "", "", "", 0]
    sheet = rules.typed(rules.converters(ExportType.USAGE, ExportFormat.XLSX), row)
    lines = rules.typed(rules.converters(ExportType.USAGE, ExportFormat.NDJSON), row)
    assert sheet[0] == date(2026, 11, 23) and lines[0] == "2026-11-23"
    # the 12-digit account id stays text (a spreadsheet would show 1E+11 and drop zeros)
    assert sheet[1] == lines[1] == "100000000001"
    assert sheet[6:12] == [None] * 6 and sheet[12] == 0


def test_every_column_that_is_not_text_is_converted():
    text_units = {"text", "UUID", "digits", "email", "JSON", "IP address", "ISO 3166-1 alpha-2"}
    for export_type in ExportType:
        columns = rules.COLUMNS[export_type]
        sheet = dict(rules.converters(export_type, ExportFormat.XLSX))
        lines = dict(rules.converters(export_type, ExportFormat.NDJSON))
        for n, column in enumerate(columns):
            if column.unit in text_units:
                assert n not in sheet and n not in lines, column
            elif column.unit in ("RFC 3339 UTC", "YYYY-MM-DD"):
                assert n in sheet and n not in lines, column
            else:
                assert n in sheet and n in lines, column


@pytest.mark.parametrize(
    ("export_format", "name"),
    [(ExportFormat.CSV, "usage-2026-12-04.csv"), (ExportFormat.XLSX, "usage-2026-12-04.xlsx")],
)
def test_file_names_carry_the_format(export_format, name):
    assert rules.filename("usage", date(2026, 12, 4), export_format) == name


@pytest.fixture
def bucket():
    with mock_aws():
        from chalicelib import bootstrap

        yield bootstrap.ensure_exports_bucket()


def usage_rows(n: int):
    for i in range(n):
        used = i * 1_000_003
        yield [
            "2026-11-23",
            f"{i:012d}",
            cell(f"=Konto {i} – Müller"),
            "p",
            "Partner",
            "c",
            used,
            f"{used / 10**12:.6f}",
            used,
            f"{used / 10**12:.6f}",
            2 * 10**12,
            "2.000000",
            24,
        ]


def body_of(bucket: str, key: str) -> bytes:
    from chalicelib.store.aws import client

    return client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()


def write(kind: ExportFormat, key: str, rows) -> export_files.MultipartUpload:
    upload = export_files.upload_for(
        kind, key, ExportType.USAGE, part_size=export_files.MIN_PART_SIZE
    )
    upload.start(key.rsplit("/", 1)[-1])
    upload.write_header(rules.header(ExportType.USAGE))
    upload.write_rows(rows)
    upload.complete()
    return upload


def test_100000_ndjson_rows_stream_in_parts_and_read_back(bucket):
    upload = write(ExportFormat.NDJSON, "t/big.ndjson", usage_rows(ROWS))
    assert upload.rows == ROWS and len(upload.parts) >= 2
    lines = body_of(bucket, "t/big.ndjson").decode("utf-8").splitlines()
    assert len(lines) == ROWS
    first, last = json.loads(lines[0]), json.loads(lines[-1])
    assert list(first) == rules.header(ExportType.USAGE)
    assert first["accountName"] == "'=Konto 0 – Müller" and first["usageBytes"] == 0
    assert last["clientAccountId"] == f"{ROWS - 1:012d}"
    assert last["usageBytes"] == (ROWS - 1) * 1_000_003 and last["allocatedCapacityTB"] == 2.0


def test_100000_xlsx_rows_stream_in_parts_and_read_back_typed(bucket):
    from openpyxl import load_workbook

    from chalicelib.store.aws import client

    upload = write(ExportFormat.XLSX, "t/big.xlsx", usage_rows(ROWS))
    assert upload.rows == ROWS and len(upload.parts) >= 2
    head = client("s3").head_object(Bucket=bucket, Key="t/big.xlsx")
    assert head["ContentType"] == rules.CONTENT_TYPES[ExportFormat.XLSX]
    assert head["ContentLength"] == upload.size_bytes
    book = load_workbook(io.BytesIO(body_of(bucket, "t/big.xlsx")), read_only=True)
    (sheet,) = book.worksheets
    rows = sheet.iter_rows(values_only=True)
    assert list(next(rows)) == rules.header(ExportType.USAGE)
    first = next(rows)
    assert first[0] == datetime(2026, 11, 23)  # a date cell (openpyxl reads dates back so)
    assert first[2] == "'=Konto 0 – Müller"  # text, never a formula
    count, last = 2, first
    for row in rows:
        count, last = count + 1, row
    assert count == ROWS + 1
    assert last[1] == f"{ROWS - 1:012d}" and last[6] == (ROWS - 1) * 1_000_003
    assert last[11] == 2.0 and last[12] == 24


def test_a_failed_xlsx_upload_leaves_nothing(bucket):
    from chalicelib.store.aws import client

    upload = export_files.upload_for(ExportFormat.XLSX, "t/gone.xlsx", ExportType.USAGE)
    upload.start("gone.xlsx")
    upload.write_rows(usage_rows(10))
    upload.abort()
    listed = client("s3").list_multipart_uploads(Bucket=bucket)
    assert not listed.get("Uploads")
    assert "Contents" not in client("s3").list_objects_v2(Bucket=bucket, Prefix="t/gone")
