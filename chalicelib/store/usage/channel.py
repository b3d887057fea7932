"""The channel the aggregation rolls up into (organizations, contracts, storage accounts, read
with Queries down the tree), and the aggregation's writes on those records: ``usedCapacity``
and the hard-quota saga's record."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from pynamodb.exceptions import UpdateError

from chalicelib import clock
from chalicelib.domain import aggregation
from chalicelib.domain.principal import Principal, path_ids
from chalicelib.store.audit import audited
from chalicelib.store.base import Tx, run_transaction
from chalicelib.store.batch import batch_get
from chalicelib.store.models import ContractItem, OrganizationItem, StorageAccountItem
from chalicelib.store.organizations import provider_id, walk
from chalicelib.store.scoped import every_item
from chalicelib.store.usage.common import READ_WORKERS


@dataclass
class Channel:
    """Every organization, contract and storage account (the stored records)."""

    distributors: dict[str, OrganizationItem]
    partners: dict[str, OrganizationItem]
    contracts: dict[str, ContractItem]
    accounts: dict[str, StorageAccountItem]

    def snapshot(self) -> aggregation.Snapshot:
        """The channel as the aggregation's rules see it (indexed once)."""
        return aggregation.Snapshot(
            distributors={
                d.id: aggregation.DistributorInfo(d.id, d.path, d.created_at)
                for d in self.distributors.values()
            },
            partners={p.id: partner_info(p) for p in self.partners.values()},
            contracts={c.id: contract_info(c) for c in self.contracts.values()},
        )


def partner_info(partner: OrganizationItem) -> aggregation.PartnerInfo:
    ids = path_ids(partner.path)
    return aggregation.PartnerInfo(
        id=partner.id,
        path=partner.path,
        created_at=partner.created_at,
        allocated_capacity=int(partner.allocated_capacity or 0),
        contract_id=partner.contract_id or None,
        distributor_id=ids[1] if len(ids) >= 3 else None,
    )


def contract_info(contract: ContractItem) -> aggregation.ContractInfo:
    return aggregation.ContractInfo(
        id=contract.id,
        organization_id=contract.organization_id,
        path=contract.path,
        created_at=contract.created_at,
        reserved_capacity=int(contract.reserved_capacity),
        end_date=contract.end_date,
        cost_storage_gb_cents=contract.cost_storage_gb_cents,
    )


def account_info(account: StorageAccountItem) -> aggregation.AccountInfo:
    return aggregation.AccountInfo(
        id=account.id,
        partner_id=account.partner_id,
        path=account.path,
        contract_id=account.contract_id or None,
        allocated_capacity=int(account.allocated_capacity),
        allow_overdraft=bool(account.allow_overdraft),
    )


def read_organizations() -> Channel:
    """Distributors, partners and contracts (Queries down the tree), without the accounts."""
    root = provider_id()
    distributors: dict[str, Any] = {}
    partners: dict[str, Any] = {}
    for org in walk(root):
        if org.type == "distributor":
            distributors[org.id] = org
        elif org.type == "partner":
            partners[org.id] = org
    contracts = {c.id: c for c in every_item(ContractItem.by_provider.query, root, 1000)}
    return Channel(distributors, partners, contracts, {})


def read_channel() -> Channel:
    """The organizations, contracts and every storage account (the metering job measures them
    all; the aggregation reads accounts by id, per shard)."""
    channel = read_organizations()
    for partner_id in channel.partners:
        for account in every_item(StorageAccountItem.by_partner.query, partner_id, 1000):
            channel.accounts[account.id] = account
    return channel


def accounts_by_id(ids: list[str]) -> dict[str, StorageAccountItem | None]:
    """The storage accounts of ``ids`` (None for those that no longer exist), strongly
    consistent, 100 per BatchGetItem; raises rather than answer a partial result (an account
    left unprocessed under throttling must never look deleted)."""
    raws = batch_get(StorageAccountItem.Meta.table_name, [{"id": {"S": i}} for i in ids])
    found = {raw["id"]["S"]: StorageAccountItem.from_raw_data(raw) for raw in raws}
    return {i: found.get(i) for i in ids}


def set_used(item: Any, used: int, updated_at: str, **extra: Any) -> bool:
    """Writes ``used_capacity``/``usage_updated_at`` (and ``extra``) on an account, organization
    or contract if they differ; one UpdateItem, conditional on the record still existing."""
    model = type(item)
    changes = {"used_capacity": used, "usage_updated_at": updated_at, **extra}
    if all(getattr(item, k) == v for k, v in changes.items()):
        return False
    actions = [getattr(model, k).set(v) for k, v in changes.items()]
    try:
        item.update(actions=actions, condition=model._hash_key_attribute().exists())
    except UpdateError as exc:  # the record was deleted meanwhile: nothing to update
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def set_used_many(pairs: list[tuple[Any, int]], updated_at: str) -> int:
    """``set_used`` for many records, ``READ_WORKERS`` UpdateItems at a time (DynamoDB has no
    batched conditional update); answers how many changed."""
    if not pairs:
        return 0
    with ThreadPoolExecutor(max_workers=min(READ_WORKERS, len(pairs))) as pool:
        return sum(pool.map(lambda p: set_used(p[0], p[1], updated_at), pairs))


def record_quota(principal: Principal, account: StorageAccountItem, enforced: bool) -> None:
    """Records the intent to hold (or stop holding) ``account`` read-only at the backend for
    being over its hard quota, with the audit event, in one transaction; ``quota_pending``
    stays set until ``quota_applied`` confirms the backend did it. ``quota_enforced_at`` says
    since when it holds."""
    since = clock.iso(clock.now()) if enforced else None

    def build() -> Tx:
        tx = Tx().update(
            "account",
            account,
            [
                StorageAccountItem.quota_enforced.set(enforced),
                StorageAccountItem.quota_pending.set(True),
                StorageAccountItem.quota_enforced_at.set(since)
                if since
                else StorageAccountItem.quota_enforced_at.remove(),
            ],
            condition=StorageAccountItem.id.exists(),
        )
        return audited(
            tx,
            principal,
            "storage_account.quota_enforced" if enforced else "storage_account.quota_lifted",
            target_type="storage_account",
            target_id=account.id,
            path=account.path,
            before={"quotaEnforced": not enforced},
            after={
                "quotaEnforced": enforced,
                "usedCapacity": int(account.used_capacity),
                "allocatedCapacity": int(account.allocated_capacity),
            },
        )

    run_transaction(build, lambda _tx, _names: "gone", attempts=3)
    account.quota_enforced = enforced
    account.quota_enforced_at = since
    account.quota_pending = True


def record_excess(
    principal: Principal, contract: ContractItem, day: str, figures: dict[str, int]
) -> bool:
    """Announces that ``contract``'s billable usage went over its reservation on ``day``: sets
    ``excess_since`` (only if unset, so a rerun announces nothing twice) with the audit record,
    and so the ``contract.excess_started`` event, in one transaction. False if already set."""

    def build() -> Tx:
        tx = Tx().update(
            "contract",
            contract,
            [ContractItem.excess_since.set(day)],
            condition=ContractItem.id.exists() & ContractItem.excess_since.does_not_exist(),
        )
        return audited(
            tx,
            principal,
            "contract.excess_started",
            target_type="contract",
            target_id=contract.id,
            path=contract.path,
            before=None,
            after={"date": day, "details": contract.details, **figures},
        )

    done = run_transaction(build, lambda _tx, _names: False, attempts=3)
    if done is False:
        return False
    contract.excess_since = day
    return True


def rearm_excess(contract: ContractItem) -> None:
    """The contract is back within its reservation: the next excess is announced again."""
    try:
        contract.update(
            actions=[ContractItem.excess_since.remove()],
            condition=ContractItem.excess_since.exists(),
        )
    except UpdateError as exc:  # gone, or re-armed by another run meanwhile
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise
    contract.excess_since = None


def quota_applied(account: StorageAccountItem) -> None:
    """The backend holds what ``record_quota`` recorded: the saga step is done."""
    try:
        account.update(
            actions=[StorageAccountItem.quota_pending.set(False)],
            condition=StorageAccountItem.quota_enforced == bool(account.quota_enforced),
        )
    except UpdateError as exc:  # gone, or changed since: the next run settles it
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise
