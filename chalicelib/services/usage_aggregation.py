"""The usage aggregation job: samples -> hourly values -> account days -> roll-ups -> the
``usedCapacity`` of every entity, the contracts' excess fee, and hard quotas. It fans out over
shards (``clientAccountId mod N``, ``USAGE_SHARDS``):

1. **Coordinator** (``start``: the hourly schedule and ``POST /v1/jobs/usage-aggregation``):
   decides the hours to do (every hour after the watermark up to the last complete hour, plus
   every hour the checkpoint index marks dirty) and the first hour of each day to recompute,
   records a run with that plan, and sends one message per shard to the shard queue. A run
   with nothing to do reads the state item and the dirty index and stops.
2. **Shard worker** (``work_shard``: the queue's Lambda): for its accounts only, recomputes
   the planned days in date order from the first hour that needs it (hours before keep their
   stored values), carrying each account's closing value into the next day; writes the
   account days that differ, the shard's partial roll-ups of each day, each account's
   ``usedCapacity`` and hard quota; then adds itself to the run's set of finished shards.
3. **Fan-in** (``fan_in``: the worker that completes the set, or the next coordinator run if
   that one died): merges the shards' partials of each recomputed day into partner, contract
   and distributor roll-ups (the rules in ``domain/aggregation.py``), publishes their
   ``usedCapacity`` and the contracts' month-to-date fee, evaluates alert rules, and only then
   clears the dirty hours it planned (conditional on the version it read) and advances the
   watermark.

Crash-safe at every step: every write is deterministic and written only where it differs, and
the checkpoints move only after everything they guard is written. A shard delivered twice
finds itself in the finished set and changes nothing; a crashed shard's message comes back
(SQS visibility timeout) and redoes the same work; a shard that keeps failing goes to the
dead-letter queue (alarmed) and the next coordinator run re-sends it; a coordinator that died
after recording its run is resumed by the next one. ``run`` does the whole thing in this
process (the same functions, shards one after the other): the demo, the tests and the
single-process comparison use it. ``load_history`` aggregates a whole history of samples at once
in this process (the demo's 60 days), with the same rules, and leaves the days after it to ``run``.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from chalicelib import clock
from chalicelib.domain import aggregation as agg
from chalicelib.domain import usage as rules
from chalicelib.domain.principal import system_principal
from chalicelib.services import alerts
from chalicelib.settings import get_settings
from chalicelib.store.backend import get_backend
from chalicelib.store.models import StorageAccountItem
from chalicelib.store.usage import channel as channel_store
from chalicelib.store.usage import checkpoints, days, rollups, runs, samples

INLINE = "inline"
QUEUED = "queued"
#: A shard worker's Lambda timeout; a fan-in claimed longer ago than this belonged to a worker
#: that died.
WORKER_SECONDS = 900
#: Partials outlive the days a late sample can still change (35) by a few days.
PARTIAL_TTL = timedelta(days=40)


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
    run_id: str | None = None
    shards: int = 0
    #: what the alert rules found (``services.alerts.Evaluation``), shards and fan-in together
    alerts: dict[str, Any] = field(default_factory=lambda: alerts.Evaluation().as_dict())

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _iso(moment: datetime) -> str:
    return clock.iso(moment)


def _end_of_hour(hour: str) -> str:
    return _iso(rules.hour_start(hour) + timedelta(hours=1))


# --- coordinator ------------------------------------------------------------------------------


def _plan(now: datetime, watermark: str | None) -> dict[str, Any] | None:
    """What a run must do, or None when there is nothing to do."""
    last = rules.last_complete_hour(now)
    dirty = {h: v for h, v in checkpoints.dirty_hours().items() if h <= last}
    if watermark is not None and watermark < last:
        new_hours = rules.hours_between(rules.next_hour(watermark), last)
    elif watermark is None:
        new_hours = rules.hours_between(min(dirty), last) if dirty else [last]
    else:
        new_hours = []
    if not new_hours and not dirty:
        return None
    starts: dict[str, int] = {}
    for hour in [*new_hours, *dirty]:
        day = rules.day_of(hour).isoformat()
        starts[day] = min(starts.get(day, 24), rules.hour_of_day(hour))
    return {
        "last": last,
        "starts": starts,
        "dirty": dirty,
        "hours": len(set(new_hours) | set(dirty)),
    }


def start(now: datetime | None = None, *, mode: str = QUEUED, record_noop: bool = False) -> dict:
    """The coordinator: resumes the previous run if it never finished, else plans a new one and
    dispatches its shards (to the queue, or here for ``INLINE``). Answers the run's status."""
    now = now or clock.now()
    stamp = _iso(now)
    settings = get_settings()
    state = runs.read_state()
    previous = state.get("run_id")
    if previous:
        run = runs.get_run(previous)
        if run is not None and run["status"] == runs.RUNNING:
            return _resume(run, now)
    plan = _plan(now, state.get("watermark"))
    if plan is None and not record_noop:
        return {
            "run_id": None,
            "status": "nothing_to_do",
            "last_complete_hour": rules.last_complete_hour(now),
            "watermark": state.get("watermark"),
        }
    run_id = str(uuid.uuid4())
    shards = settings.usage_shards if plan else 0
    if not runs.create_run(run_id, previous, plan or {}, shards, mode, stamp):
        # another coordinator started one meanwhile: report that one
        return status(runs.read_state()["run_id"])
    if plan is None:
        summary = Summary(last_complete_hour=rules.last_complete_hour(now), run_id=run_id)
        summary.watermark = state.get("watermark")
        runs.finish_run(run_id, summary.as_dict(), stamp)
        return status(run_id)
    _dispatch(runs.get_run(run_id), list(range(shards)), now)
    return status(run_id)


def _resume(run: dict[str, Any], now: datetime) -> dict:
    """A run that never finished: a queued one still within its time is left to its shards;
    otherwise the shards not done are sent again, or the fan-in is done here."""
    stale = _iso(now - timedelta(minutes=get_settings().usage_run_stale_minutes))
    if run["mode"] == QUEUED and run["dispatched"] and run["created_at"] > stale:
        return status(run["run_id"])
    missing = [k for k in range(run["shards"]) if k not in run["done"]]
    if missing:
        _dispatch(run, missing, now)
    else:
        _fan_in_if_claimed(run, now)
    return status(run["run_id"]) | {"resumed": True}


def _dispatch(run: dict[str, Any], shards: list[int], now: datetime) -> None:
    if run["mode"] == INLINE:
        runs.mark_dispatched(run["run_id"], _iso(now))
        for shard in shards:
            work_shard(run["run_id"], shard, now=now)
        return
    runs.send_shards(run["run_id"], shards)
    runs.mark_dispatched(run["run_id"], _iso(now))


def run(now: datetime | None = None) -> Summary:
    """One aggregation in this process (shards one after the other, then the fan-in): finishes
    a run a crash left behind first, then does the hours due now. Answers the last run's
    summary."""
    now = now or clock.now()
    outcome = start(now, mode=INLINE)
    if outcome.get("resumed"):
        outcome = start(now, mode=INLINE)
    if outcome["run_id"] is None:
        return Summary(
            last_complete_hour=outcome["last_complete_hour"], watermark=outcome["watermark"]
        )
    if outcome["status"] != runs.FINISHED:
        raise RuntimeError(f"Aggregation run {outcome['run_id']} is still in progress.")
    return Summary(**outcome["summary"])


def load_history(history: list[samples.Sample], until: date, now: datetime | None = None) -> dict:
    """Loads a history of samples into an empty usage store at once: writes the samples and
    their hours' checkpoints (bulk; those before ``until`` already aggregated), aggregates
    every whole day before ``until`` here, with the rules a run applies
    (``usage.hourly_values``, ``aggregation.account_day``, ``parts_of``, ``rollup_day``),
    writes those account days and roll-ups in bulk and moves the watermark to the last hour
    before ``until``. The next ``run``
    does the hours from ``until`` on, carrying the closing values stored here; any later run
    that recomputes one of these days (a late sample) finds its samples and gets the same
    figures. Refused once anything was aggregated: it never overwrites a stored day (nor a
    checkpoint: the store has seen no sample before)."""
    now = now or clock.now()
    stamp = _iso(now)
    if checkpoints.get_watermark() is not None or checkpoints.dirty_hours():
        raise RuntimeError("load_history needs a usage store that never received a sample.")
    if until > rules.day_of(rules.last_complete_hour(now)):
        # the run after it publishes usedCapacity: it must have the latest complete hour's day
        raise ValueError("load_history leaves at least the last complete hour's day to a run.")
    before = rules.hour_in_day(until, 0)
    hours = {s.hour for s in history}
    writes = samples.put_history(history, stamp)
    writes += checkpoints.record_history_hours(
        {h for h in hours if h < before}, {h for h in hours if h >= before}, stamp
    )
    found = channel_store.accounts_by_id(sorted({s.account_id for s in history}))
    live = {a: item for a, item in found.items() if item is not None}
    infos = {a: channel_store.account_info(item) for a, item in live.items()}
    by_day: dict[date, dict[str, list[tuple[str, int]]]] = {}
    for sample in history:
        day_samples = by_day.setdefault(rules.day_of(sample.hour), {})
        day_samples.setdefault(sample.account_id, []).append((sample.at, sample.stored_bytes))
    snapshot = channel_store.read_organizations().snapshot()
    day_items: list[agg.AccountDay] = []
    day_rollups: list[agg.Rollup] = []
    carry: dict[str, int] = {}
    day = min(by_day, default=until)
    while day < until:
        hours = [rules.hour_in_day(day, h) for h in range(24)]
        found_today = by_day.get(day, {})
        involved = {a for a in found_today if a in live} | {a for a, v in carry.items() if v}
        items = []
        for account_id in sorted(involved):
            carry_in = carry.get(account_id, 0)
            values = rules.hourly_values(found_today.get(account_id, ()), hours, carry_in)
            items.append(agg.account_day(infos[account_id], day, values, carry_in, None, False))
        carry = {item.account_id: item.closing for item in items}
        day_items.extend(items)
        day_rollups.extend(agg.rollup_day(day, agg.parts_of(items, live=live), snapshot))
        day += timedelta(days=1)
    writes += days.put_days(day_items) + rollups.put_rollups(day_rollups)
    if day_items or day_rollups:
        checkpoints.advance_watermark(
            rules.hour_key(rules.hour_start(before) - timedelta(hours=1)), stamp
        )
    return {
        "samples": len(history),
        "day_items_written": len(day_items),
        "rollups_written": len(day_rollups),
        "batch_write_calls": writes,
        "days": len({item.date for item in day_items}),
    }


# --- shard worker -----------------------------------------------------------------------------


class _Accounts:
    """The shard's storage accounts, read by id as the days name them (BatchGetItem of 100):
    never the whole channel."""

    def __init__(self) -> None:
        self.items: dict[str, StorageAccountItem | None] = {}

    def load(self, ids: set[str]) -> None:
        wanted = sorted(i for i in ids if i not in self.items)
        if wanted:
            self.items.update(channel_store.accounts_by_id(wanted))

    def live(self) -> dict[str, StorageAccountItem]:
        return {a: item for a, item in self.items.items() if item is not None}

    def __contains__(self, account_id: object) -> bool:
        return self.items.get(account_id) is not None  # type: ignore[arg-type]


@dataclass
class ShardFigures:
    days: list[str] = field(default_factory=list)
    accounts: int = 0
    samples_read: int = 0
    day_items_written: int = 0
    partials_written: int = 0
    batch_write_calls: int = 0
    entities_updated: int = 0
    quota_enforced: list[str] = field(default_factory=list)
    quota_lifted: list[str] = field(default_factory=list)
    alerts: dict[str, Any] = field(default_factory=dict)


def work_shard(run_id: str, shard: int, now: datetime | None = None) -> dict[str, Any]:
    """One shard of a run (the queue worker's body). Idempotent: a shard already finished
    only checks whether the fan-in is due."""
    now = now or clock.now()
    run = runs.get_run(run_id)
    if run is None or run["status"] != runs.RUNNING:
        return {"run_id": run_id, "shard": shard, "skipped": "run not running"}
    if shard not in run["done"]:
        figures = _compute_shard(run, shard, now)
        run = runs.shard_done(run_id, shard, asdict(figures))
    fanned_in = _fan_in_if_claimed(run, now)
    return {"run_id": run_id, "shard": shard, "fan_in": fanned_in}


def _compute_shard(run: dict[str, Any], shard: int, now: datetime) -> ShardFigures:
    plan, shards = run["plan"], run["shards"]
    partitions = agg.partitions_of(shard, shards)

    def mine(account_id: str) -> bool:
        return agg.fanout_shard_of(account_id, shards) == shard

    def read(day: date) -> dict[str, agg.AccountDay]:
        return {a: d for a, d in days.read_day(day, partitions).items() if mine(a)}

    last = plan["last"]
    last_day = rules.day_of(last)
    starts = {date.fromisoformat(d): h for d, h in plan["starts"].items()}
    ttl = int((rules.hour_start(last) + PARTIAL_TTL).timestamp())
    figures = ShardFigures()
    accounts = _Accounts()
    final_last: dict[str, agg.AccountDay] | None = None
    day: date | None = min(starts)
    carry: dict[str, int] | None = None
    stored_next: dict[str, agg.AccountDay] | None = None
    while day is not None and day <= last_day:
        stored = stored_next if stored_next is not None else read(day)
        stored_next = None
        if carry is None:
            carry = {a: d.closing for a, d in read(day - timedelta(days=1)).items()}
        accounts.load(set(carry) | set(stored))
        carry = {a: v for a, v in carry.items() if a in accounts}
        begin = starts.get(day)
        if _carry_changed(carry, stored, accounts):
            begin = 0
        if begin is None:  # this day stands as stored: jump to the next day that needs work
            later = [d for d in starts if d > day]
            day, carry = (min(later), None) if later else (None, None)
            continue
        end = 23 if day < last_day else rules.hour_of_day(last)
        final = _recompute_day(
            day, begin, end, carry, stored, accounts, last_day, figures, partitions, mine
        )
        parts = agg.parts_of(final.values(), live=accounts.live())
        figures.partials_written += runs.write_partials(day.isoformat(), shards, shard, parts, ttl)
        figures.days.append(day.isoformat())
        if day < last_day:
            stored_next = read(day + timedelta(days=1))
        else:
            final_last = final
        carry = {a: d.closing for a, d in final.items()}
        day = day + timedelta(days=1)
    if final_last is None:
        final_last = read(last_day)
        accounts.load(set(final_last))
    figures.accounts = len(accounts.live())
    _publish_accounts(final_last, accounts, _end_of_hour(last), figures)
    return figures


def _carry_changed(
    carry: dict[str, int], stored: dict[str, agg.AccountDay], accounts: _Accounts
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
    begin: int,
    end: int,
    carry: dict[str, int],
    stored: dict[str, agg.AccountDay],
    accounts: _Accounts,
    last_day: date,
    figures: ShardFigures,
    partitions: list[int],
    mine: Callable[[str], bool],
) -> dict[str, agg.AccountDay]:
    """The day's account items of the shard with hours ``begin..end`` recomputed from their
    samples; writes those that differ from what is stored and answers every item of the day."""
    hours = [rules.hour_in_day(day, h) for h in range(begin, end + 1)]
    found = {a: v for a, v in samples.samples_of_hours(hours, partitions).items() if mine(a)}
    figures.samples_read += sum(len(v) for v in found.values())
    accounts.load(set(found))
    involved = {
        a for a in set(stored) | set(found) | {a for a, v in carry.items() if v} if a in accounts
    }
    final: dict[str, agg.AccountDay] = {a: d for a, d in stored.items() if a not in accounts}
    changed = []
    for account_id in sorted(involved):
        before = stored.get(account_id)
        carry_in = carry.get(account_id, 0)
        prefix = [carry_in] * begin if begin == 0 or before is None else before.hourly[:begin]
        after = rules.hourly_values(
            found.get(account_id, ()), hours, prefix[-1] if prefix else carry_in
        )
        info = channel_store.account_info(accounts.items[account_id])
        item = agg.account_day(info, day, prefix + after, carry_in, before, day == last_day)
        final[account_id] = item
        if item != before:
            changed.append(item)
    figures.batch_write_calls += days.put_days(changed)
    figures.day_items_written += len(changed)
    return final


def _publish_accounts(
    final: dict[str, agg.AccountDay], accounts: _Accounts, updated_at: str, figures: ShardFigures
) -> None:
    """The shard's accounts: ``usedCapacity`` where it changed (an unchanged account is not
    written: its ``usageUpdatedAt`` is read as the run's as-of), and hard quotas."""
    latest = {a: d.closing for a, d in final.items()}
    live = accounts.live()
    changed = [
        (item, latest.get(account_id, 0))
        for account_id, item in sorted(live.items())
        if agg.account_used_changed(
            item.used_capacity, item.usage_updated_at, latest.get(account_id, 0)
        )
    ]
    figures.entities_updated += channel_store.set_used_many(changed, updated_at)
    _enforce_quotas(live, latest, figures)
    # the alert rules on the accounts just updated (the fan-in does contracts and partners)
    figures.alerts = alerts.evaluate_after_aggregation([], [], live.values()).as_dict()


def _enforce_quotas(
    accounts: dict[str, StorageAccountItem], latest: dict[str, int], figures: ShardFigures
) -> None:
    """An account without overdraft whose latest value exceeds its allocation becomes read-only
    at the backend in this run, and writable again once back under.

    A saga: the intent is recorded (with its audit event) first, then the backend is called,
    then the record is marked applied. An account still marked pending (a crash or a backend
    failure in an earlier run) gets its recorded state re-applied before anything else, so the
    backend never stays blocked (or open) against what the record says."""
    principal = system_principal("usage-aggregation")
    for account_id, account in sorted(accounts.items()):
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
        (figures.quota_enforced if over else figures.quota_lifted).append(account_id)


# --- fan-in -----------------------------------------------------------------------------------


def _fan_in_if_claimed(run: dict[str, Any], now: datetime) -> bool:
    """Does the fan-in when every shard is done and this caller wins the claim."""
    if run["status"] != runs.RUNNING or len(run["done"]) < run["shards"]:
        return False
    stale = now if run["mode"] == INLINE else now - timedelta(seconds=WORKER_SECONDS)
    if not runs.claim_fan_in(run["run_id"], _iso(now), _iso(stale)):
        return False
    fan_in(runs.get_run(run["run_id"]), now)
    return True


def _shard_parts(day: date, shards: int, shard: int) -> dict[agg.PartKey, agg.Part]:
    """A shard's partials of ``day``; recomputed from its account days when they are missing
    (a day that shard has not walked since the partials' shard count changed)."""
    parts = runs.read_partials(day.isoformat(), shards, shard)
    if parts is not None:
        return parts
    stored = days.read_day(day, agg.partitions_of(shard, shards))
    return agg.parts_of(d for a, d in stored.items() if agg.fanout_shard_of(a, shards) == shard)


def fan_in(run: dict[str, Any], now: datetime | None = None) -> Summary:
    """Roll-ups of every recomputed day from the shards' partials, then the entities'
    ``usedCapacity`` and fees, the alert rules, and the checkpoints; finishes the run."""
    now = now or clock.now()
    stamp = _iso(now)
    plan, shards = run["plan"], run["shards"]
    last = plan["last"]
    last_day = rules.day_of(last)
    figures = [ShardFigures(**f) for _, f in sorted(run["figures"].items())]
    summary = Summary(
        last_complete_hour=last,
        hours_aggregated=plan["hours"],
        dirty_hours=len(plan["dirty"]),
        days_recomputed=sorted({d for f in figures for d in f.days}),
        run_id=run["run_id"],
        shards=shards,
    )
    for f in figures:
        summary.accounts += f.accounts
        summary.samples_read += f.samples_read
        summary.day_items_written += f.day_items_written
        summary.batch_write_calls += f.batch_write_calls
        summary.entities_updated += f.entities_updated
        summary.quota_enforced += f.quota_enforced
        summary.quota_lifted += f.quota_lifted
    summary.quota_enforced.sort()
    summary.quota_lifted.sort()

    channel = channel_store.read_organizations()
    snapshot = channel.snapshot()
    last_parts: dict[agg.PartKey, agg.Part] | None = None
    for text in summary.days_recomputed:
        day = date.fromisoformat(text)
        parts = agg.merge_parts(_shard_parts(day, shards, k) for k in range(shards))
        day_rollups = agg.rollup_day(day, parts, snapshot)
        changed = _changed_rollups(day_rollups, past=day != last_day)
        summary.batch_write_calls += rollups.put_rollups(changed)
        summary.rollups_written += len(changed)
        if day == last_day:
            last_parts = parts
    if last_parts is None:
        last_parts = agg.merge_parts(_shard_parts(last_day, shards, k) for k in range(shards))
    updated_at = _end_of_hour(last)
    _publish_entities(channel, snapshot, last_parts, last_day, updated_at, summary)
    # the alert rules on the partners and contracts just updated: the aggregation's one hook
    evaluation = alerts.evaluate_after_aggregation(
        channel.contracts.values(), channel.partners.values(), []
    ).as_dict()
    for f in figures:
        if f.alerts:
            evaluation["checked"] += f.alerts["checked"]
            evaluation["crossed"] += f.alerts["crossed"]
            evaluation["cleared"] += f.alerts["cleared"]
            evaluation["seconds"] += f.alerts["seconds"]
    evaluation["crossed"].sort()
    evaluation["cleared"].sort()
    summary.alerts = evaluation

    for hour, version in sorted(plan["dirty"].items()):
        checkpoints.clear_hour(hour, version, stamp)
    checkpoints.advance_watermark(last, stamp)
    summary.watermark = checkpoints.get_watermark()
    summary.usage_updated_at = _end_of_hour(summary.watermark or last)
    runs.finish_run(run["run_id"], summary.as_dict(), stamp)
    return summary


def _changed_rollups(day_rollups: list[agg.Rollup], past: bool) -> list[agg.Rollup]:
    """The roll-ups that differ from what is stored; a past day keeps the allocation recorded
    for it (one read of the stored roll-ups serves both)."""
    stored = rollups.get_rollups([(r.entity_id, r.date) for r in day_rollups])
    if past:
        day_rollups = agg.keep_recorded_allocation(day_rollups, stored)
    return [r for r in day_rollups if stored.get((r.entity_id, r.date)) != r]


def _publish_entities(
    channel: channel_store.Channel,
    snapshot: agg.Snapshot,
    parts: dict[agg.PartKey, agg.Part],
    last_day: date,
    updated_at: str,
    summary: Summary,
) -> None:
    """``usedCapacity``/``usageUpdatedAt`` on partners, distributors and contracts (plus the
    month-to-date excess fee), where they changed."""
    used = agg.used_capacities(parts, snapshot, last_day)
    for partner_id, partner in channel.partners.items():
        if channel_store.set_used(partner, used.partners[partner_id], updated_at):
            summary.entities_updated += 1
    for distributor_id, distributor in channel.distributors.items():
        if channel_store.set_used(distributor, used.distributors[distributor_id], updated_at):
            summary.entities_updated += 1
    first = rules.month_start(last_day)
    principal = system_principal("usage-aggregation")
    for contract_id, contract in channel.contracts.items():
        month = rollups.rollups(contract_id, first, last_day)
        fee = agg.month_excess_fee(snapshot.contracts[contract_id], month, last_day)
        if channel_store.set_used(
            contract, used.contracts[contract_id], updated_at, excess_usage_fee_cents=fee
        ):
            summary.entities_updated += 1
        today = next((r for r in month if r.date == last_day.isoformat()), None)
        excess = int(today.excess or 0) if today is not None else 0
        change = agg.excess_change(excess, contract.excess_since is not None)
        if change is True:
            figures = {
                "reservedCapacity": int(contract.reserved_capacity),
                "billableBytes": int(today.billable or 0) if today is not None else 0,
                "excessBytes": excess,
                "excessUsageFeeCents": fee,
            }
            channel_store.record_excess(principal, contract, last_day.isoformat(), figures)
        elif change is False:
            channel_store.rearm_excess(contract)


# --- progress ---------------------------------------------------------------------------------


def status(run_id: str) -> dict[str, Any]:
    """A run's progress: shards done, hours, items written so far, and its summary once
    finished."""
    run = runs.get_run(run_id)
    if run is None:
        return {"run_id": run_id, "status": "unknown"}
    figures = [ShardFigures(**f) for f in run["figures"].values()]
    summary = run["summary"]
    return {
        "run_id": run_id,
        "status": run["status"],
        "created_at": run["created_at"],
        "finished_at": run["finished_at"],
        "last_complete_hour": run["plan"].get("last"),
        "hours": run["plan"].get("hours", 0),
        "shards": run["shards"],
        "shards_done": len(run["done"]),
        "items_written": sum(f.day_items_written + f.partials_written for f in figures)
        + (summary["rollups_written"] if summary else 0),
        "summary": summary,
    }


def handle_sqs_event(event: Any) -> list[dict[str, Any]]:
    """The shard worker Lambda's body: one message per shard (batch size 1); an exception
    leaves the message to come back (and, after the last try, to the dead-letter queue)."""
    out = []
    for record in event:
        body = json.loads(record.body)
        out.append(work_shard(str(body["runId"]), int(body["shard"])))
    return out
