"""``STORAGE_BACKEND=rgw make run``'s program on free ports: it brings up its own Ceph, the
regions list names the gateway, racing storage-account creates and re-allocations keep the
counters exact with every account provisioned on RGW, and stopping removes the cluster."""

from __future__ import annotations

import re

import pytest
import requests

from devstack.process import free_port, start_stack


@pytest.fixture(scope="module")
def rgw_stack(ceph):  # ``ceph``: only where the binaries are (it fails with the install hint)
    running = start_stack({"STORAGE_BACKEND": "rgw", "RGW_PORT": str(free_port())}, timeout=240)
    yield running
    assert running.stop(timeout=60) == 0, running.log()[-3000:]
    assert "Ceph RGW" in running.log()


def test_the_stack_runs_on_rgw_and_the_race_holds(rgw_stack, monkeypatch):
    from bench.account_race import account_race
    from bench.account_race import report as account_report

    regions = requests.get(f"{rgw_stack.base_url}/v1/integration/regions/list", timeout=10).json()
    s3_url = regions["regions"][0]["s3_url"]
    assert s3_url != rgw_stack.aws_url and s3_url.startswith("http://127.0.0.1:")
    assert requests.get(s3_url, timeout=10).status_code == 200, "an S3 endpoint answers"
    token = requests.post(
        f"{rgw_stack.base_url}/v1/auth/login",
        json={"email": rgw_stack.admin_email, "password": rgw_stack.admin_password},
        timeout=30,
    ).json()["token"]
    result = account_race(rgw_stack.base_url, token, rgw_stack.aws_url)
    print("\n" + account_report(result))
    assert result["problems"] == []
    assert set(result["outcome"].statuses) <= {200, 201, 409}
    assert 409 in result["outcome"].statuses, "more was asked than fits"
    # every account on record is an RGW user, and no refused create left one behind
    from chalicelib.store.rgw import RgwBackend

    access, secret = re.search(r"admin key (\S+) / (\S+)", rgw_stack.log()).groups()
    monkeypatch.setenv("RGW_ADMIN_ACCESS_KEY", access)
    monkeypatch.setenv("RGW_ADMIN_SECRET_KEY", secret)
    users = RgwBackend("pcs", s3_url)._request("GET", "metadata/user", "list the users")
    assert len([u for u in users if u.startswith("pcs")]) == result["accounts"] > 0
