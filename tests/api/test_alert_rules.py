"""Alert rules: managed by admins and staff, read by viewers; evaluated right after the usage
aggregation updates usedCapacity: crossing once (whatever reruns), clearing re-arms, re-crossing
announces again; pay-per-use entities are skipped; alert e-mails are really sent."""

from __future__ import annotations

import pytest

from tests.api.helpers import TB
from tests.api.notification_helpers import run_worker, sent_mail
from tests.api.usage_helpers import aggregate, make_channel, post_samples, sample


@pytest.fixture
def channel(api, provider_admin):
    return make_channel(api)


def events_of(api, token, kind="usage.threshold_crossed"):
    reply = api.get(f"/v1/events?type={kind}", token=token)
    assert reply.status == 200, reply.json
    return reply.json


def rule(api, token, **body) -> dict:
    reply = api.post("/v1/alert-rules", body, token=token)
    assert reply.status == 201, reply.json
    return reply.json


def test_crossing_is_announced_once_over_repeated_runs(api, channel):
    a, b = channel.accounts
    rule(api, channel.dist.staff, targetType="storageAccount", thresholdPercent=80)
    post_samples(
        api,
        channel,
        [sample(a, "2026-11-23T10:30:00Z", 1700 * 10**9), sample(b, "2026-11-23T10:30:00Z", TB)],
    )
    first = aggregate()
    assert len(first.alerts["crossed"]) == 1
    for _ in range(2):
        assert aggregate().alerts["crossed"] == []
    (event,) = events_of(api, channel.dist.viewer)
    data = event["data"]
    assert data["targetId"] == a and data["thresholdPercent"] == 80
    assert data["usedCapacity"] == 1700 * 10**9 and data["allocatedCapacity"] == 2 * TB
    assert data["usedPercent"] == 85.0
    assert event["organizationId"] == channel.dist.org_id
    # the other tenant's feed stays empty
    assert events_of(api, channel.other.admin) == []


def test_clearing_re_arms_and_a_new_crossing_is_announced_again(api, channel, clock):
    a, _ = channel.accounts
    rule(api, channel.dist.admin, targetType="storageAccount", targetId=a, thresholdPercent=90)
    post_samples(api, channel, [sample(a, "2026-11-23T10:30:00Z", 2 * TB)])
    aggregate()
    post_samples(api, channel, [sample(a, "2026-11-23T11:30:00Z", TB)])
    summary = aggregate()
    assert len(summary.alerts["cleared"]) == 1
    assert aggregate().alerts["cleared"] == []
    clock.advance(hours=1)
    post_samples(api, channel, [sample(a, "2026-11-23T12:30:00Z", 1900 * 10**9)])
    assert len(aggregate().alerts["crossed"]) == 1

    token = api.login("root@provider.test")
    crossed = events_of(api, token)
    cleared = events_of(api, token, "usage.threshold_cleared")
    assert len(crossed) == 2 and len(cleared) == 1
    assert cleared[0]["data"]["usedCapacity"] == TB


def test_pay_per_use_entities_are_skipped(api, channel):
    rule(api, channel.dist.admin, targetType="partner", thresholdPercent=1)
    post_samples(
        api,
        channel,
        [
            sample(channel.ppu_account, "2026-11-23T10:30:00Z", 4 * TB),
            sample(channel.accounts[0], "2026-11-23T10:30:00Z", TB),
        ],
    )
    summary = aggregate()
    (crossed,) = summary.alerts["crossed"]
    assert crossed.endswith(channel.reserved["id"])  # 1 TB of 6 TB; the PPU partner has no %
    assert summary.alerts["checked"] == 2  # both partners of the distributor, none of the other


def test_contract_rule_compares_used_with_reserved_and_mails_the_admins(
    api, channel, tmp_path, monkeypatch
):
    monkeypatch.setenv("MAIL_DIR", str(tmp_path))
    rule(
        api,
        channel.dist.admin,
        targetType="contract",
        targetId=channel.contract,
        thresholdPercent=50,
        emailRecipients=["capacity@dist.example.com"],
    )
    post_samples(
        api,
        channel,
        [
            sample(channel.accounts[0], "2026-11-23T10:30:00Z", 2 * TB),
            sample(channel.ppu_account, "2026-11-23T10:30:00Z", 3 * TB),
        ],
    )
    aggregate()
    (event,) = events_of(api, channel.dist.viewer)
    assert event["data"]["usedCapacity"] == 5 * TB and event["data"]["allocatedCapacity"] == 10 * TB
    assert run_worker(api) == ["sent"]
    (mail,) = sent_mail()
    assert set(mail["to"]) == {"capacity@dist.example.com"}
    (eml,) = tmp_path.glob("*.eml")
    text = eml.read_text()
    assert "reached 50 %" in text and "5 TB (5000000000000 bytes)" in text
    assert f"/console/partners?contract={channel.contract}" in text


def test_roles_scope_and_validation(api, channel):
    assert (
        api.post(
            "/v1/alert-rules",
            {"targetType": "partner", "thresholdPercent": 80},
            token=channel.dist.viewer,
        ).status
        == 403
    )
    made = rule(api, channel.dist.staff, targetType="partner", thresholdPercent=80)
    listed = api.get("/v1/alert-rules", token=channel.dist.viewer).json
    assert [r["id"] for r in listed] == [made["id"]]
    assert made["emailRecipients"] is None and made["targetId"] is None

    for percent in (0, 1001):
        reply = api.post(
            "/v1/alert-rules",
            {"targetType": "partner", "thresholdPercent": percent},
            token=channel.dist.admin,
        )
        assert reply.status == 400 and reply.json["details"][0]["field"] == "thresholdPercent"
    reply = api.post(
        "/v1/alert-rules",
        {"targetType": "storageAccount", "targetId": channel.other_account, "thresholdPercent": 80},
        token=channel.dist.admin,
    )
    assert reply.status == 404  # another tenant's account does not exist for us
    assert api.delete(f"/v1/alert-rules/{made['id']}", token=channel.other.admin).status == 404
    assert api.get("/v1/alert-rules", token=channel.other.admin).json == []
    assert api.delete(f"/v1/alert-rules/{made['id']}", token=channel.dist.viewer).status == 403
    assert api.delete(f"/v1/alert-rules/{made['id']}", token=channel.dist.admin).status == 204
    assert api.get("/v1/alert-rules", token=channel.dist.viewer).json == []
