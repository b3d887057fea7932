"""A partner's storage accounts (pure): lifecycle, statuses, sagas and the capacity they hold.

Lifecycle: ``active`` -> (delete) ``pending_deletion`` for the grace period -> (purge, once due)
gone; ``pending_deletion`` -> (restore, only *before* it is due) ``active``. The id is claimed
for ever (``claim#<id>``), so it is never reused after a purge.

An account is *busy* while a saga runs: ``saga`` names the backend change recorded and not yet
confirmed; no other change is accepted until it is cleared (``change_in_progress``).

Counters, kept in the same transaction as every change to an account's allocation (``hold``):

* the partner's ``accounts_allocated_capacity`` and ``storage_account_count`` (every account,
  pending deletions included until purged, so a partner with any account can't be deleted);
* for a direct channel partner's account (``counted_in_contract``), also its contract's
  ``allocated_capacity``.

Bounds, as conditions on that same write, beside the checks that explain them:

* reserved partner: ``allocated_capacity = A`` and ``accounts_allocated_capacity <= A - delta``;
* pay-per-use partner: ``allocated_capacity = 0`` (nothing bounds the quota, but a concurrent
  switch to a reservation makes us re-check);
* direct channel partner: the contract's ``reserved_capacity = R`` and
  ``allocated_capacity <= R - delta`` (R = 0: pay-per-use, unbounded).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from chalicelib.domain import aggregation, capacity, names
from chalicelib.domain.account_status import AccountStatus, Saga
from chalicelib.domain.events import ACCOUNT_CREATED
from chalicelib.domain.plans import (
    CHECK,
    DELETE,
    PUT,
    After,
    Announcement,
    AuditRecord,
    Plan,
    Write,
    absent,
    at_most,
    eq,
    exists,
)
from chalicelib.domain.principal import path_ids
from chalicelib.errors import Conflict

WHAT = "Storage account"
#: The sparse indexes' partition values: accounts with a saga in flight, pending deletions.
SAGA_QUEUE = "saga"
PURGE_QUEUE = "pending"


def snapshot(account: Any) -> dict[str, Any]:
    return {
        "name": account.name,
        "partnerId": account.partner_id,
        "contactEmail": account.contact_email,
        "allocatedCapacity": int(account.allocated_capacity),
        "allowOverdraft": bool(account.allow_overdraft),
        "status": account.status,
        "pendingDeletedAt": account.pending_deleted_at,
    }


def busy(account_id: str) -> Conflict:
    return Conflict(
        f"Another change to storage account {account_id} is still being applied at the storage "
        "backend; try again in a minute.",
        code="change_in_progress",
    )


def drawn_contract(partner_name: str, contracts: Iterable[Any], today: date) -> Any:
    """The contract a direct channel partner's new accounts draw on: the one its usage is
    booked on that day (``aggregation.direct_contract_on``, one rule for both), refused when
    none is running."""
    contract = aggregation.direct_contract_on(contracts, today)
    if contract is None:
        raise Conflict(
            f"Partner '{partner_name}' has no running contract to draw storage capacity from.",
            code="no_contract",
        )
    return contract


def saga_fields(saga: Saga | None, now: str) -> dict[str, Any]:
    """The account attributes that record ``saga`` in flight (None: nothing in flight)."""
    if saga is None:
        return {"saga": None, "saga_queue": None, "saga_at": None}
    return {"saga": str(saga), "saga_queue": SAGA_QUEUE, "saga_at": now}


def hold(
    partner_id: str,
    delta: int,
    count: int,
    now: str,
    *,
    partner: Any = None,
    contract_id: str | None = None,
    contract: Any = None,
) -> list[Write]:
    """Add ``delta`` bytes and ``count`` accounts to the counters, with the bound as condition
    (checked here first, so a change that doesn't fit is a 409 that says what remains).
    ``partner`` (as read) is needed when an account not counted in a contract grows;
    ``contract`` (as read) when one counted in ``contract_id`` grows."""
    partner_add = {"accounts_allocated_capacity": delta}
    if count:
        partner_add["storage_account_count"] = count
    when: tuple = (exists(),)
    if contract_id is None and delta > 0:
        limit = int(partner.allocated_capacity)
        held = int(partner.accounts_allocated_capacity)
        capacity.check_account_allocation(f"Partner '{partner.name}'", limit, held, delta)
        when = (eq("allocated_capacity", limit),)
        if limit:
            when += (at_most("accounts_allocated_capacity", limit - delta),)
    writes = [Write("partner", "organization", partner_id, add=partner_add, when=when)]
    if contract_id is None or not delta:
        return writes
    contract_when: tuple = (exists(),)
    if delta > 0:
        reserved = int(contract.reserved_capacity)
        capacity.check_account_allocation(
            f"Contract '{contract.details}'", reserved, int(contract.allocated_capacity), delta
        )
        contract_when = (eq("reserved_capacity", reserved),)
        if reserved:
            contract_when += (at_most("allocated_capacity", reserved - delta),)
    writes.append(
        Write(
            "contract",
            "contract",
            contract_id,
            set={"updated_at": now},
            add={"allocated_capacity": delta},
            when=contract_when,
        )
    )
    return writes


def counted_in(account: Any) -> str | None:
    """The contract whose counter holds the account's allocation (a direct channel partner's),
    or None when only its partner's counters do."""
    if account.counted_in_contract and account.contract_id:
        return account.contract_id
    return None


def ancestors(path: str) -> dict[str, str | None]:
    """``anc1``/``anc2`` of an account owned by the partner at ``path``: the provider, and the
    distributor (or the direct channel partner itself), so each lists its accounts with one
    Query."""
    ids = path_ids(path)
    return {"anc1": ids[0] if ids else None, "anc2": ids[1] if len(ids) > 1 else None}


def _audit(action: str, account: Any, **snap: Any) -> AuditRecord:
    return AuditRecord(action, "storage_account", account.id, account.path, **snap)


def _release(account: Any, now: str) -> list[Write]:
    return hold(
        account.partner_id,
        -int(account.allocated_capacity),
        -1,
        now,
        contract_id=counted_in(account),
    )


# --- create ----------------------------------------------------------------------------------


def plan_create(partner: Any, contract: Any | None, account: Any, now: str) -> Plan:
    """Claim the id, save the new ``account`` with the ``provisioning`` saga and hold its
    allocation (in ``contract`` for a direct channel partner, else in the partner's)."""
    changes = {**saga_fields(Saga.PROVISIONING, now), **ancestors(account.path)}
    writes = [
        Write(
            "claim",
            "account_claim",
            f"claim#{account.id}",
            PUT,
            set={"claimed_at": now},
            when=(absent(),),
        ),
        Write(
            "account",
            "storage_account",
            account.id,
            PUT,
            set=changes,
            item=account,
            when=(absent(),),
        ),
        *hold(
            partner.id,
            int(account.allocated_capacity),
            1,
            now,
            partner=partner,
            contract_id=None if contract is None else contract.id,
            contract=contract,
        ),
    ]
    return Plan(writes, _audit("storage_account.create", account, after=snapshot(account)))


def plan_undo_create(account: Any, reason: str, now: str) -> Plan:
    """Roll back a provisioning the backend did not confirm: delete the record and release its
    allocation (the id stays claimed); only while the saga is still ``provisioning``."""
    return Plan(
        [
            Write(
                "account",
                "storage_account",
                account.id,
                DELETE,
                when=(eq("saga", Saga.PROVISIONING),),
            ),
            *_release(account, now),
        ],
        _audit(
            "storage_account.create_rolled_back",
            account,
            before={**snapshot(account), "reason": reason},
        ),
    )


def plan_finish_saga(account: Any, saga: Saga, now: str) -> Plan:
    """The backend confirmed ``saga``: clear it (only if it is still the one in flight). A
    confirmed provisioning announces ``storage_account.created`` in the same transaction."""
    announce = []
    if saga == Saga.PROVISIONING:
        data = {"clientAccountId": account.id, **snapshot(account)}
        announce.append(Announcement(ACCOUNT_CREATED, account.path, data))
    return Plan(
        [
            Write(
                "account",
                "storage_account",
                account.id,
                set={**saga_fields(None, now), "updated_at": now},
                when=(eq("saga", saga),),
            )
        ],
        announce=announce,
    )


# --- update ----------------------------------------------------------------------------------


def contract_to_read(account: Any, allocation: int | None) -> str | None:
    """The contract whose fresh state an update needs: the one counting the account, when its
    allocation grows."""
    if allocation is None or allocation <= int(account.allocated_capacity):
        return None
    return counted_in(account)


def plan_update(
    account: Any,
    partner: Any,
    contract: Any | None,
    *,
    name: str | None,
    allocation: int | None,
    allow_overdraft: bool | None,
    now: str,
    expect_saga: Saga | None = None,
) -> Plan:
    """Rename, re-allocate and/or switch overdraft. A change of quota (allocation or overdraft)
    records the ``quota`` saga (``outcome["backend"]``: the backend must be told).
    ``expect_saga`` is for compensating a failed ``quota`` saga (it clears it)."""
    if expect_saga is None and account.saga:
        raise busy(account.id)
    old = int(account.allocated_capacity)
    new = old if allocation is None else allocation
    overdraft = bool(account.allow_overdraft) if allow_overdraft is None else allow_overdraft
    quota_changed = new != old or overdraft != bool(account.allow_overdraft)
    changes: dict[str, Any] = {"updated_at": now}
    if name is not None:
        changes["name"] = name
        changes["name_key"] = names.sort_key(name)
    if new != old:
        changes["allocated_capacity"] = new
    if allow_overdraft is not None:
        changes["allow_overdraft"] = allow_overdraft
    saga = None if expect_saga else (Saga.QUOTA if quota_changed else None)
    if expect_saga or saga:
        changes |= saga_fields(saga, now)
    writes = [
        Write(
            "account",
            "storage_account",
            account.id,
            set=changes,
            when=(
                eq("allocated_capacity", old),
                eq("saga", expect_saga) if expect_saga else absent("saga"),
            ),
        )
    ]
    if new != old:
        writes += hold(
            account.partner_id,
            new - old,
            0,
            now,
            partner=partner,
            contract_id=counted_in(account),
            contract=contract,
        )
    after = snapshot(After(account, changes))
    return Plan(
        writes,
        _audit("storage_account.update", account, before=snapshot(account), after=after),
        outcome={"backend": bool(saga)},
    )


# --- deletion, restore, purge ----------------------------------------------------------------


def plan_schedule_deletion(account: Any, due: str, now: str) -> Plan | None:
    """Mark the account pending deletion until ``due`` (``suspending`` saga). None when it
    already is."""
    if account.status == AccountStatus.PENDING_DELETION and not account.saga:
        return None
    if account.saga:
        raise busy(account.id)
    changes = {
        "status": str(AccountStatus.PENDING_DELETION),
        "pending_deleted_at": due,
        "purge_queue": PURGE_QUEUE,
        "updated_at": now,
        **saga_fields(Saga.SUSPENDING, now),
    }
    write = Write(
        "account",
        "storage_account",
        account.id,
        set=changes,
        when=(eq("status", account.status), absent("saga")),
    )
    after = snapshot(After(account, changes))
    return Plan(
        [write], _audit("storage_account.delete", account, before=snapshot(account), after=after)
    )


def plan_undo_schedule_deletion(account: Any, status: str, now: str) -> Plan:
    changes = {
        "status": status,
        "pending_deleted_at": None,
        "purge_queue": None,
        "updated_at": now,
        **saga_fields(None, now),
    }
    write = Write(
        "account", "storage_account", account.id, set=changes, when=(eq("saga", Saga.SUSPENDING),)
    )
    return Plan(
        [write],
        _audit("storage_account.delete_rolled_back", account, before=snapshot(account)),
    )


def plan_restore(account: Any, now: str) -> Plan | None:
    """Cancel a pending deletion before it is due (``restoring`` saga); ``outcome["due"]`` is
    the deletion time it had (for a compensation). None when it was not pending."""
    if account.status != AccountStatus.PENDING_DELETION:
        return None
    if account.saga:
        raise busy(account.id)
    due = account.pending_deleted_at
    if due <= now:
        raise Conflict(
            f"Storage account {account.id} was due for deletion at {due}; it can no longer be "
            "restored.",
            code="deletion_due",
        )
    changes = {
        "status": str(AccountStatus.ACTIVE),
        "pending_deleted_at": None,
        "purge_queue": None,
        "updated_at": now,
        **saga_fields(Saga.RESTORING, now),
    }
    write = Write(
        "account",
        "storage_account",
        account.id,
        set=changes,
        when=(
            eq("status", AccountStatus.PENDING_DELETION),
            eq("pending_deleted_at", due),
            absent("saga"),
        ),
    )
    after = snapshot(After(account, changes))
    return Plan(
        [write],
        _audit("storage_account.restore", account, before=snapshot(account), after=after),
        outcome={"due": due},
    )


def plan_undo_restore(account: Any, due: str, now: str) -> Plan:
    changes = {
        "status": str(AccountStatus.PENDING_DELETION),
        "pending_deleted_at": due,
        "purge_queue": PURGE_QUEUE,
        "updated_at": now,
        **saga_fields(None, now),
    }
    write = Write(
        "account", "storage_account", account.id, set=changes, when=(eq("saga", Saga.RESTORING),)
    )
    return Plan(
        [write],
        _audit("storage_account.restore_rolled_back", account, before=snapshot(account)),
    )


def plan_begin_purge(account: Any, now: str) -> Plan:
    """Record the ``purging`` saga on an account that is due and not busy (conditions only:
    the purge job acts on what its index said, which may lag)."""
    write = Write(
        "account",
        "storage_account",
        account.id,
        set={**saga_fields(Saga.PURGING, now), "updated_at": now},
        when=(
            eq("status", AccountStatus.PENDING_DELETION),
            at_most("pending_deleted_at", now),
            absent("saga"),
        ),
    )
    return Plan([write])


def plan_finish_purge(account: Any, now: str) -> Plan:
    """The backend removed the account: delete the record and release its allocation."""
    return Plan(
        [
            Write(
                "account", "storage_account", account.id, DELETE, when=(eq("saga", Saga.PURGING),)
            ),
            *_release(account, now),
        ],
        _audit("storage_account.purge", account, before=snapshot(account)),
    )


def plan_record(account: Any, action: str) -> Plan:
    """An audit event for a change made only at the backend (a new password)."""
    return Plan(
        [Write("account", "storage_account", account.id, CHECK, when=(exists(),))],
        _audit(action, account, after={"clientAccountId": account.id}),
    )
