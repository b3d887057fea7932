"""API keys: shown once, stored as a keyed hash, role-capped, expiring, revocable."""

from __future__ import annotations

from chalicelib.services.credentials import api_key_hash
from chalicelib.store.models import ApiKeyItem
from tests.api.helpers import make_member, make_org, member_token


def in_days(clock_or_none, days: int) -> str:
    from chalicelib import clock

    now = clock_or_none() if clock_or_none else clock.now()
    from datetime import timedelta

    return (now + timedelta(days=days)).isoformat()


def create_key(api, token="default", **fields):
    body = {"description": "billing export script", "expiresAt": in_days(None, 30), **fields}
    return api.post("/v1/api-keys", body, token=token)


def test_key_is_shown_once_and_stored_as_keyed_hash(api, provider_admin):
    reply = create_key(api)
    assert reply.status == 201
    created = reply.json
    secret = created["key"]
    assert created["role"] == "admin" and created["lastUsedAt"] is None
    listed = api.get("/v1/api-keys").json
    assert [k["id"] for k in listed] == [created["id"]]
    assert "key" not in listed[0]
    stored = ApiKeyItem.get(created["id"])
    raw = str(stored.attribute_values)
    assert secret not in raw and secret.split("_", 2)[2] not in raw
    assert stored.secret_hash == api_key_hash(secret.split("_", 2)[2])
    me = api.get("/v1/me", token=secret).json
    assert me["authenticatedWith"] == "api_key" and me["apiKeyId"] == created["id"]
    assert me["user"] is None


def test_key_role_is_capped_by_its_creator(api, provider_admin):
    org = make_org(api)
    staff = member_token(api, org, "staff")
    assert create_key(api, staff, role="admin").status == 403
    assert create_key(api, staff, role="viewer").json["role"] == "viewer"
    assert create_key(api, staff).json["role"] == "staff"
    viewer = member_token(api, org, "viewer")
    assert create_key(api, viewer).status == 403
    assert api.get("/v1/api-keys", token=viewer).status == 200


def test_metering_keys_are_for_the_provider_only(api, provider_admin):
    org = make_org(api)
    admin = member_token(api, org, "admin")
    refused = create_key(api, admin, role="metering")
    assert refused.status == 403 and "provider" in refused.json["message"]
    assert create_key(api, role="metering").json["role"] == "metering"


def test_expiry_is_mandatory_future_and_bounded(api, provider_admin):
    missing = api.post("/v1/api-keys", {"description": "x"})
    assert missing.status == 400 and missing.json["details"][0]["field"] == "expiresAt"
    assert create_key(api, expiresAt=in_days(None, -1)).status == 400
    too_far = create_key(api, expiresAt=in_days(None, 400))
    assert too_far.status == 400 and "397 days" in too_far.json["message"]
    assert create_key(api, expiresAt="2030-13-45").status == 400


def test_revoked_and_expired_keys_stop_at_once(api, provider_admin, clock):
    first = create_key(api, expiresAt=in_days(clock, 2)).json
    second = create_key(api, expiresAt=in_days(clock, 2)).json
    assert api.delete(f"/v1/api-keys/{first['id']}").status == 204
    revoked = api.get("/v1/me", token=first["key"])
    assert (revoked.status, revoked.json["code"]) == (401, "invalid_api_key")
    assert api.delete(f"/v1/api-keys/{first['id']}").status == 404
    assert api.get("/v1/me", token=second["key"]).status == 200
    clock.advance(days=2, seconds=1)
    expired = api.get("/v1/me", token=second["key"])
    assert (expired.status, expired.json["code"]) == (401, "api_key_expired")


def test_a_wrong_secret_for_a_real_key_id_is_refused(api, provider_admin):
    key = create_key(api).json["key"]
    prefix, key_id, _secret = key.split("_", 2)
    forged = f"{prefix}_{key_id}_{'A' * 43}"
    assert api.get("/v1/me", token=forged).status == 401


def test_last_used_is_recorded_without_a_write_per_request(api, provider_admin, clock):
    key = create_key(api).json
    api.get("/v1/me", token=key["key"])
    first = ApiKeyItem.get(key["id"]).last_used_at
    assert first is not None
    clock.advance(minutes=2)
    api.get("/v1/me", token=key["key"])
    assert ApiKeyItem.get(key["id"]).last_used_at == first
    clock.advance(minutes=4)
    api.get("/v1/me", token=key["key"])
    later = ApiKeyItem.get(key["id"]).last_used_at
    assert later > first
    assert api.get("/v1/api-keys").json[0]["lastUsedAt"] == later


def test_keys_belong_to_the_organization_not_the_person(api, provider_admin):
    org = make_org(api)
    creator = make_member(api, org, "admin")
    key = create_key(api, api.login(creator["email"])).json
    assert api.delete(f"/v1/organizations/{org}/members/{creator['id']}").status == 204
    assert api.get("/v1/me", token=key["key"]).status == 200


def test_another_organizations_key_cannot_be_revoked(api, provider_admin):
    org = make_org(api)
    mine = create_key(api, member_token(api, org, "admin")).json
    other = member_token(api, make_org(api), "admin")
    assert api.delete(f"/v1/api-keys/{mine['id']}", token=other).status == 404
    assert api.get("/v1/api-keys", token=other).json == []
    assert api.delete(f"/v1/api-keys/{mine['id']}").status == 404, "not even by the provider"


def test_a_key_never_lifts_changes_or_removes_the_person_behind_it(api, provider_admin):
    """An admin demoted to viewer cannot re-promote themselves with the admin key they made,
    nor with a key that key made; nor reset their password, delete themselves, or let a key
    revoke itself. Their keys are listed under their id for the admin who demoted them."""
    org = make_org(api)
    boss = member_token(api, org, "admin")
    person = make_member(api, org, "admin", token=boss)
    token = api.login(person["email"])
    key = create_key(api, token=token).json
    child = create_key(api, token=key["key"], description="made by a key").json
    assert key["createdById"] == person["id"] and child["createdById"] == person["id"]
    path = f"/v1/team-members/{person['id']}"
    me = api.delete(f"/v1/api-keys/{key['id']}", token=key["key"])
    assert me.status == 403 and "cannot revoke itself" in me.json["message"]
    change = api.patch(path, {"role": "staff"}, token=key["key"])
    assert change.status == 403 and "person who created it" in change.json["message"]
    assert api.patch(path, {"role": "viewer"}, token=boss).json["role"] == "viewer"
    for secret in (key["key"], child["key"]):
        lift = api.patch(path, {"role": "admin"}, token=secret)
        assert lift.status == 403
        reset = api.patch(path, {"password": "Another-Passw0rd!"}, token=secret)
        assert reset.status == 403
        assert api.delete(path, token=secret).status == 403
        org_path = f"/v1/organizations/{org}/members/{person['id']}"
        assert api.patch(org_path, {"role": "admin"}, token=secret).status == 403
    # demoted with the person: the admin key now acts as a viewer
    assert api.patch(path, {"name": "Renamed by key"}, token=key["key"]).status == 403
    theirs = api.get(f"/v1/api-keys?createdBy={person['id']}", token=boss).json
    assert {k["id"] for k in theirs} == {key["id"], child["id"]}
    assert api.get("/v1/api-keys?createdBy=nobody", token=boss).json == []
    assert api.delete(f"/v1/api-keys/{key['id']}", token=boss).status == 204


def test_a_key_never_acts_above_its_creators_current_role(api, provider_admin):
    """The outside probe: an admin key of a person demoted to viewer created a new admin login
    for that person (201). The key now acts as its creator's current role (403); once the
    person is removed, the key is the organization's and acts with its own role again."""
    org = make_org(api)
    boss = member_token(api, org, "admin")
    person = make_member(api, org, "admin", token=boss)
    key = create_key(api, token=api.login(person["email"])).json["key"]
    api.patch(f"/v1/team-members/{person['id']}", {"role": "viewer"}, token=boss)
    second_login = {
        "email": "second-login@example.com",
        "name": "Same person",
        "password": "Another-Passw0rd!",
        "role": "admin",
    }
    refused = api.post("/v1/team-members", second_login, token=key)
    assert refused.status == 403, refused.json
    assert "viewer" in refused.json["message"]
    assert api.get("/v1/team-members", token=key).status == 200
    # promoted back: the key acts as admin again (never above its own role)
    api.patch(f"/v1/team-members/{person['id']}", {"role": "staff"}, token=boss)
    assert api.post("/v1/team-members", second_login, token=key).status == 403
    api.patch(f"/v1/team-members/{person['id']}", {"role": "admin"}, token=boss)
    assert api.post("/v1/team-members", second_login, token=key).status == 201
    # the person removed: the key is the organization's, with its own role
    assert api.delete(f"/v1/team-members/{person['id']}", token=boss).status == 204
    third = {**second_login, "email": "third-login@example.com"}
    assert api.post("/v1/team-members", third, token=key).status == 201


def test_a_demoted_provider_admins_metering_key_stops_posting(api, provider_admin):
    me = api.get("/v1/me").json
    boss = provider_admin
    person = make_member(api, me["organization"]["id"], "admin", token=boss)
    token = api.login(person["email"])
    metering = create_key(api, token=token, role="metering").json["key"]
    sample = [
        {"clientAccountId": "000000000001", "timestamp": "2026-11-23T10:00:00Z", "storedBytes": 1}
    ]
    before = api.post("/v1/usage/samples", sample, token=metering)
    assert before.status != 403, before.json
    api.patch(f"/v1/team-members/{person['id']}", {"role": "viewer"}, token=boss)
    after = api.post("/v1/usage/samples", sample, token=metering)
    assert after.status == 403 and "metering key" in after.json["message"]
