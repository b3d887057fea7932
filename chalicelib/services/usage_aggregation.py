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

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from chalicelib import clock
from chalicelib.domain import aggregation as agg
from chalicelib.domain import usage as rules
from chalicelib.domain.principal import system_principal
from chalicelib.services import alerts
from chalicelib.store.backend import get_backend
from chalicelib.store.usage import channel as channel_store
from chalicelib.store.usage import checkpoints, days, rollups, samples
from chalicelib.store.usage.channel import Channel


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

    watermark = checkpoints.get_watermark()
    dirty = {h: v for h, v in checkpoints.dirty_hours().items() if h <= last}
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

    channel = channel_store.read_channel()
    snapshot = channel.snapshot()
    accounts = {a: channel_store.account_info(item) for a, item in channel.accounts.items()}
    summary.accounts = len(accounts)
    final_last_day: dict[str, agg.AccountDay] | None = None
    day = min(starts) if starts else None
    carry: dict[str, int] | None = None
    stored_next: dict[str, agg.AccountDay] | None = None
    while day is not None and day <= last_day:
        stored = stored_next if stored_next is not None else days.read_day(day)
        stored_next = None
        if carry is None:
            carry = {a: d.closing for a, d in days.read_day(day - timedelta(days=1)).items()}
        carry = {a: v for a, v in carry.items() if a in accounts}
        start = starts.get(day)
        if _carry_changed(carry, stored, accounts):
            start = 0
        if start is None:  # this day stands as stored: jump to the next day that needs work
            later = [d for d in starts if d > day]
            day, carry = (min(later), None) if later else (None, None)
            continue
        end = 23 if day < last_day else rules.hour_of_day(last)
        final = _recompute_day(day, start, end, carry, stored, accounts, last_day, summary)
        day_rollups = agg.rollup_day(
            day, agg.parts_of(final.values(), snapshot.partners, snapshot, day), snapshot
        )
        changed_rollups = _changed_rollups(day_rollups, past=day != last_day)
        summary.batch_write_calls += rollups.put_rollups(changed_rollups)
        summary.rollups_written += len(changed_rollups)
        summary.days_recomputed.append(day.isoformat())
        closing = {a: d.closing for a, d in final.items()}
        if day < last_day:
            stored_next = days.read_day(day + timedelta(days=1))
            if _carry_changed(closing, stored_next, accounts):
                # the next day must be redone: say so before this day's marks are cleared
                dirty.update(
                    checkpoints.mark_hours_dirty(
                        [rules.hour_in_day(day + timedelta(days=1), 0)], stamp
                    )
                )
        for hour in sorted(h for h in dirty if rules.day_of(h) == day):
            checkpoints.clear_hour(hour, dirty[hour], stamp)
        checkpoints.advance_watermark(rules.hour_in_day(day, end), stamp)
        if day == last_day:
            final_last_day = final
        carry = closing
        day = day + timedelta(days=1)

    if final_last_day is None:
        final_last_day = days.read_day(last_day)
    summary.watermark = checkpoints.get_watermark()
    updated_at = _end_of_hour(summary.watermark or last)
    summary.usage_updated_at = updated_at
    _publish(final_last_day, channel, snapshot, last_day, updated_at, summary)
    summary.alerts = alerts.evaluate_after_aggregation(
        channel.contracts.values(), channel.partners.values(), channel.accounts.values()
    ).as_dict()
    return summary


def _carry_changed(
    carry: dict[str, int], stored: dict[str, agg.AccountDay], accounts: dict[str, Any]
) -> bool:
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
    stored: dict[str, agg.AccountDay],
    accounts: dict[str, agg.AccountInfo],
    last_day: date,
    summary: Summary,
    shards: list[int] | None = None,
) -> dict[str, agg.AccountDay]:
    """The day's account items with hours ``start..end`` recomputed from their samples; writes
    those that differ from what is stored and answers every item of the day."""
    hours = [rules.hour_in_day(day, h) for h in range(start, end + 1)]
    found = samples.samples_of_hours(hours, shards)
    summary.samples_read += sum(len(v) for v in found.values())
    involved = (set(stored) | set(found) | {a for a, v in carry.items() if v}) & set(accounts)
    final: dict[str, agg.AccountDay] = {a: d for a, d in stored.items() if a not in accounts}
    changed = []
    for account_id in sorted(involved):
        before = stored.get(account_id)
        carry_in = carry.get(account_id, 0)
        prefix = [carry_in] * start if start == 0 or before is None else before.hourly[:start]
        after = rules.hourly_values(
            found.get(account_id, ()), hours, prefix[-1] if prefix else carry_in
        )
        item = agg.account_day(
            accounts[account_id], day, prefix + after, carry_in, before, day == last_day
        )
        final[account_id] = item
        if item != before:
            changed.append(item)
    summary.batch_write_calls += days.put_days(changed)
    summary.day_items_written += len(changed)
    return final


def _changed_rollups(day_rollups: list[agg.Rollup], past: bool) -> list[agg.Rollup]:
    """The roll-ups that differ from what is stored; a past day keeps the allocation recorded
    for it (one read of the stored roll-ups serves both)."""
    stored = rollups.get_rollups([(r.entity_id, r.date) for r in day_rollups])
    if past:
        day_rollups = agg.keep_recorded_allocation(day_rollups, stored)
    return [r for r in day_rollups if stored.get((r.entity_id, r.date)) != r]


def _publish(
    final: dict[str, agg.AccountDay],
    channel: Channel,
    snapshot: agg.Snapshot,
    last_day: date,
    updated_at: str,
    summary: Summary,
) -> None:
    """``usedCapacity``/``usageUpdatedAt`` everywhere, the month's excess fee on contracts, and
    hard quotas, from the latest day."""
    latest = {a: d.closing for a, d in final.items()}
    summary.entities_updated += channel_store.set_used_many(
        [(account, latest.get(account_id, 0)) for account_id, account in channel.accounts.items()],
        updated_at,
    )
    _enforce_quotas(channel, latest, summary)

    live = [d for d in final.values() if d.account_id in channel.accounts]
    used = agg.used_capacities(agg.parts_of(live, snapshot.partners, snapshot, last_day), snapshot)
    for partner_id, partner in channel.partners.items():
        if channel_store.set_used(partner, used.partners[partner_id], updated_at):
            summary.entities_updated += 1
    for distributor_id, distributor in channel.distributors.items():
        if channel_store.set_used(distributor, used.distributors[distributor_id], updated_at):
            summary.entities_updated += 1
    first = rules.month_start(last_day)
    for contract_id, contract in channel.contracts.items():
        fee = agg.month_excess_fee(
            snapshot.contracts[contract_id],
            rollups.rollups(contract_id, first, last_day),
            last_day,
        )
        if channel_store.set_used(
            contract, used.contracts[contract_id], updated_at, excess_usage_fee_cents=fee
        ):
            summary.entities_updated += 1


def _enforce_quotas(channel: Channel, latest: dict[str, int], summary: Summary) -> None:
    """An account without overdraft whose latest value exceeds its allocation becomes read-only
    at the backend in this run, and writable again once back under.

    A saga: the intent is recorded (with its audit event) first, then the backend is called,
    then the record is marked applied. An account still marked pending (a crash or a backend
    failure in an earlier run) gets its recorded state re-applied before anything else, so the
    backend never stays blocked (or open) against what the record says."""
    principal = system_principal("usage-aggregation")
    for account_id, account in sorted(channel.accounts.items()):
        if account.quota_pending:
            get_backend().set_over_quota(account_id, bool(account.quota_enforced))
            channel_store.quota_applied(account)
        over = agg.over_hard_quota(
            int(account.allocated_capacity),
            bool(account.allow_overdraft),
            latest.get(account_id, 0),
        )
        if over == bool(account.quota_enforced):
            continue
        channel_store.record_quota(principal, account, over)
        get_backend().set_over_quota(account_id, over)
        channel_store.quota_applied(account)
        (summary.quota_enforced if over else summary.quota_lifted).append(account_id)
