"""Contracts, partners, allocations and transfers through the HTTP layer (ICMC wire format)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from chalicelib.store.models import ContractItem
from tests.api import icmc
from tests.api.conftest import PASSWORD
from tests.api.helpers import contract_body, make_member, make_org, member_token, unique_email

TB = 10**12
PARTNER_EXTRA = {
    "usedCapacity",
    "usageUpdatedAt",
    "accountsAllocatedCapacity",
    "leftForStorageAccounts",
}


@dataclass
class Channel:
    dist: str
    admin: str
    staff: str
    viewer: str
    c1: str
    c2: str


@pytest.fixture
def channel(api, provider_admin) -> Channel:
    dist = make_org(api, "Nordic Distribution")
    c1 = api.post("/v1/contracts", contract_body(dist, details="Main")).json["id"]
    c2 = api.post(
        "/v1/contracts", contract_body(dist, details="Small", reservedCapacity=10 * TB)
    ).json["id"]
    return Channel(
        dist,
        member_token(api, dist, "admin"),
        member_token(api, dist, "staff"),
        member_token(api, dist, "viewer"),
        c1,
        c2,
    )


def new_partner(api, contract, allocation, token, name="MSP One", **extra):
    body = {"distributorContractId": contract, "allocatedCapacity": allocation, "name": name}
    return api.post("/v1/partner", {**body, **extra}, token=token)


def contract_of(api, contract_id, token="default"):
    return api.get(f"/v1/contracts/{contract_id}", token=token).json


# --- contracts -------------------------------------------------------------------------------


def test_provider_creates_a_contract_and_the_distributor_lists_it(api, channel):
    listed = api.get("/v1/contract/list", token=channel.admin)
    assert listed.status == icmc.success_status("/contract/list", "GET")
    icmc.validate("api.DistributorContractResponse", listed.json)
    by_id = {c["id"]: c for c in listed.json}
    assert set(by_id) == {channel.c1, channel.c2}
    main = by_id[channel.c1]
    assert main == {
        "allocatedCapacity": 0,
        "costEgressGBCents": 0,
        "costStorageGBCents": 1.2,
        "currency": "EUR",
        "details": "Main",
        "distributorId": channel.dist,
        "id": channel.c1,
        "reservedCapacity": 100 * TB,
    }
    assert {c["id"] for c in api.get("/v1/contract/list").json} >= {channel.c1, channel.c2}


def test_contract_validation(api, channel):
    missing = api.post("/v1/contracts", {"organizationId": channel.dist})
    assert missing.status == 400
    assert {d["field"] for d in missing.json["details"]} == {
        "details",
        "reservedCapacity",
        "costStorageGBCents",
        "currency",
        "startDate",
        "endDate",
    }
    bad = api.post(
        "/v1/contracts",
        contract_body(channel.dist, currency="eur", reservedCapacity=-1, startDate="2026-02-30"),
    )
    assert {d["field"] for d in bad.json["details"]} == {
        "currency",
        "reservedCapacity",
        "startDate",
    }
    backwards = api.post("/v1/contracts", contract_body(channel.dist, endDate="2025-01-01"))
    assert backwards.status == 400 and "before it starts" in backwards.json["message"]
    partner = new_partner(api, channel.c1, 0, channel.admin).json["id"]
    assert api.post("/v1/contracts", contract_body(partner)).status == 400
    assert api.post("/v1/contracts", contract_body("no-such-org")).status == 404
    assert api.post("/v1/contracts", contract_body(channel.dist), token=channel.admin).status == 403


def test_reserved_capacity_cannot_drop_below_allocated(api, channel):
    new_partner(api, channel.c1, 60 * TB, channel.admin)
    low = api.patch(f"/v1/contracts/{channel.c1}", {"reservedCapacity": 59 * TB})
    assert low.status == 409 and low.json["code"] == "capacity_exceeded"
    assert "60 TB" in low.json["message"]
    ok = api.patch(
        f"/v1/contracts/{channel.c1}", {"reservedCapacity": 60 * TB, "details": "Renamed"}
    )
    assert ok.status == 200
    assert (ok.json["reservedCapacity"], ok.json["details"]) == (60 * TB, "Renamed")
    dates = api.patch(f"/v1/contracts/{channel.c1}", {"endDate": "2025-12-31"})
    assert dates.status == 400
    assert (
        api.patch(f"/v1/contracts/{channel.c1}", {"details": "x"}, token=channel.admin).status
        == 403
    )


def test_overview_comes_from_the_counters(api, channel):
    new_partner(api, channel.c1, 30 * TB, channel.admin, "A")
    new_partner(api, channel.c1, 0, channel.admin, "B")
    overview = api.get(f"/v1/contracts/{channel.c1}/overview", token=channel.viewer).json
    assert overview == {
        "reservedCapacity": 100 * TB,
        "allocatedCapacity": 30 * TB,
        "unallocatedCapacity": 70 * TB,
        "usedCapacity": 0,
        "excessUsageFeeCents": 0,
        "currency": "EUR",
        "partnerCount": 2,
        "usageUpdatedAt": None,
    }


# --- partners --------------------------------------------------------------------------------


def test_create_partner_icmc_shape_and_counter(api, channel):
    reply = new_partner(api, channel.c1, 40 * TB, channel.staff, allowOverdraft=True)
    assert reply.status == icmc.success_status("/partner", "POST") == 201
    icmc.validate("api.DistributorPartnerResponse", reply.json, extra=PARTNER_EXTRA)
    partner = reply.json
    assert partner["allocatedCapacity"] == 40 * TB and partner["allowOverdraft"] is True
    assert partner["distributorContractId"] == channel.c1
    assert (partner["usedCapacity"], partner["usageUpdatedAt"]) == (0, None)
    got = api.get(f"/v1/partner/{partner['id']}", token=channel.viewer)
    assert got.status == 200 and got.json == partner
    assert contract_of(api, channel.c1)["allocatedCapacity"] == 40 * TB


def test_allocation_beyond_the_reserve_is_409_with_what_remains(api, channel):
    new_partner(api, channel.c2, 7 * TB, channel.admin)
    over = new_partner(api, channel.c2, 3_500_000_000_001, channel.admin, "Too big")
    assert over.status == 409
    body = over.json
    assert body["code"] == "capacity_exceeded"
    assert "3 TB left" in body["message"]
    assert body["details"][0]["remainingCapacity"] == 3 * TB
    assert new_partner(api, channel.c2, 3 * TB, channel.admin, "Exact fit").status == 201
    assert new_partner(api, channel.c2, 0, channel.admin, "Pay per use").status == 201
    c2 = contract_of(api, channel.c2)
    assert (c2["allocatedCapacity"], c2["partnerCount"]) == (10 * TB, 3)


def test_partner_validation_and_permissions(api, channel):
    bad = api.post("/v1/partner", {"allocatedCapacity": -5, "name": ""}, token=channel.admin)
    assert bad.status == 400
    assert {d["field"] for d in bad.json["details"]} == {
        "allocatedCapacity",
        "name",
        "distributorContractId",
    }
    assert (
        api.post(
            "/v1/partner",
            {"allocatedCapacity": "5", "name": "x", "distributorContractId": channel.c1},
            token=channel.admin,
        ).status
        == 400
    )
    assert new_partner(api, channel.c1, TB, channel.viewer).status == 403
    assert new_partner(api, "00000000-0000-0000-0000-000000000000", TB, channel.admin).status == 404
    direct = make_org(api, kind="partner")
    direct_contract = api.post("/v1/contracts", contract_body(direct)).json["id"]
    refused = new_partner(api, direct_contract, TB, "default")
    assert refused.status == 400 and "direct channel partner" in refused.json["message"]


def test_ended_contract_takes_no_new_partners(api, channel):
    old = api.post(
        "/v1/contracts", contract_body(channel.dist, startDate="2020-01-01", endDate="2021-01-01")
    ).json["id"]
    reply = new_partner(api, old, TB, channel.admin)
    assert reply.status == 409 and reply.json["code"] == "contract_ended"


def test_put_renames_reallocates_and_switches_overdraft(api, channel):
    pid = new_partner(api, channel.c2, 4 * TB, channel.admin).json["id"]
    path = f"/v1/partner/{pid}"
    assert api.put(path, {"name": "Renamed"}, token=channel.staff).json["name"] == "Renamed"
    up = api.put(path, {"allocatedCapacity": 10 * TB, "allowOverdraft": True}, token=channel.staff)
    assert up.status == 200
    assert (up.json["allocatedCapacity"], up.json["allowOverdraft"]) == (10 * TB, True)
    assert contract_of(api, channel.c2)["allocatedCapacity"] == 10 * TB
    over = api.put(path, {"allocatedCapacity": 10 * TB + 1}, token=channel.staff)
    assert over.status == 409 and over.json["details"][0]["remainingCapacity"] == 0
    down = api.put(path, {"allocatedCapacity": TB}, token=channel.staff)
    assert down.json["allocatedCapacity"] == TB
    assert contract_of(api, channel.c2)["allocatedCapacity"] == TB
    assert api.put(path, {}, token=channel.staff).json == down.json
    assert api.put(path, {"allocatedCapacity": -1}, token=channel.staff).status == 400
    assert api.put(path, {"name": "x"}, token=channel.viewer).status == 403


def add_account(api, partner_id: str, allocation: int, token: str):
    """A storage account created through the API (the backend is the tests' moto)."""
    body = {
        "name": "Customer",
        "allocatedCapacity": allocation,
        "allowOverdraft": False,
        "clientAccount": {"contactEmail": "it@customer.example", "password": "Blue-Harbor-42"},
    }
    return api.post(f"/v1/partner/{partner_id}/storage-accounts", body, token=token)


def test_partner_cannot_go_below_what_its_storage_accounts_hold(api, channel):
    pid = new_partner(api, channel.c1, 10 * TB, channel.admin).json["id"]
    for allocation in (4 * TB, 2 * TB):  # its storage accounts hold 6 TB
        assert add_account(api, pid, allocation, channel.admin).status == 201
    low = api.put(f"/v1/partner/{pid}", {"allocatedCapacity": 5 * TB}, token=channel.admin)
    assert low.status == 409 and "6 TB" in low.json["message"]
    assert (
        api.put(f"/v1/partner/{pid}", {"allocatedCapacity": 6 * TB}, token=channel.admin).status
        == 200
    )


def test_list_partners_in_contract_pages(api, channel):
    ids = {new_partner(api, channel.c1, TB, channel.admin, f"P{i}").json["id"] for i in range(5)}
    new_partner(api, channel.c2, TB, channel.admin, "elsewhere")
    first = api.get(f"/v1/contract/{channel.c1}/partners?limit=3", token=channel.viewer)
    icmc.validate("api.DistributorPartnerResponse", first.json, extra=PARTNER_EXTRA)
    link = first.header("Link")
    assert len(first.json) == 3 and link.endswith('rel="next"')
    second = api.get(link[link.index("/v1/") : link.index(">")], token=channel.viewer)
    assert second.header("Link") is None
    assert {p["id"] for p in first.json + second.json} == ids


def test_transfer_moves_the_allocation(api, channel):
    pid = new_partner(api, channel.c1, 8 * TB, channel.admin).json["id"]
    moved = api.post(
        f"/v1/partner/{pid}/transfer", {"distributorContractId": channel.c2}, token=channel.staff
    )
    assert moved.status == 200 and moved.json["distributorContractId"] == channel.c2
    c1, c2 = contract_of(api, channel.c1), contract_of(api, channel.c2)
    assert (c1["allocatedCapacity"], c1["partnerCount"]) == (0, 0)
    assert (c2["allocatedCapacity"], c2["partnerCount"]) == (8 * TB, 1)
    again = api.post(
        f"/v1/partner/{pid}/transfer", {"distributorContractId": channel.c2}, token=channel.staff
    )
    assert again.status == 200 and contract_of(api, channel.c2)["partnerCount"] == 1
    big = new_partner(api, channel.c1, 5 * TB, channel.admin, "Big").json["id"]
    full = api.post(
        f"/v1/partner/{big}/transfer", {"distributorContractId": channel.c2}, token=channel.staff
    )
    assert full.status == 409 and "2 TB" in full.json["message"]
    assert contract_of(api, channel.c1)["allocatedCapacity"] == 5 * TB


def test_transfer_stays_within_the_distributor(api, channel):
    pid = new_partner(api, channel.c1, TB, channel.admin).json["id"]
    other = make_org(api)
    foreign = api.post("/v1/contracts", contract_body(other)).json["id"]
    hidden = api.post(
        f"/v1/partner/{pid}/transfer", {"distributorContractId": foreign}, token=channel.admin
    )
    assert hidden.status == 404, "the other distributor's contract is invisible to this one"
    visible = api.post(f"/v1/partner/{pid}/transfer", {"distributorContractId": foreign})
    assert visible.status == 400, "the provider sees it, but it belongs to another distributor"


def test_delete_returns_capacity_and_removes_the_partners_people(api, channel):
    pid = new_partner(api, channel.c1, 9 * TB, channel.admin).json["id"]
    member = make_member(api, pid, "admin")
    token = api.login(member["email"])
    assert api.delete(f"/v1/partner/{pid}", token=channel.viewer).status == 403
    assert api.delete(f"/v1/partner/{pid}", token=channel.staff).status == 204
    assert api.get(f"/v1/partner/{pid}", token=channel.staff).status == 404
    c1 = contract_of(api, channel.c1)
    assert (c1["allocatedCapacity"], c1["partnerCount"]) == (0, 0)
    assert api.get("/v1/me", token=token).status == 401
    assert (
        api.post(
            "/v1/auth/login", {"email": member["email"], "password": PASSWORD}, token=None
        ).status
        == 401
    )


def test_partner_with_storage_accounts_cannot_be_deleted(api, channel):
    pid = new_partner(api, channel.c1, TB, channel.admin).json["id"]
    for _ in range(2):
        assert add_account(api, pid, TB // 2, channel.admin).status == 201
    reply = api.delete(f"/v1/partner/{pid}", token=channel.admin)
    assert reply.status == 409 and reply.json["code"] == "partner_has_storage_accounts"
    assert ContractItem.get(channel.c1).partner_count == 1


def test_partner_console_users_icmc_routes(api, channel):
    pid = new_partner(api, channel.c1, TB, channel.admin).json["id"]
    body = {"email": unique_email("msp"), "name": "Mia", "password": PASSWORD, "role": "admin"}
    created = api.post(f"/v1/partner/{pid}/member", body, token=channel.staff)
    assert created.status == icmc.success_status("/partner/{partnerID}/member", "POST")
    icmc.validate("api.DistributorPartnerMembersResponse", created.json)
    listed = api.get(f"/v1/partner/{pid}/members", token=channel.viewer)
    icmc.validate("api.DistributorPartnerMembersResponse", listed.json)
    assert [m["email"] for m in listed.json] == [body["email"]]
    member = f"/v1/partner/{pid}/member/{created.json['id']}"
    assert api.patch(member, {"role": "viewer"}, token=channel.staff).status == 403
    assert api.patch(member, {"role": "viewer"}, token=channel.admin).json["role"] == "viewer"
    assert api.delete(member, token=channel.staff).status == 403
    assert api.delete(member, token=channel.admin).status == icmc.success_status(
        "/partner/{partnerID}/member/{memberID}", "DELETE"
    )
    assert api.get(f"/v1/partner/{pid}/members", token=channel.admin).json == []


def test_a_partners_own_view(api, channel):
    pid = new_partner(api, channel.c1, TB, channel.admin).json["id"]
    token = member_token(api, pid, "admin", token=channel.admin)
    assert api.get(f"/v1/partner/{pid}", token=token).status == 200
    assert api.get(f"/v1/contracts/{channel.c1}", token=token).status == 404
    assert api.get(f"/v1/contract/{channel.c1}/partners", token=token).status == 404
    assert api.get("/v1/contract/list", token=token).json == []
    for change in (
        api.put(f"/v1/partner/{pid}", {"allocatedCapacity": 2 * TB}, token=token),
        api.post(f"/v1/partner/{pid}/transfer", {"distributorContractId": channel.c2}, token=token),
        api.delete(f"/v1/partner/{pid}", token=token),
    ):
        assert change.status == 403, "a partner never changes its own allocation or contract"
    assert api.get(f"/v1/partner/{pid}/members", token=token).status == 200


def test_every_partner_change_is_audited(api, channel):
    pid = new_partner(api, channel.c1, TB, channel.admin).json["id"]
    api.put(f"/v1/partner/{pid}", {"allocatedCapacity": 2 * TB}, token=channel.admin)
    api.post(
        f"/v1/partner/{pid}/transfer", {"distributorContractId": channel.c2}, token=channel.admin
    )
    api.delete(f"/v1/partner/{pid}", token=channel.admin)
    actions = [
        e["action"]
        for e in api.get("/v1/audit-events", token=channel.admin).json
        if e["targetId"] == pid
    ]
    assert actions == ["partner.delete", "partner.transfer", "partner.update", "partner.create"]
    update = next(
        e for e in api.get("/v1/audit-events?action=partner.update", token=channel.admin).json
    )
    assert (
        update["before"]["allocatedCapacity"] == TB
        and update["after"]["allocatedCapacity"] == 2 * TB
    )
