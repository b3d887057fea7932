"""The usage aggregation's rules (pure): which contract usage is booked on, who is billed as
pay-per-use, when a hard quota applies, and how a day's account items roll up into partner,
contract and distributor days. ``services/usage_aggregation.py`` reads and writes; every
decision it makes about usage is one of these functions (worked examples:
``tests/unit/test_aggregation_rules.py`` and ``docs/usage.md``).

* **The contract an account draws on and is billed on** is the one recorded on the account
  (``contract_id``: a distributor's contract, or the direct channel partner's contract it was
  created under, whose ``allocated_capacity`` counts it). A direct channel partner *draws* new
  accounts on its newest contract that has not ended (``direct_contract_on``). Usage, billable,
  excess and the excess fee of a day follow the account, so after a renewal the new contract
  carries what its accounts store and the ended one keeps only its past.
* **Pay-per-use**: a partner of a distributor's contract with allocation 0. A direct channel
  partner holds its contract's reservation itself and is billed as used.
* **Hard quota**: an account without overdraft with an allocation above 0 whose latest hourly
  value exceeds that allocation.
* **Roll-ups** are built from *parts*: per (partner, contract) sums of account days
  (``Part``); parts of the same key add up, so shards can compute them apart and a fan-in
  merge them (``merge_parts``) before ``rollup_day`` applies what depends on the whole
  (a pay-per-use partner's 1 TB minimum, excess over the reservation).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol, TypeVar

from chalicelib.domain import usage as rules

PARTNER = "partner"
CONTRACT = "contract"
DISTRIBUTOR = "distributor"


# --- the channel as the aggregation sees it ---------------------------------------------------


@dataclass(frozen=True)
class PartnerInfo:
    id: str
    path: str
    created_at: str
    allocated_capacity: int
    #: the distributor's contract it draws on; None for a direct channel partner
    contract_id: str | None = None
    #: its distributor; None for a direct channel partner
    distributor_id: str | None = None


@dataclass(frozen=True)
class ContractInfo:
    id: str
    organization_id: str
    path: str
    created_at: str
    reserved_capacity: int
    end_date: str
    cost_storage_gb_cents: object = 0


@dataclass(frozen=True)
class DistributorInfo:
    id: str
    path: str
    created_at: str


@dataclass(frozen=True)
class AccountInfo:
    id: str
    partner_id: str
    path: str
    contract_id: str | None
    allocated_capacity: int
    allow_overdraft: bool = True


@dataclass
class Snapshot:
    """The channel, indexed once per run: every lookup below is a dict access."""

    distributors: Mapping[str, DistributorInfo]
    partners: Mapping[str, PartnerInfo]
    contracts: Mapping[str, ContractInfo]
    contracts_by_org: dict[str, list[ContractInfo]] = field(init=False)

    def __post_init__(self) -> None:
        self.contracts_by_org = defaultdict(list)
        for contract in self.contracts.values():
            self.contracts_by_org[contract.organization_id].append(contract)


class _Dated(Protocol):
    created_at: str
    end_date: str


C = TypeVar("C", bound=_Dated)


# --- one rule each ----------------------------------------------------------------------------


def direct_contract_on(contracts: Iterable[C], day: date) -> C | None:
    """The contract a direct channel partner draws on on ``day``: its newest contract (by
    creation) that has not ended by then; None when every one has ended."""
    running = [c for c in contracts if c.end_date >= day.isoformat()]
    return max(running, key=lambda c: c.created_at, default=None)


def billing_contract(
    account_contract_id: str | None, partner: PartnerInfo, snapshot: Snapshot, day: date
) -> str | None:
    """The contract an account's usage of ``day`` is booked and billed on: the one it draws on
    (recorded on the account), else its partner's distributor contract, else the contract its
    direct channel partner draws on that day."""
    if account_contract_id:
        return account_contract_id
    if partner.contract_id:
        return partner.contract_id
    drawn = direct_contract_on(snapshot.contracts_by_org.get(partner.id, ()), day)
    return drawn.id if drawn else None


def home_contract(partner: PartnerInfo, snapshot: Snapshot, day: date) -> str | None:
    """The contract a partner belongs to on ``day`` even with nothing stored (a pay-per-use
    partner is billed its minimum there)."""
    return billing_contract(None, partner, snapshot, day)


def is_pay_per_use(partner: PartnerInfo) -> bool:
    """Billed on max(usage, 1 TB): a distributor's partner without a reservation."""
    return partner.contract_id is not None and partner.allocated_capacity == 0


def excess_change(excess_today: int, announced: bool) -> bool | None:
    """``contract.excess_started`` is announced once, on the first aggregated day whose billable
    usage exceeds the contract's reservation (``excess_today`` > 0), and re-armed when a later day
    has no excess. True: announce now; False: re-arm (no event); None: nothing to do."""
    if excess_today > 0 and not announced:
        return True
    if excess_today <= 0 and announced:
        return False
    return None


def over_hard_quota(allocated_capacity: int, allow_overdraft: bool, latest: int) -> bool:
    """Whether the account must be read-only at the backend."""
    return not allow_overdraft and allocated_capacity > 0 and latest > allocated_capacity


def account_used_changed(stored_used: int | None, stored_at: str | None, latest: int) -> bool:
    """Whether a run writes an account's ``usedCapacity``: when it changed, or when the account
    was never aggregated. An unchanged account costs no write (one UpdateItem per account per
    hour was most of a shard's work): its ``usageUpdatedAt`` is read as the aggregation's as-of
    (``reported_usage_time``)."""
    return stored_at is None or int(stored_used or 0) != latest


def usage_as_of(watermark: str | None) -> str | None:
    """The aggregation's as-of: the end of the last aggregated hour (RFC 3339, as stored)."""
    if not watermark:
        return None
    return (rules.hour_start(watermark) + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def reported_usage_time(stored_at: str | None, as_of: str | None) -> str | None:
    """An account's ``usageUpdatedAt`` as reported: the end of the last aggregated hour (the
    aggregation's as-of, the same for every account) once it has been aggregated at all; the
    stored time (when its value last changed) if that is later, as while a run's shards are
    written before its fan-in moves the as-of; None if it was never aggregated."""
    if stored_at is None:
        return None
    return max(stored_at, as_of) if as_of else stored_at


# --- account days -----------------------------------------------------------------------------


@dataclass
class AccountDay:
    """One account's day: its hourly values (the elapsed hours), usage and peak, the
    allocation in force at the end of the day and the contract it was booked on."""

    account_id: str
    date: str
    partner_id: str
    contract_id: str | None
    path: str
    carry_in: int
    hourly: list[int]
    usage: int
    peak: int
    allocated_capacity: int

    @property
    def closing(self) -> int:
        return self.hourly[-1] if self.hourly else self.carry_in


def account_day(
    account: AccountInfo,
    day: date,
    values: list[int],
    carry_in: int,
    before: AccountDay | None,
    is_today: bool,
) -> AccountDay:
    """An account's day item from its hourly values. A past day already stored keeps the
    allocation and the contract recorded for it (what was in force then); today, or a day seen
    for the first time, takes the account's current ones."""
    daily = rules.daily_usage(values)
    keep = before is not None and not is_today
    return AccountDay(
        account_id=account.id,
        date=day.isoformat(),
        partner_id=account.partner_id,
        contract_id=before.contract_id if keep else account.contract_id,
        path=account.path,
        carry_in=carry_in,
        hourly=values,
        usage=daily.usage,
        peak=daily.peak,
        allocated_capacity=before.allocated_capacity if keep else account.allocated_capacity,
    )


# --- parts: what a set of account days adds to the roll-ups -----------------------------------


@dataclass
class Part:
    """Sums over the account days of one partner booked on one contract."""

    hourly: list[int]
    usage: int
    closing: int

    def plus(self, other: Part) -> Part:
        return Part(
            rules.sum_series([self.hourly, other.hourly]),
            self.usage + other.usage,
            self.closing + other.closing,
        )


PartKey = tuple[str, str]  # (partner id, contract id or "")


def parts_of(days: Iterable[AccountDay], live: Container[str] | None = None) -> dict[PartKey, Part]:
    """The parts of ``days``, keyed by (partner, the contract recorded on the day or "": the
    fan-in resolves that one with ``billing_contract``). ``closing`` counts only the accounts
    in ``live`` (default: all): a deleted account's past days still count, its value does not."""
    out: dict[PartKey, Part] = {}
    for item in days:
        key = (item.partner_id, item.contract_id or "")
        closing = item.closing if live is None or item.account_id in live else 0
        part = Part(list(item.hourly), item.usage, closing)
        out[key] = out[key].plus(part) if key in out else part
    return out


def resolve_parts(
    parts: Mapping[PartKey, Part], snapshot: Snapshot, day: date
) -> dict[PartKey, Part]:
    """Parts with every contract named (``billing_contract`` for days recorded without one),
    and those of partners no longer in the channel left out."""
    out: dict[PartKey, Part] = {}
    for (partner_id, contract_id), part in parts.items():
        partner = snapshot.partners.get(partner_id)
        if partner is None:
            continue
        key = (partner_id, billing_contract(contract_id or None, partner, snapshot, day) or "")
        out[key] = out[key].plus(part) if key in out else part
    return out


#: Storage partitions of the sample and day tables (``usage.SHARDS``): fixed by the key layout.
def partitions_of(shard: int, shards: int) -> list[int]:
    """The storage partitions fan-out shard ``shard`` of ``shards`` (a power of two) reads:
    up to ``SHARDS`` shards split the partitions between them; beyond, several shards read
    one partition and each keeps its own accounts (``in_shard``)."""
    if shards <= rules.SHARDS:
        return [p for p in range(rules.SHARDS) if p % shards == shard]
    return [shard % rules.SHARDS]


def fanout_shard_of(account_id: str, shards: int) -> int:
    """The fan-out shard of an account (``clientAccountId mod shards``; agrees with
    ``usage.shard_of`` on the storage partition)."""
    if account_id.isdigit():
        return int(account_id) % shards
    return sum(account_id.encode()) % shards


def merge_parts(many: Iterable[Mapping[PartKey, Part]]) -> dict[PartKey, Part]:
    """Parts of several shards added up key by key (order does not matter)."""
    out: dict[PartKey, Part] = {}
    for parts in many:
        for key, part in parts.items():
            out[key] = out[key].plus(part) if key in out else part
    return out


# --- roll-ups ---------------------------------------------------------------------------------


@dataclass
class Rollup:
    entity_id: str
    date: str
    entity_type: str
    path: str
    hourly: list[int]
    usage: int
    peak: int
    allocated_capacity: int
    billable: int | None = None
    excess: int | None = None
    partners: dict[str, int] = field(default_factory=dict)
    #: a contract's day: the partners billed as pay-per-use that day (None: not recorded)
    pay_per_use: list[str] | None = None


def _rollup(
    entity_id: str, day: date, kind: str, path: str, parts: Sequence[Part], allocated: int
) -> Rollup:
    hourly = rules.sum_series(p.hourly for p in parts)
    return Rollup(
        entity_id=entity_id,
        date=day.isoformat(),
        entity_type=kind,
        path=path,
        hourly=hourly,
        usage=sum(p.usage for p in parts),
        peak=max(hourly, default=0),
        allocated_capacity=allocated,
    )


def rollup_day(day: date, parts: Mapping[PartKey, Part], snapshot: Snapshot) -> list[Rollup]:
    """Partner, contract and distributor days from the day's parts (all shards merged).

    An entity gets a day once it exists by the end of that day, or when something is booked on
    it. A contract's partners are those with usage booked on it plus those that belong to it
    that day with nothing stored; billable and excess follow ``docs/usage.md``. Linear in
    parts + entities."""
    day_end = (day + timedelta(days=1)).isoformat()
    parts = resolve_parts(parts, snapshot, day)
    by_partner: dict[str, list[Part]] = defaultdict(list)
    by_contract: dict[str, dict[str, list[Part]]] = defaultdict(lambda: defaultdict(list))
    for (partner_id, contract_id), part in parts.items():
        if partner_id not in snapshot.partners:
            continue
        by_partner[partner_id].append(part)
        if contract_id in snapshot.contracts:
            by_contract[contract_id][partner_id].append(part)

    out: list[Rollup] = []
    partner_rollups: dict[str, Rollup] = {}
    for partner_id, partner in snapshot.partners.items():
        own = by_partner.get(partner_id, [])
        if not own and partner.created_at >= day_end:
            continue
        rollup = _rollup(
            partner_id, day, PARTNER, partner.path, own, int(partner.allocated_capacity)
        )
        partner_rollups[partner_id] = rollup
        out.append(rollup)
        home = home_contract(partner, snapshot, day)
        if home in snapshot.contracts:
            by_contract[home].setdefault(partner_id, [])

    for contract_id, contract in snapshot.contracts.items():
        members = by_contract.get(contract_id, {})
        members = {p: v for p, v in members.items() if p in partner_rollups}
        if not members and contract.created_at >= day_end:
            continue
        every = [part for partner_parts in members.values() for part in partner_parts]
        rollup = _rollup(
            contract_id, day, CONTRACT, contract.path, every, int(contract.reserved_capacity)
        )
        usage = {p: sum(part.usage for part in v) for p, v in members.items()}
        pay_per_use = sorted(p for p in members if is_pay_per_use(snapshot.partners[p]))
        rollup.billable = rules.billable_usage(
            rules.PartnerDay(usage=usage[p], pay_per_use=p in pay_per_use) for p in members
        )
        rollup.excess = rules.excess_usage(rollup.billable, rollup.allocated_capacity)
        rollup.partners = usage
        rollup.pay_per_use = pay_per_use
        out.append(rollup)

    per_distributor: dict[str, list[Part]] = defaultdict(list)
    for partner_id, own in by_partner.items():
        distributor_id = snapshot.partners[partner_id].distributor_id
        if distributor_id and partner_id in partner_rollups:
            per_distributor[distributor_id].extend(own)
    for distributor_id, distributor in snapshot.distributors.items():
        own = per_distributor.get(distributor_id, [])
        if not own and distributor.created_at >= day_end:
            continue
        reserved = sum(
            int(c.reserved_capacity) for c in snapshot.contracts_by_org.get(distributor_id, ())
        )
        out.append(_rollup(distributor_id, day, DISTRIBUTOR, distributor.path, own, reserved))
    return out


def keep_recorded_allocation(
    rollups: Iterable[Rollup], recorded: Mapping[tuple[str, str], Rollup]
) -> list[Rollup]:
    """For a past day: the allocation in force at its end is what was recorded then, and so is
    each partner's billing (pay-per-use or reserved) on a contract's day; the contract's
    billable and excess are measured against them. A partner new to the day (late usage) is
    billed as it is now."""
    out = []
    for r in rollups:
        before = recorded.get((r.entity_id, r.date))
        if before is not None:
            r.allocated_capacity = before.allocated_capacity
            if r.entity_type == CONTRACT:
                if before.pay_per_use is not None:
                    r.pay_per_use = recorded_billing(r, before)
                    r.billable = rules.billable_usage(
                        rules.PartnerDay(usage=u, pay_per_use=p in r.pay_per_use)
                        for p, u in r.partners.items()
                    )
                r.excess = rules.excess_usage(r.billable or 0, before.allocated_capacity)
        out.append(r)
    return out


def recorded_billing(day: Rollup, before: Rollup) -> list[str]:
    """The partners of a recomputed contract day billed as pay-per-use: as recorded for the
    partners the day had, as now for a partner it did not have."""
    kept = set(before.pay_per_use or ())
    known = set(before.partners)
    return sorted(
        p for p in day.partners if p in kept or (p not in known and p in (day.pay_per_use or ()))
    )


# --- what the latest day publishes ------------------------------------------------------------


@dataclass
class Used:
    """``usedCapacity`` of every partner, contract and distributor (latest hourly value)."""

    partners: dict[str, int]
    contracts: dict[str, int]
    distributors: dict[str, int]


def used_capacities(parts: Mapping[PartKey, Part], snapshot: Snapshot, day: date) -> Used:
    """From the latest day's parts: each entity's sum of its accounts' closing values."""
    parts = resolve_parts(parts, snapshot, day)
    partners: dict[str, int] = dict.fromkeys(snapshot.partners, 0)
    contracts: dict[str, int] = dict.fromkeys(snapshot.contracts, 0)
    distributors: dict[str, int] = dict.fromkeys(snapshot.distributors, 0)
    for (partner_id, contract_id), part in parts.items():
        partner = snapshot.partners.get(partner_id)
        if partner is None:
            continue
        partners[partner_id] += part.closing
        if contract_id in contracts:
            contracts[contract_id] += part.closing
        if partner.distributor_id in distributors:
            distributors[partner.distributor_id] += part.closing
    return Used(partners, contracts, distributors)


def month_excess_fee(contract: ContractInfo, days: Iterable[Rollup], through: date) -> int:
    """The contract's excess usage fee for the month to date (``through`` included)."""
    first = rules.month_start(through)
    return rules.excess_fee_cents(
        (
            (date.fromisoformat(r.date), r.excess or 0)
            for r in days
            if first.isoformat() <= r.date <= through.isoformat()
        ),
        contract.cost_storage_gb_cents,
    )
