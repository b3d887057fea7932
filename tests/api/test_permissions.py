"""The DESIGN permission table through the HTTP layer: one representative route per row, called
by an admin, a staff member and a viewer of a distributor (on its own partner)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib import clock
from tests.api.conftest import PASSWORD
from tests.api.helpers import (
    contract_body,
    make_contract,
    make_member,
    make_org,
    member_token,
    unique_email,
)

TB = 10**12
ROLES = ("admin", "staff", "viewer")


@pytest.fixture
def world(api, provider_admin):
    dist = make_org(api)
    contract = make_contract(api, dist)
    tokens = {role: member_token(api, dist, role) for role in ROLES}
    return {"dist": dist, "contract": contract, "tokens": tokens}


def partner(api, world) -> str:
    body = {"distributorContractId": world["contract"], "allocatedCapacity": TB, "name": "P"}
    return api.post("/v1/partner", body, token=world["tokens"]["admin"]).json["id"]


def member_body(role="staff"):
    return {"email": unique_email(), "password": PASSWORD, "role": role}


# row -> (who may, how to try it)
ROWS = {
    "view everything": (
        {"admin", "staff", "viewer"},
        lambda api, w, t: api.get(f"/v1/contract/{w['contract']}/partners", token=t),
    ),
    "create/update partners, allocations, transfers": (
        {"admin", "staff"},
        lambda api, w, t: api.post(
            "/v1/partner",
            {"distributorContractId": w["contract"], "allocatedCapacity": TB, "name": "N"},
            token=t,
        ),
    ),
    "re-allocate a partner": (
        {"admin", "staff"},
        lambda api, w, t: api.put(
            f"/v1/partner/{partner(api, w)}", {"allocatedCapacity": 2 * TB}, token=t
        ),
    ),
    "create a partner's console users": (
        {"admin", "staff"},
        lambda api, w, t: api.post(f"/v1/partner/{partner(api, w)}/member", member_body(), token=t),
    ),
    "update a partner's console users": (
        {"admin"},
        lambda api, w, t: api.patch(_partner_member(api, w), {"role": "viewer"}, token=t),
    ),
    "delete a partner's console users": (
        {"admin"},
        lambda api, w, t: api.delete(_partner_member(api, w), token=t),
    ),
    "invite a partner's console user": (
        {"admin", "staff"},
        lambda api, w, t: api.post(
            f"/v1/organizations/{partner(api, w)}/members", invitation_body(), token=t
        ),
    ),
    "re-send a partner user's invitation": (
        {"admin", "staff"},
        lambda api, w, t: api.post(f"{_partner_invitee(api, w)}/invitation", token=t),
    ),
    "revoke a partner user's invitation": (
        {"admin"},
        lambda api, w, t: api.delete(f"{_partner_invitee(api, w)}/invitation", token=t),
    ),
    "invite a team member": (
        {"admin"},
        lambda api, w, t: api.post("/v1/team-members", invitation_body(), token=t),
    ),
    "revoke a team member's invitation": (
        {"admin"},
        lambda api, w, t: api.delete(
            f"/v1/team-members/{_team_invitee(api, w)}/invitation", token=t
        ),
    ),
    "manage own team members": (
        {"admin"},
        lambda api, w, t: api.post("/v1/team-members", member_body(), token=t),
    ),
    "create API keys": (
        {"admin", "staff"},
        lambda api, w, t: api.post(
            "/v1/api-keys",
            {
                "description": "k",
                "expiresAt": (clock.now() + timedelta(days=1)).isoformat(),
                "role": "viewer",
            },
            token=t,
        ),
    ),
    "require a second factor of the organization": (
        {"admin"},
        lambda api, w, t: api.patch(
            f"/v1/organizations/{w['dist']}", {"requireMfa": False}, token=t
        ),
    ),
    "reset a team member's second factors": (
        {"admin"},
        lambda api, w, t: api.delete(f"/v1/team-members/{_enrolled_member(api, w)}/mfa", token=t),
    ),
    "configure the organization's single sign-on": (
        {"admin"},
        lambda api, w, t: api.put(
            f"/v1/organizations/{w['dist']}/sso",
            {
                "issuer": "https://login.example.com",
                "clientId": "console",
                "clientSecret": "s",
                "emailDomains": [unique_email().split("@")[0] + ".example.com"],
                "defaultRole": "viewer",
            },
            token=t,
        ),
    ),
    "withdraw a deal the organization registered": (
        {"admin", "staff"},
        lambda api, w, t: api.patch(f"/v1/deals/{_deal(api, w)}", {"status": "withdrawn"}, token=t),
    ),
    "create contracts (provider only)": (
        set(),
        lambda api, w, t: api.post("/v1/contracts", contract_body(w["dist"]), token=t),
    ),
}


def _enrolled_member(api, w) -> str:
    from tests.api.test_mfa_totp import enrol

    member = make_member(api, w["dist"], "staff", token=w["tokens"]["admin"])
    enrol(api, api.login(member["email"]))
    return member["id"]


def _deal(api, w) -> str:
    from tests.api.test_deals import deal_body

    return api.post("/v1/deals", deal_body(), token=w["tokens"]["admin"]).json["id"]


def invitation_body(role="staff"):
    return {"email": unique_email("invited"), "role": role, "invite": True}


def _partner_invitee(api, w) -> str:
    pid = partner(api, w)
    body = invitation_body()
    member = api.post(f"/v1/organizations/{pid}/members", body, token=w["tokens"]["admin"]).json
    return f"/v1/organizations/{pid}/members/{member['id']}"


def _team_invitee(api, w) -> str:
    return api.post("/v1/team-members", invitation_body(), token=w["tokens"]["admin"]).json["id"]


def _partner_member(api, w) -> str:
    pid = partner(api, w)
    member = make_member(api, pid, "staff", token=w["tokens"]["admin"])
    return f"/v1/partner/{pid}/member/{member['id']}"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", list(ROWS))
def test_permission_table_over_http(api, world, row, role):
    allowed, attempt = ROWS[row]
    reply = attempt(api, world, world["tokens"][role])
    if role in allowed:
        assert reply.status < 300, (row, role, reply.json)
    else:
        assert reply.status == 403, (row, role, reply.status, reply.json)
        assert reply.json["code"] == "forbidden" and role in reply.json["message"]
