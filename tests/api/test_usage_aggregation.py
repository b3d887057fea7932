"""The aggregation job: DESIGN's rules end to end, idempotence, crashes, late samples and hard
quotas."""

from __future__ import annotations

import calendar
import random
from datetime import UTC, date

import pytest

from tests.api.conftest import ADMIN_EMAIL, PASSWORD
from tests.api.helpers import TB, member_token
from tests.api.usage_helpers import (
    add_account,
    aggregate,
    make_channel,
    partner_record,
    post_samples,
    sample,
    usage_rows,
)

GB = 10**9


@pytest.fixture
def channel(api, provider_admin):
    return make_channel(api)


def day_item(account: str, day: str):
    from chalicelib.domain.usage import shard_of
    from chalicelib.store.models import UsageDayItem

    return UsageDayItem.get(f"{day}#{shard_of(account)}", account)


def rollup(entity: str, day: str):
    from chalicelib.store.models import UsageRollupItem

    return UsageRollupItem.get(entity, day)


def test_hourly_values_daily_usage_and_rollups(api, channel, clock):
    a, b = channel.accounts
    result = post_samples(
        api,
        channel,
        [
            sample(a, "2026-11-22T00:10:00Z", 100 * GB),
            sample(a, "2026-11-22T00:50:00Z", 1 * TB),  # last of hour 0 wins
            sample(a, "2026-11-22T12:00:00Z", 2 * TB),
            sample(b, "2026-11-22T06:30:00Z", 300 * GB),
            sample(channel.ppu_account, "2026-11-22T23:59:59Z", 500 * GB),
        ],
    )
    assert result == {"accepted": 5, "duplicates": 0, "rejected": []}
    summary = aggregate()
    assert summary.last_complete_hour == "2026-11-23T11"
    assert summary.days_recomputed == ["2026-11-22", "2026-11-23"]

    item = day_item(a, "2026-11-22")
    assert item.hourly == [TB] * 12 + [2 * TB] * 12
    assert item.usage == 1.5 * TB and item.peak == 2 * TB
    assert day_item(b, "2026-11-22").usage == (18 * 300 * GB + 12) // 24  # 6 hours of 0
    # today: 12 hours elapsed, everything carried forward
    assert day_item(a, "2026-11-23").hourly == [2 * TB] * 12
    assert day_item(channel.ppu_account, "2026-11-23").usage == 500 * GB

    partner = rollup(channel.reserved["id"], "2026-11-22")
    assert partner.usage == item.usage + day_item(b, "2026-11-22").usage
    contract = rollup(channel.contract, "2026-11-23")
    # reserved partner 2.3 TB + pay-per-use 0.5 TB billed as 1 TB; reserved 10 TB: no excess
    assert contract.usage == 2 * TB + 300 * GB + 500 * GB
    assert contract.billable == 2 * TB + 300 * GB + TB
    assert contract.excess == 0

    # usedCapacity everywhere = the latest hourly value, updated at the end of hour 11
    overview = api.get(f"/v1/contracts/{channel.contract}/overview", token=channel.dist.viewer)
    assert overview.json["usedCapacity"] == 2 * TB + 300 * GB + 500 * GB
    assert overview.json["usageUpdatedAt"] == "2026-11-23T12:00:00.000000Z"
    partner_json = api.get(f"/v1/partner/{channel.reserved['id']}", token=channel.dist.viewer).json
    assert partner_json["usedCapacity"] == 2 * TB + 300 * GB
    assert partner_json["usageUpdatedAt"] == "2026-11-23T12:00:00.000000Z"


def test_excess_fee_month_to_date(api, channel, clock):
    """The reserved partner stores 10.5 TB from Nov 1 on a 10 TB contract: 500 GB excess a day,
    500 × 1.2 / 30 = 20 cents a day for Nov 1–22 (440 cents). The pay-per-use partner exists
    from Nov 23 (when the test made it) and is billed its 1 TB minimum from then: 1,500 GB
    excess, 60 cents. Month to date: 500 cents."""
    a, b = channel.accounts
    post_samples(
        api,
        channel,
        [sample(a, "2026-11-01T00:00:00Z", 6 * TB), sample(b, "2026-11-01T00:00:00Z", 4500 * GB)],
    )
    aggregate()
    overview = api.get(f"/v1/contracts/{channel.contract}/overview", token=channel.dist.admin)
    assert overview.json["excessUsageFeeCents"] == 22 * 20 + 60
    days = api.get(
        f"/v1/contracts/{channel.contract}/usage?from=2026-11-01&to=2026-11-23",
        token=channel.dist.admin,
    ).json
    assert len(days) == 23
    assert days[0]["billable"] == 10_500 * GB and days[0]["excess"] == 500 * GB
    assert [p["partnerId"] for p in days[0]["partners"]] == [channel.reserved["id"]]
    assert days[-1]["billable"] == 11_500 * GB and days[-1]["excess"] == 1_500 * GB
    assert {p["partnerId"]: p["usage"] for p in days[-1]["partners"]} == {
        channel.reserved["id"]: 10_500 * GB,
        channel.ppu["id"]: 0,
    }
    # a new month starts from zero
    from chalicelib.store.models import ContractItem

    clock.advance(days=8)  # Dec 1, 12:00 (the sessions have expired meanwhile)
    aggregate()
    assert ContractItem.get(channel.contract).excess_usage_fee_cents == 58  # 1,500 × 1.2 / 31


def test_contract_excess_started_is_announced_once_and_rearmed(api, channel):
    """Nov 23: the reserved partner stores 10.5 TB on the 10 TB contract, the pay-per-use partner
    is billed its 1 TB minimum: 1.5 TB excess. ``contract.excess_started`` is announced once
    however often the aggregation runs, to the distributor (never to another one); back within
    the reservation it re-arms without an event, and the next excess is announced again."""
    a, b = channel.accounts

    def announced(token=channel.dist.admin):
        reply = api.get("/v1/events?type=contract.excess_started", token=token)
        assert reply.status == 200, reply.json
        return reply.json

    post_samples(
        api,
        channel,
        [sample(a, "2026-11-23T00:00:00Z", 6 * TB), sample(b, "2026-11-23T00:00:00Z", 4500 * GB)],
    )
    aggregate()
    aggregate()
    (event,) = announced()
    assert event["data"] == {
        "contractId": channel.contract,
        "date": "2026-11-23",
        "details": event["data"]["details"],
        "reservedCapacity": 10 * TB,
        "billableBytes": 11_500 * GB,
        "excessBytes": 1_500 * GB,
        "excessUsageFeeCents": 60,
    }
    assert announced(channel.other.admin) == []
    # the day's usage back within the reservation (later samples in the same hours): re-armed
    post_samples(
        api,
        channel,
        [sample(a, "2026-11-23T00:30:00Z", TB), sample(b, "2026-11-23T00:30:00Z", TB)],
    )
    aggregate()
    assert len(announced()) == 1
    from chalicelib.store.models import ContractItem

    assert ContractItem.get(channel.contract).excess_since is None
    post_samples(api, channel, [sample(a, "2026-11-23T00:45:00Z", 10 * TB)])
    aggregate()
    assert len(announced()) == 2


def test_each_day_keeps_the_billing_its_partners_had_that_day(api, channel, clock):
    """A pay-per-use partner (300 GB on Nov 23, billed 1 TB) takes a 2 TB reservation on Nov 24.
    A late sample for Nov 23 recomputes that day: it stays billed as pay-per-use (the day's
    record), while Nov 24 is billed as used."""
    dist = channel.dist
    reply = api.post(
        "/v1/partner",
        {"distributorContractId": channel.contract, "allocatedCapacity": 0, "name": "Switching"},
        token=dist.admin,
    )
    switching = partner_record(reply.json["id"])
    account = add_account(api, dist.staff, switching, allocated=TB)
    post_samples(api, channel, [sample(account, "2026-11-23T01:00:00Z", 300 * GB)])
    aggregate()
    clock.advance(days=1)  # Nov 24, 12:00; the sessions ended meanwhile
    api.default_token = api.login(ADMIN_EMAIL)
    admin = member_token(api, dist.org_id, "admin")
    reply = api.put(f"/v1/partner/{switching['id']}", {"allocatedCapacity": 2 * TB}, token=admin)
    assert reply.status == 200, reply.json
    late = post_samples(api, channel, [sample(account, "2026-11-23T00:30:00Z", 200 * GB)])
    assert late["accepted"] == 1
    summary = aggregate()
    assert "2026-11-23" in summary.days_recomputed

    days = api.get(
        f"/v1/contracts/{channel.contract}/usage?from=2026-11-23&to=2026-11-24", token=admin
    ).json
    mine = [next(p for p in d["partners"] if p["partnerId"] == switching["id"]) for d in days]
    assert [p["payPerUse"] for p in mine] == [True, False]
    assert mine[0]["usage"] < TB and mine[1]["usage"] == 300 * GB
    others = [
        sum(max(p["usage"], TB) if p["payPerUse"] else p["usage"] for p in d["partners"])
        for d in days
    ]
    assert [d["billable"] for d in days] == others  # each day under that day's billing
    assert days[0]["billable"] - days[1]["billable"] == TB - 300 * GB  # the minimum, then not

    # the billing view and its CSV say so for the month: one day of two as pay-per-use
    from tests.api.test_console import cookies_of, post_form

    login = post_form(api, "/console/login", f"email={ADMIN_EMAIL}&password={PASSWORD}")
    cookie = {"Cookie": cookies_of(login)["pc_session"].split(";")[0]}
    path = f"/console/contracts/{channel.contract}/billing?month=2026-11"
    html = api.client.http.get(path, headers=cookie).body.decode()
    assert "Pay-per-use on 1 of 2 days, reserved on the others" in html
    csv_path = f"/console/contracts/{channel.contract}/billing/csv?month=2026-11"
    rows = api.client.http.get(csv_path, headers=cookie).body.decode("utf-8-sig").splitlines()
    mine = next(r for r in rows if r.startswith("partner,") and switching["id"] in r)
    assert mine.split(",")[4:6] == ["false", "1"]  # payPerUse (every day), payPerUseDays


def test_running_twice_changes_nothing(api, channel):
    a, b = channel.accounts
    post_samples(
        api,
        channel,
        [
            sample(a, f"2026-11-2{d}T0{h}:00:00Z", (d * 10 + h) * GB)
            for d in (0, 1, 2)
            for h in (1, 5)
        ]
        + [sample(b, "2026-11-21T03:00:00Z", 7 * GB)],
    )
    aggregate()
    first = usage_rows()
    again = aggregate()
    assert usage_rows() == first
    assert again.day_items_written == 0 and again.rollups_written == 0
    assert again.entities_updated == 0 and again.batch_write_calls == 0


def test_a_late_sample_corrects_that_hour_and_everything_carried_from_it(api, channel, clock):
    a = channel.accounts[0]
    post_samples(api, channel, [sample(a, "2026-11-20T10:00:00Z", 100 * GB)])
    aggregate()
    assert day_item(a, "2026-11-22").usage == 100 * GB
    clock.advance(hours=1)
    late = post_samples(api, channel, [sample(a, "2026-11-20T20:30:00Z", 200 * GB)])
    assert late["accepted"] == 1
    summary = aggregate()
    assert summary.dirty_hours == 1
    item = day_item(a, "2026-11-20")
    assert item.hourly == [0] * 10 + [100 * GB] * 10 + [200 * GB] * 4
    # the next days carried 100 GB; they now carry 200 GB
    assert day_item(a, "2026-11-21").usage == 200 * GB
    assert day_item(a, "2026-11-23").hourly == [200 * GB] * 13
    assert rollup(channel.reserved["id"], "2026-11-21").usage == 200 * GB
    # and the same sample again is a duplicate that changes nothing
    rows = usage_rows()
    again = post_samples(api, channel, [sample(a, "2026-11-20T20:30:00.000Z", 999)])
    assert again == {"accepted": 0, "duplicates": 1, "rejected": []}
    aggregate()
    assert usage_rows() == rows


def test_hard_quota_is_enforced_and_lifted_in_the_same_run(api, channel, clock):
    from chalicelib.store.backend import OVER_QUOTA_POLICY, get_backend
    from chalicelib.store.models import StorageAccountItem

    backend = get_backend()
    account = StorageAccountItem.get(channel.accounts[0])
    account.update(actions=[StorageAccountItem.allow_overdraft.set(False)])
    import boto3

    iam = boto3.client("iam", region_name="eu-central-1")

    def blocked() -> bool:
        names = iam.list_user_policies(UserName=backend.user_name(account.id))["PolicyNames"]
        return OVER_QUOTA_POLICY in names

    post_samples(api, channel, [sample(account.id, "2026-11-23T10:15:00Z", 2 * TB + 1)])
    summary = aggregate()
    assert summary.quota_enforced == [account.id]
    assert blocked() and StorageAccountItem.get(account.id).quota_enforced
    assert aggregate().quota_enforced == []  # nothing to do twice
    reserved_id = channel.reserved["id"]
    shown = api.get(
        f"/v1/partner/{reserved_id}/storage-accounts/{account.id}", token=channel.dist.viewer
    ).json
    assert shown["quotaEnforced"] is True and shown["quotaEnforcedAt"].startswith("2026-11-23")

    clock.advance(hours=1)
    post_samples(api, channel, [sample(account.id, "2026-11-23T12:05:00Z", TB)])
    summary = aggregate()
    assert summary.quota_lifted == [account.id]
    assert not blocked() and not StorageAccountItem.get(account.id).quota_enforced
    assert StorageAccountItem.get(account.id).quota_enforced_at is None
    from tests.api.conftest import ADMIN_EMAIL

    token = api.login(ADMIN_EMAIL)  # an hour passed: the fixture's session went idle
    for action in ("storage_account.quota_enforced", "storage_account.quota_lifted"):
        events = api.get(f"/v1/audit-events?action={action}", token=token).json
        assert [e["targetId"] for e in events] == [account.id], events


class Crash(Exception):
    pass


def test_a_crash_after_the_backend_blocked_an_account_never_leaves_it_blocked(
    api, channel, clock, monkeypatch
):
    """The run dies right after the backend made the account read-only; by the next run the
    account is back under its quota. The saga's pending marker makes that run re-apply the
    recorded state and then lift it: the backend and the record agree, and the account is
    writable."""
    import boto3

    from chalicelib.store.backend import OVER_QUOTA_POLICY, get_backend
    from chalicelib.store.models import StorageAccountItem

    backend = get_backend()
    account = StorageAccountItem.get(channel.accounts[0])
    account.update(actions=[StorageAccountItem.allow_overdraft.set(False)])
    iam = boto3.client("iam", region_name="eu-central-1")

    def blocked() -> bool:
        names = iam.list_user_policies(UserName=backend.user_name(account.id))["PolicyNames"]
        return OVER_QUOTA_POLICY in names

    real = type(backend).set_over_quota

    def dies_after_blocking(self, account_id, over):
        real(self, account_id, over)
        raise Crash("killed right after the backend call")

    post_samples(api, channel, [sample(account.id, "2026-11-23T10:15:00Z", 2 * TB + 1)])
    with monkeypatch.context() as patch:
        patch.setattr(type(backend), "set_over_quota", dies_after_blocking)
        with pytest.raises(Crash):
            aggregate()
    assert blocked()
    stored = StorageAccountItem.get(account.id)
    assert stored.quota_enforced and stored.quota_pending, "the intent was recorded first"

    clock.advance(hours=1)
    post_samples(api, channel, [sample(account.id, "2026-11-23T12:05:00Z", TB)])
    summary = aggregate()
    assert summary.quota_lifted == [account.id]
    stored = StorageAccountItem.get(account.id)
    assert not blocked() and not stored.quota_enforced and not stored.quota_pending


def test_a_crash_at_any_point_then_a_rerun_gives_identical_totals(api, channel, clock, monkeypatch):
    """Runs the aggregation once to learn every write it makes, then for 20 random points kills
    it there (an exception from the write), reruns it, and compares every row with a clean run
    on the same samples."""
    from chalicelib.store.models import (
        ContractItem,
        OrganizationItem,
        StorageAccountItem,
        UsageDayItem,
        UsageHourItem,
        UsagePartialItem,
        UsageRollupItem,
    )
    from chalicelib.store.usage import channel as channel_store
    from chalicelib.store.usage import checkpoints, days, rollups, runs

    monkeypatch.setenv("USAGE_SHARDS", "2")  # two shards and a fan-in: the same kinds of writes
    a, b = channel.accounts
    rng = random.Random(20261123)
    samples = [
        sample(acc, f"2026-11-{d:02d}T{h:02d}:{rng.randrange(60):02d}:00Z", rng.randrange(10**13))
        for acc in (a, b, channel.ppu_account, channel.other_account)
        for d in (21, 22, 23)
        for h in sorted(rng.sample(range(24 if d < 23 else 12), 3))
    ]
    post_samples(api, channel, samples)

    writes = (
        (days, "put_days"),
        (rollups, "put_rollups"),
        (checkpoints, "clear_hour"),
        (checkpoints, "advance_watermark"),
        (checkpoints, "mark_hours_dirty"),
        (channel_store, "set_used"),
        (channel_store, "record_quota"),
        (channel_store, "quota_applied"),
        (runs, "create_run"),
        (runs, "mark_dispatched"),
        (runs, "write_partials"),
        (runs, "shard_done"),
        (runs, "claim_fan_in"),
        (runs, "finish_run"),
    )
    counter = {"n": 0, "crash_at": None}

    def wrap(module, name):
        original = getattr(module, name)

        def wrapped(*args, **kwargs):
            counter["n"] += 1
            if counter["n"] == counter["crash_at"]:
                raise Crash(f"killed at write {counter['n']} ({name})")
            return original(*args, **kwargs)

        return wrapped

    for module, name in writes:
        monkeypatch.setattr(module, name, wrap(module, name))

    def reset():
        for model in (UsageDayItem, UsageRollupItem, UsagePartialItem):
            with model.batch_write() as batch:
                for item in list(model.scan()):
                    batch.delete(item)
        for item in UsageHourItem.scan():
            if item.id.startswith("hour#"):
                item.update(actions=[UsageHourItem.dirty.set("1")])
            else:  # the state (watermark, latest run) and the run records
                item.delete()
        for model in (StorageAccountItem, OrganizationItem, ContractItem):
            for item in model.scan():
                item.update(actions=[model.used_capacity.set(0), model.usage_updated_at.remove()])
        for item in ContractItem.scan():
            item.update(actions=[ContractItem.excess_usage_fee_cents.set(0)])

    counter["n"], counter["crash_at"] = 0, None
    aggregate()
    reference = usage_rows()
    total_writes = counter["n"]
    assert total_writes > 20
    points = sorted(rng.sample(range(1, total_writes + 1), 20))
    print(f"\ncrash test: {total_writes} writes in a clean run; killed at {points}")
    for point in points:
        reset()
        counter["n"], counter["crash_at"] = 0, point
        with pytest.raises(Crash):
            aggregate()
        counter["crash_at"] = None
        aggregate()
        assert usage_rows() == reference, f"differs after a crash at write {point}"


def test_a_direct_channel_partner_rolls_up_into_its_own_contract(api, channel):
    from tests.api.helpers import contract_body, make_org, member_token

    direct = make_org(api, "Direct MSP", kind="partner")
    contract = api.post(
        "/v1/contracts", contract_body(direct, details="Direct", reservedCapacity=TB)
    ).json["id"]
    token = member_token(api, direct, "admin")
    created = api.post(
        "/v1/storage-account",
        {
            "name": "Direct customer",
            "allocatedCapacity": TB,
            "allowOverdraft": True,
            "clientAccount": {
                "contactEmail": "it@direct.example.com",
                "password": "Blue-Harbor-42",
            },
        },
        token=token,
    )
    assert created.status == 201, created.json
    account = created.json["clientAccountId"]
    post_samples(api, channel, [sample(account, "2026-11-23T01:00:00Z", 1500 * GB)])
    aggregate()
    days = api.get(f"/v1/contracts/{contract}/usage?from=2026-11-23&to=2026-11-23", token=token)
    assert days.status == 200, days.json
    (today,) = days.json
    # a direct partner's usage is billed as used (it holds the contract's reservation itself)
    # a direct channel partner draws on its own contract: never pay-per-use
    assert today["partners"] == [{"partnerId": direct, "usage": today["usage"], "payPerUse": False}]
    assert today["usage"] == 1375 * GB  # hour 00: 0, hours 01-11: 1,500 GB
    assert today["billable"] == today["usage"] and today["excess"] == today["usage"] - TB
    overview = api.get(f"/v1/contracts/{contract}/overview", token=token).json
    assert overview["usedCapacity"] == 1500 * GB
    assert (
        api.get("/v1/storage-accounts/usage?from=2026-11-23&to=2026-11-23", token=token).json[0][
            "client_id"
        ]
        == account
    )


def test_a_renewed_direct_contract_carries_the_usage_and_the_fee(api, channel):
    """The renewal example of issue 15: a direct channel partner with a contract that ended last
    year and a new one, storing 1.5 TB over a 1 TB reservation. The account draws on the new
    contract, so the usage, the excess and the fee are the new contract's; the ended one keeps
    nothing (before the fix the new one showed used 0 and the ended one the usage and a fee)."""
    from tests.api.helpers import contract_body, make_org, member_token
    from tests.api.usage_helpers import api_now

    today = api_now().date()
    direct = make_org(api, "Renewed MSP", kind="partner")
    ended = api.post(
        "/v1/contracts",
        contract_body(
            direct,
            details="Last year's",
            reservedCapacity=TB,
            startDate=today.replace(year=today.year - 2, month=1, day=1).isoformat(),
            endDate=today.replace(year=today.year - 1, month=12, day=31).isoformat(),
        ),
    ).json["id"]
    renewed = api.post(
        "/v1/contracts",
        contract_body(
            direct,
            details="This year's",
            reservedCapacity=TB,
            startDate=today.replace(month=1, day=1).isoformat(),
            endDate=today.replace(year=today.year + 1, month=12, day=31).isoformat(),
        ),
    ).json["id"]
    token = member_token(api, direct, "admin")
    created = api.post(
        "/v1/storage-account",
        {
            "name": "Renewed customer",
            "allocatedCapacity": TB,
            "allowOverdraft": True,
            "clientAccount": {
                "contactEmail": "it@renewed.example.com",
                "password": "Blue-Harbor-42",
            },
        },
        token=token,
    )
    assert created.status == 201, created.json
    account = created.json["clientAccountId"]
    first_hour = today.isoformat() + "T00:30:00Z"
    post_samples(api, channel, [sample(account, first_hour, 1500 * GB)])
    aggregate()

    new = api.get(f"/v1/contracts/{renewed}/overview", token=token).json
    old = api.get(f"/v1/contracts/{ended}/overview", token=token).json
    print(
        f"\nrenewal: new contract used {new['usedCapacity']}, fee {new.get('excessUsageFeeCents')}"
        f"; ended contract used {old['usedCapacity']}, fee {old.get('excessUsageFeeCents')}"
    )
    assert new["usedCapacity"] == 1500 * GB and old["usedCapacity"] == 0
    span = f"from={today.isoformat()}&to={today.isoformat()}"
    (day,) = api.get(f"/v1/contracts/{renewed}/usage?{span}", token=token).json
    assert day["usage"] == 1500 * GB and day["billable"] == 1500 * GB
    assert day["excess"] == 500 * GB
    assert day["partners"] == [{"partnerId": direct, "usage": 1500 * GB, "payPerUse": False}]
    (gone,) = api.get(f"/v1/contracts/{ended}/usage?{span}", token=token).json
    assert gone["usage"] == 0 and gone["excess"] == 0 and gone["partners"] == []
    # one day of 500 GB over at 1.2 cents per GB-month: 500 × 1.2 / days in the month
    expected = round(500 * 1.2 / calendar.monthrange(today.year, today.month)[1])
    from chalicelib.store.models import ContractItem

    assert ContractItem.get(renewed).excess_usage_fee_cents == expected > 0
    assert ContractItem.get(ended).excess_usage_fee_cents == 0


def test_the_provider_sees_a_distributors_daily_usage_from_its_rollups(api, channel, clock):
    """The distributor's roll-ups are read where its totals are shown: the provider's page of
    the distributor charts them (one Query, however many partners and accounts it has)."""
    from tests.api.test_idempotency import console_session

    a, _ = channel.accounts
    post_samples(
        api,
        channel,
        [
            sample(a, "2026-11-22T00:10:00Z", TB),
            sample(channel.ppu_account, "2026-11-22T01:00:00Z", TB),
        ],
    )
    aggregate()
    day = rollup(channel.dist.org_id, "2026-11-22")
    assert day.entity_type == "distributor"
    assert (
        day.usage
        == day_item(a, "2026-11-22").usage + day_item(channel.ppu_account, "2026-11-22").usage
    )
    html = api.client.http.get(
        f"/console/organizations/{channel.dist.org_id}", headers={"Cookie": console_session(api)}
    ).body.decode()
    assert "Usage of its partners" in html
    assert f'<td>2026-11-22</td><td><span title="{int(day.usage):,} bytes">' in html
    assert "<td>2026-11-23</td>" in html  # today, from its roll-up too


def _history(channel) -> list:
    """12 days of a daily sample per account (at 09:xx), then hourly samples for the last two
    days, as the demo writes them; values that grow, shrink and stop."""
    from datetime import datetime, timedelta

    from chalicelib.store.usage.samples import Sample

    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    start = now - timedelta(days=12)
    out = []
    for n, account in enumerate([*channel.accounts, channel.ppu_account]):
        moment, value = start + timedelta(hours=9 - 12, minutes=7 * n), (n + 1) * 300 * GB
        while moment < now:
            hourly = now - moment <= timedelta(days=2)
            step = timedelta(hours=1) if hourly else timedelta(days=1)
            value = max(0, value + (40 if n != 1 else -30) * GB * (1 if hourly else 24) // 24)
            stamp = moment.isoformat(timespec="microseconds").replace("+00:00", "Z")
            out.append(Sample(account, stamp, value))
            moment += step
    return out


def _forget_aggregation() -> None:
    """Back to 'samples only' (a test may Scan): no days, roll-ups or partials, every sampled
    hour dirty, no watermark, no published usage."""
    from chalicelib.store.models import (
        ContractItem,
        OrganizationItem,
        StorageAccountItem,
        UsageDayItem,
        UsageHourItem,
        UsagePartialItem,
        UsageRollupItem,
    )

    for model in (UsageDayItem, UsageRollupItem, UsagePartialItem):
        for item in list(model.scan()):
            item.delete()
    for item in list(UsageHourItem.scan()):
        if item.id.startswith("hour#"):
            item.update(actions=[UsageHourItem.dirty.set("1")])
        else:
            item.delete()
    for model in (StorageAccountItem, OrganizationItem, ContractItem):
        for item in list(model.scan()):
            actions = [model.used_capacity.set(0), model.usage_updated_at.remove()]
            if model is StorageAccountItem:
                actions.append(model.quota_enforced.set(False))
            if model is ContractItem:
                actions.append(model.excess_usage_fee_cents.set(0))
            item.update(actions=actions)


@pytest.mark.parametrize(
    ("until", "loaded_days", "run_days"),
    [
        (date(2026, 11, 21), 10, ["2026-11-21", "2026-11-22", "2026-11-23"]),  # daily samples
        (date(2026, 11, 23), 12, ["2026-11-23"]),  # the hourly samples' days too (the demo's)
    ],
)
def test_a_history_loaded_at_once_is_what_runs_make_of_the_same_samples(
    api, channel, clock, until, loaded_days, run_days
):
    """The demo's path (``load_history`` for the whole days, then one run for the rest) and the
    hourly runs' path (every hour from the samples) give the same days, roll-ups and entities."""
    from datetime import timedelta

    from chalicelib.services import usage_aggregation
    from chalicelib.store.usage import checkpoints

    history = _history(channel)
    loaded = usage_aggregation.load_history(history, until)
    assert loaded["days"] == loaded_days and loaded["day_items_written"] == 3 * loaded_days
    assert checkpoints.get_watermark() == f"{until - timedelta(days=1)}T23"
    summary = aggregate()
    assert summary.days_recomputed == run_days
    at_once = usage_rows()
    assert len(at_once["days"]) == 3 * 13 and at_once["rollups"]
    with pytest.raises(RuntimeError):  # never over a store that received samples
        usage_aggregation.load_history(history, until)

    _forget_aggregation()
    summary = aggregate()
    assert len(summary.days_recomputed) == 13
    assert usage_rows() == at_once


def test_a_history_leaves_the_latest_complete_hours_day_to_a_run(api, channel, clock):
    """At 00:30 the latest complete hour is yesterday's 23:00: a history loaded up to today
    would leave the run nothing to do, and nothing would publish usedCapacity."""
    from datetime import datetime

    from chalicelib.services import usage_aggregation

    clock.current = datetime(2026, 11, 24, 0, 30, tzinfo=UTC)
    with pytest.raises(ValueError):
        usage_aggregation.load_history(_history(channel), date(2026, 11, 24))
