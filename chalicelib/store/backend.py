"""The storage backend port (``backend_port.py``), its reference implementation on S3 + IAM
(boto3), and the choice of implementation (``get_backend``).

The port is deliberately small, so that a Ceph RGW (admin ops API) or MinIO (admin API) backend
can be added next to this one (see ``docs/storage-backends.md``):

* ``provision(account_id, password)``: the account's root identity, able to use only its own
  buckets (``<prefix>-<clientAccountId>-*``), and its console login with ``password``;
* ``set_password(account_id, password)``;
* ``set_quota(account_id, quota_bytes, hard)``: records the quota the usage job enforces;
* ``suspend`` / ``restore``: the ``suspended`` deny-writes policy (pending deletion);
* ``set_over_quota(account_id, over)``: the separate ``over-quota`` deny-writes policy (hard
  quotas), so lifting a suspension never lifts a quota block and vice versa;
* ``purge``: empty and delete the account's buckets, then delete its identity;
* ``measure(account_id) -> int``: bytes stored in the account's buckets (every object version);
* ``create_access_key`` / ``delete_access_key`` / ``access_keys``: the customer's S3 keys (the
  secret is returned once, by ``create_access_key``, and never kept).

Two implementations: ``S3IamBackend`` here (``STORAGE_BACKEND=s3iam``, the default) and
``RgwBackend`` in ``chalicelib/store/rgw.py`` (``STORAGE_BACKEND=rgw``, Ceph RADOS Gateway).

Every method is idempotent (provisioning twice, purging what is already gone, restoring what is
not suspended all succeed), so a saga can simply repeat a step after a crash. Failures raise
``BackendFailed`` (502) or ``BackendUnavailable`` (503), which the API renders as the envelope.
Passwords are passed through to the backend and never logged.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from chalicelib.errors import BackendFailed, BackendUnavailable, ConfigurationError
from chalicelib.settings import get_settings
from chalicelib.store.aws import client
from chalicelib.store.backend_port import AccessKey, StorageBackend
from chalicelib.store.rgw import RgwBackend

SUSPENDED_POLICY = "suspended"
OVER_QUOTA_POLICY = "over-quota"
CONFINE_POLICY = "confine-to-own-buckets"
IAM_PATH = "/partner-console/storage-accounts/"
_UNAVAILABLE = {
    "Throttling",
    "ThrottlingException",
    "SlowDown",
    "ServiceUnavailable",
    "RequestLimitExceeded",
    "InternalError",
    "ServiceFailure",
}
#: Everything that writes or deletes data or changes a bucket; reads stay allowed.
WRITE_ACTIONS = [
    "s3:PutObject",
    "s3:PutObjectAcl",
    "s3:PutObjectTagging",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:CreateBucket",
    "s3:DeleteBucket",
    "s3:PutBucket*",
    "s3:PutLifecycleConfiguration",
    "s3:PutReplicationConfiguration",
    "s3:PutEncryptionConfiguration",
    "s3:AbortMultipartUpload",
    "s3:RestoreObject",
]


def _code(error: Exception) -> str:
    response = getattr(error, "response", None) or {}
    return str(response.get("Error", {}).get("Code", ""))


def _translate(error: Exception, doing: str) -> BackendFailed:
    from botocore.exceptions import BotoCoreError, ClientError

    if isinstance(error, ClientError):
        code = _code(error)
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        if code in _UNAVAILABLE or status >= 500:
            return BackendUnavailable(
                f"The storage backend is busy or unavailable ({doing}); nothing was changed. "
                "Try again in a minute."
            )
        return BackendFailed(
            f"The storage backend refused to {doing} ({code or 'error'}); nothing was changed."
        )
    if isinstance(error, BotoCoreError):
        return BackendUnavailable(
            f"The storage backend could not be reached ({doing}); nothing was changed. "
            "Try again in a minute."
        )
    raise error


class S3IamBackend:
    """One IAM user per account (``<prefix>-<clientAccountId>``) with a login profile holding the
    root password and an inline policy confining it to ``<prefix>-<clientAccountId>-*``."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    # --- names ---------------------------------------------------------------------------

    def user_name(self, account_id: str) -> str:
        return f"{self.prefix}-{account_id}"

    def bucket_prefix(self, account_id: str) -> str:
        return f"{self.prefix}-{account_id}-"

    def confine_policy(self, account_id: str) -> dict[str, Any]:
        buckets = f"arn:aws:s3:::{self.bucket_prefix(account_id)}*"
        return {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "s3:*", "Resource": [buckets, f"{buckets}/*"]},
                {"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},
            ],
        }

    def deny_writes_policy(self, account_id: str) -> dict[str, Any]:
        buckets = f"arn:aws:s3:::{self.bucket_prefix(account_id)}*"
        return {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Deny", "Action": WRITE_ACTIONS, "Resource": [buckets, f"{buckets}/*"]}
            ],
        }

    # --- clients -------------------------------------------------------------------------

    @staticmethod
    def _iam() -> Any:
        return client("iam")

    @staticmethod
    def _s3() -> Any:
        return client("s3")

    def _call(self, doing: str, fn: Any, *args: Any, ignore: tuple[str, ...] = (), **kw: Any):
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return fn(*args, **kw)
        except ClientError as error:
            if _code(error) in ignore:
                return None
            raise _translate(error, doing) from None
        except BotoCoreError as error:
            raise _translate(error, doing) from None

    # --- the port ------------------------------------------------------------------------

    def provision(self, account_id: str, password: str) -> None:
        iam, user = self._iam(), self.user_name(account_id)
        doing = "create the storage account"
        self._call(
            doing,
            iam.create_user,
            UserName=user,
            Path=IAM_PATH,
            Tags=[{"Key": "clientAccountId", "Value": account_id}],
            ignore=("EntityAlreadyExists",),
        )
        self._call(
            doing,
            iam.put_user_policy,
            UserName=user,
            PolicyName=CONFINE_POLICY,
            PolicyDocument=json.dumps(self.confine_policy(account_id)),
        )
        self._set_login(user, password, doing)

    def _set_login(self, user: str, password: str, doing: str) -> None:
        iam = self._iam()
        created = self._call(
            doing,
            iam.create_login_profile,
            UserName=user,
            Password=password,
            PasswordResetRequired=False,
            ignore=("EntityAlreadyExists",),
        )
        if created is None:
            self._call(
                doing,
                iam.update_login_profile,
                UserName=user,
                Password=password,
                PasswordResetRequired=False,
            )

    def set_password(self, account_id: str, password: str) -> None:
        self._set_login(self.user_name(account_id), password, "set the password")

    def set_quota(self, account_id: str, quota_bytes: int, hard: bool) -> None:
        self._call(
            "record the quota",
            self._iam().tag_user,
            UserName=self.user_name(account_id),
            Tags=[
                {"Key": "quota-bytes", "Value": str(int(quota_bytes))},
                {"Key": "quota-hard", "Value": "true" if hard else "false"},
            ],
        )

    def _deny_writes(self, account_id: str, policy: str, on: bool, doing: str) -> None:
        iam, user = self._iam(), self.user_name(account_id)
        if on:
            self._call(
                doing,
                iam.put_user_policy,
                UserName=user,
                PolicyName=policy,
                PolicyDocument=json.dumps(self.deny_writes_policy(account_id)),
            )
        else:
            self._call(
                doing,
                iam.delete_user_policy,
                UserName=user,
                PolicyName=policy,
                ignore=("NoSuchEntity",),
            )

    def suspend(self, account_id: str) -> None:
        self._deny_writes(account_id, SUSPENDED_POLICY, True, "suspend the storage account")

    def restore(self, account_id: str) -> None:
        self._deny_writes(account_id, SUSPENDED_POLICY, False, "restore the storage account")

    def set_over_quota(self, account_id: str, over: bool) -> None:
        self._deny_writes(account_id, OVER_QUOTA_POLICY, over, "apply the hard quota")

    def buckets(self, account_id: str) -> list[str]:
        s3, prefix, names = self._s3(), self.bucket_prefix(account_id), []
        kwargs: dict[str, Any] = {"Prefix": prefix, "MaxBuckets": 1000}
        while True:
            page = self._call("list the account's buckets", s3.list_buckets, **kwargs)
            names += [b["Name"] for b in page.get("Buckets", []) if b["Name"].startswith(prefix)]
            token = page.get("ContinuationToken")
            if not token:
                return names
            kwargs["ContinuationToken"] = token

    def _versions(self, bucket: str, doing: str):
        """Every object version and delete marker of ``bucket``, one page at a time."""
        s3, kwargs = self._s3(), {"Bucket": bucket, "MaxKeys": 1000}
        while True:
            page = self._call(doing, s3.list_object_versions, ignore=("NoSuchBucket",), **kwargs)
            if page is None:
                return
            yield page
            if not page.get("IsTruncated"):
                return
            kwargs["KeyMarker"] = page.get("NextKeyMarker")
            kwargs["VersionIdMarker"] = page.get("NextVersionIdMarker")

    def _empty(self, bucket: str, doing: str) -> None:
        """Delete every version and delete marker, 1,000 at a time, always re-listing from the
        start (what was listed is gone), until the bucket is empty."""
        s3 = self._s3()
        while True:
            page = self._call(
                doing,
                s3.list_object_versions,
                Bucket=bucket,
                MaxKeys=1000,
                ignore=("NoSuchBucket",),
            )
            keys = [
                {"Key": v["Key"], "VersionId": v["VersionId"]}
                for v in (page or {}).get("Versions", []) + (page or {}).get("DeleteMarkers", [])
            ]
            if not keys:
                return
            result = self._call(doing, s3.delete_objects, Bucket=bucket, Delete={"Objects": keys})
            if result and result.get("Errors"):
                first = result["Errors"][0]
                raise BackendFailed(
                    f"The storage backend refused to {doing} ({first.get('Code', 'error')} on "
                    f"{bucket}); try again later."
                )

    def purge(self, account_id: str) -> None:
        s3, iam, user = self._s3(), self._iam(), self.user_name(account_id)
        doing = "purge the storage account"
        for bucket in self.buckets(account_id):
            self._empty(bucket, doing)
            self._call(doing, s3.delete_bucket, Bucket=bucket, ignore=("NoSuchBucket",))
        gone = ("NoSuchEntity",)
        self._call(doing, iam.delete_login_profile, UserName=user, ignore=gone)
        listed = self._call(doing, iam.list_user_policies, UserName=user, ignore=gone)
        for name in (listed or {}).get("PolicyNames", []):
            self._call(doing, iam.delete_user_policy, UserName=user, PolicyName=name, ignore=gone)
        attached = self._call(doing, iam.list_attached_user_policies, UserName=user, ignore=gone)
        for policy in (attached or {}).get("AttachedPolicies", []):
            self._call(
                doing,
                iam.detach_user_policy,
                UserName=user,
                PolicyArn=policy["PolicyArn"],
                ignore=gone,
            )
        keys = self._call(doing, iam.list_access_keys, UserName=user, ignore=gone)
        for key in (keys or {}).get("AccessKeyMetadata", []):
            self._call(
                doing,
                iam.delete_access_key,
                UserName=user,
                AccessKeyId=key["AccessKeyId"],
                ignore=gone,
            )
        self._call(doing, iam.delete_user, UserName=user, ignore=gone)

    def measure(self, account_id: str) -> int:
        total, doing = 0, "measure the storage account"
        for bucket in self.buckets(account_id):
            for page in self._versions(bucket, doing):
                total += sum(int(v.get("Size", 0)) for v in page.get("Versions", []))
        return total

    # --- access keys (IAM allows two per user, as the console does) ----------------------

    def create_access_key(self, account_id: str) -> AccessKey:
        created = self._call(
            "create the access key",
            self._iam().create_access_key,
            UserName=self.user_name(account_id),
        )
        key = created["AccessKey"]
        return AccessKey(key["AccessKeyId"], key["SecretAccessKey"])

    def delete_access_key(self, account_id: str, access_key_id: str) -> None:
        self._call(
            "revoke the access key",
            self._iam().delete_access_key,
            UserName=self.user_name(account_id),
            AccessKeyId=access_key_id,
            ignore=("NoSuchEntity",),
        )

    def access_keys(self, account_id: str) -> list[str]:
        listed = self._call(
            "list the access keys",
            self._iam().list_access_keys,
            UserName=self.user_name(account_id),
            ignore=("NoSuchEntity",),
        )
        return sorted(k["AccessKeyId"] for k in (listed or {}).get("AccessKeyMetadata", []))


@lru_cache(maxsize=4)
def _backend(kind: str, prefix: str, rgw_endpoint: str) -> StorageBackend:
    if kind == "s3iam":
        return S3IamBackend(prefix)
    if kind == "rgw":
        return RgwBackend(prefix, rgw_endpoint)
    raise ConfigurationError(f"STORAGE_BACKEND must be 's3iam' or 'rgw', got {kind!r}.")


def get_backend() -> StorageBackend:
    """The backend chosen by ``STORAGE_BACKEND`` (default ``s3iam``)."""
    settings = get_settings()
    return _backend(settings.storage_backend, settings.storage_prefix, settings.rgw_endpoint)
