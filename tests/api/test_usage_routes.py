"""Usage over HTTP: samples in, jobs, and every report route × role × tenant, in the vendor's
shapes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.api import icmc
from tests.api.helpers import TB
from tests.api.usage_helpers import (
    aggregate,
    deliver_shards,
    make_channel,
    post_samples,
    sample,
)

GB = 10**9
RANGE = "from=2026-11-20&to=2026-11-23"


@pytest.fixture
def channel(api, provider_admin):
    ch = make_channel(api)
    a = ch.accounts[0]
    post_samples(
        api,
        ch,
        [
            # history that predates the accounts' records (created 2026-11-23)
            sample(a, "2026-11-21T06:00:00Z", 100 * GB),
            sample(a, "2026-11-22T18:00:00Z", 400 * GB),
            sample(ch.ppu_account, "2026-11-23T03:00:00Z", 50 * GB),
            sample(ch.other_account, "2026-11-22T00:00:00Z", 7 * GB),
        ],
    )
    aggregate()
    return ch


def usage_paths(ch) -> dict[str, str]:
    a = ch.accounts[0]
    p = ch.reserved["id"]
    return {
        "partner account": f"/v1/partner/{p}/storage-accounts/{a}/usage?{RANGE}",
        "partner": f"/v1/partner/{p}/usage?{RANGE}",
        "account": f"/v1/storage-account/{a}/usage?{RANGE}",
        "hourly": f"/v1/storage-account/{a}/usage/hourly?{RANGE}",
    }


def test_client_usage_shape_and_numbers(api, channel):
    a, b = channel.accounts
    reply = api.get(f"/v1/storage-account/{a}/usage?{RANGE}", token=channel.dist.viewer)
    assert reply.status == icmc.success_status("/storage-account/{accountID}/usage", "GET")
    body = reply.json
    icmc.validate("api.ClientUsage", body)
    for day in body["daily_usage"]:
        icmc.validate("api.DailyUsage", day)
    assert body["client_id"] == a and body["allocated_capacity"] == 2 * TB
    # Nov 20: nothing measured, the account did not exist yet -> no entry;
    # Nov 21: 6 hours of 0 then 100 GB; Nov 22: 100 GB until 18:00 then 400 GB; Nov 23: 12 h
    assert [(d["date"], d["usage"]) for d in body["daily_usage"]] == [
        ("2026-11-21", 75 * GB),
        ("2026-11-22", (18 * 100 + 6 * 400) * GB // 24),
        ("2026-11-23", 400 * GB),
    ]
    # an account without any sample has an entry per day since it was created, at 0
    reply = api.get(f"/v1/storage-account/{b}/usage?{RANGE}", token=channel.dist.viewer)
    assert reply.json["daily_usage"] == [
        {"allocated_capacity": 2 * TB, "date": "2026-11-23", "usage": 0}
    ]


def test_list_reports_in_vendor_shape(api, channel):
    p = channel.reserved["id"]
    reply = api.get(f"/v1/partner/{p}/usage?{RANGE}", token=channel.dist.staff)
    assert reply.status == icmc.success_status("/partner/{partnerID}/usage", "GET")
    icmc.validate("api.ClientUsage", reply.json)
    assert sorted(u["client_id"] for u in reply.json) == sorted(channel.accounts)

    everything = api.get(f"/v1/storage-accounts/usage?{RANGE}", token=channel.dist.admin).json
    icmc.validate("api.ClientUsage", everything)
    assert sorted(u["client_id"] for u in everything) == sorted(
        [*channel.accounts, channel.ppu_account]
    )
    # paged like every list
    first = api.get(f"/v1/storage-accounts/usage?{RANGE}&limit=2", token=channel.dist.admin)
    assert len(first.json) == 2 and 'rel="next"' in first.header("Link")
    link = first.header("Link").split(">")[0].lstrip("<")
    rest = api.get(link[link.index("/v1/") :], token=channel.dist.admin).json
    assert sorted(u["client_id"] for u in first.json + rest) == sorted(
        u["client_id"] for u in everything
    )
    # the provider sees every tenant's accounts
    provider = api.get(f"/v1/storage-accounts/usage?{RANGE}").json
    assert channel.other_account in {u["client_id"] for u in provider}


def test_partner_users_see_their_own_accounts_only(api, channel):
    token = channel.partner_tokens[channel.reserved["id"]]
    mine = api.get(f"/v1/storage-accounts/usage?{RANGE}", token=token).json
    assert sorted(u["client_id"] for u in mine) == sorted(channel.accounts)
    for path in usage_paths(channel).values():
        assert api.get(path, token=token).status == 200, path
    other = channel.partner_tokens[channel.ppu["id"]]
    for path in usage_paths(channel).values():
        reply = api.get(path, token=other)
        assert reply.status == 404 and reply.json["code"] == "not_found", path


@pytest.mark.parametrize("role", ["admin", "staff", "viewer"])
def test_every_report_route_for_every_role_in_and_out_of_tenant(api, channel, role):
    own = getattr(channel.dist, role)
    foreign = getattr(channel.other, role)
    paths = usage_paths(channel)
    paths["contract"] = f"/v1/contracts/{channel.contract}/usage?{RANGE}"
    for name, path in paths.items():
        assert api.get(path, token=own).status == 200, name
        reply = api.get(path, token=foreign)
        assert reply.status == 404, (name, reply.json)
        assert "was not found" in reply.json["message"]
    listed = api.get(f"/v1/storage-accounts/usage?{RANGE}", token=foreign).json
    assert [u["client_id"] for u in listed] == [channel.other_account]


def test_an_account_under_another_partner_is_not_found(api, channel):
    path = f"/v1/partner/{channel.ppu['id']}/storage-accounts/{channel.accounts[0]}/usage?{RANGE}"
    assert api.get(path, token=channel.dist.admin).status == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("to=2026-11-23", "from"),
        ("from=2026-11-23", "to"),
        ("from=23.11.2026&to=2026-11-23", "from"),
        ("from=2026-11-01&to=2026-13-01", "to"),
        ("from=2026-11-23&to=2026-11-01", "to"),
        ("from=2025-11-01&to=2026-11-02", "to"),  # 367 days
    ],
)
def test_from_and_to_are_required_dates_at_most_366_days_apart(api, channel, query, field):
    for path in (
        f"/v1/storage-account/{channel.accounts[0]}/usage",
        "/v1/storage-accounts/usage",
        f"/v1/partner/{channel.reserved['id']}/usage",
        f"/v1/contracts/{channel.contract}/usage",
    ):
        reply = api.get(f"{path}?{query}", token=channel.dist.admin)
        assert reply.status == 400, (path, query)
        assert reply.json["details"][0]["field"] == field
        assert field in reply.json["message"]
    ok = api.get(
        f"/v1/storage-account/{channel.accounts[0]}/usage?from=2025-11-23&to=2026-11-23",
        token=channel.dist.admin,
    )
    assert ok.status == 200  # 366 days


def test_hourly_series(api, channel):
    a = channel.accounts[0]
    reply = api.get(
        f"/v1/storage-account/{a}/usage/hourly?from=2026-11-22&to=2026-11-23",
        token=channel.dist.viewer,
    )
    values = reply.json
    assert len(values) == 24 + 12
    assert values[0] == {"hour": "2026-11-22T00:00:00Z", "storedBytes": 100 * GB}
    assert values[18] == {"hour": "2026-11-22T18:00:00Z", "storedBytes": 400 * GB}
    assert values[-1] == {"hour": "2026-11-23T11:00:00Z", "storedBytes": 400 * GB}


def test_samples_need_a_metering_key(api, channel):
    body = [sample(channel.accounts[0], "2026-11-23T11:00:00Z", 1)]
    for token in (channel.dist.admin, api.default_token):
        reply = api.post("/v1/usage/samples", body, token=token)
        assert reply.status == 403
    assert api.post("/v1/usage/samples", body, token=None).status == 401


def test_each_sample_is_checked_on_its_own(api, channel, clock):
    a = channel.accounts[0]
    now = clock.current
    too_old = (now - timedelta(days=36)).strftime("%Y-%m-%dT%H:%M:%SZ")
    late_but_fine = (now - timedelta(days=34)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = [
        sample(a, "2026-11-23T10:00:00Z", 5),
        sample("12345", "2026-11-23T10:00:00Z", 5),
        sample(a, "2026-11-23 10:00", 5),
        sample(a, "2026-11-23T10:05:00Z", -1),
        sample(a, "2026-11-23T10:06:00Z", True),
        sample("999999999999", "2026-11-23T10:00:00Z", 5),
        sample(a, too_old, 5),
        sample(a, "2026-11-24T10:00:00Z", 5),
        "not an object",
        sample(a, late_but_fine, 5),
        sample(a, "2026-11-23T10:00:00Z", 6),  # same account and time as #0 in the same call
        sample(a, "2026-11-23T12:00:00+02:00", 7),  # = 10:00Z: the same instant again
    ]
    reply = api.post("/v1/usage/samples", body, token=channel.meter)
    assert reply.status == 200
    result = reply.json
    assert result["accepted"] == 2 and result["duplicates"] == 2
    assert [(r["index"], r["field"]) for r in result["rejected"]] == [
        (1, "clientAccountId"),
        (2, "timestamp"),
        (3, "storedBytes"),
        (4, "storedBytes"),
        (5, "clientAccountId"),
        (6, "timestamp"),
        (7, "timestamp"),
        (8, "body"),
    ]
    assert api.post("/v1/usage/samples", body[:1], token=channel.meter).json == {
        "accepted": 0,
        "duplicates": 1,
        "rejected": [],
    }


def test_a_call_carries_at_most_1000_samples(api, channel):
    a = channel.accounts[0]
    body = [sample(a, f"2026-11-23T10:{i // 60 % 60:02d}:{i % 60:02d}Z", i) for i in range(1001)]
    reply = api.post("/v1/usage/samples", body, token=channel.meter)
    assert reply.status == 400
    assert api.post("/v1/usage/samples", [], token=channel.meter).status == 400
    reply = api.post("/v1/usage/samples", body[:1000], token=channel.meter)
    assert reply.json["accepted"] == 1000


def test_jobs_are_for_provider_admins(api, channel, clock):
    for token in (channel.dist.admin, channel.meter):
        for job in ("usage-metering", "usage-aggregation"):
            assert api.post(f"/v1/jobs/{job}", token=token).status == 403
    staff = api.login(
        api.post(
            "/v1/team-members",
            {
                "email": "staff@provider.example.com",
                "name": "S",
                "password": "Sturdy-Passw0rd!",
                "role": "staff",
            },
        ).json["email"]
    )
    assert api.post("/v1/jobs/usage-aggregation", token=staff).status == 403


def test_metering_measures_the_buckets_and_the_aggregation_publishes_it(api, channel, clock):
    import boto3

    from chalicelib.store.backend import get_backend

    a = channel.accounts[0]
    backend = get_backend()
    s3 = boto3.client("s3", region_name="eu-central-1")
    bucket = f"{backend.bucket_prefix(a)}photos"
    s3.create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"}
    )
    s3.put_object(Bucket=bucket, Key="a.jpg", Body=b"x" * 1234)
    measured = api.post("/v1/jobs/usage-metering").json
    assert measured["measured"] == 4 and measured["recorded"] == 4 and measured["failed"] == []
    clock.advance(hours=1)
    token = api.login("root@provider.test")
    started = api.post("/v1/jobs/usage-aggregation", token=token)
    assert started.status == 202 and started.json["status"] == "running", started.json
    assert deliver_shards(api)["delivered"] == started.json["shards"]
    run = api.get(f"/v1/jobs/usage-aggregation/{started.json['runId']}", token=token).json
    assert run["status"] == "finished" and run["shardsDone"] == run["shards"]
    summary = run["summary"]
    assert summary["lastCompleteHour"] == "2026-11-23T12"
    assert summary["quotaEnforced"] == [] and summary["accounts"] == 4
    account = api.get(f"/v1/storage-account/{a}", token=token).json
    assert account["usedCapacity"] == 1234
    assert account["usageUpdatedAt"] == "2026-11-23T13:00:00.000000Z"
