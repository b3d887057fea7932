"""Storage-account access keys on the account's record (``access_keys``: id -> createdAt).

Creating or revoking a key is a saga, like every backend change (see
``chalicelib.services.access_keys``): one conditional write records the intent
(``key_creating``, or ``key_revoking`` with ``saga_key``) on the account, under the account's
saga lock (no other change in flight) and, for a new key, the rules of
``domain.access_keys`` as conditions (fewer than two keys, account active); the backend is
called; one transaction records the outcome with its audit event and clears the intent.
"""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import UpdateError
from pynamodb.expressions.condition import size

from chalicelib import clock
from chalicelib.domain.access_keys import MAX_ACCESS_KEYS
from chalicelib.domain.account_status import AccountStatus
from chalicelib.domain.principal import Principal
from chalicelib.errors import Conflict, NotFound
from chalicelib.store import audit
from chalicelib.store.base import Tx, run_transaction
from chalicelib.store.models import StorageAccountItem

CREATING = "key_creating"
REVOKING = "key_revoking"
SAGAS = (CREATING, REVOKING)
SAGA_QUEUE = "saga"  # the same sparse saga-index the reconciler reads
WHAT = "Access key"


def keys_of(account: StorageAccountItem) -> dict[str, str]:
    return dict(account.access_keys.as_dict()) if account.access_keys else {}


def _changed_underneath(account_id: str) -> Conflict:
    return Conflict(
        f"Storage account {account_id} changed while its access keys were being changed; "
        "nothing was changed. Try again.",
        code="change_in_progress",
    )


def _intent(saga: str, now: str, key_id: str | None) -> list:
    actions = [
        StorageAccountItem.saga.set(saga),
        StorageAccountItem.saga_queue.set(SAGA_QUEUE),
        StorageAccountItem.saga_at.set(now),
        StorageAccountItem.access_keys.set(StorageAccountItem.access_keys | {}),
    ]
    if key_id is not None:
        actions.append(StorageAccountItem.saga_key.set(key_id))
    return actions


def _cleared(now: str) -> list:
    return [
        StorageAccountItem.saga.remove(),
        StorageAccountItem.saga_queue.remove(),
        StorageAccountItem.saga_at.remove(),
        StorageAccountItem.saga_key.remove(),
        StorageAccountItem.updated_at.set(now),
    ]


def begin_create(account: StorageAccountItem) -> bool:
    """Record ``key_creating`` if the account is active, has fewer than two keys and no other
    change in flight. False when one of those no longer holds (the caller re-reads to say
    which)."""
    now = clock.iso(clock.now())
    condition = (
        StorageAccountItem.id.exists()
        & StorageAccountItem.saga.does_not_exist()
        & (StorageAccountItem.status == str(AccountStatus.ACTIVE))
        & (
            StorageAccountItem.access_keys.does_not_exist()
            | (size(StorageAccountItem.access_keys) < MAX_ACCESS_KEYS)
        )
    )
    try:
        account.update(actions=_intent(CREATING, now, None), condition=condition)
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def begin_revoke(account: StorageAccountItem, key_id: str) -> bool:
    """Record ``key_revoking`` for ``key_id`` if the account holds it and nothing else is in
    flight. False otherwise."""
    now = clock.iso(clock.now())
    condition = (
        StorageAccountItem.saga.does_not_exist() & StorageAccountItem.access_keys[key_id].exists()
    )
    try:
        account.update(actions=_intent(REVOKING, now, key_id), condition=condition)
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def _snapshot(account: StorageAccountItem, key_id: str) -> dict[str, Any]:
    return {"clientAccountId": account.id, "accessKeyId": key_id}


def finish_create(principal: Principal, account: StorageAccountItem, key_id: str) -> str:
    """The backend made ``key_id``: record it, audited, and clear the intent. Returns its
    createdAt."""
    now = clock.iso(clock.now())

    def build() -> Tx:
        tx = Tx().update(
            "account",
            account,
            [StorageAccountItem.access_keys[key_id].set(now), *_cleared(now)],
            condition=StorageAccountItem.saga == CREATING,
        )
        return audit.audited(
            tx,
            principal,
            "storage_account.access_key.create",
            target_type="storage_account",
            target_id=account.id,
            path=account.path,
            after=_snapshot(account, key_id),
        )

    def failed(_tx: Tx, _names: set[str]) -> None:
        raise _changed_underneath(account.id)

    run_transaction(build, failed)
    return now


def finish_revoke(principal: Principal, account: StorageAccountItem, key_id: str) -> None:
    """The backend revoked ``key_id``: forget it, audited, and clear the intent."""
    now = clock.iso(clock.now())

    def build() -> Tx:
        tx = Tx().update(
            "account",
            account,
            [StorageAccountItem.access_keys[key_id].remove(), *_cleared(now)],
            condition=(StorageAccountItem.saga == REVOKING)
            & (StorageAccountItem.saga_key == key_id),
        )
        return audit.audited(
            tx,
            principal,
            "storage_account.access_key.delete",
            target_type="storage_account",
            target_id=account.id,
            path=account.path,
            before=_snapshot(account, key_id),
        )

    def failed(_tx: Tx, _names: set[str]) -> None:
        return True  # already settled by someone else: nothing left to do

    run_transaction(build, failed)


def abandon(account: StorageAccountItem, saga: str) -> bool:
    """Clear an access-key intent that changed nothing we keep (a failed or rolled-back
    creation, a revocation the backend refused). False when it was no longer recorded."""
    now = clock.iso(clock.now())
    try:
        account.update(actions=_cleared(now), condition=StorageAccountItem.saga == saga)
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def require_key(account: StorageAccountItem, key_id: str) -> None:
    if key_id not in keys_of(account):
        raise NotFound.of(WHAT, key_id)
