"""Storage-account access keys through the HTTP layer: shown once, at most two, made and revoked
at the backend (IAM on moto here; ``tests/backends`` runs the backend side on RGW too), audited,
by role and tenant, and the saga's failures and crashes."""

from __future__ import annotations

import pytest

from chalicelib.errors import BackendUnavailable
from chalicelib.services import storage_accounts as service
from chalicelib.store import backend as backend_module
from chalicelib.store.models import AuditEventItem, StorageAccountItem
from tests.api.test_storage_account_sagas import Faulty
from tests.api.test_storage_accounts import TB, World, body, make_world


@pytest.fixture
def world(api, provider_admin) -> World:
    return make_world(api)


@pytest.fixture
def aid(api, world) -> str:
    reply = api.post("/v1/storage-account", body(allocation=TB), token=world.partner_admin)
    assert reply.status == 201, reply.json
    return reply.json["clientAccountId"]


def keys_path(aid: str, partner: str | None = None) -> str:
    if partner:
        return f"/v1/partner/{partner}/storage-accounts/{aid}/access-keys"
    return f"/v1/storage-account/{aid}/access-keys"


def at_backend(aid: str) -> list[str]:
    return backend_module.get_backend().access_keys(aid)


def test_a_key_is_shown_once_listed_without_its_secret_and_revoked_at_once(api, world, aid):
    made = api.post(keys_path(aid), token=world.partner_admin)
    assert made.status == 201, made.json
    assert set(made.json) == {"accessKeyId", "secretAccessKey", "createdAt", "s3Endpoint"}
    regions = api.get("/v1/integration/regions/list", token=None).json["regions"]
    assert made.json["s3Endpoint"] == regions[0]["s3_url"]
    key_id, secret = made.json["accessKeyId"], made.json["secretAccessKey"]
    assert len(secret) >= 20 and at_backend(aid) == [key_id]
    listed = api.get(keys_path(aid), token=world.partner_viewer)
    assert listed.status == 200
    assert listed.json == [{"accessKeyId": key_id, "createdAt": made.json["createdAt"]}]
    assert secret not in listed.body.decode()
    gone = api.delete(f"{keys_path(aid)}/{key_id}", token=world.partner_staff)
    assert gone.status == 204 and at_backend(aid) == []
    assert api.get(keys_path(aid), token=world.partner_admin).json == []
    again = api.delete(f"{keys_path(aid)}/{key_id}", token=world.partner_admin)
    assert again.status == 404 and again.json["code"] == "not_found"


def test_two_keys_at_most_and_the_third_is_refused_with_a_sentence(api, world, aid):
    first = api.post(keys_path(aid), token=world.partner_admin).json["accessKeyId"]
    api.post(keys_path(aid), token=world.partner_admin)
    third = api.post(keys_path(aid), token=world.partner_admin)
    assert third.status == 409 and third.json["code"] == "access_key_limit"
    assert "revoke one" in third.json["message"] and set(third.json) == {
        "code",
        "message",
        "details",
    }
    assert len(at_backend(aid)) == 2
    assert api.delete(f"{keys_path(aid)}/{first}", token=world.partner_admin).status == 204
    assert api.post(keys_path(aid), token=world.partner_admin).status == 201, "rotation"


def test_the_distributor_side_acts_for_its_partner(api, world, aid):
    path = keys_path(aid, world.partner)
    made = api.post(path, token=world.dist_admin)
    assert made.status == 201
    assert [k["accessKeyId"] for k in api.get(path, token=world.dist_viewer).json] == [
        made.json["accessKeyId"]
    ]
    wrong_partner = keys_path(aid, world.ppu)
    assert api.get(wrong_partner, token=world.dist_admin).status == 404
    assert api.delete(f"{path}/{made.json['accessKeyId']}", token=world.dist_admin).status == 204


def test_roles_and_tenants(api, world, aid):
    key_id = api.post(keys_path(aid), token=world.partner_admin).json["accessKeyId"]
    sides = [keys_path(aid), keys_path(aid, world.partner)]
    for path in sides:
        for viewer in (world.partner_viewer, world.dist_viewer):
            assert api.get(path, token=viewer).status == 200
            assert api.post(path, token=viewer).status == 403
            assert api.delete(f"{path}/{key_id}", token=viewer).status == 403
        # another distributor and a sibling partner: 404, never 403
        for outsider in (world.other_dist_admin, world.sibling_admin):
            assert api.get(path, token=outsider).status == 404, (path, outsider)
            assert api.post(path, token=outsider).status == 404
            assert api.delete(f"{path}/{key_id}", token=outsider).status == 404
    assert at_backend(aid) == [key_id], "nothing an outsider did reached the backend"
    assert api.get(keys_path("000000000000"), token=world.partner_admin).status == 404
    assert api.get(keys_path("not-an-id"), token=world.partner_admin).status == 404


def test_keys_list_in_pages_with_a_link_header(api, world, aid):
    for _ in range(2):
        api.post(keys_path(aid), token=world.partner_admin)
    first = api.get(f"{keys_path(aid)}?limit=1", token=world.partner_admin)
    assert len(first.json) == 1 and 'rel="next"' in first.header("Link")
    url = first.header("Link").split(">")[0].lstrip("<")
    second = api.get(url[url.index("/v1/") :], token=world.partner_admin)
    assert len(second.json) == 1 and second.json[0] != first.json[0]
    assert second.header("Link") is None


def test_an_account_pending_deletion_gets_no_new_key_but_may_revoke(api, world, aid):
    key_id = api.post(keys_path(aid), token=world.partner_admin).json["accessKeyId"]
    assert api.delete(f"/v1/storage-account/{aid}", token=world.partner_admin).status == 204
    refused = api.post(keys_path(aid), token=world.partner_admin)
    assert refused.status == 409 and refused.json["code"] == "account_not_active"
    assert "restore it first" in refused.json["message"]
    assert api.delete(f"{keys_path(aid)}/{key_id}", token=world.partner_admin).status == 204


def test_creating_and_revoking_are_audited_without_the_secret(api, world, aid):
    made = api.post(keys_path(aid), token=world.partner_admin).json
    api.delete(f"{keys_path(aid)}/{made['accessKeyId']}", token=world.partner_admin)
    events = [
        e
        for e in AuditEventItem.scan()
        if e.action.startswith("storage_account.access_key.") and e.target_id == aid
    ]
    assert sorted(e.action for e in events) == [
        "storage_account.access_key.create",
        "storage_account.access_key.delete",
    ]
    for event in events:
        assert made["accessKeyId"] in (event.after or "") + (event.before or "")
        assert made["secretAccessKey"] not in (event.after or "") + (event.before or "")


def test_purging_the_account_removes_its_keys(api, world, aid, monkeypatch):
    monkeypatch.setenv("DELETION_GRACE_DAYS", "0")
    api.post(keys_path(aid), token=world.partner_admin)
    api.delete(f"/v1/storage-account/{aid}", token=world.partner_admin)
    assert api.post("/v1/jobs/storage-account-purge").json["purged"] == 1
    assert at_backend(aid) == []


# --- the saga --------------------------------------------------------------------------------


@pytest.fixture
def faulty(aws, monkeypatch) -> Faulty:
    wrapper = Faulty(backend_module.get_backend())
    monkeypatch.setattr(backend_module, "get_backend", lambda: wrapper)
    return wrapper


def saga_of(aid: str) -> str | None:
    return StorageAccountItem.get(aid, consistent_read=True).saga


def test_a_backend_failure_is_503_and_leaves_no_key(api, world, aid, faulty):
    faulty.fail["create_access_key"] = BackendUnavailable("injected: down")
    reply = api.post(keys_path(aid), token=world.partner_admin)
    assert reply.status == 503 and reply.json["code"] == "storage_backend_unavailable"
    assert saga_of(aid) is None and at_backend(aid) == []
    assert api.get(keys_path(aid), token=world.partner_admin).json == []
    faulty.heal()
    assert api.post(keys_path(aid), token=world.partner_admin).status == 201


def test_a_crash_after_the_backend_made_the_key_is_rolled_back(api, world, aid, faulty, clock):
    faulty.crash_after.add("create_access_key")
    assert api.post(keys_path(aid), token=world.partner_admin).status == 500
    assert saga_of(aid) == "key_creating" and len(at_backend(aid)) == 1, "an orphan, secret lost"
    busy = api.post(keys_path(aid), token=world.partner_admin)
    assert busy.status == 409 and busy.json["code"] == "change_in_progress"
    faulty.heal()
    clock.advance(minutes=6)
    summary = service.reconcile()
    assert summary["rolledBack"] == 1 and summary["accounts"][0]["saga"] == "key_creating"
    assert at_backend(aid) == [] and saga_of(aid) is None
    assert api.post(keys_path(aid), token=world.partner_admin).status == 201


def test_a_crash_before_revoking_is_completed_by_the_reconciler(api, world, aid, faulty, clock):
    key_id = api.post(keys_path(aid), token=world.partner_admin).json["accessKeyId"]
    faulty.crash_before.add("delete_access_key")
    assert api.delete(f"{keys_path(aid)}/{key_id}", token=world.partner_admin).status == 500
    assert saga_of(aid) == "key_revoking" and at_backend(aid) == [key_id]
    faulty.heal()
    clock.advance(minutes=6)
    assert service.reconcile()["completed"] == 1
    assert at_backend(aid) == [] and saga_of(aid) is None
    assert api.get(keys_path(aid), token=world.partner_admin).json == []


def test_a_refused_revocation_keeps_the_key(api, world, aid, faulty):
    from chalicelib.errors import BackendFailed

    key_id = api.post(keys_path(aid), token=world.partner_admin).json["accessKeyId"]
    faulty.fail["delete_access_key"] = BackendFailed("injected: refused")
    assert api.delete(f"{keys_path(aid)}/{key_id}", token=world.partner_admin).status == 502
    assert saga_of(aid) is None and at_backend(aid) == [key_id]
    assert [k["accessKeyId"] for k in api.get(keys_path(aid), token=world.partner_admin).json] == [
        key_id
    ]
