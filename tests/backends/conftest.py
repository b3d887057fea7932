"""The storage backends under test: S3 + IAM on moto (with IAM authorization enforced, so a
key's policy really decides) and Ceph RGW on a throw-away single-node cluster
(``devstack.ceph``), started once for the session.

``engine`` is parametrized over both, so every test in ``test_contract.py`` runs on each; the
RGW tests need Debian's Ceph packages (``make backends`` says what to install when they are
missing).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from chalicelib.store import aws
from chalicelib.store import backend as backend_module
from chalicelib.store.backend import AccessKey, S3IamBackend, StorageBackend

REGION = "eu-central-1"


@pytest.fixture(scope="session")
def ceph() -> Iterator[Any]:
    from devstack import ceph as ceph_module

    if ceph_module.missing_binaries():
        pytest.fail(ceph_module.install_hint(), pytrace=False)
    cluster = ceph_module.start()
    try:
        yield cluster
    finally:
        cluster.stop()


def _client(endpoint: str | None, key: AccessKey | None) -> Any:
    creds = (
        {"aws_access_key_id": key.access_key_id, "aws_secret_access_key": key.secret_access_key}
        if key
        else {}
    )
    return boto3.client(
        "s3",
        region_name=REGION,
        endpoint_url=endpoint,
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
        **creds,
    )


@dataclass
class Engine:
    """One backend and what a test needs around it: S3 clients holding a customer's key, the
    bucket names an account may use, and a look behind the port (``exists``)."""

    name: str
    backend: StorageBackend
    endpoint: str | None
    accounts: list[str] = field(default_factory=list)

    def s3(self, key: AccessKey) -> Any:
        client = _client(self.endpoint, key)
        if self.name == "rgw":  # let "tenant:bucket" through, as RGW spells another tenant's
            from botocore.handlers import validate_bucket_name

            client.meta.events.unregister("before-parameter-build.s3", validate_bucket_name)
        return client

    def bucket(self, account_id: str, name: str) -> str:
        """A bucket name the account may create: free on RGW (each account is a tenant), under
        ``<prefix>-<clientAccountId>-`` on S3 + IAM."""
        return name if self.name == "rgw" else f"pcs-{account_id}-{name}"

    def foreign(self, owner: str, bucket: str) -> str:
        """How another account names ``owner``'s bucket (RGW: ``tenant:bucket``)."""
        if self.name == "rgw":
            return f"{self.backend.tenant(owner)}:{bucket}"
        return bucket

    def exists(self, account_id: str) -> bool:
        if self.name == "rgw":
            return (
                self.backend._request(
                    "GET", "user", "look", ignore=("NoSuchUser",), uid=self.backend.uid(account_id)
                )
                is not None
            )
        try:
            aws.client("iam").get_user(UserName=self.backend.user_name(account_id))
            return True
        except ClientError:
            return False

    def root_key(self, account_id: str, password: str) -> AccessKey | None:
        """The S3 key the root password stands for, where the engine has one (RGW)."""
        if self.name == "rgw":
            return AccessKey(self.backend.root_access_key_id(account_id), password)
        return None


def _s3iam_engine(monkeypatch) -> Iterator[Engine]:
    """moto with IAM authorization on: the backend acts with an administrator's key made in the
    first three (unauthenticated) calls, customers with the keys the backend hands out."""
    from moto import mock_aws, settings
    from moto.core.authorization import ActionAuthenticatorMixin

    before = settings.INITIAL_NO_AUTH_ACTION_COUNT, ActionAuthenticatorMixin.request_count
    with mock_aws():
        settings.INITIAL_NO_AUTH_ACTION_COUNT = 3
        ActionAuthenticatorMixin.request_count = 0
        try:
            iam = boto3.client("iam", region_name=REGION)
            iam.create_user(UserName="console-admin")
            iam.put_user_policy(
                UserName="console-admin",
                PolicyName="all",
                PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
                '"Action":"*","Resource":"*"}]}',
            )
            key = iam.create_access_key(UserName="console-admin")["AccessKey"]
            monkeypatch.setenv("AWS_ACCESS_KEY_ID", key["AccessKeyId"])
            monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", key["SecretAccessKey"])
            aws._client.cache_clear()
            yield Engine("s3iam", S3IamBackend("pcs"), None)
        finally:
            settings.INITIAL_NO_AUTH_ACTION_COUNT, ActionAuthenticatorMixin.request_count = before
            aws._client.cache_clear()


@pytest.fixture(params=["s3iam", "rgw"])
def engine(request, monkeypatch) -> Iterator[Engine]:
    if request.param == "rgw":
        cluster = request.getfixturevalue("ceph")
        for name, value in cluster.environment().items():
            monkeypatch.setenv(name, value)
        found = backend_module.get_backend()
        made = Engine("rgw", found, cluster.endpoint)
        yield made
        for account in made.accounts:
            found.purge(account)
        return
    yield from _s3iam_engine(monkeypatch)


def refused(call: Any, *args: Any, **kwargs: Any) -> str:
    """Run an S3 call that must be refused; returns the error code."""
    try:
        call(*args, **kwargs)
    except ClientError as error:
        return str(error.response.get("Error", {}).get("Code"))
    raise AssertionError(f"{getattr(call, '__name__', call)} was allowed")


def make_bucket(engine: Engine, s3: Any, bucket: str) -> None:
    if engine.name == "rgw":
        s3.create_bucket(Bucket=bucket)
    else:
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})


@pytest.fixture(autouse=True)
def _no_real_aws():
    assert os.environ.get("AWS_ENDPOINT_URL") is None
