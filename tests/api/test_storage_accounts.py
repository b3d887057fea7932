"""Storage accounts through the HTTP layer: the ten ICMC operations (validated against the
vendor's definitions), capacity counters, pending deletion, purge and the backend's state."""

from __future__ import annotations

from dataclasses import dataclass

import boto3
import pytest
from botocore.exceptions import ClientError

from chalicelib.store.backend import SUSPENDED_POLICY, get_backend
from chalicelib.store.models import ContractItem, OrganizationItem, StorageAccountItem
from tests.api import icmc
from tests.api.conftest import ADMIN_EMAIL
from tests.api.helpers import contract_body, make_org, member_token

TB = 10**12
EXTRA = {
    "usedCapacity",
    "usageUpdatedAt",
    "status",
    "partnerId",
    "quotaEnforced",
    "quotaEnforcedAt",
}
OPTIONAL = {"pendingDeletedAt"}
ROOT_PASSWORD = "Blue-Harbor-42"


def validate(instance) -> None:
    icmc.validate("api.StorageAccountResponse", instance, extra=EXTRA, optional=OPTIONAL)


def body(name="Acme GmbH", allocation=TB, overdraft=False, password=ROOT_PASSWORD, **extra):
    return {
        "name": name,
        "allocatedCapacity": allocation,
        "allowOverdraft": overdraft,
        "clientAccount": {"contactEmail": "it@acme.example", "password": password},
        **extra,
    }


@dataclass
class World:
    dist: str
    dist_admin: str
    dist_viewer: str
    contract: str
    partner: str  # reserved, 10 TB
    partner_admin: str
    partner_staff: str
    partner_viewer: str
    ppu: str  # pay-per-use partner of the same distributor
    sibling_admin: str  # admin of the pay-per-use partner
    other_dist_admin: str


@pytest.fixture
def world(api, provider_admin) -> World:
    return make_world(api)


def make_world(api) -> World:
    """A distributor with a 10 TB partner and a pay-per-use partner, people in each, and
    another distributor; every token logged in. Needs the provider admin as default token."""
    dist = make_org(api, "Nordic Distribution")
    contract = api.post("/v1/contracts", contract_body(dist, details="Main")).json["id"]
    dist_admin = member_token(api, dist, "admin")

    def partner(name, allocation):
        reply = api.post(
            "/v1/partner",
            {"distributorContractId": contract, "allocatedCapacity": allocation, "name": name},
            token=dist_admin,
        )
        assert reply.status == 201, reply.json
        return reply.json["id"]

    part, ppu = partner("MSP One", 10 * TB), partner("MSP PPU", 0)
    other = make_org(api, "Other Distribution")
    return World(
        dist=dist,
        dist_admin=dist_admin,
        dist_viewer=member_token(api, dist, "viewer"),
        contract=contract,
        partner=part,
        partner_admin=member_token(api, part, "admin", token=dist_admin),
        partner_staff=member_token(api, part, "staff", token=dist_admin),
        partner_viewer=member_token(api, part, "viewer", token=dist_admin),
        ppu=ppu,
        sibling_admin=member_token(api, ppu, "admin", token=dist_admin),
        other_dist_admin=member_token(api, other, "admin"),
    )


def counters(partner_id: str) -> tuple[int, int]:
    p = OrganizationItem.get(partner_id, consistent_read=True)
    return int(p.accounts_allocated_capacity), int(p.storage_account_count)


def iam_policies(account_id: str) -> set[str]:
    """The account's deny rules at the backend (on RGW: ``suspended`` is the read-only op-mask;
    ``tests/backends`` runs the saga tests there too)."""
    backend = get_backend()
    if backend.__class__.__name__ == "RgwBackend":
        info = backend._request("GET", "user", "look", uid=backend.uid(account_id))
        return {SUSPENDED_POLICY} if info["op_mask"] == "read" else set()
    user = backend.user_name(account_id)
    iam = boto3.client("iam", region_name="eu-central-1")
    return set(iam.list_user_policies(UserName=user)["PolicyNames"])


def iam_user_exists(account_id: str) -> bool:
    backend = get_backend()
    if backend.__class__.__name__ == "RgwBackend":
        uid = backend.uid(account_id)
        return backend._request("GET", "user", "look", ignore=("NoSuchUser",), uid=uid) is not None
    iam = boto3.client("iam", region_name="eu-central-1")
    try:
        iam.get_user(UserName=get_backend().user_name(account_id))
        return True
    except ClientError:
        return False


# --- the ICMC operations ---------------------------------------------------------------------


def test_partner_admin_creates_lists_gets_patches_deletes_and_restores(api, world):
    token = world.partner_admin
    created = api.post("/v1/storage-account", body(allocation=2 * TB), token=token)
    assert created.status == icmc.success_status("/storage-account", "POST") == 201
    validate(created.json)
    account = created.json
    aid = account["clientAccountId"]
    assert len(aid) == 12 and aid.isdigit()
    assert "pendingDeletedAt" not in account and "password" not in str(account)
    assert account["status"] == "active" and account["partnerId"] == world.partner
    assert counters(world.partner) == (2 * TB, 1)
    assert iam_user_exists(aid)

    listed = api.get("/v1/storage-account/list", token=token)
    assert listed.status == 200
    validate(listed.json)
    assert [a["clientAccountId"] for a in listed.json] == [aid]

    got = api.get(f"/v1/storage-account/{aid}", token=world.partner_viewer)
    validate(got.json)
    assert got.json == account

    patched = api.patch(
        f"/v1/storage-account/{aid}",
        {"name": "Acme AG", "allocatedCapacity": 3 * TB, "allowOverdraft": True},
        token=token,
    )
    assert patched.status == icmc.success_status("/storage-account/{accountID}", "PATCH")
    validate(patched.json)
    assert (patched.json["name"], patched.json["allocatedCapacity"]) == ("Acme AG", 3 * TB)
    assert counters(world.partner) == (3 * TB, 1)

    deleted = api.delete(f"/v1/storage-account/{aid}", token=token)
    assert deleted.status == icmc.success_status("/storage-account/{accountID}", "DELETE") == 204
    pending = api.get(f"/v1/storage-account/{aid}", token=token).json
    validate(pending)
    assert pending["status"] == "pending_deletion"
    assert pending["pendingDeletedAt"].startswith("2026-12-23T12:00")  # 30 days after the clock
    assert SUSPENDED_POLICY in iam_policies(aid)
    assert counters(world.partner) == (3 * TB, 1), "held until purged"
    assert api.delete(f"/v1/storage-account/{aid}", token=token).status == 204  # idempotent

    restored = api.patch(f"/v1/storage-account/{aid}", {"pendingDeletedAt": None}, token=token)
    assert restored.status == 200
    validate(restored.json)
    assert restored.json["status"] == "active" and "pendingDeletedAt" not in restored.json
    assert SUSPENDED_POLICY not in iam_policies(aid)


def test_distributor_side_routes_act_for_one_of_its_partners(api, world):
    base = f"/v1/partner/{world.partner}/storage-accounts"
    created = api.post(base, body(), token=world.dist_admin)
    assert created.status == icmc.success_status("/partner/{partnerID}/storage-accounts", "POST")
    validate(created.json)
    aid = created.json["clientAccountId"]
    listed = api.get(base, token=world.dist_viewer)
    validate(listed.json)
    assert [a["clientAccountId"] for a in listed.json] == [aid]
    one = f"{base}/{aid}"
    validate(api.get(one, token=world.dist_viewer).json)
    patched = api.patch(
        one, {"allocatedCapacity": 4 * TB, "unknownField": 1}, token=world.dist_admin
    )
    assert patched.status == 200 and patched.json["allocatedCapacity"] == 4 * TB
    assert api.delete(one, token=world.dist_admin).status == 204
    assert api.patch(one, {"pendingDeletedAt": None}, token=world.dist_admin).status == 200
    # the account is reachable only under its own partner
    assert (
        api.get(f"/v1/partner/{world.ppu}/storage-accounts/{aid}", token=world.dist_admin).status
        == 404
    )
    # and the partner itself sees it on both sides
    assert api.get(one, token=world.partner_viewer).status == 200
    assert api.get(f"/v1/storage-account/{aid}", token=world.dist_viewer).status == 200


def test_unknown_fields_are_ignored_and_bad_input_is_400(api, world):
    token = world.partner_admin
    ok = api.post("/v1/storage-account", body(region="eu-central-2"), token=token)
    assert ok.status == 201
    weak = api.post("/v1/storage-account", body(password="alllowercase1"), token=token)
    assert weak.status == 400 and weak.json["code"] == "weak_password"
    assert {d["field"] for d in weak.json["details"]} == {"clientAccount.password"}
    missing = api.post("/v1/storage-account", {"name": "x"}, token=token)
    assert missing.status == 400
    assert {d["field"] for d in missing.json["details"]} >= {"allocatedCapacity", "clientAccount"}
    email = api.post(
        "/v1/storage-account",
        {**body(), "clientAccount": {"contactEmail": "nope", "password": ROOT_PASSWORD}},
        token=token,
    )
    assert email.status == 400
    aid = ok.json["clientAccountId"]
    dated = api.patch(f"/v1/storage-account/{aid}", {"pendingDeletedAt": "2030-01-01"}, token=token)
    assert dated.status == 400
    assert api.get("/v1/storage-account/not-a-number", token=token).status == 404
    assert api.post("/v1/storage-account", body(allocation=-1), token=token).status == 400


# --- capacity --------------------------------------------------------------------------------


def test_accounts_fit_in_the_partners_allocation_and_409_says_what_remains(api, world):
    token = world.partner_admin
    first = api.post("/v1/storage-account", body(allocation=7 * TB), token=token)
    assert first.status == 201
    over = api.post("/v1/storage-account", body(allocation=3 * TB + 1), token=token)
    assert over.status == 409 and over.json["code"] == "capacity_exceeded"
    assert "3 TB left" in over.json["message"]
    assert over.json["details"][0]["remainingCapacity"] == 3 * TB
    assert over.json["details"][0]["remainingCapacityTB"] == 3
    assert api.post("/v1/storage-account", body(allocation=3 * TB), token=token).status == 201
    aid = first.json["clientAccountId"]
    grow = api.patch(f"/v1/storage-account/{aid}", {"allocatedCapacity": 8 * TB}, token=token)
    assert grow.status == 409
    assert counters(world.partner) == (10 * TB, 2)
    # the partner floor rule sees the accounts
    low = api.put(
        f"/v1/partner/{world.partner}", {"allocatedCapacity": 9 * TB}, token=world.dist_admin
    )
    assert low.status == 409
    # pending deletions still hold their allocation
    assert api.delete(f"/v1/storage-account/{aid}", token=token).status == 204
    assert api.post("/v1/storage-account", body(allocation=1), token=token).status == 409


def test_a_pay_per_use_partners_quota_is_unbounded(api, world):
    reply = api.post("/v1/storage-account", body(allocation=500 * TB), token=world.sibling_admin)
    assert reply.status == 201
    assert counters(world.ppu) == (500 * TB, 1)
    assert ContractItem.get(world.contract).allocated_capacity == 10 * TB  # unchanged


def test_a_direct_channel_partner_draws_on_its_own_contract(api, world):
    direct = make_org(api, "Direct MSP", kind="partner")
    contract = api.post(
        "/v1/contracts", contract_body(direct, details="Direct", reservedCapacity=5 * TB)
    ).json["id"]
    token = member_token(api, direct, "admin")
    first = api.post("/v1/storage-account", body(allocation=4 * TB), token=token)
    assert first.status == 201, first.json
    assert ContractItem.get(contract).allocated_capacity == 4 * TB
    over = api.post("/v1/storage-account", body(allocation=2 * TB), token=token)
    assert over.status == 409 and "1 TB" in over.json["message"]
    item = StorageAccountItem.get(first.json["clientAccountId"])
    assert item.contract_id == contract and item.counted_in_contract
    # the contract's reserve can't be lowered below what the accounts hold
    low = api.patch(f"/v1/contracts/{contract}", {"reservedCapacity": 3 * TB})
    assert low.status == 409


def test_contract_id_is_the_distributor_contract(api, world):
    aid = api.post("/v1/storage-account", body(), token=world.partner_admin).json["clientAccountId"]
    item = StorageAccountItem.get(aid)
    assert item.contract_id == world.contract and not item.counted_in_contract


def test_a_partner_with_accounts_pending_or_not_cannot_be_deleted(api, world, monkeypatch):
    monkeypatch.setenv("DELETION_GRACE_DAYS", "0")
    aid = api.post("/v1/storage-account", body(), token=world.partner_admin).json["clientAccountId"]
    assert api.delete(f"/v1/storage-account/{aid}", token=world.partner_admin).status == 204
    refused = api.delete(f"/v1/partner/{world.partner}", token=world.dist_admin)
    assert refused.status == 409 and refused.json["code"] == "partner_has_storage_accounts"
    summary = api.post("/v1/jobs/storage-account-purge")
    assert summary.status == 200 and summary.json["purged"] == 1
    assert api.delete(f"/v1/partner/{world.partner}", token=world.dist_admin).status == 204


# --- pending deletion and purge --------------------------------------------------------------


def test_purge_job_with_grace_zero_removes_backend_and_record(api, world, monkeypatch):
    monkeypatch.setenv("DELETION_GRACE_DAYS", "0")
    token = world.partner_admin
    keep = api.post("/v1/storage-account", body(allocation=TB), token=token).json
    gone = api.post("/v1/storage-account", body(allocation=2 * TB), token=token).json
    aid = gone["clientAccountId"]
    s3 = boto3.client("s3", region_name="eu-central-1")
    bucket = f"pcs-{aid}-photos"
    s3.create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
    )
    s3.put_object(Bucket=bucket, Key="a.jpg", Body=b"x" * 100)
    assert api.delete(f"/v1/storage-account/{aid}", token=token).status == 204
    assert counters(world.partner) == (3 * TB, 2)
    late = api.patch(f"/v1/storage-account/{aid}", {"pendingDeletedAt": None}, token=token)
    assert late.status == 409 and late.json["code"] == "deletion_due"
    assert api.post("/v1/jobs/storage-account-purge", token=world.dist_admin).status == 403
    summary = api.post("/v1/jobs/storage-account-purge")
    assert summary.status == 200
    assert summary.json["purged"] == 1 and summary.json["failed"] == 0
    assert api.get(f"/v1/storage-account/{aid}", token=token).status == 404
    assert counters(world.partner) == (TB, 1)
    assert not iam_user_exists(aid)
    assert bucket not in {b["Name"] for b in s3.list_buckets()["Buckets"]}
    assert iam_user_exists(keep["clientAccountId"])
    again = api.post("/v1/jobs/storage-account-purge")
    assert again.json["purged"] == 0, "idempotent"
    # the id stays claimed: it is never handed out again
    from chalicelib.store.models import AccountIdClaimItem

    assert AccountIdClaimItem.get(f"claim#{aid}")


def test_purge_waits_for_the_grace_period(api, world, clock):
    token = world.partner_admin
    aid = api.post("/v1/storage-account", body(), token=token).json["clientAccountId"]
    api.delete(f"/v1/storage-account/{aid}", token=token)
    clock.advance(days=29)
    api.default_token = api.login(ADMIN_EMAIL)  # sessions idle out meanwhile
    assert api.post("/v1/jobs/storage-account-purge").json["purged"] == 0
    clock.advance(days=1, seconds=1)
    api.default_token = api.login(ADMIN_EMAIL)
    assert api.post("/v1/jobs/storage-account-purge").json["purged"] == 1


def test_set_password_at_the_backend(api, world):
    token = world.partner_admin
    aid = api.post("/v1/storage-account", body(), token=token).json["clientAccountId"]
    path = f"/v1/storage-account/{aid}/password"
    assert api.post(path, {"password": "New-Harbor-43"}, token=token).status == 204
    assert api.post(path, {"password": "weakweak"}, token=token).status == 400
    assert api.post(path, {"password": "New-Harbor-43"}, token=world.partner_viewer).status == 403
    assert api.post(path, {"password": "New-Harbor-43"}, token=world.sibling_admin).status == 404
    events = api.get("/v1/audit-events?action=storage_account.password", token=token).json
    assert len(events) == 1 and "New-Harbor" not in str(events)


# --- route x role x tenant -------------------------------------------------------------------


def _routes(partner_id: str, aid: str):
    dist = f"/v1/partner/{partner_id}/storage-accounts"
    return {
        "read": [
            ("GET", dist, None),
            ("GET", f"{dist}/{aid}", None),
            ("GET", f"/v1/storage-account/{aid}", None),
        ],
        "write": [
            ("POST", dist, body()),
            ("PATCH", f"{dist}/{aid}", {"name": "x"}),
            ("DELETE", f"{dist}/{aid}", None),
            ("PATCH", f"/v1/storage-account/{aid}", {"name": "x"}),
            ("DELETE", f"/v1/storage-account/{aid}", None),
            ("POST", f"/v1/storage-account/{aid}/password", {"password": "New-Harbor-43"}),
        ],
    }


def test_every_route_by_role_and_tenant(api, world):
    aid = api.post("/v1/storage-account", body(allocation=TB), token=world.partner_admin).json[
        "clientAccountId"
    ]
    routes = _routes(world.partner, aid)

    def call(method, path, payload, token):
        return api.request(method, path, payload, token=token).status

    # viewers read but never write (403), on both sides
    for token in (world.partner_viewer, world.dist_viewer):
        for method, path, payload in routes["read"]:
            assert call(method, path, payload, token) == 200, (method, path)
        for method, path, payload in routes["write"]:
            assert call(method, path, payload, token) == 403, (method, path)
    # another distributor, and a sibling partner, see nothing: 404, never 403
    for token in (world.other_dist_admin, world.sibling_admin):
        for method, path, payload in routes["read"] + routes["write"]:
            assert call(method, path, payload, token) == 404, (method, path, token)
    assert [
        a["clientAccountId"]
        for a in api.get("/v1/storage-account/list", token=world.sibling_admin).json
    ] == []
    # partner-side list and create are for partners only
    assert api.get("/v1/storage-account/list", token=world.dist_admin).status == 403
    assert api.post("/v1/storage-account", body(), token=world.dist_admin).status == 403
    # staff write on both sides; the provider reaches everything in its tree
    for token in (world.partner_staff, world.dist_admin, api.default_token):
        for method, path, payload in routes["write"]:
            status = call(method, path, payload, token)
            assert status in (200, 201, 204), (method, path, status)
    # no token at all
    assert api.get("/v1/storage-account/list", token=None).status == 401


def test_list_pages_with_a_link_header(api, world):
    token = world.partner_admin
    ids = [
        api.post("/v1/storage-account", body(name=f"C{i}", allocation=0), token=token).json[
            "clientAccountId"
        ]
        for i in range(5)
    ]
    first = api.get("/v1/storage-account/list?limit=3", token=token)
    assert len(first.json) == 3 and 'rel="next"' in first.header("Link")
    next_url = first.header("Link").split(";")[0].strip("<>")
    rest = api.get(next_url[next_url.index("/v1/") :], token=token)
    assert rest.header("Link") is None
    assert sorted(a["clientAccountId"] for a in first.json + rest.json) == sorted(ids)


def test_every_account_change_is_audited(api, world):
    token = world.partner_admin
    aid = api.post("/v1/storage-account", body(), token=token).json["clientAccountId"]
    api.patch(f"/v1/storage-account/{aid}", {"allocatedCapacity": 2 * TB}, token=token)
    api.delete(f"/v1/storage-account/{aid}", token=token)
    api.patch(f"/v1/storage-account/{aid}", {"pendingDeletedAt": None}, token=token)
    events = api.get("/v1/audit-events", token=token).json
    actions = [e["action"] for e in events if e.get("targetId") == aid]
    assert set(actions) >= {
        "storage_account.create",
        "storage_account.update",
        "storage_account.delete",
        "storage_account.restore",
    }
    assert ROOT_PASSWORD not in str(events)


def test_a_transfer_moves_the_accounts_to_the_new_contract(api, world):
    aid = api.post("/v1/storage-account", body(), token=world.partner_admin).json["clientAccountId"]
    other = api.post("/v1/contracts", contract_body(world.dist, details="Second")).json["id"]
    moved = api.post(
        f"/v1/partner/{world.partner}/transfer",
        {"distributorContractId": other},
        token=world.dist_admin,
    )
    assert moved.status == 200
    assert StorageAccountItem.get(aid).contract_id == other


def test_the_openapi_document_declares_pending_deleted_at_as_an_optional_string(api):
    schema = api.get("/v1/openapi.json", token=None).json["components"]["schemas"]["AccountOut"]
    assert schema["properties"]["pendingDeletedAt"]["type"] == "string"
    assert "pendingDeletedAt" not in schema["required"]
    assert {"usedCapacity", "usageUpdatedAt", "status", "partnerId"} <= set(schema["required"])
