"""Credentials of an organization that no longer exists are refused at once, whatever is left
of its people and keys (a crash, or a person or key created while the deletion cascade ran)."""

from __future__ import annotations

from chalicelib.store.models import OrganizationItem
from tests.api.conftest import PASSWORD
from tests.api.helpers import TB, make_contract, make_member, make_org, make_partner, member_token


def test_a_deleted_partners_people_and_keys_are_refused_at_once(api, provider_admin):
    dist = make_org(api, "Cascade Distribution")
    contract = make_contract(api, dist)
    dist_admin = member_token(api, dist, "admin")
    partner = make_partner(api, contract, dist_admin, "Gone MSP", TB)
    person = make_member(api, partner, "admin")
    session = api.login(person["email"])
    key = api.post(
        "/v1/api-keys",
        {"description": "left over", "expiresAt": "2027-01-01T00:00:00Z"},
        token=session,
    ).json["key"]
    assert api.get("/v1/me", token=session).status == 200
    assert api.get("/v1/me", token=key).status == 200
    # the organization's record is gone, its people and keys not yet (the cascade is later)
    OrganizationItem(id=partner).delete()
    for token, code in ((session, "invalid_session"), (key, "invalid_api_key")):
        reply = api.get("/v1/me", token=token)
        assert reply.status == 401, reply.json
        assert reply.json["code"] == code
        assert "no longer exists" in reply.json["message"]
    # nor can the person log in again
    login = api.post("/v1/auth/login", {"email": person["email"], "password": PASSWORD}, token=None)
    assert login.status == 401 and "no longer exists" in login.json["message"]
    # other organizations are untouched
    assert api.get("/v1/me", token=dist_admin).status == 200
