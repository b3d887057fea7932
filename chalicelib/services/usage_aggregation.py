"""The usage aggregation job: samples -> hourly values -> account days -> roll-ups -> the
``usedCapacity`` of every entity, the contracts' excess fee, and hard quotas.

What it works on: every hour after the watermark up to the last complete hour, plus every hour
the checkpoint index marks dirty (late samples). It recomputes whole days from the first hour
that needs it (hours before that keep their stored values), in date order, and carries each
account's closing value into the next day; when a recomputed day closes differently from what
the next day was computed with, the next day is marked dirty *before* this day's checkpoints are
cleared, so a crash anywhere leaves enough marks for the rerun to redo exactly what is missing.

Every write is deterministic (same samples -> same items), only items that differ are written,
and roll-ups are recomputed from their children, so running twice changes nothing and a rerun
after a crash ends in identical totals (``tests/api/test_usage_aggregation.py`` kills it at
random points to check).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from chalicelib import clock
from chalicelib.domain import usage as rules
from chalicelib.domain.principal import path_ids, system_principal
from chalicelib.services import alerts
from chalicelib.store import usage as store


@dataclass
class Summary:
    last_complete_hour: str
    watermark: str | None = None
    usage_updated_at: str | None = None
    hours_aggregated: int = 0
    dirty_hours: int = 0
    days_recomputed: list[str] = field(default_factory=list)
    accounts: int = 0
    samples_read: int = 0
    day_items_written: int = 0
    rollups_written: int = 0
    batch_write_calls: int = 0
    entities_updated: int = 0
    quota_enforced: list[str] = field(default_factory=list)
    quota_lifted: list[str] = field(default_factory=list)
    alerts: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _iso(moment: datetime) -> str:
    return clock.iso(moment)


def _end_of_hour(hour: str) -> str:
    return _iso(rules.hour_start(hour) + timedelta(hours=1))


def run(now: datetime | None = None) -> Summary:
    """One aggregation run (the schedule, the timer and ``POST /v1/jobs/usage-aggregation``)."""
    now = now or clock.now()
    stamp = _iso(now)
    last = rules.last_complete_hour(now)
    last_day = rules.day_of(last)
    summary = Summary(last_complete_hour=last)

    watermark = store.get_watermark()
    dirty = {h: v for h, v in store.dirty_hours().items() if h <= last}
    summary.dirty_hours = len(dirty)
    if watermark is not None and watermark < last:
        new_hours = rules.hours_between(rules.next_hour(watermark), last)
    elif watermark is None:
        new_hours = rules.hours_between(min(dirty), last) if dirty else [last]
    else:
        new_hours = []
    summary.hours_aggregated = len(set(new_hours) | set(dirty))

    # the first hour of each day that must be recomputed
    starts: dict[date, int] = {}
    for hour in [*new_hours, *dirty]:
        day = rules.day_of(hour)
        starts[day] = min(starts.get(day, 24), rules.hour_of_day(hour))

    channel = store.read_channel()
    summary.accounts = len(channel.accounts)
    final_last_day: dict[str, store.AccountDay] | None = None
    day = min(starts) if starts else None
    carry: dict[str, int] | None = None
    stored_next: dict[str, store.AccountDay] | None = None
    while day is not None and day <= last_day:
        stored = stored_next if stored_next is not None else store.read_day(day)
        stored_next = None
        if carry is None:
            carry = {a: d.closing for a, d in store.read_day(day - timedelta(days=1)).items()}
        carry = {a: v for a, v in carry.items() if a in channel.accounts}
        start = starts.get(day)
        if _carry_changed(carry, stored, channel.accounts):
            start = 0
        if start is None:  # this day stands as stored: jump to the next day that needs work
            later = [d for d in starts if d > day]
            day, carry = (min(later), None) if later else (None, None)
            continue
        end = 23 if day < last_day else rules.hour_of_day(last)
        final = _recompute_day(day, start, end, carry, stored, channel, last_day, summary)
        rollups = _rollups(day, final, channel, last_day)
        changed_rollups = _changed_rollups(rollups)
        summary.batch_write_calls += store.put_rollups(changed_rollups)
        summary.rollups_written += len(changed_rollups)
        summary.days_recomputed.append(day.isoformat())
        closing = {a: d.closing for a, d in final.items()}
        if day < last_day:
            stored_next = store.read_day(day + timedelta(days=1))
            if _carry_changed(closing, stored_next, channel.accounts):
                # the next day must be redone: say so before this day's marks are cleared
                dirty.update(
                    store.mark_hours_dirty([rules.hour_in_day(day + timedelta(days=1), 0)], stamp)
                )
        for hour in sorted(h for h in dirty if rules.day_of(h) == day):
            store.clear_hour(hour, dirty[hour], stamp)
        store.advance_watermark(rules.hour_in_day(day, end), stamp)
        if day == last_day:
            final_last_day = final
        carry = closing
        day = day + timedelta(days=1)

    if final_last_day is None:
        final_last_day = store.read_day(last_day)
    summary.watermark = store.get_watermark()
    updated_at = _end_of_hour(summary.watermark or last)
    summary.usage_updated_at = updated_at
    _publish(final_last_day, channel, last_day, updated_at, summary)
    summary.alerts = alerts.evaluate_after_aggregation(
        channel.contracts.values(), channel.partners.values(), channel.accounts.values()
    ).as_dict()
    return summary


def _carry_changed(carry: dict[str, int], stored: dict[str, store.AccountDay], accounts) -> bool:
    for account_id in set(carry) | set(stored):
        if account_id not in accounts:
            continue
        before = stored[account_id].carry_in if account_id in stored else 0
        if carry.get(account_id, 0) != before:
            return True
    return False


def _recompute_day(
    day: date,
    start: int,
    end: int,
    carry: dict[str, int],
    stored: dict[str, store.AccountDay],
    channel: store.Channel,
    last_day: date,
    summary: Summary,
) -> dict[str, store.AccountDay]:
    """The day's account items with hours ``start..end`` recomputed from their samples; writes
    those that differ from what is stored and answers every item of the day."""
    hours = [rules.hour_in_day(day, h) for h in range(start, end + 1)]
    samples = store.samples_of_hours(hours)
    summary.samples_read += sum(len(v) for v in samples.values())
    involved = (set(stored) | set(samples) | {a for a, v in carry.items() if v}) & set(
        channel.accounts
    )
    final: dict[str, store.AccountDay] = {
        a: d for a, d in stored.items() if a not in channel.accounts
    }
    changed = []
    for account_id in sorted(involved):
        account = channel.accounts[account_id]
        before = stored.get(account_id)
        carry_in = carry.get(account_id, 0)
        prefix = [carry_in] * start if start == 0 or before is None else before.hourly[:start]
        after = rules.hourly_values(
            samples.get(account_id, ()), hours, prefix[-1] if prefix else carry_in
        )
        values = prefix + after
        daily = rules.daily_usage(values)
        if day == last_day or before is None:
            allocated = int(account.allocated_capacity)
        else:
            allocated = before.allocated_capacity
        item = store.AccountDay(
            account_id=account_id,
            date=day.isoformat(),
            partner_id=account.partner_id,
            contract_id=account.contract_id,
            path=account.path,
            carry_in=carry_in,
            hourly=values,
            usage=daily.usage,
            peak=daily.peak,
            allocated_capacity=allocated,
        )
        final[account_id] = item
        if item != before:
            changed.append(item)
    summary.batch_write_calls += store.put_days(changed)
    summary.day_items_written += len(changed)
    return final


def _distributor_of(path: str) -> str | None:
    ids = path_ids(path)
    return ids[1] if len(ids) >= 3 else None


def _rollups(
    day: date,
    final: dict[str, store.AccountDay],
    channel: store.Channel,
    last_day: date,
) -> list[store.Rollup]:
    """Partner, contract and distributor days, recomputed from the account days."""
    by_partner: dict[str, list[store.AccountDay]] = defaultdict(list)
    for item in final.values():
        by_partner[item.partner_id].append(item)
    day_end = (day + timedelta(days=1)).isoformat()
    out: list[store.Rollup] = []
    partner_rollups: dict[str, store.Rollup] = {}
    for partner_id, partner in channel.partners.items():
        items = by_partner.get(partner_id, [])
        if not items and partner.created_at >= day_end:
            continue
        hourly = rules.sum_series(i.hourly for i in items)
        rollup = store.Rollup(
            entity_id=partner_id,
            date=day.isoformat(),
            entity_type="partner",
            path=partner.path,
            hourly=hourly,
            usage=sum(i.usage for i in items),
            peak=max(hourly, default=0),
            allocated_capacity=int(partner.allocated_capacity),
        )
        partner_rollups[partner_id] = rollup
        out.append(rollup)

    for contract_id, contract in channel.contracts.items():
        members = [
            p
            for p in channel.partners.values()
            if (p.contract_id or _own_contract(p.id, channel)) == contract_id
            and p.id in partner_rollups
        ]
        if not members and contract.created_at >= day_end:
            continue
        rolls = [partner_rollups[p.id] for p in members]
        hourly = rules.sum_series(r.hourly for r in rolls)
        billable = rules.billable_usage(
            rules.PartnerDay(
                usage=partner_rollups[p.id].usage,
                pay_per_use=bool(p.contract_id) and int(p.allocated_capacity) == 0,
            )
            for p in members
        )
        reserved = int(contract.reserved_capacity)
        out.append(
            store.Rollup(
                entity_id=contract_id,
                date=day.isoformat(),
                entity_type="contract",
                path=contract.path,
                hourly=hourly,
                usage=sum(r.usage for r in rolls),
                peak=max(hourly, default=0),
                allocated_capacity=reserved,
                billable=billable,
                excess=rules.excess_usage(billable, reserved),
                partners={p.id: partner_rollups[p.id].usage for p in members},
            )
        )

    for distributor_id, distributor in channel.distributors.items():
        rolls = [r for r in partner_rollups.values() if _distributor_of(r.path) == distributor_id]
        if not rolls and distributor.created_at >= day_end:
            continue
        hourly = rules.sum_series(r.hourly for r in rolls)
        out.append(
            store.Rollup(
                entity_id=distributor_id,
                date=day.isoformat(),
                entity_type="distributor",
                path=distributor.path,
                hourly=hourly,
                usage=sum(r.usage for r in rolls),
                peak=max(hourly, default=0),
                allocated_capacity=sum(
                    int(c.reserved_capacity)
                    for c in channel.contracts.values()
                    if c.organization_id == distributor_id
                ),
            )
        )
    if day != last_day:  # the allocation in force at the end of a past day is what was stored
        stored = store.get_rollups([(r.entity_id, r.date) for r in out])
        for r in out:
            before = stored.get((r.entity_id, r.date))
            if before is not None:
                r.allocated_capacity = before.allocated_capacity
                if r.entity_type == "contract":
                    r.excess = rules.excess_usage(r.billable or 0, before.allocated_capacity)
    return out


def _own_contract(partner_id: str, channel: store.Channel) -> str | None:
    """A direct channel partner's own contract (it has no ``contract_id`` of a distributor)."""
    for contract in channel.contracts.values():
        if contract.organization_id == partner_id:
            return contract.id
    return None


def _changed_rollups(rollups: list[store.Rollup]) -> list[store.Rollup]:
    stored = store.get_rollups([(r.entity_id, r.date) for r in rollups])
    return [r for r in rollups if stored.get((r.entity_id, r.date)) != r]


def _publish(
    final: dict[str, store.AccountDay],
    channel: store.Channel,
    last_day: date,
    updated_at: str,
    summary: Summary,
) -> None:
    """``usedCapacity``/``usageUpdatedAt`` everywhere, the month's excess fee on contracts, and
    hard quotas, from the latest day."""
    latest = {a: d.closing for a, d in final.items()}
    summary.entities_updated += store.set_used_many(
        [(account, latest.get(account_id, 0)) for account_id, account in channel.accounts.items()],
        updated_at,
    )
    _enforce_quotas(channel, latest, summary)

    per_partner: dict[str, int] = defaultdict(int)
    for account_id, value in latest.items():
        if account_id in channel.accounts:
            per_partner[channel.accounts[account_id].partner_id] += value
    for partner_id, partner in channel.partners.items():
        if store.set_used(partner, per_partner.get(partner_id, 0), updated_at):
            summary.entities_updated += 1
    for distributor_id, distributor in channel.distributors.items():
        used = sum(
            v
            for p, v in per_partner.items()
            if p in channel.partners and _distributor_of(channel.partners[p].path) == distributor_id
        )
        if store.set_used(distributor, used, updated_at):
            summary.entities_updated += 1
    first = rules.month_start(last_day)
    for contract_id, contract in channel.contracts.items():
        used = sum(
            v
            for p, v in per_partner.items()
            if p in channel.partners
            and (channel.partners[p].contract_id or _own_contract(p, channel)) == contract_id
        )
        days = store.rollups(contract_id, first, last_day)
        fee = rules.excess_fee_cents(
            ((date.fromisoformat(r.date), r.excess or 0) for r in days),
            contract.cost_storage_gb_cents,
        )
        if store.set_used(contract, used, updated_at, excess_usage_fee_cents=fee):
            summary.entities_updated += 1


def _enforce_quotas(channel: store.Channel, latest: dict[str, int], summary: Summary) -> None:
    """An account without overdraft whose latest value exceeds its allocation becomes read-only
    at the backend in this run, and writable again once back under.

    A saga: the intent is recorded (with its audit event) first, then the backend is called,
    then the record is marked applied. An account still marked pending (a crash or a backend
    failure in an earlier run) gets its recorded state re-applied before anything else, so the
    backend never stays blocked (or open) against what the record says."""
    from chalicelib.store.backend import get_backend  # only runs that change a quota need it

    principal = system_principal("usage-aggregation")
    for account_id, account in sorted(channel.accounts.items()):
        if account.quota_pending:
            get_backend().set_over_quota(account_id, bool(account.quota_enforced))
            store.quota_applied(account)
        allocation = int(account.allocated_capacity)
        over = (
            not account.allow_overdraft
            and allocation > 0
            and latest.get(account_id, 0) > allocation
        )
        if over == bool(account.quota_enforced):
            continue
        store.record_quota(principal, account, over)
        get_backend().set_over_quota(account_id, over)
        store.quota_applied(account)
        (summary.quota_enforced if over else summary.quota_lifted).append(account_id)
