"""Usage on the real local stack over HTTP, as the README shows it: a metering key posts
samples, the aggregation is triggered, the four ICMC usage routes answer the vendor's shapes.
Also ``make run DEMO=1``'s demo data."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
import requests

from devstack.process import start_stack
from tests.api import icmc

pytestmark = pytest.mark.integration
TB = 10**12


class Http:
    def __init__(self, base: str, token: str | None = None) -> None:
        self.base, self.token = base, token

    def __call__(self, method: str, path: str, body=None, token: str | None = None):
        headers = {"Authorization": f"Bearer {token or self.token}"}
        reply = requests.request(
            method, f"{self.base}/v1{path}", json=body, headers=headers, timeout=120
        )
        return reply.status_code, (reply.json() if reply.content else None)

    def login(self, email: str, password: str) -> str:
        status, body = self("POST", "/auth/login", {"email": email, "password": password})
        assert status == 200, body
        return body["token"]


@pytest.fixture(scope="module")
def demo_stack():
    running = start_stack({"DEMO": "1", "LOCAL_JOB_INTERVAL_SECONDS": "3600"}, timeout=300)
    yield running
    assert running.stop() == 0, running.log()[-3000:]


def test_metering_key_samples_aggregation_and_the_four_routes(demo_stack):
    http = Http(demo_stack.base_url)
    http.token = http.login(demo_stack.admin_email, demo_stack.admin_password)
    status, dist = http("POST", "/organizations", {"type": "distributor", "name": "Readme Dist"})
    assert status == 201
    today = datetime.now(UTC).date()
    status, contract = http(
        "POST",
        "/contracts",
        {
            "organizationId": dist["id"],
            "details": "Main",
            "reservedCapacity": 10 * TB,
            "costStorageGBCents": 1.2,
            "currency": "EUR",
            "startDate": (today - timedelta(days=30)).isoformat(),
            "endDate": (today + timedelta(days=365)).isoformat(),
        },
    )
    assert status == 201, contract
    status, partner = http(
        "POST",
        "/partner",
        {"distributorContractId": contract["id"], "name": "MSP", "allocatedCapacity": 5 * TB},
    )
    assert status == 201, partner
    status, account = http(
        "POST",
        f"/partner/{partner['id']}/storage-accounts",
        {
            "name": "Customer",
            "allocatedCapacity": TB,
            "allowOverdraft": True,
            "clientAccount": {
                "contactEmail": "ops@customer.example.com",
                "password": "Blue-Harbor-42",
            },
        },
    )
    assert status == 201, account
    acc = account["clientAccountId"]
    expires = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    status, key = http(
        "POST", "/api-keys", {"description": "meter", "expiresAt": expires, "role": "metering"}
    )
    assert status == 201, key
    now = datetime.now(UTC)
    stamps = [(now - timedelta(hours=h)).strftime("%Y-%m-%dT%H:10:00Z") for h in (3, 2)]
    status, result = http(
        "POST",
        "/usage/samples",
        [
            {"clientAccountId": acc, "timestamp": stamps[0], "storedBytes": 500 * 10**9},
            {"clientAccountId": acc, "timestamp": stamps[1], "storedBytes": 800 * 10**9},
            {"clientAccountId": "42", "timestamp": stamps[1], "storedBytes": 1},
        ],
        token=key["key"],
    )
    assert status == 200 and result["accepted"] == 2 and result["rejected"][0]["index"] == 2
    # the aggregation runs in the background: the local stack's shard workers take the run's
    # shards off the queue and the last one rolls up; the route reports the progress
    status, run = http("POST", "/jobs/usage-aggregation")
    assert status == 202, run
    deadline = time.monotonic() + 120
    while run["status"] != "finished" and time.monotonic() < deadline:
        time.sleep(0.5)
        status, run = http("GET", f"/jobs/usage-aggregation/{run['runId']}")
        assert status == 200, run
    assert run["status"] == "finished" and run["shardsDone"] == run["shards"], run
    first, last = (today - timedelta(days=7)).isoformat(), today.isoformat()
    q = f"from={first}&to={last}"
    for path, many in (
        (f"/storage-account/{acc}/usage?{q}", False),
        (f"/partner/{partner['id']}/storage-accounts/{acc}/usage?{q}", False),
        (f"/partner/{partner['id']}/usage?{q}", True),
        (f"/storage-accounts/usage?{q}", True),
    ):
        status, body = http("GET", path)
        assert status == 200, (path, body)
        icmc.validate("api.ClientUsage", body)
        usage = body if not many else [u for u in body if u["client_id"] == acc]
        entry = usage[0] if many else usage
        assert entry["daily_usage"][-1]["usage"] > 0, (path, entry)
    status, overview = http("GET", f"/contracts/{contract['id']}/overview")
    assert overview["usedCapacity"] == 800 * 10**9
    status, bad = http("GET", f"/storage-accounts/usage?from={first}")
    assert status == 400 and bad["details"][0]["field"] == "to"


def test_the_demo_data_is_there(demo_stack):
    assert "Demo data loaded" in demo_stack.log()
    http = Http(demo_stack.base_url)
    http.token = http.login("distributor@demo.example.com", "Demo-Passw0rd!")
    status, contracts = http("GET", "/contract/list")
    assert status == 200 and len(contracts) == 2
    today = datetime.now(UTC).date()
    q = f"from={(today - timedelta(days=59)).isoformat()}&to={today.isoformat()}"
    status, usage = http("GET", f"/storage-accounts/usage?{q}&limit=1000")
    assert status == 200 and len(usage) == 36
    assert all(len(u["daily_usage"]) >= 59 for u in usage)
    status, days = http("GET", f"/contracts/{contracts[0]['id']}/usage?{q}")
    assert status == 200 and len(days) >= 59 and days[-1]["usage"] > 0
    # the ICMC report (account days) and the contracts' days (roll-ups, the charts) agree day
    # by day, over the days loaded at once and the day the first run did
    status, other = http("GET", f"/contracts/{contracts[1]['id']}/usage?{q}")
    per_day: dict[str, int] = {}
    for d in days + other:
        per_day[d["date"]] = per_day.get(d["date"], 0) + d["usage"]
    reported: dict[str, int] = {}
    for u in usage:
        for d in u["daily_usage"]:
            reported[d["date"]] = reported.get(d["date"], 0) + d["usage"]
    assert {k: v for k, v in reported.items() if v} == {k: v for k, v in per_day.items() if v}
    assert len([v for v in per_day.values() if v]) >= 59
    partner = Http(demo_stack.base_url)
    partner.token = partner.login("partner@demo.example.com", "Demo-Passw0rd!")
    status, mine = partner("GET", f"/storage-accounts/usage?{q}")
    assert status == 200 and len(mine) == 3
