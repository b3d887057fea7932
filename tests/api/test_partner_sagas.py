"""What a partner's delete or transfer leaves after its transaction is finished even when the
request dies right after it: the delete's tombstone and the transfer's marker are found by the
reconciler, which removes the deleted partner's people and keys (also one created in the window)
and re-points the transferred partner's accounts; usage days follow the contract the account was
on that day."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib import clock as project_clock
from chalicelib.store import storage_accounts as account_store
from chalicelib.store.models import (
    ApiKeyItem,
    AuditEventItem,
    OrganizationItem,
    StorageAccountItem,
    UserItem,
)
from tests.api.conftest import ADMIN_EMAIL
from tests.api.helpers import TB, make_contract, make_member, make_tenant, member_token
from tests.api.usage_helpers import aggregate, make_channel, post_samples, sample

GB = 10**9
RECONCILE = "/v1/jobs/storage-account-reconcile"


def crash(*_args, **_kwargs):
    raise RuntimeError("injected: the request dies here")


def people(org_id: str) -> list[UserItem]:
    return list(UserItem.by_organization.query(org_id))


def keys(org_id: str) -> list[ApiKeyItem]:
    return list(ApiKeyItem.by_organization.query(org_id))


def tombstone(partner_id: str) -> OrganizationItem | None:
    try:
        return OrganizationItem.get(f"deleted#{partner_id}", consistent_read=True)
    except OrganizationItem.DoesNotExist:
        return None


@pytest.fixture
def doomed(api, provider_admin):
    """A distributor's partner with two console users (one invited) and an API key."""
    dist = make_tenant(api, "Cascade Distribution")
    contract = make_contract(api, dist.org_id)
    reply = api.post(
        "/v1/partner",
        {"distributorContractId": contract, "allocatedCapacity": TB, "name": "Doomed MSP"},
        token=dist.admin,
    )
    partner = reply.json["id"]
    admin_email = make_member(api, partner, "admin", token=dist.admin)["email"]
    invited = {"email": "invited-doomed@example.com", "role": "viewer", "invite": True}
    assert api.post(f"/v1/organizations/{partner}/members", invited, token=dist.admin).status == 201
    session = api.login(admin_email)
    expires = (project_clock.now() + timedelta(days=30)).isoformat()
    key = api.post("/v1/api-keys", {"description": "s", "expiresAt": expires}, token=session)
    return {
        "dist": dist,
        "partner": partner,
        "session": session,
        "key": key.json["key"],
    }


def test_a_delete_that_dies_after_its_transaction_is_finished_by_the_reconciler(
    api, doomed, clock, monkeypatch
):
    from chalicelib.services import partner_sagas

    partner = doomed["partner"]
    with monkeypatch.context() as patched:
        patched.setattr(partner_sagas, "remove_people_and_keys", crash)
        reply = api.delete(f"/v1/partner/{partner}", token=doomed["dist"].admin)
    assert reply.status == 500

    # the transaction happened: the partner is gone, its tombstone is there, and the people and
    # the key it left cannot sign in or authenticate
    assert api.get(f"/v1/partner/{partner}", token=doomed["dist"].admin).status == 404
    assert tombstone(partner).saga == "delete_cascade"
    assert len(people(partner)) == 2 and len(keys(partner)) == 1
    for credential in (doomed["session"], doomed["key"]):
        assert api.get("/v1/me", token=credential).status == 401
    # the tombstone is invisible: outside every scope, in no list
    assert api.get(f"/v1/organizations/deleted%23{partner}").status == 404

    # someone added in the instant before the delete (the index had not shown them yet)
    late = people(partner)[0]
    late.id, late.email, late.email_lower = "late-user", "late@example.com", "late@example.com"
    late.save()

    young = api.post(RECONCILE)
    assert young.status == 200 and young.json["partners"]["deleted"] == 0, "may still be running"
    assert tombstone(partner) is not None

    clock.advance(minutes=6)
    api.default_token = api.login(ADMIN_EMAIL)
    done = api.post(RECONCILE)
    assert done.status == 200 and done.json["partners"]["deleted"] == 1
    assert people(partner) == [] and keys(partner) == []
    assert tombstone(partner) is None
    removed = [e for e in AuditEventItem.scan() if e.action == "member.delete"]
    assert {e.target_id for e in removed} >= {"late-user"}
    assert api.post(RECONCILE).json["partners"] == {
        "deleted": 0,
        "transferred": 0,
        "accountsMoved": 0,
    }, "nothing left to do"


def test_a_completed_delete_leaves_nothing_but_a_tombstone_the_reconciler_clears(
    api, doomed, clock
):
    partner = doomed["partner"]
    assert api.delete(f"/v1/partner/{partner}", token=doomed["dist"].admin).status == 204
    assert people(partner) == [] and keys(partner) == []
    assert tombstone(partner) is not None, "kept until the indexes have surely caught up"
    clock.advance(minutes=6)
    api.default_token = api.login(ADMIN_EMAIL)
    assert api.post(RECONCILE).json["partners"]["deleted"] == 1
    assert tombstone(partner) is None


@pytest.fixture
def channel(api, provider_admin):
    return make_channel(api)


def accounts_of(partner_id: str) -> dict[str, str]:
    return {a.id: a.contract_id for a in StorageAccountItem.by_partner.query(partner_id)}


def day_contract(account: str, day: str) -> str:
    from chalicelib.domain.usage import shard_of
    from chalicelib.store.models import UsageDayItem

    return UsageDayItem.get(f"{day}#{shard_of(account)}", account).contract_id


def test_a_transfer_that_dies_half_way_is_finished_and_usage_days_follow(
    api, channel, clock, monkeypatch
):
    """Nov 22–23 on contract A; on Nov 24 the partner moves to B and the request dies after
    re-pointing one of its two accounts. The reconciler re-points the other; Nov 24 is booked on
    B for both, Nov 22–23 stay on A (even when a late sample recomputes Nov 23)."""
    dist, partner = channel.dist, channel.reserved["id"]
    first, second = channel.accounts
    target = make_contract(api, dist.org_id, details="Second frame", reservedCapacity=20 * TB)
    post_samples(
        api,
        channel,
        [sample(first, "2026-11-22T03:00:00Z", TB), sample(second, "2026-11-22T03:00:00Z", TB)],
    )
    aggregate()
    clock.advance(days=1)  # Nov 24, 12:00
    api.default_token = api.login(ADMIN_EMAIL)
    admin = member_token(api, dist.org_id, "admin")

    def one_then_crash(partner_id: str, contract_id: str) -> int:
        StorageAccountItem(first).update(actions=[StorageAccountItem.contract_id.set(contract_id)])
        raise RuntimeError("injected: the request dies after one account")

    with monkeypatch.context() as patched:
        patched.setattr(account_store, "follow_partner_contract", one_then_crash)
        moved = api.post(
            f"/v1/partner/{partner}/transfer", {"distributorContractId": target}, token=admin
        )
    assert moved.status == 500
    record = OrganizationItem.get(partner, consistent_read=True)
    assert record.contract_id == target and record.saga == "follow_contract"
    assert accounts_of(partner) == {first: target, second: channel.contract}, "half-way"

    clock.advance(minutes=6)
    api.default_token = api.login(ADMIN_EMAIL)
    summary = api.post(RECONCILE).json["partners"]
    assert summary == {"deleted": 0, "transferred": 1, "accountsMoved": 1}
    assert accounts_of(partner) == {first: target, second: target}
    assert OrganizationItem.get(partner, consistent_read=True).saga is None

    late = post_samples(api, channel, [sample(second, "2026-11-23T05:00:00Z", 2 * TB)])
    assert late["accepted"] == 1
    aggregate()
    for account in (first, second):
        assert day_contract(account, "2026-11-22") == channel.contract
        assert day_contract(account, "2026-11-23") == channel.contract
        assert day_contract(account, "2026-11-24") == target
    days = api.get(f"/v1/contracts/{target}/usage?from=2026-11-24&to=2026-11-24", token=admin).json
    assert [p["partnerId"] for p in days[0]["partners"]] == [partner]


def test_a_transfer_clears_its_marker_and_a_later_transfer_keeps_its_own(api, channel):
    """The request re-points every account and clears the marker; clearing is conditional on
    the marker it set, so an older request finishing late cannot clear a newer transfer's."""
    from chalicelib.domain import partner_sagas as rules
    from chalicelib.store import partner_sagas as store

    dist, partner = channel.dist, channel.reserved["id"]
    target = make_contract(api, dist.org_id, details="Second frame", reservedCapacity=20 * TB)
    reply = api.post(
        f"/v1/partner/{partner}/transfer", {"distributorContractId": target}, token=dist.admin
    )
    assert reply.status == 200
    record = OrganizationItem.get(partner, consistent_read=True)
    assert record.saga is None and set(accounts_of(partner).values()) == {target}

    stale = OrganizationItem.get(partner, consistent_read=True)
    stale.saga, stale.saga_at = rules.FOLLOW_CONTRACT, "2026-11-23T11:00:00.000000Z"
    back = api.post(
        f"/v1/partner/{partner}/transfer",
        {"distributorContractId": channel.contract},
        token=dist.admin,
    )
    assert back.status == 200
    assert store.settle(stale) is False, "a marker that is no longer there is not cleared"
