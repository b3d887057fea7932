"""Every change is recorded, with who, where, what and which request; listed within scope."""

from __future__ import annotations

from datetime import timedelta

from chalicelib import clock as clock_module
from tests.api.conftest import PASSWORD
from tests.api.helpers import make_org, member_token, unique_email


def events(api, query="", token="default"):
    reply = api.get(f"/v1/audit-events{query}", token=token)
    assert reply.status == 200, reply.json
    return reply.json


def test_a_change_records_actor_target_request_and_snapshots(api, provider_admin):
    org = make_org(api, "Audit Dist")
    email = unique_email()
    reply = api.post(
        f"/v1/organizations/{org}/members",
        {"email": email, "name": "Ann", "password": PASSWORD, "role": "staff"},
    )
    (event,) = [
        e
        for e in events(api)
        if e["action"] == "member.create" and e["targetId"] == reply.json["id"]
    ]
    assert event["requestId"] == reply.header("X-Request-Id")
    assert event["organizationId"] == org
    assert event["actor"]["type"] == "user" and event["actor"]["label"].endswith("@provider.test")
    assert event["sourceIp"] == "127.0.0.1"
    assert event["before"] is None
    assert event["after"] == {"email": email, "name": "Ann", "role": "staff", "orgId": org}
    assert PASSWORD not in str(event) and "argon2" not in str(event)


def test_updates_carry_before_and_after(api, provider_admin):
    org = make_org(api, "Old name")
    api.patch(f"/v1/organizations/{org}", {"name": "New name"})
    (event,) = events(api, "?action=organization.update")
    assert event["before"]["name"] == "Old name" and event["after"]["name"] == "New name"


def test_api_key_actions_are_recorded_and_keys_act_as_themselves(api, provider_admin):
    expires = (clock_module.now() + timedelta(days=5)).isoformat()
    key = api.post("/v1/api-keys", {"description": "ci", "expiresAt": expires}).json
    make_org(api, token=key["key"])
    (created,) = events(api, "?action=organization.create&actor=" + key["id"])
    assert created["actor"] == {"type": "api_key", "id": key["id"], "label": "API key 'ci'"}
    api.delete(f"/v1/api-keys/{key['id']}")
    (revoked,) = events(api, "?action=api_key.revoke")
    assert revoked["before"]["description"] == "ci" and key["key"] not in str(revoked)


def test_filters_are_served_from_the_index_keys_within_the_subtree(api, provider_admin):
    """Action and actor each select through an index key (``<ancestor>#<action|actor>``) at
    the caller's depth: only matching events of the caller's own subtree come back."""
    a, b = make_org(api, "Filter A"), make_org(api, "Filter B")
    admin_a, admin_b = member_token(api, a, "admin"), member_token(api, b, "admin")
    me_a = api.get("/v1/me", token=admin_a).json["user"]["id"]
    for n in range(3):
        api.post("/v1/api-keys", {"description": f"k{n}", "expiresAt": _soon()}, token=admin_a)
    api.post("/v1/api-keys", {"description": "other", "expiresAt": _soon()}, token=admin_b)
    mine = events(api, "?action=api_key.create", token=admin_a)
    assert len(mine) == 3 and {e["organizationId"] for e in mine} == {a}
    by_actor = events(api, f"?actor={me_a}", token=admin_a)  # the keys, and the login
    assert {e["actor"]["id"] for e in by_actor} == {me_a}
    assert sorted(e["action"] for e in by_actor) == ["api_key.create"] * 3 + ["auth.login"]
    assert events(api, f"?actor={me_a}", token=admin_b) == []  # another tenant's actor
    everyone = events(api, "?action=api_key.create")  # the provider sees both subtrees
    assert {e["organizationId"] for e in everyone} >= {a, b}


def _soon() -> str:
    return (clock_module.now() + timedelta(days=5)).isoformat()


def test_each_tenant_sees_its_own_subtree_only(api, provider_admin):
    a, b = make_org(api), make_org(api)
    admin_a = member_token(api, a, "admin")
    admin_b = member_token(api, b, "admin")
    api.patch(f"/v1/organizations/{a}", {"name": "A renamed"}, token=admin_a)
    api.patch(f"/v1/organizations/{b}", {"name": "B renamed"}, token=admin_b)
    seen_by_a = events(api, token=admin_a)
    assert seen_by_a and {e["organizationId"] for e in seen_by_a} == {a}
    seen_by_provider = {e["organizationId"] for e in events(api)}
    assert {a, b} <= seen_by_provider
    viewer_a = member_token(api, a, "viewer")
    assert events(api, token=viewer_a), "viewers may read the audit log"


def test_time_window_filter_and_paging(api, provider_admin, clock, monkeypatch):
    monkeypatch.setenv("SESSION_IDLE_MINUTES", str(3 * 24 * 60))
    day1 = clock.current.date()
    make_org(api, "first")
    clock.advance(days=1)
    make_org(api, "second")
    clock.advance(seconds=1)
    make_org(api, "third")
    today = events(api, f"?from={clock.current.date()}&action=organization.create")
    assert [e["after"]["name"] for e in today] == ["third", "second"]
    yesterday = events(api, f"?from={day1}&to={day1}&action=organization.create")
    assert [e["after"]["name"] for e in yesterday if e["after"]["type"] != "provider"] == ["first"]
    page = api.get("/v1/audit-events?limit=1&action=organization.create")
    assert len(page.json) == 1 and page.header("Link")
    inverted = api.get(f"/v1/audit-events?from={clock.current.date()}&to={day1}")
    assert inverted.status == 400


def test_filters_by_target_id_and_type(api, provider_admin):
    a, b = make_org(api, "A"), make_org(api, "B")
    api.patch(f"/v1/organizations/{a}", {"name": "A2"})
    api.patch(f"/v1/organizations/{b}", {"name": "B2"})
    by_target = events(api, f"?targetId={a}")
    assert [e["action"] for e in by_target] == ["organization.update", "organization.create"]
    assert {e["targetId"] for e in by_target} == {a}
    assert events(api, f"?targetId={a}&targetType=contract") == []
    assert len(events(api, f"?targetId={b}&action=organization.update")) == 1
