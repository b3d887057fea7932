"""Storage accounts: load, ask ``chalicelib.domain.storage_accounts`` for the plan, commit it as
one DynamoDB transaction (with its counters and audit record), re-plan on a failed condition.

The lifecycle, the statuses, the sagas, the counters and the bounds that hold them are the
domain's (``chalicelib.domain.storage_accounts``); this module reads and writes. Backend changes
are sagas (``chalicelib.services.storage_accounts``): the intent is written in the same
transaction as the counters, and cleared by ``finish_saga`` once the backend confirmed it.
"""

from __future__ import annotations

from pynamodb.exceptions import UpdateError

from chalicelib import clock
from chalicelib.domain import storage_accounts as rules
from chalicelib.domain.account_status import Saga
from chalicelib.domain.principal import Principal
from chalicelib.domain.storage_accounts import WHAT
from chalicelib.errors import NotFound
from chalicelib.paging import Page, PageRequest
from chalicelib.store import contracts as contract_store
from chalicelib.store import organizations
from chalicelib.store.base import Tx, not_found_on_failure
from chalicelib.store.models import ContractItem, OrganizationItem, StorageAccountItem
from chalicelib.store.scoped import every_item, get_in_scope, get_unscoped, query_page
from chalicelib.store.unit_of_work import apply, carry_out, commit_once


class IdTaken(Exception):
    """The random clientAccountId was claimed before; draw another."""


def _now() -> str:
    return clock.iso(clock.now())


# --- reads -----------------------------------------------------------------------------------


def get(principal: Principal, account_id: str) -> StorageAccountItem:
    if not account_id.isdigit():
        raise NotFound.of(WHAT, account_id)
    return get_in_scope(StorageAccountItem, account_id, principal, WHAT)


def get_of_partner(
    principal: Principal, partner_id: str | None, account_id: str
) -> StorageAccountItem:
    """An account in scope; on a distributor-side path (``partner_id`` given) it must also
    belong to that partner, which must itself be in scope (404 otherwise, like a missing id)."""
    if partner_id is not None:
        organizations.get_partner(principal, partner_id)
    account = get(principal, account_id)
    if partner_id is not None and account.partner_id != partner_id:
        raise NotFound.of(WHAT, account_id)
    return account


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


def by_name_for_partner(
    partner_id: str, page: PageRequest, *, descending: bool = False
) -> Page[StorageAccountItem]:
    """One page of the partner's accounts by name (``partner-name-index``). ``partner_id``
    must come from a scoped read of the partner."""
    return query_page(
        StorageAccountItem.by_partner_name.query, partner_id, page, newest_first=descending
    )


def name_position(account: StorageAccountItem) -> dict:
    """Where ``account`` stands on ``partner-name-index`` (a start key for either direction)."""
    return {
        "id": {"S": account.id},
        "partner_id": {"S": account.partner_id},
        "name_key": {"S": account.name_key},
    }


def direct_contract(partner: OrganizationItem) -> ContractItem:
    """The contract a direct channel partner's accounts draw on (``rules.drawn_contract``, the
    aggregation's ``direct_contract_on``), from its contracts (one Query on the contracts'
    organization index; a direct partner's contracts are few by design)."""
    contracts = ContractItem.by_organization.query(partner.id, scan_index_forward=False)
    return rules.drawn_contract(partner.name, contracts, clock.now().date())


def stale_sagas(before: str, page: PageRequest) -> Page[StorageAccountItem]:
    """Accounts whose backend change was recorded at or before ``before`` and never confirmed."""
    return query_page(
        StorageAccountItem.with_saga.query,
        rules.SAGA_QUEUE,
        page,
        range_key_condition=StorageAccountItem.saga_at <= before,
    )


def due_for_purge(now: str, page: PageRequest) -> Page[StorageAccountItem]:
    return query_page(
        StorageAccountItem.due_for_purge.query,
        rules.PURGE_QUEUE,
        page,
        range_key_condition=StorageAccountItem.pending_deleted_at <= now,
    )


# --- create ----------------------------------------------------------------------------------


def begin_create(
    principal: Principal,
    partner: OrganizationItem,
    contract: ContractItem | None,
    account: StorageAccountItem,
) -> StorageAccountItem:
    """Claim the id, save the account with the ``provisioning`` saga and hold its allocation."""

    def failed(_tx: Tx, names: set[str]) -> None:
        if names & {"claim", "account"}:
            raise IdTaken(account.id)

    carry_out(
        principal,
        lambda: (
            _reload_partner(partner.id),
            contract and contract_store.reload(contract.id),
        ),
        lambda current, current_contract: rules.plan_create(
            current, current_contract, account, _now()
        ),
        first=(partner, contract),
        on_failure=failed,
    )
    return account


def undo_create(principal: Principal, account: StorageAccountItem, reason: str) -> bool:
    """Roll back a provisioning the backend did not confirm: delete the record and release its
    allocation (the id stays claimed). False when the saga was already settled."""
    return commit_once(principal, rules.plan_undo_create(account, reason, _now()))


def finish_saga(account: StorageAccountItem, saga: Saga) -> bool:
    """The backend confirmed ``saga`` (or refused it, with nothing to undo): clear it, only if
    it is still the one in flight."""
    plan = rules.plan_finish_saga(account, saga, _now())
    done = commit_once(None, plan)
    if done:
        apply(account, plan, "account")
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
    expect_saga: Saga | None = None,
) -> tuple[StorageAccountItem, bool]:
    """Rename, re-allocate and/or switch overdraft (``rules.plan_update``); returns the account
    and whether the backend must be told."""

    def plan(account: StorageAccountItem, current_partner: OrganizationItem):
        contract_id = rules.contract_to_read(account, allocation)
        return rules.plan_update(
            account,
            current_partner,
            contract_id and contract_store.reload(contract_id),
            name=name,
            allocation=allocation,
            allow_overdraft=allow_overdraft,
            now=_now(),
            expect_saga=expect_saga,
        )

    done, (account, _partner) = carry_out(
        principal,
        lambda: (reload(first.id), _reload_partner(partner.id)),
        plan,
        first=(first, partner),
    )
    return apply(account, done, "account"), done.outcome["backend"]


# --- deletion, restore, purge ----------------------------------------------------------------


def schedule_deletion(
    principal: Principal, first: StorageAccountItem, due: str
) -> StorageAccountItem | None:
    """Mark the account pending deletion (``suspending`` saga). None when it already is."""
    done, (account,) = carry_out(
        principal,
        lambda: (reload(first.id),),
        lambda account: rules.plan_schedule_deletion(account, due, _now()),
        first=(first,),
    )
    return None if done is None else apply(account, done, "account")


def undo_schedule_deletion(principal: Principal, account: StorageAccountItem, status: str) -> bool:
    plan = rules.plan_undo_schedule_deletion(account, status, _now())
    done = commit_once(principal, plan)
    if done:
        apply(account, plan, "account")
    return done


def restore(
    principal: Principal, first: StorageAccountItem
) -> tuple[StorageAccountItem | None, str | None]:
    """Cancel a pending deletion before it is due (``restoring`` saga). Returns the account and
    the deletion time it had (for a compensation); (None, None) when it was not pending."""
    done, (account,) = carry_out(
        principal,
        lambda: (reload(first.id),),
        lambda account: rules.plan_restore(account, _now()),
        first=(first,),
    )
    if done is None:
        return None, None
    return apply(account, done, "account"), done.outcome["due"]


def undo_restore(principal: Principal, account: StorageAccountItem, due: str) -> bool:
    plan = rules.plan_undo_restore(account, due, _now())
    done = commit_once(principal, plan)
    if done:
        apply(account, plan, "account")
    return done


def begin_purge(account: StorageAccountItem) -> bool:
    """Record the ``purging`` saga on a due account; False when it is no longer due or busy."""
    plan = rules.plan_begin_purge(account, _now())
    started = commit_once(None, plan)
    if started:
        apply(account, plan, "account")
    return started


def finish_purge(principal: Principal, account: StorageAccountItem) -> bool:
    """The backend removed the account: delete the record and release its allocation."""
    return commit_once(principal, rules.plan_finish_purge(account, _now()))


def record(principal: Principal, action: str, account: StorageAccountItem) -> None:
    """An audit event for a change made only at the backend (a new password)."""
    carry_out(
        principal,
        lambda: (account,),
        lambda current: rules.plan_record(current, action),
        on_failure=not_found_on_failure(WHAT, account.id),
    )


def follow_partner_contract(partner_id: str, contract_id: str) -> int:
    """After a partner's transfer, point its accounts' ``contract_id`` at the new contract (the
    usage roll-ups read it). One conditional update per account, not one transaction: a crash
    half-way leaves some on the old contract, and repeating the transfer's follow-up fixes it.
    Returns how many changed."""
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
