"""Export files in S3: a CSV, NDJSON or XLSX file streamed into a multipart upload (constant
memory whatever the row count), and presigned download links.

``CsvUpload`` keeps at most one part (``part_size`` bytes, at least S3's 5 MiB minimum) in memory:
rows go through ``csv.writer`` and are encoded to UTF-8 as they are written (a text buffer would
hold up to four bytes per character); when the bytes reach the part size they are sent as the
next part. ``complete`` sends the last (smaller) part and finishes the
upload; ``abort`` throws the whole upload away, so a failed export never leaves a partial object
or an orphaned upload behind.

``NdjsonUpload`` writes one JSON object per row (the header's names as keys, typed values) into
the same kind of part buffer. ``XlsxUpload`` appends rows to an openpyxl write-only sheet, which
keeps them in a temporary file on disk (not in memory); ``complete`` then zips the workbook
straight into the part buffer, part by part.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from chalicelib.domain.exports import CONTENT_TYPES, ExportFormat, ExportType, converters, typed
from chalicelib.settings import get_settings
from chalicelib.store.aws import client

MIN_PART_SIZE = 5 * 1024 * 1024
DEFAULT_PART_SIZE = 8 * 1024 * 1024
BOM = "\ufeff"
#: Rows written between two looks at the buffer's size.
_CHECK_EVERY = 1024


class MultipartUpload:
    """The part buffer and the multipart upload every format writes into."""

    content_type = CONTENT_TYPES[ExportFormat.CSV]

    def __init__(
        self,
        key: str,
        *,
        bucket: str | None = None,
        part_size: int = DEFAULT_PART_SIZE,
        s3: Any = None,
    ) -> None:
        if part_size < MIN_PART_SIZE:
            raise ValueError(f"S3 parts must be at least {MIN_PART_SIZE} bytes")
        self.s3 = s3 or client("s3")
        self.bucket = bucket or get_settings().exports_bucket
        self.key = key
        self.part_size = part_size
        self.upload_id: str | None = None
        self.parts: list[dict[str, Any]] = []
        self.rows = 0
        self.size_bytes = 0
        self._raw = io.BytesIO()

    def start(self, download_name: str) -> str:
        created = self.s3.create_multipart_upload(
            Bucket=self.bucket,
            Key=self.key,
            ContentType=self.content_type,
            ContentDisposition=f'attachment; filename="{download_name}"',
        )
        self.upload_id = created["UploadId"]
        return self.upload_id

    def _flush(self) -> None:
        data = self._raw.getvalue()
        self._raw.seek(0)
        self._raw.truncate(0)
        number = len(self.parts) + 1
        sent = self.s3.upload_part(
            Bucket=self.bucket,
            Key=self.key,
            UploadId=self.upload_id,
            PartNumber=number,
            Body=data,
        )
        self.parts.append({"ETag": sent["ETag"], "PartNumber": number})
        self.size_bytes += len(data)

    def _finish(self) -> None:
        if self._raw.tell() or not self.parts:
            self._flush()
        self.s3.complete_multipart_upload(
            Bucket=self.bucket,
            Key=self.key,
            UploadId=self.upload_id,
            MultipartUpload={"Parts": self.parts},
        )

    def abort(self) -> None:
        if self.upload_id is not None:
            abort_upload(self.key, self.upload_id, s3=self.s3, bucket=self.bucket)


class CsvUpload(MultipartUpload):
    def __init__(self, key: str, **kwargs: Any) -> None:
        super().__init__(key, **kwargs)
        self._text = io.TextIOWrapper(self._raw, encoding="utf-8", newline="")
        self._writer = csv.writer(self._text, lineterminator="\r\n")
        self._pending = 0

    def start(self, download_name: str) -> str:
        upload_id = super().start(download_name)
        self._text.write(BOM)
        return upload_id

    def write_header(self, names: list[str]) -> None:
        self._writer.writerow(names)

    def write_rows(self, rows: Iterable[list]) -> None:
        writerow, pending, written = self._writer.writerow, self._pending, 0
        for row in rows:
            writerow(row)
            written += 1
            pending += 1
            if pending >= _CHECK_EVERY:
                pending = 0
                self._text.flush()
                if self._raw.tell() >= self.part_size:
                    self._flush()
        self._pending = pending
        self.rows += written

    def complete(self) -> None:
        self._text.flush()
        self._finish()


class NdjsonUpload(MultipartUpload):
    """One JSON object per line (``\\n``), keys in the header's order, values typed."""

    content_type = CONTENT_TYPES[ExportFormat.NDJSON]

    def __init__(self, key: str, export_type: ExportType, **kwargs: Any) -> None:
        super().__init__(key, **kwargs)
        self._convert = converters(export_type, ExportFormat.NDJSON)
        self._names: list[str] = []

    def write_header(self, names: list[str]) -> None:
        self._names = names

    def write_rows(self, rows: Iterable[list]) -> None:
        names, convert, write = self._names, self._convert, self._raw.write
        encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        written = 0
        for row in rows:
            write((encode(dict(zip(names, typed(convert, row), strict=True))) + "\n").encode())
            written += 1
            if not written % _CHECK_EVERY and self._raw.tell() >= self.part_size:
                self._flush()
        self.rows += written

    def complete(self) -> None:
        self._finish()


class XlsxUpload(MultipartUpload):
    """One sheet: the header row, then the rows with typed cells (numbers, dates, times,
    booleans); text cells are the CSV's, formula-neutralised, written as inline strings."""

    content_type = CONTENT_TYPES[ExportFormat.XLSX]

    def __init__(self, key: str, export_type: ExportType, **kwargs: Any) -> None:
        from openpyxl import Workbook  # imported by the worker only: keeps the API's cold start

        super().__init__(key, **kwargs)
        self._convert = converters(export_type, ExportFormat.XLSX)
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(str(export_type))

    def write_header(self, names: list[str]) -> None:
        self._sheet.append(names)

    def write_rows(self, rows: Iterable[list]) -> None:
        append, convert, written = self._sheet.append, self._convert, 0
        for row in rows:
            append(typed(convert, row))
            written += 1
        self.rows += written

    def write(self, data: bytes) -> int:
        """The zip archive's output: bytes go to the part buffer, a part leaves when full."""
        self._raw.write(data)
        if self._raw.tell() >= self.part_size:
            self._flush()
        return len(data)

    def flush(self) -> None:
        """Part boundaries are the buffer's business (see ``write``)."""

    def complete(self) -> None:
        self._book.save(self)
        self._finish()

    def abort(self) -> None:
        """Throw the upload away and the sheet's temporary file with it."""
        super().abort()
        sheet = self._sheet
        with contextlib.suppress(Exception):  # already saved, or never started
            if not sheet.closed:
                sheet.close()
            if sheet._writer is not None:  # openpyxl keeps the rows in this file until saved
                sheet._writer.cleanup()


def upload_for(export_format: str, key: str, export_type: ExportType, **kwargs: Any):
    """The writer for ``export_format`` (``csv``, ``xlsx`` or ``ndjson``)."""
    kind = ExportFormat(export_format)
    if kind == ExportFormat.CSV:
        return CsvUpload(key, **kwargs)
    if kind == ExportFormat.NDJSON:
        return NdjsonUpload(key, export_type, **kwargs)
    return XlsxUpload(key, export_type, **kwargs)


def abort_upload(key: str, upload_id: str, *, s3: Any = None, bucket: str | None = None) -> None:
    """Abort a multipart upload; one already finished or aborted is fine."""
    s3 = s3 or client("s3")
    with contextlib.suppress(s3.exceptions.NoSuchUpload):
        s3.abort_multipart_upload(
            Bucket=bucket or get_settings().exports_bucket, Key=key, UploadId=upload_id
        )


def delete_file(key: str) -> None:
    client("s3").delete_object(Bucket=get_settings().exports_bucket, Key=key)


def download_link(
    key: str, download_name: str, expires_in: int, export_format: str = ExportFormat.CSV
) -> str:
    """A presigned SigV4 GET of ``key`` that makes the browser save it as ``download_name``."""
    return client("s3").generate_presigned_url(
        "get_object",
        Params={
            "Bucket": get_settings().exports_bucket,
            "Key": key,
            "ResponseContentDisposition": f'attachment; filename="{download_name}"',
            "ResponseContentType": CONTENT_TYPES[ExportFormat(export_format)],
        },
        ExpiresIn=expires_in,
    )
