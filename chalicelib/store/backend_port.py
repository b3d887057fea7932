"""The storage backend port: what every implementation offers (``StorageBackend``; described in
``backend.py`` and docs/storage-backends.md) and the key pair it hands out. Below both
implementations (``backend.S3IamBackend``, ``rgw.RgwBackend``) and the choice between them
(``backend.get_backend``), so none of them imports another in a circle."""

from __future__ import annotations

from typing import Protocol


class AccessKey:
    """A new S3 key pair; the secret exists only in this object, on its way to the caller."""

    __slots__ = ("access_key_id", "secret_access_key")

    def __init__(self, access_key_id: str, secret_access_key: str) -> None:
        self.access_key_id = access_key_id
        self.secret_access_key = secret_access_key

    def __repr__(self) -> str:  # never print the secret
        return f"AccessKey({self.access_key_id!r}, secret_access_key=…)"


class StorageBackend(Protocol):
    """The port every storage backend implements (see docs/storage-backends.md). Every method
    is safe to repeat; failures raise ``BackendFailed`` (502) or ``BackendUnavailable`` (503)."""

    def provision(self, account_id: str, password: str) -> None: ...
    def set_password(self, account_id: str, password: str) -> None: ...
    def set_quota(self, account_id: str, quota_bytes: int, hard: bool) -> None: ...
    def suspend(self, account_id: str) -> None: ...
    def restore(self, account_id: str) -> None: ...
    def set_over_quota(self, account_id: str, over: bool) -> None: ...
    def purge(self, account_id: str) -> None: ...
    def measure(self, account_id: str) -> int: ...
    def create_access_key(self, account_id: str) -> AccessKey: ...
    def delete_access_key(self, account_id: str, access_key_id: str) -> None: ...
    def access_keys(self, account_id: str) -> list[str]: ...
