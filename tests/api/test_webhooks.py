"""Webhook endpoints: signed deliveries (verified with the ``standardwebhooks`` package) to a
real HTTP receiver on loopback, retries with the same webhook-id, rotation overlap, the
delivery log and replays, tenant isolation, refused URLs, and disabling after 5 days."""

from __future__ import annotations

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from chalicelib.services import sweep
from tests.api.helpers import make_contract, make_tenant, member_token
from tests.api.notification_helpers import Receiver, run_worker, sent_mail
from tests.api.usage_helpers import add_account, partner_record


@pytest.fixture
def receiver():
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    monkeypatch.setenv("WEBHOOK_RETRY_SCHEDULE", "1,1")
    monkeypatch.setenv("WEBHOOK_TIMEOUT_SECONDS", "1")


def create(api, token, url, types=("*",)) -> dict:
    reply = api.post("/v1/webhook-endpoints", {"url": url, "eventTypes": list(types)}, token=token)
    assert reply.status == 201, reply.json
    return reply.json


def ping(api, token, endpoint_id) -> str:
    reply = api.post(f"/v1/webhook-endpoints/{endpoint_id}/test", token=token)
    assert reply.status == 202, reply.json
    return reply.json["eventId"]


def test_secret_once_and_a_signed_ping(api, provider_admin, receiver):
    tenant = make_tenant(api)
    endpoint = create(api, tenant.admin, receiver.url)
    assert endpoint["secret"].startswith("whsec_")
    shown = api.get(f"/v1/webhook-endpoints/{endpoint['id']}", token=tenant.viewer).json
    assert shown["secret"] is None and shown["url"] == receiver.url
    listed = api.get("/v1/webhook-endpoints", token=tenant.viewer).json
    assert [e["id"] for e in listed] == [endpoint["id"]] and listed[0]["secret"] is None

    event_id = ping(api, tenant.admin, endpoint["id"])
    assert run_worker(api) == ["delivered"]
    (request,) = receiver.requests
    assert request["headers"]["webhook-id"] == event_id
    body = Webhook(endpoint["secret"]).verify(request["body"], request["headers"])
    assert body["type"] == "ping" and body["data"]["endpointId"] == endpoint["id"]
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 32).verify(request["body"], request["headers"])

    (attempt,) = api.get(
        f"/v1/webhook-endpoints/{endpoint['id']}/deliveries", token=tenant.viewer
    ).json
    assert attempt["eventId"] == event_id and attempt["httpStatus"] == 200
    assert attempt["attempt"] == 1 and attempt["error"] is None

    # viewers read, they do not manage
    assert (
        api.post(f"/v1/webhook-endpoints/{endpoint['id']}/test", token=tenant.viewer).status == 403
    )


def test_retries_after_500s_and_a_timeout_keep_the_webhook_id(api, provider_admin, clock):
    receiver = Receiver(statuses=[200, 500, 200], stall_seconds=2.0, stall_first=1).start()
    try:
        tenant = make_tenant(api)
        endpoint = create(api, tenant.admin, receiver.url)
        event_id = ping(api, tenant.admin, endpoint["id"])
        assert run_worker(api) == ["retrying"]  # timed out (1 s) while the receiver stalled
        clock.advance(seconds=2)
        assert run_worker(api, wait=1.2) == ["retrying"]  # 500
        clock.advance(seconds=2)
        assert run_worker(api, wait=1.2) == ["delivered"]
    finally:
        receiver.stop()
    ids = {r["headers"]["webhook-id"] for r in receiver.requests}
    assert ids == {event_id} and len(receiver.requests) == 3
    for request in receiver.requests:
        Webhook(endpoint["secret"]).verify(request["body"], request["headers"])
    log = api.get(f"/v1/webhook-endpoints/{endpoint['id']}/deliveries", token=tenant.viewer).json
    assert [(a["attempt"], a["httpStatus"]) for a in log] == [(3, 200), (2, 500), (1, None)]
    assert "timeout" in log[2]["error"]


def test_rotation_overlap_signs_with_both_secrets_for_24_hours(
    api, provider_admin, receiver, clock
):
    tenant = make_tenant(api)
    endpoint = create(api, tenant.admin, receiver.url)
    rotated = api.post(f"/v1/webhook-endpoints/{endpoint['id']}/rotate-secret", token=tenant.admin)
    assert rotated.status == 200 and rotated.json["secret"] != endpoint["secret"]
    new_secret = rotated.json["secret"]

    ping(api, tenant.admin, endpoint["id"])
    run_worker(api)
    request = receiver.requests[-1]
    assert len(request["headers"]["webhook-signature"].split(" ")) == 2
    Webhook(endpoint["secret"]).verify(request["body"], request["headers"])
    Webhook(new_secret).verify(request["body"], request["headers"])

    clock.advance(hours=24, seconds=1)
    tenant_admin = member_token(api, tenant.org_id, token=api.login("root@provider.test"))
    ping(api, tenant_admin, endpoint["id"])
    run_worker(api)
    request = receiver.requests[-1]
    assert len(request["headers"]["webhook-signature"].split(" ")) == 1
    Webhook(new_secret).verify(request["body"], request["headers"])
    with pytest.raises(WebhookVerificationError):
        Webhook(endpoint["secret"]).verify(request["body"], request["headers"])


def test_an_endpoint_hears_its_subtree_never_a_sibling(api, provider_admin):
    parent_hook, sibling_hook, partner_hook = (Receiver().start() for _ in range(3))
    try:
        dist = make_tenant(api, "Parent")
        sibling = make_tenant(api, "Sibling")
        contract = make_contract(api, dist.org_id)
        reply = api.post(
            "/v1/partner",
            {"distributorContractId": contract, "allocatedCapacity": 10**12, "name": "MSP"},
            token=dist.admin,
        )
        partner = partner_record(reply.json["id"])
        partner_admin = member_token(api, partner["id"], token=dist.admin)
        create(api, dist.admin, parent_hook.url, ["storage_account.created"])
        create(api, sibling.admin, sibling_hook.url)
        create(api, partner_admin, partner_hook.url, ["quota.enforced"])  # not subscribed
        account = add_account(api, dist.admin, partner)
        sweep.run()
        assert run_worker(api) == ["delivered"]
    finally:
        for hook in (parent_hook, sibling_hook, partner_hook):
            hook.stop()
    (body,) = parent_hook.bodies()
    assert body["type"] == "storage_account.created"
    assert body["data"]["clientAccountId"] == account
    assert sibling_hook.requests == [] and partner_hook.requests == []
    # the sibling cannot see, test or replay the parent's endpoint or events
    (mine,) = api.get("/v1/webhook-endpoints", token=dist.admin).json
    assert api.get(f"/v1/webhook-endpoints/{mine['id']}", token=sibling.admin).status == 404
    assert api.post(f"/v1/webhook-endpoints/{mine['id']}/test", token=sibling.admin).status == 404
    (event,) = api.get("/v1/events", token=dist.admin).json
    (theirs,) = api.get("/v1/webhook-endpoints", token=sibling.admin).json
    reply = api.post(
        f"/v1/webhook-endpoints/{theirs['id']}/replay",
        {"eventId": event["id"]},
        token=sibling.admin,
    )
    assert reply.status == 404


def test_replay_sends_the_same_event_again(api, provider_admin, receiver):
    tenant = make_tenant(api)
    endpoint = create(api, tenant.admin, receiver.url)
    event_id = ping(api, tenant.admin, endpoint["id"])
    run_worker(api)
    reply = api.post(
        f"/v1/webhook-endpoints/{endpoint['id']}/replay", {"eventId": event_id}, token=tenant.admin
    )
    assert reply.status == 202
    assert run_worker(api) == ["delivered"]
    assert [r["headers"]["webhook-id"] for r in receiver.requests] == [event_id, event_id]
    reply = api.post(
        f"/v1/webhook-endpoints/{endpoint['id']}/replay", {"eventId": "nope"}, token=tenant.admin
    )
    assert reply.status == 404


@pytest.mark.parametrize(
    ("url", "allow_private", "fragment"),
    [
        ("http://169.254.169.254/latest/meta-data", "1", "metadata"),
        ("https://[fe80::1]/hook", "1", "Link-local"),
        ("http://127.0.0.1:9/hook", "0", "https"),
        ("https://127.0.0.1/hook", "0", "Loopback"),
        ("https://10.1.2.3/hook", "0", "Private"),
        ("https://localhost/hook", "0", "Loopback"),
        ("ftp://example.com/hook", "1", "https"),
        ("https://user:pw@example.com/hook", "1", "user name"),
        ("https://metadata.google.internal/", "1", "metadata"),
    ],
)
def test_refused_urls(api, provider_admin, monkeypatch, url, allow_private, fragment):
    monkeypatch.setenv("WEBHOOK_ALLOW_PRIVATE", allow_private)
    reply = api.post("/v1/webhook-endpoints", {"url": url, "eventTypes": ["*"]})
    assert reply.status == 400, reply.json
    assert reply.json["code"] == "url_not_allowed" and fragment in reply.json["message"]
    assert reply.json["details"][0]["field"] == "url"


def test_unknown_event_types_are_refused(api, provider_admin):
    reply = api.post(
        "/v1/webhook-endpoints", {"url": "https://example.com/h", "eventTypes": ["usage.boom"]}
    )
    assert reply.status == 400 and "Unknown event type" in reply.json["message"]


def test_an_endpoint_failing_for_5_days_is_disabled_and_its_admins_told(
    api, provider_admin, clock, monkeypatch
):
    monkeypatch.setenv("WEBHOOK_RETRY_SCHEDULE", "1,1,1,1,1,1,1,1")
    receiver = Receiver(statuses=[503] * 10).start()
    try:
        tenant = make_tenant(api)
        endpoint = create(api, tenant.admin, receiver.url)
        ping(api, tenant.admin, endpoint["id"])
        assert run_worker(api) == ["retrying"]
        clock.advance(days=5, seconds=2)
        assert run_worker(api, wait=1.2) == ["retrying"]
    finally:
        receiver.stop()
    viewer = member_token(api, tenant.org_id, "viewer", token=api.login("root@provider.test"))
    stored = api.get(f"/v1/webhook-endpoints/{endpoint['id']}", token=viewer).json
    assert stored["enabled"] is False and "failed since" in stored["disabledReason"]
    clock.advance(seconds=2)
    outcomes = run_worker(api, wait=1.2)  # the admins' e-mail, and the retry that is not sent
    assert sorted(outcomes) == ["endpoint disabled", "sent"]
    assert len(receiver.requests) == 2
    mail = [m for m in sent_mail() if "disabled" in m["raw"]]
    assert len(mail) == 1
