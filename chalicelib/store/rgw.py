"""The Ceph RADOS Gateway storage backend: the port (``backend.StorageBackend``) on RGW's
Admin Ops API (``/admin/…``, signed with an admin user's S3 keys, SigV4).

Per storage account one RGW **tenant** ``<prefix><clientAccountId>`` holding one user
``<prefix>-<clientAccountId>`` (uid ``<tenant>$<user>``): the tenant gives the account its own
bucket namespace, so the customer names buckets freely and two accounts may both own a
``backups`` bucket, while RGW's default private ACLs keep each out of the other's.

* ``provision``: ``PUT /admin/user`` with the **root key**: access key id
  ``<PREFIX><clientAccountId>`` and the root password as its secret key (RGW has no console
  password; the root key is what a customer can use with the password). Idempotent: an existing
  user gets its root key's secret replaced.
* ``set_password``: ``PUT /admin/user?key`` replaces the root key's secret.
* ``set_quota``: ``PUT /admin/user?quota&quota-type=user`` with ``max-size`` in bytes,
  ``enabled`` = hard. RGW refuses the write that would exceed an enabled quota itself, at once,
  on every bucket of the user (it counts each object rounded up to 4 KiB). A soft quota is
  recorded, disabled. Enabling syncs the user's stats, which the quota check reads.
* ``suspend`` / ``restore``: the user's ``op-mask`` becomes ``read`` / ``read, write, delete``:
  reads keep working, every write and delete is refused (``suspended=true`` would block reads).
* ``set_over_quota``: no rule to attach: the enabled user quota already refuses every write
  that adds data while the account is over it (deletes stay allowed, so the customer can get
  back under), and it is independent of the op-mask, so a restore never lifts it. Going over,
  the user's stats are synced (``GET /admin/user?stats&sync``) so the check sees current totals.
* ``purge``: ``DELETE /admin/user?purge-data=true`` (the user's buckets and objects with it).
* ``measure``: ``GET /admin/bucket?uid=…&stats=true``, the sum of every bucket's ``rgw.main``
  ``size`` (exact bytes, every object version; bucket stats are current after each write).
* access keys: ``PUT`` / ``DELETE /admin/user?key`` with ids generated here, so a key whose
  creation was interrupted can be found and revoked by the reconciler.

The admin keys come from ``RGW_ADMIN_ACCESS_KEY`` / ``RGW_ADMIN_SECRET_KEY`` (local, tests) or
from the Secrets Manager secret ``RGW_ADMIN_SECRET_ARN`` names (deployed: a JSON object
``{"accessKey": …, "secretKey": …}``, read once per cold start). Responses of the Admin Ops API
carry secret keys: they are parsed, never logged, and never put in an error message.
"""

from __future__ import annotations

import json
import re
import secrets
import string
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode

from chalicelib.errors import BackendFailed, BackendUnavailable, ConfigurationError
from chalicelib.settings import get_settings
from chalicelib.store.aws import client
from chalicelib.store.backend_port import AccessKey

FULL_ACCESS = "read, write, delete"
READ_ONLY = "read"
#: SigV4 needs a region name; RGW accepts the signature whatever the zonegroup's name.
SIGNING_REGION = "us-east-1"
_KEY_ALPHABET = string.ascii_uppercase + string.digits


def new_access_key(prefix: str) -> AccessKey:
    """20 characters starting with the prefix's letters (like AWS's ``AKIA…``), and a 40-char
    secret from ``secrets``."""
    head = re.sub(r"[^A-Z0-9]", "", prefix.upper())[:4] or "PCS"
    body = "".join(secrets.choice(_KEY_ALPHABET) for _ in range(20 - len(head)))
    return AccessKey(head + body, secrets.token_urlsafe(30)[:40])


@lru_cache(maxsize=4)
def _admin_keys_from_secrets_manager(arn: str) -> tuple[str, str]:
    raw = client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"]
    try:
        value = json.loads(raw)
        return str(value["accessKey"]), str(value["secretKey"])
    except (ValueError, KeyError, TypeError):
        raise ConfigurationError(
            "The secret RGW_ADMIN_SECRET_ARN names must be a JSON object with accessKey and "
            "secretKey."
        ) from None


def admin_keys() -> tuple[str, str]:
    s = get_settings()
    if s.rgw_admin_access_key and s.rgw_admin_secret_key:
        return s.rgw_admin_access_key, s.rgw_admin_secret_key
    if s.rgw_admin_secret_arn:
        return _admin_keys_from_secrets_manager(s.rgw_admin_secret_arn)
    raise ConfigurationError(
        "STORAGE_BACKEND=rgw needs RGW_ADMIN_ACCESS_KEY and RGW_ADMIN_SECRET_KEY (or "
        "RGW_ADMIN_SECRET_ARN naming a Secrets Manager secret)."
    )


@lru_cache(maxsize=1)
def _pool() -> Any:
    import urllib3

    return urllib3.PoolManager(
        maxsize=16,
        retries=False,
        timeout=urllib3.Timeout(connect=5.0, read=30.0),
    )


class RgwBackend:
    """One RGW tenant and user per account, driven through the Admin Ops API."""

    def __init__(self, prefix: str, endpoint: str) -> None:
        if not endpoint:
            raise ConfigurationError(
                "STORAGE_BACKEND=rgw needs RGW_ENDPOINT (e.g. http://host:7480)."
            )
        self.prefix = prefix
        self.endpoint = endpoint.rstrip("/")

    # --- names ---------------------------------------------------------------------------

    def tenant(self, account_id: str) -> str:
        return re.sub(r"[^A-Za-z0-9_]", "", self.prefix) + account_id

    def user_name(self, account_id: str) -> str:
        return f"{self.prefix}-{account_id}"

    def uid(self, account_id: str) -> str:
        return f"{self.tenant(account_id)}${self.user_name(account_id)}"

    def root_access_key_id(self, account_id: str) -> str:
        """The root key's id; its secret is the account's root password."""
        return re.sub(r"[^A-Z0-9]", "", self.prefix.upper()) + account_id

    # --- the Admin Ops API ---------------------------------------------------------------

    def _request(
        self, method: str, path: str, doing: str, ignore: tuple[str, ...] = (), **params: Any
    ) -> Any:
        """One signed Admin Ops call; returns the parsed JSON body (None when empty or when the
        error code is in ``ignore``). Raises BackendUnavailable / BackendFailed otherwise."""
        import urllib3
        from botocore.auth import S3SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        query = urlencode(
            {k.replace("_", "-"): v for k, v in params.items() if v is not None}, quote_via=quote
        )
        url = f"{self.endpoint}/admin/{path}" + (f"?{query}" if query else "")
        access, secret = admin_keys()
        signed = AWSRequest(method=method, url=url, data=b"")
        S3SigV4Auth(Credentials(access, secret), "s3", SIGNING_REGION).add_auth(signed)
        try:
            response = _pool().request(method, url, headers=dict(signed.headers.items()), body=b"")
        except urllib3.exceptions.HTTPError:
            raise BackendUnavailable(
                f"The storage backend could not be reached ({doing}); nothing was changed. "
                "Try again in a minute."
            ) from None
        body = response.data
        if response.status < 300:
            return json.loads(body) if body.strip() else None
        try:
            code = str(json.loads(body).get("Code", ""))
        except (ValueError, AttributeError):
            code = ""
        if code in ignore:
            return None
        if response.status >= 500 or response.status == 429 or code == "SlowDown":
            raise BackendUnavailable(
                f"The storage backend is busy or unavailable ({doing}); nothing was changed. "
                "Try again in a minute."
            )
        raise BackendFailed(
            f"The storage backend refused to {doing} ({code or response.status}); "
            "nothing was changed."
        )

    # --- the port ------------------------------------------------------------------------

    def provision(self, account_id: str, password: str) -> None:
        doing = "create the storage account"
        created = self._request(
            "PUT",
            "user",
            doing,
            ignore=("UserAlreadyExists",),
            uid=self.uid(account_id),
            display_name=f"Storage account {account_id}",
            access_key=self.root_access_key_id(account_id),
            secret_key=password,
        )
        if created is None:  # provisioned before (a retried saga): make the password current
            self._set_root_key(account_id, password, doing)

    def _set_root_key(self, account_id: str, password: str, doing: str) -> None:
        self._request(
            "PUT",
            "user",
            doing,
            key="",
            uid=self.uid(account_id),
            access_key=self.root_access_key_id(account_id),
            secret_key=password,
        )

    def set_password(self, account_id: str, password: str) -> None:
        self._set_root_key(account_id, password, "set the password")

    def set_quota(self, account_id: str, quota_bytes: int, hard: bool) -> None:
        """RGW's user quota at ``quota_bytes``, enabled when hard; an enabled quota is checked
        against the user's stats, so they are synced from the buckets' (current) stats at once."""
        self._request(
            "PUT",
            "user",
            "set the quota",
            quota="",
            uid=self.uid(account_id),
            quota_type="user",
            max_size=int(quota_bytes),
            max_objects=-1,
            enabled="true" if hard else "false",
        )
        if hard:
            self._sync_stats(account_id, "set the quota")

    def _sync_stats(self, account_id: str, doing: str) -> None:
        """``GET /admin/user?stats&sync``: the user's totals recomputed from its buckets' stats,
        which the quota check reads (RGW otherwise refreshes them every few minutes)."""
        self._request("GET", "user", doing, uid=self.uid(account_id), stats="true", sync="true")

    def quota(self, account_id: str) -> dict[str, Any]:
        """The user quota as RGW holds it (``enabled``, ``max_size`` in bytes, …)."""
        return self._request(
            "GET", "user", "read the quota", quota="", uid=self.uid(account_id), quota_type="user"
        )

    def _op_mask(self, account_id: str, mask: str, doing: str) -> None:
        self._request("POST", "user", doing, uid=self.uid(account_id), op_mask=mask)

    def suspend(self, account_id: str) -> None:
        self._op_mask(account_id, READ_ONLY, "suspend the storage account")

    def restore(self, account_id: str) -> None:
        self._op_mask(account_id, FULL_ACCESS, "restore the storage account")

    def set_over_quota(self, account_id: str, over: bool) -> None:
        """No rule to attach: the enabled user quota already refuses every write that adds data
        while the account is over it. Going over, the user's totals are synced so the engine
        refuses from now on, not from its next refresh."""
        if over:
            self._sync_stats(account_id, "apply the hard quota")

    def purge(self, account_id: str) -> None:
        self._request(
            "DELETE",
            "user",
            "purge the storage account",
            ignore=("NoSuchUser",),
            uid=self.uid(account_id),
            purge_data="true",
        )

    def measure(self, account_id: str) -> int:
        buckets = self._request(
            "GET",
            "bucket",
            "measure the storage account",
            ignore=("NoSuchUser",),
            uid=self.uid(account_id),
            stats="true",
        )
        total = 0
        for bucket in buckets or []:
            usage = bucket.get("usage", {}) if isinstance(bucket, dict) else {}
            total += int(usage.get("rgw.main", {}).get("size", 0))
        return total

    # --- access keys ---------------------------------------------------------------------

    def create_access_key(self, account_id: str) -> AccessKey:
        key = new_access_key(self.prefix)
        self._request(
            "PUT",
            "user",
            "create the access key",
            key="",
            uid=self.uid(account_id),
            access_key=key.access_key_id,
            secret_key=key.secret_access_key,
        )
        return key

    def delete_access_key(self, account_id: str, access_key_id: str) -> None:
        self._request(
            "DELETE",
            "user",
            "revoke the access key",
            ignore=("InvalidAccessKeyId", "NoSuchUser", "NoSuchKey"),
            key="",
            uid=self.uid(account_id),
            access_key=access_key_id,
        )

    def access_keys(self, account_id: str) -> list[str]:
        """The ids of the account's access keys (not its root key)."""
        info = self._request(
            "GET", "user", "list the access keys", ignore=("NoSuchUser",), uid=self.uid(account_id)
        )
        root = self.root_access_key_id(account_id)
        return sorted(
            k["access_key"] for k in (info or {}).get("keys", []) if k.get("access_key") != root
        )
