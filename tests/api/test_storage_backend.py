"""The S3 + IAM storage backend against moto: the IAM user, its policies, its login profile
and its buckets really change."""

from __future__ import annotations

import json
from unittest import mock

import boto3
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from moto import mock_aws

from chalicelib.errors import BackendFailed, BackendUnavailable
from chalicelib.store import backend as backend_module
from chalicelib.store.backend import (
    CONFINE_POLICY,
    OVER_QUOTA_POLICY,
    SUSPENDED_POLICY,
    S3IamBackend,
    get_backend,
)

ACCOUNT = "123456789012"
PASSWORD = "Blue-Harbor-42"
REGION = "eu-central-1"


@pytest.fixture
def aws_only():
    with mock_aws():
        yield


@pytest.fixture
def backend(aws_only) -> S3IamBackend:
    found = get_backend()
    assert isinstance(found, S3IamBackend)
    return found


def iam():
    return boto3.client("iam", region_name=REGION)


def s3():
    return boto3.client("s3", region_name=REGION)


def policies(backend: S3IamBackend, account: str = ACCOUNT) -> set[str]:
    return set(iam().list_user_policies(UserName=backend.user_name(account))["PolicyNames"])


def make_bucket(name: str, objects: dict[str, bytes]) -> None:
    s3().create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    for key, body in objects.items():
        s3().put_object(Bucket=name, Key=key, Body=body)


def test_the_default_backend_is_s3_iam(backend):
    assert backend.user_name(ACCOUNT) == f"pcs-{ACCOUNT}"


def test_an_unknown_backend_is_a_configuration_error(monkeypatch):
    from chalicelib.errors import ConfigurationError

    monkeypatch.setenv("STORAGE_BACKEND", "tape")
    with pytest.raises(ConfigurationError, match="STORAGE_BACKEND"):
        get_backend()


def test_provision_creates_a_confined_user_with_a_login(backend):
    backend.provision(ACCOUNT, PASSWORD)
    user = iam().get_user(UserName=backend.user_name(ACCOUNT))["User"]
    assert user["Path"] == backend_module.IAM_PATH
    assert iam().get_login_profile(UserName=user["UserName"])["LoginProfile"]
    assert policies(backend) == {CONFINE_POLICY}
    document = iam().get_user_policy(UserName=user["UserName"], PolicyName=CONFINE_POLICY)
    text = json.dumps(document["PolicyDocument"])
    assert f"arn:aws:s3:::pcs-{ACCOUNT}-*" in text
    assert "arn:aws:s3:::*" not in text.replace("ListAllMyBuckets", "")


def test_provision_twice_is_harmless(backend):
    backend.provision(ACCOUNT, PASSWORD)
    backend.provision(ACCOUNT, "Other-Harbor-43")
    assert policies(backend) == {CONFINE_POLICY}


def test_set_password_needs_an_existing_account(backend):
    with pytest.raises(BackendFailed) as caught:
        backend.set_password(ACCOUNT, PASSWORD)
    assert caught.value.status == 502
    backend.provision(ACCOUNT, PASSWORD)
    backend.set_password(ACCOUNT, "Other-Harbor-43")
    assert iam().get_login_profile(UserName=backend.user_name(ACCOUNT))["LoginProfile"]


def test_set_quota_records_it_on_the_user(backend):
    backend.provision(ACCOUNT, PASSWORD)
    backend.set_quota(ACCOUNT, 5 * 10**12, True)
    tags = iam().list_user_tags(UserName=backend.user_name(ACCOUNT))["Tags"]
    recorded = {t["Key"]: t["Value"] for t in tags}
    assert recorded["quota-bytes"] == str(5 * 10**12)
    assert recorded["quota-hard"] == "true"
    backend.set_quota(ACCOUNT, 0, False)
    tags = iam().list_user_tags(UserName=backend.user_name(ACCOUNT))["Tags"]
    assert {t["Key"]: t["Value"] for t in tags}["quota-hard"] == "false"


def test_suspend_and_restore_toggle_the_deny_writes_policy(backend):
    backend.provision(ACCOUNT, PASSWORD)
    backend.suspend(ACCOUNT)
    assert policies(backend) == {CONFINE_POLICY, SUSPENDED_POLICY}
    document = iam().get_user_policy(
        UserName=backend.user_name(ACCOUNT), PolicyName=SUSPENDED_POLICY
    )["PolicyDocument"]
    (statement,) = document["Statement"]
    assert statement["Effect"] == "Deny" and "s3:PutObject" in statement["Action"]
    backend.suspend(ACCOUNT)  # idempotent
    backend.restore(ACCOUNT)
    backend.restore(ACCOUNT)  # idempotent
    assert policies(backend) == {CONFINE_POLICY}


def test_restoring_a_suspension_keeps_a_quota_block(backend):
    backend.provision(ACCOUNT, PASSWORD)
    backend.set_over_quota(ACCOUNT, True)
    backend.suspend(ACCOUNT)
    backend.restore(ACCOUNT)
    assert policies(backend) == {CONFINE_POLICY, OVER_QUOTA_POLICY}
    backend.set_over_quota(ACCOUNT, False)
    assert policies(backend) == {CONFINE_POLICY}


def test_measure_sums_only_the_accounts_buckets_across_pages(backend):
    backend.provision(ACCOUNT, PASSWORD)
    make_bucket(f"pcs-{ACCOUNT}-photos", {f"k{i}": b"x" * i for i in range(1, 1201)})
    make_bucket(f"pcs-{ACCOUNT}-docs", {"a": b"y" * 10})
    make_bucket("pcs-999999999999-other", {"a": b"z" * 1000})
    assert backend.measure(ACCOUNT) == sum(range(1, 1201)) + 10
    assert backend.measure("000000000000") == 0


def test_purge_empties_and_deletes_buckets_then_the_user(backend):
    backend.provision(ACCOUNT, PASSWORD)
    backend.suspend(ACCOUNT)
    backend.set_over_quota(ACCOUNT, True)
    user = backend.user_name(ACCOUNT)
    iam().create_access_key(UserName=user)
    make_bucket(f"pcs-{ACCOUNT}-photos", {f"k{i}": b"x" for i in range(1100)})
    s3().put_bucket_versioning(
        Bucket=f"pcs-{ACCOUNT}-photos", VersioningConfiguration={"Status": "Enabled"}
    )
    s3().put_object(Bucket=f"pcs-{ACCOUNT}-photos", Key="k1", Body=b"v2")
    s3().delete_object(Bucket=f"pcs-{ACCOUNT}-photos", Key="k2")
    make_bucket("pcs-999999999999-other", {"a": b"z"})
    backend.purge(ACCOUNT)
    names = {b["Name"] for b in s3().list_buckets()["Buckets"]}
    assert names == {"pcs-999999999999-other"}
    with pytest.raises(ClientError, match="NoSuchEntity"):
        iam().get_user(UserName=user)
    backend.purge(ACCOUNT)  # purging what is gone succeeds: a saga may repeat the step


def test_throttling_is_unavailable_and_refusals_are_failures(backend):
    throttled = ClientError(
        {"Error": {"Code": "Throttling", "Message": "slow down"}, "ResponseMetadata": {}},
        "CreateUser",
    )
    with mock.patch.object(S3IamBackend, "_iam") as fake:
        fake.return_value.create_user.side_effect = throttled
        with pytest.raises(BackendUnavailable) as caught:
            backend.provision(ACCOUNT, PASSWORD)
    assert caught.value.status == 503
    with mock.patch.object(S3IamBackend, "_iam") as fake:
        fake.return_value.create_user.side_effect = EndpointConnectionError(endpoint_url="x")
        with pytest.raises(BackendUnavailable):
            backend.provision(ACCOUNT, PASSWORD)
    denied = ClientError(
        {"Error": {"Code": "AccessDenied", "Message": "no"}, "ResponseMetadata": {}}, "CreateUser"
    )
    with mock.patch.object(S3IamBackend, "_iam") as fake:
        fake.return_value.create_user.side_effect = denied
        with pytest.raises(BackendFailed) as refused:
            backend.provision(ACCOUNT, PASSWORD)
    assert refused.value.status == 502 and not isinstance(refused.value, BackendUnavailable)
    assert PASSWORD not in refused.value.message
