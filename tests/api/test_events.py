"""The event feed: events are written with the change that causes them, and each organization
sees its own and its subtree's (never a sibling's), paged, filtered by type and time."""

from __future__ import annotations

from tests.api.conftest import ADMIN_EMAIL
from tests.api.helpers import make_contract, make_tenant, member_token
from tests.api.test_deals import register
from tests.api.usage_helpers import add_account, partner_record


def _partner(api, token, contract_id, name="MSP"):
    reply = api.post(
        "/v1/partner",
        {"distributorContractId": contract_id, "allocatedCapacity": 10**12, "name": name},
        token=token,
    )
    assert reply.status == 201, reply.json
    return partner_record(reply.json["id"])


def types(reply) -> list[str]:
    assert reply.status == 200, reply.json
    return [e["type"] for e in reply.json]


def test_changes_announce_their_events_to_the_owner_and_its_ancestors(api, provider_admin):
    dist = make_tenant(api, "Events Distribution")
    contract = make_contract(api, dist.org_id)
    partner = _partner(api, dist.admin, contract)
    account = add_account(api, dist.admin, partner)
    reply = api.delete(f"/v1/storage-account/{account}", token=dist.admin)
    assert reply.status in (200, 204), reply.json

    feed = api.get("/v1/events", token=dist.viewer)
    assert types(feed) == ["storage_account.deletion_scheduled", "storage_account.created"]
    created = feed.json[1]
    assert created["data"]["clientAccountId"] == account
    assert created["organizationId"] == partner["id"]
    assert set(created) == {"id", "type", "timestamp", "organizationId", "data"}
    # the provider (root) sees it too; the event's own organization as well
    assert "storage_account.created" in types(api.get("/v1/events"))

    sibling = make_tenant(api, "Sibling Distribution")
    assert types(api.get("/v1/events", token=sibling.admin)) == []


def test_a_deal_status_change_is_an_event(api, provider_admin):
    tenant = make_tenant(api)
    deal = register(api, tenant.staff)
    assert types(api.get("/v1/events", token=tenant.viewer)) == []  # registering is not one
    api.patch(f"/v1/deals/{deal['id']}", {"status": "approved", "reason": "Fits"})
    feed = api.get("/v1/events?type=deal.status_changed", token=tenant.viewer)
    assert types(feed) == ["deal.status_changed"]
    assert feed.json[0]["data"]["dealId"] == deal["id"]
    assert feed.json[0]["data"]["status"] == "approved"
    assert feed.json[0]["data"]["previousStatus"] == "submitted"


def test_feed_is_paged_and_filtered_by_type_and_time(api, provider_admin, clock):
    dist = make_tenant(api)
    contract = make_contract(api, dist.org_id)
    partner = _partner(api, dist.admin, contract)
    first_day = clock.current.date().isoformat()
    for _ in range(3):
        add_account(api, dist.admin, partner, allocated=10**11)
    clock.advance(days=2)
    api.default_token = api.login(ADMIN_EMAIL)  # the sessions ended meanwhile
    add_account(api, member_token(api, dist.org_id), partner, allocated=10**11)
    viewer = member_token(api, dist.org_id, "viewer")

    page = api.get("/v1/events?limit=2", token=viewer)
    assert len(page.json) == 2 and 'rel="next"' in page.header("Link")
    cursor = page.header("Link").split("cursor=")[1].split(">")[0].split("&")[0]
    rest = api.get(f"/v1/events?limit=2&cursor={cursor}", token=viewer)
    assert len(rest.json) == 2 and rest.header("Link") is None
    ids = [e["id"] for e in page.json + rest.json]
    assert len(set(ids)) == 4

    assert len(api.get(f"/v1/events?to={first_day}", token=viewer).json) == 3
    assert len(api.get(f"/v1/events?from={clock.current.date()}", token=viewer).json) == 1
    assert types(api.get("/v1/events?type=quota.enforced", token=viewer)) == []


def test_bad_filters_are_400_with_a_sentence(api, provider_admin):
    reply = api.get("/v1/events?type=usage.exploded")
    assert reply.status == 400 and "not an event type" in reply.json["message"]
    reply = api.get("/v1/events?from=2026-11-20&to=2026-11-01")
    assert reply.status == 400 and reply.json["details"][0]["field"] == "from"
    reply = api.get("/v1/events?from=yesterday")
    assert reply.status == 400
