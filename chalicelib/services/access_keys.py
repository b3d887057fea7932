"""Storage-account access keys: the customer's S3 keys, made and revoked at the storage backend.

Both are sagas (see ``chalicelib.services.storage_accounts``):

* create: record ``key_creating`` on the account (the rules of ``domain.access_keys`` are its
  conditions) → ``backend.create_access_key`` → record the key id with its audit event and clear
  the intent. The secret goes back to the caller once and is never stored. If the backend fails,
  or the process dies, whatever key the backend made that is not recorded is revoked (its secret
  is lost) and the intent cleared, by the request itself or by the reconciler.
* revoke: record ``key_revoking`` for the key → ``backend.delete_access_key`` (at once) → forget
  it with its audit event. A crash is completed by the reconciler (revoking is repeatable).
"""

from __future__ import annotations

from chalicelib.domain.access_keys import page_after, refusal_to_create
from chalicelib.domain.account_status import AccountStatus
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action
from chalicelib.errors import BackendFailed, Conflict
from chalicelib.observability import log_exception
from chalicelib.paging import Page, PageRequest
from chalicelib.settings import get_settings
from chalicelib.store import access_keys as store
from chalicelib.store import backend as backends
from chalicelib.store import storage_accounts as account_store
from chalicelib.store.models import StorageAccountItem


class KeyOut:
    """What the API shows of a key: its id and creation time (the secret only on creation)."""

    __slots__ = ("access_key_id", "created_at", "secret_access_key")

    def __init__(self, access_key_id: str, created_at: str, secret: str | None = None) -> None:
        self.access_key_id = access_key_id
        self.created_at = created_at
        self.secret_access_key = secret


def list_keys(
    principal: Principal, partner_id: str | None, account_id: str, page: PageRequest
) -> Page[KeyOut]:
    principal.require(Action.VIEW)
    account = account_store.get_of_partner(principal, partner_id, account_id)
    after = (page.start_key or {}).get("accessKeyId")
    chosen, resume = page_after(store.keys_of(account), after, page.limit)
    return Page(
        [KeyOut(key_id, created) for key_id, created in chosen],
        {"accessKeyId": resume} if resume else None,
    )


def _refuse(account: StorageAccountItem) -> None:
    """Why ``begin_create`` refused, from a fresh read."""
    fresh = account_store.reload(account.id)
    if fresh.saga:
        raise Conflict(
            f"Another change to storage account {account.id} is still being applied at the "
            "storage backend; try again in a minute.",
            code="change_in_progress",
        )
    refusal = refusal_to_create(len(store.keys_of(fresh)), fresh.status, fresh.id)
    code = "access_key_limit" if fresh.status == AccountStatus.ACTIVE else "account_not_active"
    raise Conflict(refusal or "The access key could not be created; try again.", code=code)


def create_key(principal: Principal, partner_id: str | None, account_id: str) -> KeyOut:
    account = account_store.get_of_partner(principal, partner_id, account_id)
    principal.require(Action.MANAGE_RESOURCES)
    refusal = refusal_to_create(len(store.keys_of(account)), account.status, account.id)
    if refusal is not None:
        _refuse(account)
    if not store.begin_create(account):
        _refuse(account)
    try:
        made = backends.get_backend().create_access_key(account.id)
    except BackendFailed:
        try:
            _roll_back_creation(account)
        except Exception:  # the reconciler finishes what this could not
            log_exception("access-key compensation failed; left to the reconciler")
        raise
    created_at = store.finish_create(principal, account, made.access_key_id)
    return KeyOut(made.access_key_id, created_at, made.secret_access_key)


def _roll_back_creation(account: StorageAccountItem) -> None:
    """Revoke every key the backend has for the account that we did not record (a creation
    whose answer was lost), then clear the intent."""
    backend = backends.get_backend()
    recorded = set(store.keys_of(account_store.reload(account.id)))
    for key_id in backend.access_keys(account.id):
        if key_id not in recorded:
            backend.delete_access_key(account.id, key_id)
    store.abandon(account, store.CREATING)


def revoke_key(principal: Principal, partner_id: str | None, account_id: str, key_id: str) -> None:
    account = account_store.get_of_partner(principal, partner_id, account_id)
    principal.require(Action.MANAGE_RESOURCES)
    store.require_key(account, key_id)
    if not store.begin_revoke(account, key_id):
        fresh = account_store.reload(account.id)
        store.require_key(fresh, key_id)
        raise Conflict(
            f"Another change to storage account {account.id} is still being applied at the "
            "storage backend; try again in a minute.",
            code="change_in_progress",
        )
    try:
        backends.get_backend().delete_access_key(account.id, key_id)
    except BackendFailed:
        store.abandon(account, store.REVOKING)  # the key still works and is still listed
        raise
    store.finish_revoke(principal, account, key_id)


def settle(actor: Principal, account: StorageAccountItem) -> str:
    """The reconciler's step for a stale access-key saga: a creation is rolled back (its secret
    is gone), a revocation is completed."""
    if account.saga == store.CREATING:
        _roll_back_creation(account)
        return "rolled_back"
    key_id = account.saga_key or ""
    backends.get_backend().delete_access_key(account.id, key_id)
    store.finish_revoke(actor, account, key_id)
    return "completed"


def s3_endpoint() -> str | None:
    """The S3 endpoint customers connect to: the first region's ``s3_url`` (``REGIONS``)."""
    regions = get_settings().regions
    return regions[0].s3_url if regions else None
