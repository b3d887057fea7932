"""Storage accounts and the capacity counters they hold, each change one DynamoDB transaction.

Counters, kept in the same transaction as every change to an account's allocation:

* the partner's ``accounts_allocated_capacity`` and ``storage_account_count`` (every partner;
  pending deletions included until purged, so a partner with any account can't be deleted);
* for a direct channel partner's account (``counted_in_contract``), also its contract's
  ``allocated_capacity``.

Bounds, as conditions on the same write (the first attempt reuses the caller's reads; a failed
condition rebuilds from fresh reads, see ``run_transaction``):

* reserved partner: ``allocated_capacity = A`` and ``accounts_allocated_capacity <= A - delta``;
* pay-per-use partner: ``allocated_capacity = 0`` (nothing bounds the quota, but a concurrent
  switch to a reservation makes us re-check);
* direct channel partner: the contract's ``reserved_capacity = R`` and
  ``allocated_capacity <= R - delta`` (R = 0: pay-per-use, unbounded).

Backend changes are sagas (``chalicelib.services.storage_accounts``): the intent (``saga``,
``saga_queue``/``saga_at`` for the reconciler's index) is written in the same transaction as the
counters, and cleared by ``finish_saga`` once the backend confirmed it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from chalicelib import clock
from chalicelib.domain import capacity
from chalicelib.domain.events import ACCOUNT_CREATED
from chalicelib.domain.principal import Principal
from chalicelib.errors import Conflict, NotFound
from chalicelib.paging import Page, PageRequest
from chalicelib.store import audit, events
from chalicelib.store import contracts as contract_store
from chalicelib.store.base import Tx, not_found_on_failure, run_transaction
from chalicelib.store.models import (
    AccountIdClaimItem,
    ContractItem,
    OrganizationItem,
    StorageAccountItem,
)
from chalicelib.store.scoped import get_in_scope, get_unscoped, query_page

SAGA_QUEUE = "saga"
PURGE_QUEUE = "pending"
WHAT = "Storage account"

# Saga names: what the backend has been asked to do and not yet confirmed.
PROVISIONING = "provisioning"
QUOTA = "quota"
SUSPENDING = "suspending"
RESTORING = "restoring"
PURGING = "purging"


class IdTaken(Exception):
    """The random clientAccountId was claimed before; draw another."""


def snapshot(account: StorageAccountItem) -> dict[str, Any]:
    return {
        "name": account.name,
        "partnerId": account.partner_id,
        "contactEmail": account.contact_email,
        "allocatedCapacity": int(account.allocated_capacity),
        "allowOverdraft": bool(account.allow_overdraft),
        "status": account.status,
        "pendingDeletedAt": account.pending_deleted_at,
    }


def _event(tx: Tx, principal: Principal, action: str, account: StorageAccountItem, **snap) -> Tx:
    return audit.audited(
        tx,
        principal,
        action,
        target_type="storage_account",
        target_id=account.id,
        path=account.path,
        **snap,
    )


def _busy(account_id: str) -> Conflict:
    return Conflict(
        f"Another change to storage account {account_id} is still being applied at the storage "
        "backend; try again in a minute.",
        code="change_in_progress",
    )


def _first_then_fresh(first: Any, reload: Any) -> Iterator[Any]:
    yield first
    while True:
        yield reload()


# --- reads -----------------------------------------------------------------------------------


def get(principal: Principal, account_id: str) -> StorageAccountItem:
    if not account_id.isdigit():
        raise NotFound.of(WHAT, account_id)
    return get_in_scope(StorageAccountItem, account_id, principal, WHAT)


def reload(account_id: str) -> StorageAccountItem:
    account = get_unscoped(StorageAccountItem, account_id)
    if account is None:
        raise NotFound.of(WHAT, account_id)
    return account


def _reload_partner(partner_id: str) -> OrganizationItem:
    partner = get_unscoped(OrganizationItem, partner_id)
    if partner is None:
        raise NotFound.of("Partner", partner_id)
    return partner


def list_for_partner(partner_id: str, page: PageRequest) -> Page[StorageAccountItem]:
    """``partner_id`` must come from a scoped read of the partner."""
    return query_page(StorageAccountItem.by_partner.query, partner_id, page)


def direct_contract(partner: OrganizationItem) -> ContractItem:
    """The contract a direct channel partner's accounts draw on: its newest contract that has
    not ended (one Query on the contracts' organization index, newest first)."""
    today = clock.now().date().isoformat()
    for contract in ContractItem.by_organization.query(
        partner.id, scan_index_forward=False, page_size=20
    ):
        if contract.end_date >= today:
            return contract
    raise Conflict(
        f"Partner '{partner.name}' has no running contract to draw storage capacity from.",
        code="no_contract",
    )


def stale_sagas(before: str, page: PageRequest) -> Page[StorageAccountItem]:
    """Accounts whose backend change was recorded at or before ``before`` and never confirmed."""
    return query_page(
        StorageAccountItem.with_saga.query,
        SAGA_QUEUE,
        page,
        range_key_condition=StorageAccountItem.saga_at <= before,
    )


def due_for_purge(now: str, page: PageRequest) -> Page[StorageAccountItem]:
    return query_page(
        StorageAccountItem.due_for_purge.query,
        PURGE_QUEUE,
        page,
        range_key_condition=StorageAccountItem.pending_deleted_at <= now,
    )


# --- counters and bounds ---------------------------------------------------------------------


def _saga_actions(saga: str | None, now: str) -> list:
    if saga is None:
        return [
            StorageAccountItem.saga.remove(),
            StorageAccountItem.saga_queue.remove(),
            StorageAccountItem.saga_at.remove(),
        ]
    return [
        StorageAccountItem.saga.set(saga),
        StorageAccountItem.saga_queue.set(SAGA_QUEUE),
        StorageAccountItem.saga_at.set(now),
    ]


def _hold(
    tx: Tx,
    partner: OrganizationItem,
    contract: ContractItem | None,
    delta: int,
    count: int,
    now: str,
) -> None:
    """Add ``delta`` bytes and ``count`` accounts to the counters, with the bound as condition
    (checked here first, so a change that doesn't fit is a 409 that says what remains)."""
    held = int(partner.accounts_allocated_capacity)
    partner_actions = [OrganizationItem.accounts_allocated_capacity.add(delta)]
    if count:
        partner_actions.append(OrganizationItem.storage_account_count.add(count))
    condition = OrganizationItem.id.exists()
    if contract is None and delta > 0:
        limit = int(partner.allocated_capacity)
        capacity.check_account_allocation(f"Partner '{partner.name}'", limit, held, delta)
        condition = OrganizationItem.allocated_capacity == limit
        if limit:
            condition &= OrganizationItem.accounts_allocated_capacity <= limit - delta
    tx.update("partner", OrganizationItem(id=partner.id), partner_actions, condition=condition)
    if contract is None or not delta:
        return
    contract_actions = [
        ContractItem.allocated_capacity.add(delta),
        ContractItem.updated_at.set(now),
    ]
    contract_condition = ContractItem.id.exists()
    if delta > 0:
        reserved = int(contract.reserved_capacity)
        capacity.check_account_allocation(
            f"Contract '{contract.details}'", reserved, int(contract.allocated_capacity), delta
        )
        contract_condition = ContractItem.reserved_capacity == reserved
        if reserved:
            contract_condition &= ContractItem.allocated_capacity <= reserved - delta
    tx.update(
        "contract", ContractItem(id=contract.id), contract_actions, condition=contract_condition
    )


def _contract_of(account: StorageAccountItem, fresh: bool) -> ContractItem | None:
    if not account.counted_in_contract or not account.contract_id:
        return None
    return (
        contract_store.reload(account.contract_id)
        if fresh
        else ContractItem(id=account.contract_id)
    )


# --- create ----------------------------------------------------------------------------------


def begin_create(
    principal: Principal,
    partner: OrganizationItem,
    contract: ContractItem | None,
    account: StorageAccountItem,
) -> StorageAccountItem:
    """Claim the id, save the account with the ``provisioning`` saga and hold its allocation."""
    partners = _first_then_fresh(partner, lambda: _reload_partner(partner.id))
    contracts = _first_then_fresh(contract, lambda: contract and contract_store.reload(contract.id))
    allocation = int(account.allocated_capacity)

    def build() -> Tx:
        current, current_contract = next(partners), next(contracts)
        now = clock.iso(clock.now())
        account.saga, account.saga_queue, account.saga_at = PROVISIONING, SAGA_QUEUE, now
        tx = (
            Tx()
            .save(
                "claim",
                AccountIdClaimItem(id=f"claim#{account.id}", claimed_at=now),
                condition=AccountIdClaimItem.id.does_not_exist(),
            )
            .save("account", account, condition=StorageAccountItem.id.does_not_exist())
        )
        _hold(tx, current, current_contract, allocation, 1, now)
        return _event(tx, principal, "storage_account.create", account, after=snapshot(account))

    def failed(_tx: Tx, names: set[str]) -> None:
        if names & {"claim", "account"}:
            raise IdTaken(account.id)
        return None

    run_transaction(build, failed)
    return account


def undo_create(principal: Principal, account: StorageAccountItem, reason: str) -> bool:
    """Roll back a provisioning the backend did not confirm: delete the record and release its
    allocation (the id stays claimed). False when the saga was already settled."""
    now = clock.iso(clock.now())
    tx = Tx().delete("account", account, condition=StorageAccountItem.saga == PROVISIONING)
    partner = OrganizationItem(id=account.partner_id, accounts_allocated_capacity=0)
    _hold(tx, partner, _contract_of(account, False), -int(account.allocated_capacity), -1, now)
    _event(
        tx,
        principal,
        "storage_account.create_rolled_back",
        account,
        before={**snapshot(account), "reason": reason},
    )
    return _run_once(tx)


def _run_once(tx: Tx) -> bool:
    outcome = run_transaction(lambda: tx, lambda _tx, _names: False)
    return outcome is None


def finish_saga(account: StorageAccountItem, saga: str) -> bool:
    """The backend confirmed ``saga``: clear it (only if it is still the one in flight). A
    confirmed provisioning announces ``storage_account.created`` in the same transaction."""
    now = clock.iso(clock.now())
    tx = Tx().update(
        "account",
        account,
        [*_saga_actions(None, now), StorageAccountItem.updated_at.set(now)],
        condition=StorageAccountItem.saga == saga,
    )
    if saga == PROVISIONING:
        events.emit(
            tx, ACCOUNT_CREATED, account.path, {"clientAccountId": account.id, **snapshot(account)}
        )
    done = _run_once(tx)
    if done:
        account.saga = account.saga_queue = account.saga_at = None
    return done


# --- update ----------------------------------------------------------------------------------


def update(
    principal: Principal,
    first: StorageAccountItem,
    partner: OrganizationItem,
    *,
    name: str | None,
    allocation: int | None,
    allow_overdraft: bool | None,
    expect_saga: str | None = None,
) -> tuple[StorageAccountItem, bool]:
    """Rename, re-allocate and/or switch overdraft. A change of quota (allocation or overdraft)
    records the ``quota`` saga; returns the account and whether the backend must be told.
    ``expect_saga`` is for compensating a failed ``quota`` saga (it clears it)."""
    accounts = _first_then_fresh(first, lambda: reload(first.id))
    partners = _first_then_fresh(partner, lambda: _reload_partner(partner.id))
    result: dict[str, Any] = {}

    def build() -> Tx:
        account, current_partner = next(accounts), next(partners)
        if expect_saga is None and account.saga:
            raise _busy(account.id)
        before = snapshot(account)
        old = int(account.allocated_capacity)
        new = old if allocation is None else allocation
        overdraft = bool(account.allow_overdraft) if allow_overdraft is None else allow_overdraft
        quota_changed = new != old or overdraft != bool(account.allow_overdraft)
        now = clock.iso(clock.now())
        actions = [StorageAccountItem.updated_at.set(now)]
        if name is not None:
            actions.append(StorageAccountItem.name.set(name))
        if new != old:
            actions.append(StorageAccountItem.allocated_capacity.set(new))
        if allow_overdraft is not None:
            actions.append(StorageAccountItem.allow_overdraft.set(allow_overdraft))
        saga = None if expect_saga else (QUOTA if quota_changed else None)
        if expect_saga or saga:
            actions += _saga_actions(saga, now)
        condition = StorageAccountItem.allocated_capacity == old
        condition &= (
            StorageAccountItem.saga == expect_saga
            if expect_saga
            else StorageAccountItem.saga.does_not_exist()
        )
        tx = Tx().update("account", account, actions, condition=condition)
        if new != old:
            contract = _contract_of(account, fresh=new > old)
            _hold(tx, current_partner, contract, new - old, 0, now)
        account.name = name if name is not None else account.name
        account.allocated_capacity, account.allow_overdraft = new, overdraft
        account.updated_at = now
        account.saga = saga
        result.update(account=account, backend=bool(saga))
        return _event(
            tx, principal, "storage_account.update", account, before=before, after=snapshot(account)
        )

    run_transaction(build, lambda _tx, _names: None)
    return result["account"], result["backend"]


# --- deletion, restore, purge ----------------------------------------------------------------


def schedule_deletion(
    principal: Principal, first: StorageAccountItem, due: str
) -> StorageAccountItem | None:
    """Mark the account pending deletion (``suspending`` saga). None when it already is."""
    accounts = _first_then_fresh(first, lambda: reload(first.id))
    result: dict[str, StorageAccountItem | None] = {}

    def build() -> Tx | None:
        account = next(accounts)
        if account.status == "pending_deletion" and not account.saga:
            result["account"] = None
            return None
        if account.saga:
            raise _busy(account.id)
        before = snapshot(account)
        now = clock.iso(clock.now())
        actions = [
            StorageAccountItem.status.set("pending_deletion"),
            StorageAccountItem.pending_deleted_at.set(due),
            StorageAccountItem.purge_queue.set(PURGE_QUEUE),
            StorageAccountItem.updated_at.set(now),
            *_saga_actions(SUSPENDING, now),
        ]
        condition = (StorageAccountItem.status == account.status) & (
            StorageAccountItem.saga.does_not_exist()
        )
        account.status, account.pending_deleted_at, account.saga = (
            "pending_deletion",
            due,
            SUSPENDING,
        )
        account.purge_queue, account.updated_at = PURGE_QUEUE, now
        result["account"] = account
        tx = Tx().update("account", account, actions, condition=condition)
        return _event(
            tx, principal, "storage_account.delete", account, before=before, after=snapshot(account)
        )

    run_transaction(build, lambda _tx, _names: None)
    return result["account"]


def undo_schedule_deletion(principal: Principal, account: StorageAccountItem, status: str) -> bool:
    now = clock.iso(clock.now())
    tx = Tx().update(
        "account",
        account,
        [
            StorageAccountItem.status.set(status),
            StorageAccountItem.pending_deleted_at.remove(),
            StorageAccountItem.purge_queue.remove(),
            StorageAccountItem.updated_at.set(now),
            *_saga_actions(None, now),
        ],
        condition=StorageAccountItem.saga == SUSPENDING,
    )
    before = snapshot(account)
    account.status, account.pending_deleted_at, account.saga = status, None, None
    _event(tx, principal, "storage_account.delete_rolled_back", account, before=before)
    return _run_once(tx)


def restore(
    principal: Principal, first: StorageAccountItem
) -> tuple[StorageAccountItem | None, str | None]:
    """Cancel a pending deletion before it is due (``restoring`` saga). Returns the account and
    the deletion time it had (for a compensation); (None, None) when it was not pending."""
    accounts = _first_then_fresh(first, lambda: reload(first.id))
    result: dict[str, Any] = {"account": None, "due": None}

    def build() -> Tx | None:
        account = next(accounts)
        if account.status != "pending_deletion":
            result["account"] = None
            return None
        if account.saga:
            raise _busy(account.id)
        now = clock.iso(clock.now())
        if account.pending_deleted_at <= now:
            raise Conflict(
                f"Storage account {account.id} was due for deletion at "
                f"{account.pending_deleted_at}; it can no longer be restored.",
                code="deletion_due",
            )
        before = snapshot(account)
        due = account.pending_deleted_at
        actions = [
            StorageAccountItem.status.set("active"),
            StorageAccountItem.pending_deleted_at.remove(),
            StorageAccountItem.purge_queue.remove(),
            StorageAccountItem.updated_at.set(now),
            *_saga_actions(RESTORING, now),
        ]
        condition = (
            (StorageAccountItem.status == "pending_deletion")
            & (StorageAccountItem.pending_deleted_at == due)
            & StorageAccountItem.saga.does_not_exist()
        )
        account.status, account.pending_deleted_at, account.purge_queue = "active", None, None
        account.saga, account.updated_at = RESTORING, now
        result["account"] = account
        result["due"] = due
        tx = Tx().update("account", account, actions, condition=condition)
        return _event(
            tx,
            principal,
            "storage_account.restore",
            account,
            before=before,
            after=snapshot(account),
        )

    run_transaction(build, lambda _tx, _names: None)
    return result["account"], result["due"]


def undo_restore(principal: Principal, account: StorageAccountItem, due: str) -> bool:
    now = clock.iso(clock.now())
    tx = Tx().update(
        "account",
        account,
        [
            StorageAccountItem.status.set("pending_deletion"),
            StorageAccountItem.pending_deleted_at.set(due),
            StorageAccountItem.purge_queue.set(PURGE_QUEUE),
            StorageAccountItem.updated_at.set(now),
            *_saga_actions(None, now),
        ],
        condition=StorageAccountItem.saga == RESTORING,
    )
    before = snapshot(account)
    account.status, account.pending_deleted_at, account.saga = "pending_deletion", due, None
    _event(tx, principal, "storage_account.restore_rolled_back", account, before=before)
    return _run_once(tx)


def begin_purge(account: StorageAccountItem) -> bool:
    """Record the ``purging`` saga on a due account; False when it is no longer due or busy."""
    now = clock.iso(clock.now())
    tx = Tx().update(
        "account",
        account,
        [*_saga_actions(PURGING, now), StorageAccountItem.updated_at.set(now)],
        condition=(StorageAccountItem.status == "pending_deletion")
        & (StorageAccountItem.pending_deleted_at <= now)
        & StorageAccountItem.saga.does_not_exist(),
    )
    started = _run_once(tx)
    if started:
        account.saga = PURGING
    return started


def finish_purge(principal: Principal, account: StorageAccountItem) -> bool:
    """The backend removed the account: delete the record and release its allocation."""
    now = clock.iso(clock.now())
    tx = Tx().delete("account", account, condition=StorageAccountItem.saga == PURGING)
    partner = OrganizationItem(id=account.partner_id, accounts_allocated_capacity=0)
    _hold(tx, partner, _contract_of(account, False), -int(account.allocated_capacity), -1, now)
    _event(tx, principal, "storage_account.purge", account, before=snapshot(account))
    return _run_once(tx)


def abandon_saga(account: StorageAccountItem, saga: str) -> bool:
    """Forget an intent the backend refused where nothing needs undoing (a purge that failed
    stays pending and is tried again on the next run)."""
    return finish_saga(account, saga)


def record(principal: Principal, action: str, account: StorageAccountItem) -> None:
    """An audit event for a change made only at the backend (a new password)."""
    tx = Tx().check("account", StorageAccountItem, account.id, StorageAccountItem.id.exists())
    _event(tx, principal, action, account, after={"clientAccountId": account.id})
    run_transaction(lambda: tx, not_found_on_failure(WHAT, account.id))


def follow_partner_contract(partner_id: str, contract_id: str) -> int:
    """After a partner's transfer, point its accounts' ``contract_id`` at the new contract (the
    usage roll-ups read it). One conditional update per account, not one transaction: a crash
    half-way leaves some on the old contract, and repeating the transfer's follow-up fixes it.
    Returns how many changed."""
    from pynamodb.exceptions import UpdateError

    from chalicelib.store.scoped import every_item

    changed = 0
    for account in every_item(StorageAccountItem.by_partner.query, partner_id):
        if account.contract_id == contract_id or account.counted_in_contract:
            continue
        try:
            account.update(
                actions=[StorageAccountItem.contract_id.set(contract_id)],
                condition=StorageAccountItem.partner_id == partner_id,
            )
            changed += 1
        except UpdateError:  # purged meanwhile
            continue
    return changed
