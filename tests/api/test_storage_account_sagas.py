"""Failure injection for the storage-account sagas: a backend failure in each step answers
502/503 and leaves counters, records and backend in agreement; a crash between the steps is
settled by the reconciler (completed, or rolled back for a provisioning)."""

from __future__ import annotations

import pytest

from chalicelib.domain.principal import system_principal
from chalicelib.errors import BackendFailed, BackendUnavailable
from chalicelib.services import storage_accounts as service
from chalicelib.store import backend as backend_module
from chalicelib.store import storage_accounts as store
from chalicelib.store.backend import SUSPENDED_POLICY
from chalicelib.store.models import StorageAccountItem
from tests.api.test_storage_accounts import (
    TB,
    World,
    body,
    counters,
    iam_policies,
    iam_user_exists,
    make_world,
)


class Crash(Exception):
    """Stands for the process dying (a Lambda timeout or kill) at that point."""


class Faulty:
    """The real backend, except that named methods fail (``fail``), die before calling it
    (``crash_before``) or die after it succeeded (``crash_after``)."""

    def __init__(self, real):
        self.real = real
        self.fail: dict[str, BackendFailed] = {}
        self.crash_before: set[str] = set()
        self.crash_after: set[str] = set()
        self.calls: list[str] = []

    def heal(self) -> None:
        self.fail.clear()
        self.crash_before.clear()
        self.crash_after.clear()

    def __getattr__(self, name):
        method = getattr(self.real, name)

        def call(*args, **kwargs):
            self.calls.append(name)
            if name in self.fail:
                raise self.fail[name]
            if name in self.crash_before:
                raise Crash(f"died before {name}")
            result = method(*args, **kwargs)
            if name in self.crash_after:
                raise Crash(f"died after {name}")
            return result

        return call


@pytest.fixture
def world(api, provider_admin) -> World:
    return make_world(api)


@pytest.fixture
def faulty(aws, monkeypatch) -> Faulty:
    wrapper = Faulty(backend_module.get_backend())
    monkeypatch.setattr(backend_module, "get_backend", lambda: wrapper)
    return wrapper


def unavailable() -> BackendUnavailable:
    return BackendUnavailable("injected: the storage backend is down")


def refused() -> BackendFailed:
    return BackendFailed("injected: the storage backend refused")


def item(aid: str) -> StorageAccountItem | None:
    try:
        return StorageAccountItem.get(aid, consistent_read=True)
    except StorageAccountItem.DoesNotExist:
        return None


def reconcile_later(clock) -> dict:
    """The reconciler, once the in-flight saga is older than SAGA_STALE_MINUTES."""
    clock.advance(minutes=6)
    return service.reconcile()


def create(api, world, allocation=TB):
    reply = api.post("/v1/storage-account", body(allocation=allocation), token=world.partner_admin)
    return reply


def only_account(world) -> StorageAccountItem:
    (account,) = list(StorageAccountItem.by_partner.query(world.partner))
    return account


# --- create ----------------------------------------------------------------------------------


def test_create_backend_failure_is_503_and_holds_nothing(api, world, faulty):
    faulty.fail["provision"] = unavailable()
    reply = create(api, world, 2 * TB)
    assert reply.status == 503 and reply.json["code"] == "storage_backend_unavailable"
    assert set(reply.json) == {"code", "message", "details"}
    assert counters(world.partner) == (0, 0)
    assert list(StorageAccountItem.by_partner.query(world.partner)) == []
    assert "purge" in faulty.calls, "whatever was half-made at the backend is removed"
    faulty.heal()
    assert create(api, world, 2 * TB).status == 201
    assert counters(world.partner) == (2 * TB, 1)


def test_create_quota_refused_is_502_and_removes_the_user(api, world, faulty):
    faulty.fail["set_quota"] = refused()
    reply = create(api, world)
    assert reply.status == 502 and reply.json["code"] == "storage_backend_error"
    assert counters(world.partner) == (0, 0)
    assert faulty.calls[:3] == ["provision", "set_quota", "purge"]


def test_create_crash_after_provisioning_is_rolled_back_by_the_reconciler(
    api, world, faulty, clock
):
    faulty.crash_after.add("provision")
    assert create(api, world, 3 * TB).status == 500
    account = only_account(world)
    assert account.saga == "provisioning" and iam_user_exists(account.id)
    assert counters(world.partner) == (3 * TB, 1), "the intent holds its allocation"
    faulty.heal()
    assert service.reconcile()["examined"] == 0, "a young saga may still be running"
    summary = reconcile_later(clock)
    assert summary["rolledBack"] == 1 and summary["accounts"][0]["saga"] == "provisioning"
    assert item(account.id) is None and not iam_user_exists(account.id)
    assert counters(world.partner) == (0, 0)
    assert reconcile_later(clock)["examined"] == 0, "idempotent"


def test_create_crash_before_the_backend_is_rolled_back_too(api, world, faulty, clock):
    faulty.crash_before.add("provision")
    assert create(api, world).status == 500
    faulty.heal()
    assert reconcile_later(clock)["rolledBack"] == 1
    assert counters(world.partner) == (0, 0)


# --- delete (schedule) -----------------------------------------------------------------------


def test_delete_backend_failure_is_503_and_the_account_stays_active(api, world, faulty):
    aid = create(api, world).json["clientAccountId"]
    faulty.fail["suspend"] = unavailable()
    reply = api.delete(f"/v1/storage-account/{aid}", token=world.partner_admin)
    assert reply.status == 503
    got = api.get(f"/v1/storage-account/{aid}", token=world.partner_admin).json
    assert got["status"] == "active" and "pendingDeletedAt" not in got
    assert SUSPENDED_POLICY not in iam_policies(aid)
    assert item(aid).saga is None and item(aid).purge_queue is None
    assert counters(world.partner) == (TB, 1)


def test_delete_crash_before_suspending_is_completed_by_the_reconciler(api, world, faulty, clock):
    aid = create(api, world).json["clientAccountId"]
    faulty.crash_before.add("suspend")
    assert api.delete(f"/v1/storage-account/{aid}", token=world.partner_admin).status == 500
    assert item(aid).saga == "suspending" and SUSPENDED_POLICY not in iam_policies(aid)
    busy = api.patch(f"/v1/storage-account/{aid}", {"name": "x"}, token=world.partner_admin)
    assert busy.status == 409 and busy.json["code"] == "change_in_progress"
    faulty.heal()
    summary = reconcile_later(clock)
    assert summary["completed"] == 1 and summary["accounts"][0]["saga"] == "suspending"
    assert SUSPENDED_POLICY in iam_policies(aid)
    account = item(aid)
    assert account.status == "pending_deletion" and account.saga is None
    assert counters(world.partner) == (TB, 1)


# --- restore ---------------------------------------------------------------------------------


def test_restore_backend_failure_is_502_and_the_deletion_stays_scheduled(api, world, faulty):
    aid = create(api, world).json["clientAccountId"]
    api.delete(f"/v1/storage-account/{aid}", token=world.partner_admin)
    due = item(aid).pending_deleted_at
    faulty.fail["restore"] = refused()
    path = f"/v1/storage-account/{aid}"
    assert api.patch(path, {"pendingDeletedAt": None}, token=world.partner_admin).status == 502
    account = item(aid)
    assert (account.status, account.pending_deleted_at, account.saga) == (
        "pending_deletion",
        due,
        None,
    )
    assert account.purge_queue == "pending"
    assert SUSPENDED_POLICY in iam_policies(aid)


def test_restore_crash_after_the_backend_is_completed_by_the_reconciler(api, world, faulty, clock):
    aid = create(api, world).json["clientAccountId"]
    api.delete(f"/v1/storage-account/{aid}", token=world.partner_admin)
    faulty.crash_after.add("restore")
    path = f"/v1/storage-account/{aid}"
    assert api.patch(path, {"pendingDeletedAt": None}, token=world.partner_admin).status == 500
    assert item(aid).saga == "restoring"
    faulty.heal()
    summary = reconcile_later(clock)
    assert summary["completed"] == 1 and summary["accounts"][0]["saga"] == "restoring"
    account = item(aid)
    assert (account.status, account.saga, account.pending_deleted_at) == ("active", None, None)
    assert SUSPENDED_POLICY not in iam_policies(aid)


# --- purge -----------------------------------------------------------------------------------


def test_purge_backend_failure_keeps_the_account_for_the_next_run(api, world, faulty, monkeypatch):
    monkeypatch.setenv("DELETION_GRACE_DAYS", "0")
    aid = create(api, world, 2 * TB).json["clientAccountId"]
    api.delete(f"/v1/storage-account/{aid}", token=world.partner_admin)
    faulty.fail["purge"] = unavailable()
    summary = api.post("/v1/jobs/storage-account-purge").json
    assert (summary["due"], summary["purged"], summary["failed"]) == (1, 0, 1)
    account = item(aid)
    assert account.status == "pending_deletion" and account.saga is None
    assert counters(world.partner) == (2 * TB, 1)
    faulty.heal()
    assert api.post("/v1/jobs/storage-account-purge").json["purged"] == 1
    assert counters(world.partner) == (0, 0) and not iam_user_exists(aid)


def test_purge_crash_after_the_backend_is_completed_by_the_reconciler(
    api, world, faulty, clock, monkeypatch
):
    monkeypatch.setenv("DELETION_GRACE_DAYS", "0")
    aid = create(api, world, 2 * TB).json["clientAccountId"]
    api.delete(f"/v1/storage-account/{aid}", token=world.partner_admin)
    faulty.crash_after.add("purge")
    with pytest.raises(Crash):
        service.purge_due()
    assert item(aid).saga == "purging" and not iam_user_exists(aid)
    assert counters(world.partner) == (2 * TB, 1)
    faulty.heal()
    summary = reconcile_later(clock)
    assert summary["completed"] == 1 and summary["accounts"][0]["saga"] == "purging"
    assert item(aid) is None and counters(world.partner) == (0, 0)


# --- quota changes ---------------------------------------------------------------------------


def test_reallocation_backend_failure_puts_the_counters_back(api, world, faulty):
    aid = create(api, world, 2 * TB).json["clientAccountId"]
    faulty.fail["set_quota"] = unavailable()
    path = f"/v1/storage-account/{aid}"
    reply = api.patch(path, {"allocatedCapacity": 5 * TB}, token=world.partner_admin)
    assert reply.status == 503
    assert int(item(aid).allocated_capacity) == 2 * TB and item(aid).saga is None
    assert counters(world.partner) == (2 * TB, 1)


def test_reallocation_crash_is_completed_by_the_reconciler(api, world, faulty, clock):
    aid = create(api, world, 2 * TB).json["clientAccountId"]
    faulty.crash_before.add("set_quota")
    path = f"/v1/storage-account/{aid}"
    assert api.patch(path, {"allocatedCapacity": 5 * TB}, token=world.partner_admin).status == 500
    faulty.heal()
    faulty.calls.clear()
    summary = reconcile_later(clock)
    assert summary["completed"] == 1 and faulty.calls == ["set_quota"]
    assert counters(world.partner) == (5 * TB, 1) and item(aid).saga is None


def test_the_reconciler_leaves_a_saga_while_the_backend_is_still_down(api, world, faulty, clock):
    faulty.crash_after.add("provision")
    create(api, world)
    faulty.heal()
    faulty.fail["purge"] = unavailable()
    summary = reconcile_later(clock)
    assert summary["failed"] == 1 and only_account(world).saga == "provisioning"
    faulty.heal()
    assert service.reconcile()["rolledBack"] == 1
    assert counters(world.partner) == (0, 0)


def test_the_reconciler_job_route_is_for_provider_admins(api, world):
    assert api.post("/v1/jobs/storage-account-reconcile", token=world.dist_admin).status == 403
    reply = api.post("/v1/jobs/storage-account-reconcile")
    assert reply.status == 200
    assert reply.json == {
        "examined": 0,
        "completed": 0,
        "rolledBack": 0,
        "failed": 0,
        "accounts": [],
        "partners": {"deleted": 0, "transferred": 0, "accountsMoved": 0},
    }


def test_the_reconciler_acts_only_on_what_is_still_true(api, world, faulty, clock):
    """The saga index lags the table: an entry read from it whose saga was settled meanwhile
    must not be acted on (a live account must never be purged)."""
    faulty.crash_after.add("provision")
    create(api, world)
    faulty.heal()
    stale = only_account(world)
    assert store.finish_saga(item(stale.id), "provisioning")
    assert service._settle(system_principal(), stale) == "already_settled"
    assert iam_user_exists(stale.id) and counters(world.partner) == (TB, 1)


def test_a_failed_quota_change_also_puts_the_name_back(api, world, faulty):
    aid = create(api, world).json["clientAccountId"]
    faulty.fail["set_quota"] = refused()
    path = f"/v1/storage-account/{aid}"
    body_ = {"name": "Renamed", "allocatedCapacity": 2 * TB}
    assert api.patch(path, body_, token=world.partner_admin).status == 502
    account = item(aid)
    assert (account.name, int(account.allocated_capacity)) == ("Acme GmbH", TB)
