"""Export files in S3: a CSV streamed into a multipart upload (constant memory whatever the row
count), and presigned download links.

``CsvUpload`` keeps at most one part (``part_size`` bytes, at least S3's 5 MiB minimum) in memory:
rows go through ``csv.writer`` and are encoded to UTF-8 as they are written (a text buffer would
hold up to four bytes per character); when the bytes reach the part size they are sent as the
next part. ``complete`` sends the last (smaller) part and finishes the
upload; ``abort`` throws the whole upload away, so a failed export never leaves a partial object
or an orphaned upload behind.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterable
from typing import Any

from chalicelib.settings import get_settings
from chalicelib.store.aws import client

MIN_PART_SIZE = 5 * 1024 * 1024
DEFAULT_PART_SIZE = 8 * 1024 * 1024
BOM = "\ufeff"
#: Rows written between two looks at the buffer's size.
_CHECK_EVERY = 1024


class CsvUpload:
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
        self._text = io.TextIOWrapper(self._raw, encoding="utf-8", newline="")
        self._writer = csv.writer(self._text, lineterminator="\r\n")
        self._pending = 0

    def start(self, download_name: str) -> str:
        created = self.s3.create_multipart_upload(
            Bucket=self.bucket,
            Key=self.key,
            ContentType="text/csv; charset=utf-8",
            ContentDisposition=f'attachment; filename="{download_name}"',
        )
        self.upload_id = created["UploadId"]
        self._text.write(BOM)
        return self.upload_id

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

    def _flush(self) -> None:
        self._text.flush()
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

    def complete(self) -> None:
        self._text.flush()
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


def abort_upload(key: str, upload_id: str, *, s3: Any = None, bucket: str | None = None) -> None:
    """Abort a multipart upload; one already finished or aborted is fine."""
    s3 = s3 or client("s3")
    with contextlib.suppress(s3.exceptions.NoSuchUpload):
        s3.abort_multipart_upload(
            Bucket=bucket or get_settings().exports_bucket, Key=key, UploadId=upload_id
        )


def delete_file(key: str) -> None:
    client("s3").delete_object(Bucket=get_settings().exports_bucket, Key=key)


def download_link(key: str, download_name: str, expires_in: int) -> str:
    """A presigned SigV4 GET of ``key`` that makes the browser save it as ``download_name``."""
    return client("s3").generate_presigned_url(
        "get_object",
        Params={
            "Bucket": get_settings().exports_bucket,
            "Key": key,
            "ResponseContentDisposition": f'attachment; filename="{download_name}"',
            "ResponseContentType": "text/csv; charset=utf-8",
        },
        ExpiresIn=expires_in,
    )
