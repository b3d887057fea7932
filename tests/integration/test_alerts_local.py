"""On the real local stack (``make run``), the README's walk-through: a rule, a webhook endpoint
pointed at a receiver on loopback, a sample that crosses the rule, the aggregation job; then the
signed delivery (verified with ``standardwebhooks``), the ``.eml`` file and the event."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
import requests
from standardwebhooks.webhooks import Webhook

from devstack.process import start_stack
from tests.api.notification_helpers import Receiver

pytestmark = pytest.mark.integration
PASSWORD = "Sturdy-Passw0rd!"
TB = 10**12


@pytest.fixture(scope="module")
def mail_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("mail")


@pytest.fixture(scope="module")
def stack(mail_dir):
    running = start_stack({"MAIL_DIR": str(mail_dir)})
    yield running
    assert running.stop() == 0, running.log()[-3000:]


def call(stack, method, path, token, body=None, status=None):
    reply = requests.request(
        method,
        f"{stack.base_url}{path}",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert reply.status_code < 300 if status is None else reply.status_code == status, reply.text
    return reply.json() if reply.content else None


def login(stack, email, password=PASSWORD):
    reply = requests.post(
        f"{stack.base_url}/v1/auth/login", json={"email": email, "password": password}, timeout=30
    )
    assert reply.status_code == 200, reply.text
    return reply.json()["token"]


def wait_for(check, seconds=30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    return check()


def aggregate(stack, token) -> dict:
    """Start an aggregation run and wait until it has finished; answers its summary."""
    run = call(stack, "POST", "/v1/jobs/usage-aggregation", token)

    def finished():
        got = call(stack, "GET", f"/v1/jobs/usage-aggregation/{run['runId']}", token)
        return got if got["status"] == "finished" else None

    done = wait_for(finished, 120)
    assert done, run
    return done["summary"]


def test_rule_webhook_and_email_on_the_local_stack(stack, mail_dir):
    receiver = Receiver().start()
    try:
        root = login(stack, stack.admin_email, stack.admin_password)
        dist = call(stack, "POST", "/v1/organizations", root, {"type": "distributor", "name": "D"})
        call(
            stack,
            "POST",
            f"/v1/organizations/{dist['id']}/members",
            root,
            {"email": "ops@d.example.com", "name": "Ops", "password": PASSWORD, "role": "admin"},
        )
        contract = call(
            stack,
            "POST",
            "/v1/contracts",
            root,
            {
                "organizationId": dist["id"],
                "details": "Main",
                "reservedCapacity": 100 * TB,
                "costStorageGBCents": 1.2,
                "currency": "EUR",
                "startDate": (datetime.now(UTC).date() - timedelta(days=30)).isoformat(),
                "endDate": (datetime.now(UTC).date() + timedelta(days=4 * 365)).isoformat(),
            },
        )
        d = login(stack, "ops@d.example.com")
        partner = call(
            stack,
            "POST",
            "/v1/partner",
            d,
            {"distributorContractId": contract["id"], "name": "MSP", "allocatedCapacity": 10 * TB},
        )
        account = call(
            stack,
            "POST",
            f"/v1/partner/{partner['id']}/storage-accounts",
            d,
            {
                "name": "Acme",
                "allocatedCapacity": 2 * TB,
                "allowOverdraft": True,
                "clientAccount": {"contactEmail": "it@acme.example", "password": "Blue-Harbor-42"},
            },
        )["clientAccountId"]
        expires = (datetime.now(UTC) + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
        meter = call(
            stack,
            "POST",
            "/v1/api-keys",
            root,
            {"description": "meter", "role": "metering", "expiresAt": expires},
        )["key"]

        call(
            stack,
            "POST",
            "/v1/alert-rules",
            d,
            {"targetType": "storageAccount", "thresholdPercent": 30},
        )
        endpoint = call(
            stack, "POST", "/v1/webhook-endpoints", d, {"url": receiver.url, "eventTypes": ["*"]}
        )
        # The local timer starts a run when the stack starts, and POST joins a run in progress
        # (answering its id): let that one finish first, so the run below plans this sample.
        aggregate(stack, root)
        hour = (datetime.now(UTC) - timedelta(hours=2)).strftime("%Y-%m-%dT%H:10:00Z")
        call(
            stack,
            "POST",
            "/v1/usage/samples",
            meter,
            [{"clientAccountId": account, "timestamp": hour, "storedBytes": 800 * 10**9}],
        )
        summary = aggregate(stack, root)

        def crossing():
            return [r for r in receiver.requests if b"usage.threshold_crossed" in r["body"]]

        found = wait_for(crossing)
        used = call(stack, "GET", f"/v1/storage-account/{account}", root)["usedCapacity"]
        assert len(found) == 1, (used, summary, stack.log()[-3000:])
        (request,) = found
        body = Webhook(endpoint["secret"]).verify(request["body"], request["headers"])
        assert body["data"]["targetId"] == account and body["data"]["usedPercent"] == 40.0
        (event,) = call(stack, "GET", "/v1/events?type=usage.threshold_crossed", d)
        assert request["headers"]["webhook-id"] == event["id"]
        log = call(stack, "GET", f"/v1/webhook-endpoints/{endpoint['id']}/deliveries", d)
        assert any(a["eventId"] == event["id"] and a["httpStatus"] == 200 for a in log)

        emails = wait_for(lambda: list(mail_dir.glob("*.eml")))
        text = emails[0].read_text()
        assert "To: ops@d.example.com" in text and "reached 30 %" in text
        assert f"/console/partners/{partner['id']}/storage-accounts/{account}" in text

        # running it again emits nothing twice
        aggregate(stack, root)
        time.sleep(2)
        assert len(call(stack, "GET", "/v1/events?type=usage.threshold_crossed", d)) == 1
    finally:
        receiver.stop()
