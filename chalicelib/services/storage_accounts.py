"""A partner's storage accounts (the ten ICMC operations, the password route) and the two jobs
that keep them honest: the purge of due deletions and the saga reconciler.

Every change that touches the storage backend is a saga of three steps:

1. one transaction records the intent (``saga``) with the capacity counters and the audit event;
2. the backend is called (every backend method is idempotent);
3. the intent is cleared (``finish_saga``).

If the backend fails in step 2, the request compensates at once (one transaction that undoes
step 1) and answers 502/503; if the process dies between the steps, the reconciler finds the
intent on the sparse ``saga-index`` once it is older than ``SAGA_STALE_MINUTES`` and either
completes it (quota, suspend, restore, purge: repeat the backend call, then clear) or rolls it
back (provisioning: the password is gone, so ``purge`` whatever was made and release the
allocation).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from chalicelib import clock
from chalicelib.domain.account_status import AccountStatus, Saga
from chalicelib.domain.names import sort_key
from chalicelib.domain.passwords import require_storage_password
from chalicelib.domain.principal import Principal, system_principal
from chalicelib.domain.roles import Action, OrgType
from chalicelib.errors import AppError, BackendFailed, Forbidden, NotFound
from chalicelib.observability import log_exception
from chalicelib.paging import Page, PageRequest, drain
from chalicelib.services import access_keys, partner_sagas, usage_times
from chalicelib.settings import get_settings
from chalicelib.store import backend as backends
from chalicelib.store import organizations as orgs
from chalicelib.store import storage_accounts as store
from chalicelib.store.models import OrganizationItem, StorageAccountItem

ID_ATTEMPTS = 5


# --- whose accounts --------------------------------------------------------------------------


def own_partner(principal: Principal) -> OrganizationItem:
    """The partner a partner-side route (``/v1/storage-account…``) acts for: the caller's own."""
    if principal.org_type != OrgType.PARTNER:
        raise Forbidden(
            "The /v1/storage-account operations act for your own partner organization; as a "
            "distributor or the provider, use /v1/partner/{partnerID}/storage-accounts."
        )
    return orgs.get_partner(principal, principal.org_id)


def _partner(principal: Principal, partner_id: str | None) -> OrganizationItem:
    if partner_id is None:
        return own_partner(principal)
    return orgs.get_partner(principal, partner_id)


def _account(principal: Principal, partner_id: str | None, account_id: str) -> StorageAccountItem:
    return store.get_of_partner(principal, partner_id, account_id)


def _new_id() -> str:
    return f"{secrets.randbelow(10**12):012d}"


# --- reads -----------------------------------------------------------------------------------


def list_accounts(principal: Principal, partner_id: str | None, page: PageRequest) -> Page:
    principal.require(Action.VIEW)
    partner = _partner(principal, partner_id)
    found = store.list_for_partner(partner.id, page)
    found.items = usage_times.reported(found.items)
    return found


def accounts_by_name(
    principal: Principal, partner_id: str | None, page: PageRequest, *, descending: bool = False
) -> Page:
    """One page of the partner's accounts in name order (the console's table)."""
    principal.require(Action.VIEW)
    partner = _partner(principal, partner_id)
    found = store.by_name_for_partner(partner.id, page, descending=descending)
    found.items = usage_times.reported(found.items)
    return found


def name_position(account: StorageAccountItem) -> dict:
    """Where ``account`` stands in name order (a start key for either direction)."""
    return store.name_position(account)


def get_account(
    principal: Principal, partner_id: str | None, account_id: str
) -> StorageAccountItem:
    principal.require(Action.VIEW)
    return usage_times.reporter()(_account(principal, partner_id, account_id))


# --- create ----------------------------------------------------------------------------------


def create_account(
    principal: Principal,
    partner_id: str | None,
    *,
    name: str,
    allocation: int,
    allow_overdraft: bool,
    contact_email: str,
    password: str,
) -> StorageAccountItem:
    partner = _partner(principal, partner_id)
    principal.require(Action.MANAGE_RESOURCES)
    require_storage_password(password, field="clientAccount.password")
    contract = None if partner.contract_id else store.direct_contract(partner)
    now = clock.iso(clock.now())
    for _ in range(ID_ATTEMPTS):
        account = StorageAccountItem(
            id=_new_id(),
            partner_id=partner.id,
            path=partner.path,
            contract_id=partner.contract_id or contract.id,
            counted_in_contract=contract is not None,
            name=name,
            name_key=sort_key(name),
            contact_email=contact_email,
            allocated_capacity=allocation,
            allow_overdraft=allow_overdraft,
            status=str(AccountStatus.ACTIVE),
            created_at=now,
            updated_at=now,
        )
        try:
            store.begin_create(principal, partner, contract, account)
            break
        except store.IdTaken:
            continue
    else:  # pragma: no cover - 5 collisions in 10^12 ids
        raise AppError("Could not draw a free storage account id; try again.")
    backend = backends.get_backend()
    try:
        backend.provision(account.id, password)
        backend.set_quota(account.id, allocation, not allow_overdraft)
    except BackendFailed as failure:
        reason = failure.code
        _compensate(
            failure,
            lambda: _purge_quietly(account.id),
            lambda: store.undo_create(principal, account, reason),
        )
        raise
    store.finish_saga(account, Saga.PROVISIONING)
    return account


def _purge_quietly(account_id: str) -> None:
    """Remove whatever a failed provisioning left at the backend (best effort: if this fails
    too, the reconciler repeats it)."""
    backends.get_backend().purge(account_id)


def _compensate(failure: AppError, *steps: Any) -> None:
    """Undo a saga after the backend failed; any step that fails leaves the intent recorded
    for the reconciler (logged, never raised over the original failure)."""
    for step in steps:
        try:
            step()
        except Exception:  # the reconciler finishes what this could not
            log_exception("saga compensation failed; left to the reconciler", code=failure.code)
            return


# --- update, delete, restore -----------------------------------------------------------------


def update_account(
    principal: Principal,
    partner_id: str | None,
    account_id: str,
    *,
    restore: bool,
    name: str | None,
    allocation: int | None,
    allow_overdraft: bool | None,
) -> StorageAccountItem:
    """The PATCH: ``pendingDeletedAt: null`` restores; ``name``, ``allocatedCapacity`` and
    ``allowOverdraft`` (our extension) change the account. Answers it as reported."""
    account = _update(
        principal,
        partner_id,
        account_id,
        restore=restore,
        name=name,
        allocation=allocation,
        allow_overdraft=allow_overdraft,
    )
    return usage_times.reporter()(account)


def _update(
    principal: Principal,
    partner_id: str | None,
    account_id: str,
    *,
    restore: bool,
    name: str | None,
    allocation: int | None,
    allow_overdraft: bool | None,
) -> StorageAccountItem:
    account = _account(principal, partner_id, account_id)
    principal.require(Action.MANAGE_RESOURCES)
    if restore:
        account = _restore(principal, account)
    if name is None and allocation is None and allow_overdraft is None:
        return account
    partner = orgs.get(principal, account.partner_id, "Partner")
    old_allocation, old_overdraft = int(account.allocated_capacity), bool(account.allow_overdraft)
    old_name = account.name
    account, tell_backend = store.update(
        principal,
        account,
        partner,
        name=name,
        allocation=allocation,
        allow_overdraft=allow_overdraft,
    )
    if not tell_backend:
        return account
    try:
        backends.get_backend().set_quota(
            account.id, int(account.allocated_capacity), not account.allow_overdraft
        )
    except BackendFailed as failure:
        _compensate(
            failure,
            lambda: store.update(
                principal,
                account,
                orgs.get(principal, account.partner_id, "Partner"),
                name=None if name is None else old_name,
                allocation=old_allocation,
                allow_overdraft=old_overdraft,
                expect_saga=Saga.QUOTA,
            ),
        )
        raise
    store.finish_saga(account, Saga.QUOTA)
    return account


def _restore(principal: Principal, account: StorageAccountItem) -> StorageAccountItem:
    restored, due = store.restore(principal, account)
    if restored is None:
        return store.reload(account.id)
    try:
        backends.get_backend().restore(restored.id)
    except BackendFailed as failure:
        _compensate(failure, lambda: store.undo_restore(principal, restored, due))
        raise
    store.finish_saga(restored, Saga.RESTORING)
    return restored


def delete_account(principal: Principal, partner_id: str | None, account_id: str) -> None:
    """Schedule the deletion: pending for ``DELETION_GRACE_DAYS``, suspended at the backend."""
    account = _account(principal, partner_id, account_id)
    principal.require(Action.MANAGE_RESOURCES)
    status = account.status
    due = clock.iso(clock.now() + timedelta(days=get_settings().deletion_grace_days))
    pending = store.schedule_deletion(principal, account, due)
    if pending is None:
        return
    try:
        backends.get_backend().suspend(pending.id)
    except BackendFailed as failure:
        _compensate(failure, lambda: store.undo_schedule_deletion(principal, pending, status))
        raise
    store.finish_saga(pending, Saga.SUSPENDING)


def set_password(principal: Principal, account_id: str, password: str) -> None:
    account = store.get(principal, account_id)
    principal.require(Action.MANAGE_RESOURCES)
    require_storage_password(password)
    backends.get_backend().set_password(account.id, password)
    store.record(principal, "storage_account.password", account)


# --- jobs ------------------------------------------------------------------------------------


def purge_due(principal: Principal | None = None) -> dict[str, Any]:
    """The purge job: every account whose deletion is due is removed at the backend, then from
    our tables, releasing its allocation in the same transaction. Idempotent. On demand
    (``principal`` given): provider admins only."""
    if principal is not None:
        principal.require(Action.RUN_JOBS)
    actor = principal or system_principal("storage-account-purge")
    now = clock.iso(clock.now())
    summary: dict[str, Any] = {"due": 0, "purged": 0, "failed": 0, "skipped": 0, "accounts": []}
    for account in list(drain(lambda page: store.due_for_purge(now, page))):
        summary["due"] += 1
        if not store.begin_purge(account):
            summary["skipped"] += 1
            continue
        try:
            backends.get_backend().purge(account.id)
        except BackendFailed as failure:
            store.finish_saga(account, Saga.PURGING)  # stays pending: tried again next run
            summary["failed"] += 1
            summary["accounts"].append({"clientAccountId": account.id, "error": failure.message})
            continue
        store.finish_purge(actor, account)
        summary["purged"] += 1
        summary["accounts"].append({"clientAccountId": account.id, "outcome": "purged"})
    return summary


def _settle(actor: Principal, account: StorageAccountItem) -> str:
    """Complete or roll back one stale saga; returns what was done."""
    backend = backends.get_backend()
    try:
        current = store.reload(account.id)  # the index lags: act only on what is still true
    except NotFound:
        return "already_settled"
    if current.saga != account.saga or current.saga_at != account.saga_at:
        return "already_settled"
    account, saga = current, current.saga
    if saga and saga.startswith("key_"):  # an access-key saga
        return access_keys.settle(actor, account)
    if saga == Saga.PROVISIONING:
        backend.purge(account.id)
        store.undo_create(actor, account, "not confirmed by the storage backend")
        return "rolled_back"
    if saga == Saga.QUOTA:
        backend.set_quota(account.id, int(account.allocated_capacity), not account.allow_overdraft)
    elif saga == Saga.SUSPENDING:
        backend.suspend(account.id)
    elif saga == Saga.RESTORING:
        backend.restore(account.id)
    elif saga == Saga.PURGING:
        backend.purge(account.id)
        store.finish_purge(actor, account)
        return "completed"
    else:
        store.finish_saga(account, saga)
        return "cleared_unknown"
    store.finish_saga(account, saga)
    return "completed"


def reconcile(principal: Principal | None = None) -> dict[str, Any]:
    """The reconciler: settles every saga older than ``SAGA_STALE_MINUTES`` (a request that
    is still running is younger): the storage accounts' and the partners' (a deleted partner's
    people and keys, a transferred partner's accounts: ``services/partner_sagas.py``).
    Idempotent; a backend failure leaves the saga for next time.
    On demand (``principal`` given): provider admins only."""
    if principal is not None:
        principal.require(Action.RUN_JOBS)
    actor = principal or system_principal("storage-account-reconciler")
    stale = clock.now() - timedelta(minutes=get_settings().saga_stale_minutes)
    before = clock.iso(stale)
    summary: dict[str, Any] = {
        "examined": 0,
        "completed": 0,
        "rolledBack": 0,
        "failed": 0,
        "accounts": [],
    }
    for account in list(drain(lambda page: store.stale_sagas(before, page))):
        summary["examined"] += 1
        entry = {"clientAccountId": account.id, "saga": account.saga}
        try:
            outcome = _settle(actor, account)
        except BackendFailed as failure:
            summary["failed"] += 1
            summary["accounts"].append({**entry, "outcome": "failed", "error": failure.message})
            continue
        if outcome == "already_settled":
            summary["examined"] -= 1
            continue
        summary["rolledBack" if outcome == "rolled_back" else "completed"] += 1
        summary["accounts"].append({**entry, "outcome": outcome})
    summary["partners"] = partner_sagas.reconcile(actor, before)
    return summary
