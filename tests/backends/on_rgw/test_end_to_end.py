"""The end-to-end story on Ceph RGW, through the HTTP layer (tables on moto, the clock fixed,
the storage engine real): a partner creates an account with a 10 MiB hard quota, makes an
access key, and a plain boto3 client uploads ten 1 MiB objects; the eleventh is refused by the
engine at once. Metering measures the exact bytes, which ``usedCapacity`` and the usage reports
show once that hour is aggregated. Scheduling the deletion makes the account read-only,
restoring makes it writable again, and with ``DELETION_GRACE_DAYS=0`` the purge job leaves no
RGW user behind. The access-key API tests run here on RGW too."""

from __future__ import annotations

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.api.conftest import ADMIN_EMAIL
from tests.api.helpers import member_token
from tests.api.test_storage_access_keys import *  # noqa: F403 - the access-key tests, on RGW
from tests.api.test_storage_accounts import body
from tests.api.usage_helpers import deliver_shards

MIB = 2**20


def s3_with(key: dict):
    return boto3.client(
        "s3",
        endpoint_url=key["s3Endpoint"],
        aws_access_key_id=key["accessKeyId"],
        aws_secret_access_key=key["secretAccessKey"],
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )


def code_of(call, **kwargs) -> str:
    try:
        call(**kwargs)
    except ClientError as error:
        return error.response["Error"]["Code"]
    return "accepted"


def test_the_walk_through_on_rgw(api, world, clock, ceph, monkeypatch):
    regions = api.get("/v1/integration/regions/list", token=None).json["regions"]
    assert regions[0]["s3_url"] == ceph.endpoint, "the regions list names the engine's S3"
    made = api.post(
        "/v1/storage-account",
        body(name="Tiny Quota GmbH", allocation=10 * MIB, overdraft=False),
        token=world.partner_admin,
    )
    assert made.status == 201, made.json
    aid = made.json["clientAccountId"]
    key = api.post(f"/v1/storage-account/{aid}/access-keys", token=world.partner_admin).json
    assert key["s3Endpoint"] == ceph.endpoint
    s3 = s3_with(key)
    s3.create_bucket(Bucket="invoices")  # any name: the account is its own RGW tenant
    for i in range(10):
        s3.put_object(Bucket="invoices", Key=f"scan-{i:02}.pdf", Body=bytes(MIB))
    assert code_of(s3.put_object, Bucket="invoices", Key="scan-10.pdf", Body=bytes(MIB)) == (
        "QuotaExceeded"
    ), "the engine refuses the eleventh at once"
    assert len(s3.list_objects_v2(Bucket="invoices")["Contents"]) == 10

    measured = api.post("/v1/jobs/usage-metering").json
    assert measured["failed"] == [] and measured["measured"] >= 1
    before = api.get(f"/v1/storage-account/{aid}", token=world.partner_admin).json
    assert before["usedCapacity"] == 0, "not before the hour is aggregated"
    clock.advance(hours=1)  # the sessions' idle timeout passes too: log in again
    api.default_token = api.login(ADMIN_EMAIL)
    partner_admin = member_token(api, world.partner, "admin")
    started = api.post("/v1/jobs/usage-aggregation")
    assert started.status == 202, started.json
    assert deliver_shards(api)["delivered"] == started.json["shards"]
    run = api.get(f"/v1/jobs/usage-aggregation/{started.json['runId']}").json
    assert run["status"] == "finished"
    assert run["summary"]["lastCompleteHour"] == "2026-11-23T12"
    account = api.get(f"/v1/storage-account/{aid}", token=partner_admin).json
    assert account["usedCapacity"] == 10 * MIB, "exact bytes"
    assert account["usageUpdatedAt"] == "2026-11-23T13:00:00.000000Z"
    day = f"/v1/storage-account/{aid}/usage?from=2026-11-23&to=2026-11-23"
    assert api.get(day, token=partner_admin).json["daily_usage"][0]["usage"] > 0
    hourly = api.get(
        f"/v1/storage-account/{aid}/usage/hourly?from=2026-11-23&to=2026-11-23",
        token=partner_admin,
    ).json
    assert hourly[-1] == {"hour": "2026-11-23T12:00:00Z", "storedBytes": 10 * MIB}

    # pending deletion: reads work, writes refused; restored: writable
    assert api.delete(f"/v1/storage-account/{aid}", token=partner_admin).status == 204
    assert s3.get_object(Bucket="invoices", Key="scan-00.pdf")["Body"].read() == bytes(MIB)
    assert code_of(s3.delete_object, Bucket="invoices", Key="scan-00.pdf") == "AccessDenied"
    assert code_of(s3.put_object, Bucket="invoices", Key="note.txt", Body=b"x") == "AccessDenied"
    restored = api.patch(
        f"/v1/storage-account/{aid}", {"pendingDeletedAt": None}, token=partner_admin
    )
    assert restored.status == 200 and restored.json["status"] == "active"
    s3.delete_object(Bucket="invoices", Key="scan-00.pdf")
    s3.put_object(Bucket="invoices", Key="note.txt", Body=b"x")

    # purge with no grace: no RGW user left behind, the key refused
    monkeypatch.setenv("DELETION_GRACE_DAYS", "0")
    assert f"pcs{aid}$pcs-{aid}" in ceph.admin("user", "list")
    assert api.delete(f"/v1/storage-account/{aid}", token=partner_admin).status == 204
    assert api.post("/v1/jobs/storage-account-purge").json["purged"] == 1
    assert "pcs" + aid not in ceph.admin("user", "list")
    assert code_of(s3.list_buckets) == "InvalidAccessKeyId"
    assert api.get(f"/v1/storage-account/{aid}", token=partner_admin).status == 404
