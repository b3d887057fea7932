"""The API tests' fixtures (chalice test client, tables on moto, the fixed clock), with the
storage backend on the session's Ceph RGW and the regions list naming its S3 endpoint."""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import api, aws, clock, provider_admin  # noqa: F401 - the API fixtures


@pytest.fixture(autouse=True)
def on_rgw(ceph, monkeypatch):
    for name, value in ceph.environment().items():
        monkeypatch.setenv(name, value)
    url = ceph.endpoint
    region = {"name": "local", "s3_url": url, "iam_url": url, "sts_url": url}
    monkeypatch.setenv("REGIONS", json.dumps([region]))
