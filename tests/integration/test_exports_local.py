"""On the real local stack: a distributor posts an export, polls it until the local worker has
produced it, and downloads the CSV with curl from the presigned link."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests

from devstack.process import start_stack

pytestmark = pytest.mark.integration
PASSWORD = "Sturdy-Passw0rd!"


@pytest.fixture(scope="module")
def stack():
    running = start_stack()
    yield running
    assert running.stop() == 0, running.log()[-3000:]


def call(stack, method, path, token, body=None):
    reply = requests.request(
        method,
        f"{stack.base_url}{path}",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert reply.status_code < 300, reply.text
    return reply.json()


def login(stack, email, password):
    reply = requests.post(
        f"{stack.base_url}/v1/auth/login", json={"email": email, "password": password}, timeout=30
    )
    assert reply.status_code == 200, reply.text
    return reply.json()["token"]


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
def test_distributor_exports_polls_and_downloads_with_curl(stack, tmp_path):
    admin = login(stack, stack.admin_email, stack.admin_password)
    dist = call(stack, "POST", "/v1/organizations", admin, {"type": "distributor", "name": "Dïst"})
    email = "dist-admin@example.com"
    call(
        stack,
        "POST",
        f"/v1/organizations/{dist['id']}/members",
        admin,
        {"email": email, "name": "D", "password": PASSWORD, "role": "admin"},
    )
    token = login(stack, email, PASSWORD)
    deal = {
        "customerName": "=cmd|' /C calc'!A0",
        "country": "AT",
        "expectedCapacity": 150 * 10**12,
        "expectedCloseDate": (datetime.now(UTC).date() + timedelta(days=60)).isoformat(),
        "contractType": "payPerUse",
    }
    call(stack, "POST", "/v1/deals", token, deal)
    accepted = call(stack, "POST", "/v1/exports", token, {"type": "deals"})
    assert accepted["status"] == "pending"
    deadline = time.monotonic() + 30
    while True:
        export = call(stack, "GET", f"/v1/exports/{accepted['id']}", token)
        if export["status"] in ("ready", "failed") or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert export["status"] == "ready", (export, stack.log()[-2000:])
    target = tmp_path / "deals.csv"
    done = subprocess.run(
        ["curl", "-sS", "-f", "-D", "-", "-o", str(target), export["downloadUrl"]],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert 'filename="deals-' in done.stdout
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and len(data) == export["sizeBytes"]
    (row,) = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert row["customerName"] == "'=cmd|' /C calc'!A0"
    assert row["expectedCapacityTB"] == "150.000000" and row["contractType"] == "payPerUse"
