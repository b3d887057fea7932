"""The storage backend port's contract, one suite run against every backend (S3 + IAM on moto
with IAM authorization enforced, and Ceph RGW on a real single-node cluster): what the port
promises is observed through a customer's S3 client, not through the engine's bookkeeping."""

from __future__ import annotations

import pytest

from chalicelib.errors import BackendFailed, BackendUnavailable
from tests.backends.conftest import Engine, make_bucket, refused

A, B = "100000000001", "100000000002"
PASSWORD = "Blue-Harbor-42"
KIB = 1024


def provisioned(engine: Engine, account: str = A, password: str = PASSWORD) -> str:
    engine.backend.provision(account, password)
    engine.accounts.append(account)
    return account


def test_provision_twice_is_harmless_and_the_account_is_usable(engine):
    provisioned(engine)
    engine.backend.provision(A, "Other-Harbor-43")
    assert engine.exists(A)
    s3 = engine.s3(engine.backend.create_access_key(A))
    make_bucket(engine, s3, engine.bucket(A, "photos"))
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == [engine.bucket(A, "photos")]


def test_set_password_needs_an_existing_account(engine):
    with pytest.raises(BackendFailed) as caught:
        engine.backend.set_password(A, PASSWORD)
    assert caught.value.status == 502 and PASSWORD not in caught.value.message
    provisioned(engine)
    engine.backend.set_password(A, "Other-Harbor-43")
    root = engine.root_key(A, "Other-Harbor-43")
    if root is not None:  # RGW: the root password is the root key's secret
        engine.s3(root).list_buckets()
        assert refused(engine.s3(engine.root_key(A, PASSWORD)).list_buckets)


def test_an_access_key_works_at_once_and_is_revoked_at_once(engine):
    provisioned(engine)
    assert engine.backend.access_keys(A) == []
    key = engine.backend.create_access_key(A)
    assert PASSWORD not in repr(key) and key.secret_access_key not in repr(key)
    assert engine.backend.access_keys(A) == [key.access_key_id]
    s3, bucket = engine.s3(key), engine.bucket(A, "photos")
    make_bucket(engine, s3, bucket)
    s3.put_object(Bucket=bucket, Key="a.txt", Body=b"hello")
    assert s3.get_object(Bucket=bucket, Key="a.txt")["Body"].read() == b"hello"
    second = engine.backend.create_access_key(A)
    assert engine.backend.access_keys(A) == sorted([key.access_key_id, second.access_key_id])
    engine.backend.delete_access_key(A, key.access_key_id)
    assert refused(s3.get_object, Bucket=bucket, Key="a.txt")
    assert engine.s3(second).get_object(Bucket=bucket, Key="a.txt")["Body"].read() == b"hello"
    engine.backend.delete_access_key(A, key.access_key_id)  # revoking twice is harmless
    assert engine.backend.access_keys(A) == [second.access_key_id]


def test_a_key_for_an_account_that_does_not_exist_is_refused(engine):
    with pytest.raises(BackendFailed):
        engine.backend.create_access_key(B)


def test_one_accounts_key_cannot_touch_anothers_buckets(engine):
    provisioned(engine, A)
    provisioned(engine, B)
    mine, theirs = engine.s3(engine.backend.create_access_key(A)), None
    theirs = engine.s3(engine.backend.create_access_key(B))
    bucket = engine.bucket(A, "private")
    make_bucket(engine, mine, bucket)
    mine.put_object(Bucket=bucket, Key="secret.txt", Body=b"only mine")
    other = engine.foreign(A, bucket)
    assert refused(theirs.get_object, Bucket=other, Key="secret.txt")
    assert refused(theirs.list_objects_v2, Bucket=other)
    assert refused(theirs.put_object, Bucket=other, Key="x", Body=b"x")
    assert refused(theirs.delete_object, Bucket=other, Key="secret.txt")
    assert mine.get_object(Bucket=bucket, Key="secret.txt")["Body"].read() == b"only mine"
    listed = [b["Name"] for b in theirs.list_buckets()["Buckets"]]
    if engine.name == "rgw":  # a tenant lists its own buckets only
        assert listed == []
    else:  # S3 lists every bucket *name* of the AWS account (docs/storage-backends.md)
        assert listed == [bucket]


def test_measure_counts_exact_bytes_after_writes_and_deletes(engine):
    provisioned(engine)
    assert engine.backend.measure(A) == 0
    s3 = engine.s3(engine.backend.create_access_key(A))
    one, two = engine.bucket(A, "one"), engine.bucket(A, "two")
    make_bucket(engine, s3, one)
    make_bucket(engine, s3, two)
    s3.put_object(Bucket=one, Key="a", Body=b"a" * 1000)
    s3.put_object(Bucket=one, Key="b", Body=b"b" * 2500)
    s3.put_object(Bucket=two, Key="c", Body=b"c" * 7)
    assert engine.backend.measure(A) == 3507
    s3.delete_object(Bucket=one, Key="b")
    assert engine.backend.measure(A) == 1007
    assert engine.backend.measure("999999999999") == 0, "an unknown account stores nothing"


def _filled(engine: Engine, objects: int = 3, size: int = 4 * KIB):
    provisioned(engine)
    s3 = engine.s3(engine.backend.create_access_key(A))
    bucket = engine.bucket(A, "data")
    make_bucket(engine, s3, bucket)
    for i in range(objects):
        s3.put_object(Bucket=bucket, Key=f"k{i}", Body=b"x" * size)
    return s3, bucket


def test_a_hard_quota_that_is_exceeded_refuses_writes_and_keeps_reads(engine):
    s3, bucket = _filled(engine)  # 12 KiB stored
    engine.backend.set_quota(A, 8 * KIB, True)
    engine.backend.set_over_quota(A, True)  # what the usage job does when it measures 12 > 8
    assert refused(s3.put_object, Bucket=bucket, Key="more", Body=b"y" * 4 * KIB)
    assert s3.get_object(Bucket=bucket, Key="k0")["Body"].read() == b"x" * 4 * KIB
    engine.backend.set_quota(A, 1024 * KIB, True)
    engine.backend.set_over_quota(A, False)
    s3.put_object(Bucket=bucket, Key="more", Body=b"y" * 4 * KIB)


def test_a_soft_quota_is_recorded_only(engine):
    s3, bucket = _filled(engine, objects=1)
    engine.backend.set_quota(A, 4 * KIB, False)
    s3.put_object(Bucket=bucket, Key="over", Body=b"y" * 8 * KIB)
    engine.backend.set_quota(A, 0, False)
    s3.put_object(Bucket=bucket, Key="over2", Body=b"y" * KIB)
    assert engine.backend.measure(A) == 13 * KIB


def test_suspend_keeps_reads_and_refuses_writes_until_restored(engine):
    s3, bucket = _filled(engine, objects=1)
    engine.backend.suspend(A)
    engine.backend.suspend(A)  # idempotent
    assert s3.get_object(Bucket=bucket, Key="k0")["Body"].read() == b"x" * 4 * KIB
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["k0"]
    assert refused(s3.put_object, Bucket=bucket, Key="new", Body=b"n")
    assert refused(s3.delete_object, Bucket=bucket, Key="k0")
    engine.backend.restore(A)
    engine.backend.restore(A)  # idempotent
    s3.put_object(Bucket=bucket, Key="new", Body=b"n")
    s3.delete_object(Bucket=bucket, Key="k0")


def test_restoring_a_suspension_never_lifts_a_quota_block(engine):
    s3, bucket = _filled(engine)
    engine.backend.set_quota(A, 8 * KIB, True)
    engine.backend.set_over_quota(A, True)
    engine.backend.suspend(A)
    engine.backend.restore(A)
    assert refused(s3.put_object, Bucket=bucket, Key="more", Body=b"y" * 4 * KIB)
    assert s3.get_object(Bucket=bucket, Key="k1")["Body"].read() == b"x" * 4 * KIB


def test_purge_removes_data_keys_and_identity_and_may_be_repeated(engine):
    s3, _ = _filled(engine, objects=2)
    engine.backend.suspend(A)
    assert engine.backend.measure(A) == 8 * KIB
    engine.backend.purge(A)
    assert not engine.exists(A)
    assert engine.backend.measure(A) == 0
    assert engine.backend.access_keys(A) == []
    assert refused(s3.list_buckets)
    engine.backend.purge(A)  # purging what is gone succeeds: a saga may repeat the step
    # the same id can be provisioned afresh, empty
    provisioned(engine)
    fresh = engine.s3(engine.backend.create_access_key(A))
    assert fresh.list_buckets()["Buckets"] == []


def test_an_unreachable_backend_is_unavailable(engine, monkeypatch):
    if engine.name == "rgw":
        from chalicelib.store.rgw import RgwBackend

        down = RgwBackend("pcs", "http://127.0.0.1:9")
    else:
        monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # a client of its own
        down = engine.backend
    with pytest.raises(BackendUnavailable) as caught:
        down.provision(A, PASSWORD)
    assert caught.value.status == 503 and PASSWORD not in caught.value.message
