"""boto3 clients, created on first use with standard retries, SigV4 and path-style S3 addressing
(so presigned links work against the embedded server as well as AWS)."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

from chalicelib.settings import get_settings


@lru_cache(maxsize=8)
def _client(service: str, region: str, endpoint: str | None) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(
        retries={"mode": "standard", "max_attempts": 4},
        signature_version="s3v4",
        s3={"addressing_style": "path"},
    )
    return boto3.session.Session().client(
        service, region_name=region, endpoint_url=endpoint, config=config
    )


def client(service: str) -> Any:
    return _client(service, get_settings().aws_region, os.environ.get("AWS_ENDPOINT_URL"))
