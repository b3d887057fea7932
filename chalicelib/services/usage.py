"""Usage: samples in (metering keys, the metering job), the jobs, and the usage reports."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from chalicelib import clock
from chalicelib.domain import usage as rules
from chalicelib.domain.account_status import AccountStatus
from chalicelib.domain.dates import check_order
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action
from chalicelib.errors import NotFound, ValidationFailed
from chalicelib.paging import Page, PageRequest
from chalicelib.services import usage_aggregation
from chalicelib.store import backend as backends
from chalicelib.store import usage as store
from chalicelib.store import usage_reads
from chalicelib.store.usage import rollups as rollup_store

#: Samples may be stamped at most this far in the future (clock skew between platforms).
FUTURE_SKEW = timedelta(minutes=5)
#: Accounts measured at the backend at the same time by the metering job.
MEASURE_WORKERS = 8
#: Raw samples are kept long enough for any late correction to be re-aggregated.
SAMPLE_RETENTION = timedelta(days=rules.LATE_SAMPLE_DAYS + 5)


# --- samples ---------------------------------------------------------------------------------


def _reject(index: int, field: str, message: str) -> dict[str, Any]:
    return {"index": index, "field": field, "message": message}


def _parse_sample(index: int, raw: Any, now: datetime) -> tuple[store.Sample | None, dict | None]:
    if not isinstance(raw, dict):
        return None, _reject(index, "body", "A sample must be a JSON object.")
    unknown = sorted(set(map(str, raw)) - rules.SAMPLE_FIELDS)
    if unknown:
        return None, _reject(index, unknown[0], "Unknown field.")
    account_id = raw.get("clientAccountId")
    if not isinstance(account_id, str) or not (len(account_id) == 12 and account_id.isdigit()):
        return None, _reject(index, "clientAccountId", "Must be a 12-digit clientAccountId.")
    stored = raw.get("storedBytes")
    bound = rules.MAX_SAMPLE_BYTES
    if isinstance(stored, bool) or not isinstance(stored, int) or not 0 <= stored <= bound:
        return None, _reject(
            index, "storedBytes", f"Must be a whole number of bytes from 0 to {bound:,}."
        )
    text = raw.get("timestamp")
    try:
        if not isinstance(text, str) or "T" not in text:
            raise ValueError
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            raise ValueError
    except ValueError:
        return None, _reject(
            index,
            "timestamp",
            "Must be an RFC 3339 timestamp with a time zone, e.g. 2026-11-23T12:00:00Z.",
        )
    if moment > now + FUTURE_SKEW:
        return None, _reject(index, "timestamp", "Lies in the future.")
    if moment < now - timedelta(days=rules.LATE_SAMPLE_DAYS):
        return None, _reject(index, "timestamp", f"Is more than {rules.LATE_SAMPLE_DAYS} days old.")
    return store.Sample(account_id, clock.iso(moment), stored), None


def record_samples(samples: list[store.Sample], now: datetime) -> set[int]:
    """Writes samples (idempotent per account and timestamp) and marks their hours dirty;
    answers the indexes of the samples that were new."""
    stamp = clock.iso(now)
    ttl = int((now + SAMPLE_RETENTION).timestamp())
    # marked before (a crash after the writes still leaves the hours dirty, and a retry only
    # finds duplicates) and after (an aggregation that ran in between took the first mark)
    store.mark_hours_dirty({s.hour for s in samples}, stamp)
    written = store.put_samples(samples, stamp, ttl)
    store.mark_hours_dirty({samples[i].hour for i in written}, stamp)
    return written


def post_samples(principal: Principal, raw_samples: list[Any]) -> dict[str, Any]:
    principal.require(Action.POST_USAGE)
    now = clock.now()
    rejected: list[dict[str, Any]] = []
    parsed: list[tuple[int, store.Sample]] = []
    for index, raw in enumerate(raw_samples):
        sample, problem = _parse_sample(index, raw, now)
        if problem:
            rejected.append(problem)
        else:
            parsed.append((index, sample))
    known = usage_reads.existing_accounts({s.account_id for _, s in parsed})
    valid: list[store.Sample] = []
    seen: set[tuple[str, str]] = set()
    duplicates = 0
    for index, sample in parsed:
        if sample.account_id not in known:
            rejected.append(
                _reject(index, "clientAccountId", f"No storage account {sample.account_id}.")
            )
        elif (sample.account_id, sample.at) in seen:
            duplicates += 1  # the same sample twice in one call
        else:
            seen.add((sample.account_id, sample.at))
            valid.append(sample)
    written = record_samples(valid, now)
    rejected.sort(key=lambda r: r["index"])
    return {
        "accepted": len(written),
        "duplicates": duplicates + len(valid) - len(written),
        "rejected": rejected,
    }


# --- jobs ------------------------------------------------------------------------------------


def run_metering(now: datetime | None = None) -> dict[str, Any]:
    """Measures every active storage account at the backend and records a sample of each."""
    started = time.perf_counter()
    now = now or clock.now()
    at = clock.iso(now)
    backend = backends.get_backend()
    channel = store.read_channel()
    active = sorted(
        a for a, account in channel.accounts.items() if account.status == AccountStatus.ACTIVE
    )

    def measure(account_id: str) -> store.Sample | None:
        try:
            return store.Sample(account_id, at, int(backend.measure(account_id)))
        except Exception:  # one account's backend trouble must not stop the others
            return None

    with ThreadPoolExecutor(max_workers=MEASURE_WORKERS) as pool:
        measured = list(pool.map(measure, active))
    samples = [s for s in measured if s is not None]
    failed = [a for a, s in zip(active, measured, strict=True) if s is None]
    written = record_samples(samples, now)
    return {
        "accounts": len(channel.accounts),
        "measured": len(samples),
        "recorded": len(written),
        "failed": failed,
        "seconds": round(time.perf_counter() - started, 3),
    }


def run_aggregation() -> dict[str, Any]:
    started = time.perf_counter()
    summary = usage_aggregation.run().as_dict()
    summary["seconds"] = round(time.perf_counter() - started, 3)
    return summary


def metering_job(principal: Principal) -> dict[str, Any]:
    principal.require(Action.RUN_JOBS)
    return run_metering()


def aggregation_job(principal: Principal) -> dict[str, Any]:
    """Starts an aggregation run on the shard queue (or reports the one in progress); the
    caller polls ``aggregation_status``."""
    principal.require(Action.RUN_JOBS)
    return usage_aggregation.start(record_noop=True)


def aggregation_status(principal: Principal, run_id: str) -> dict[str, Any]:
    if not principal.is_provider:
        # Runs are the provider's records: outside its scope a run id does not exist.
        raise NotFound.of("Aggregation run", run_id)
    principal.require(Action.RUN_JOBS)
    found = usage_aggregation.status(run_id) if len(run_id) <= 64 else None
    if found is None or found["status"] == "unknown":
        raise NotFound.of("Aggregation run", run_id)
    return found


def scheduled_metering() -> dict[str, Any]:
    return run_metering()


def scheduled_aggregation() -> dict[str, Any]:
    """The hourly coordinator: plans the run and sends its shards to the queue."""
    return usage_aggregation.start()


# --- reports ---------------------------------------------------------------------------------


def parse_range(first: str | None, last: str | None) -> tuple[date, date]:
    """``from``/``to`` as dates: required, ``YYYY-MM-DD``, in order, at most 366 days."""
    values = {}
    for name, text in (("from", first), ("to", last)):
        if not text:
            raise ValidationFailed(
                f"The query parameter {name} is required (YYYY-MM-DD).",
                details=[{"field": name, "location": "query", "message": "Missing."}],
            )
        try:
            if len(text) != 10:
                raise ValueError
            values[name] = date.fromisoformat(text)
        except ValueError:
            raise ValidationFailed(
                f"The query parameter {name} must be a date as YYYY-MM-DD, not {text[:20]!r}.",
                details=[{"field": name, "location": "query", "message": "Not a YYYY-MM-DD date."}],
            ) from None
    check_order(values["from"], values["to"], field="to")
    if (values["to"] - values["from"]).days + 1 > rules.MAX_REPORT_DAYS:
        raise ValidationFailed(
            f"A usage report spans at most {rules.MAX_REPORT_DAYS} days; shorten from/to.",
            details=[
                {
                    "field": "to",
                    "location": "query",
                    "message": f"More than {rules.MAX_REPORT_DAYS} days after from.",
                }
            ],
        )
    return values["from"], values["to"]


@dataclass(frozen=True)
class DayValue:
    date: str
    usage: int
    allocated_capacity: int


@dataclass(frozen=True)
class AccountUsage:
    account_id: str
    name: str
    allocated_capacity: int
    days: list[DayValue]


def _account_usage(account: Any, first: date, last: date) -> AccountUsage:
    """One entry per day of the range on which the account existed (up to today) or has a
    measured value (samples may predate the account's record)."""
    today = clock.now().date()
    items = {d.date: d for d in store.account_days(account.id, first, last)}
    created = date.fromisoformat(account.created_at[:10])
    days = []
    for day in rules.reported_days(first, last, today, created, set(items)):
        item = items.get(day.isoformat())
        if item is not None:
            days.append(DayValue(item.date, item.usage, item.allocated_capacity))
        else:
            days.append(DayValue(day.isoformat(), 0, int(account.allocated_capacity)))
    return AccountUsage(account.id, account.name, int(account.allocated_capacity), days)


def account_usage(
    principal: Principal,
    account_id: str,
    first: str | None,
    last: str | None,
    partner_id: str | None = None,
) -> AccountUsage:
    principal.require(Action.VIEW)
    account = usage_reads.account_in_scope(principal, account_id)
    if partner_id is not None:
        usage_reads.partner_in_scope(principal, partner_id)
        if account.partner_id != partner_id:
            raise NotFound.of("Storage account", account_id)
    start, end = parse_range(first, last)
    return _account_usage(account, start, end)


def partner_usage(
    principal: Principal, partner_id: str, first: str | None, last: str | None, page: PageRequest
) -> Page[AccountUsage]:
    principal.require(Action.VIEW)
    start, end = parse_range(first, last)
    partner = usage_reads.partner_in_scope(principal, partner_id)
    accounts = usage_reads.accounts_of_partner(partner.id, page)
    return accounts.map(lambda a: _account_usage(a, start, end))


def partner_daily(
    principal: Principal, partner_id: str, first: str | None, last: str | None
) -> list[tuple[str, int]]:
    """A partner's daily usage (summed over its storage accounts) from its daily roll-ups: one
    Query, however many accounts it has."""
    principal.require(Action.VIEW)
    start, end = parse_range(first, last)
    partner = usage_reads.partner_in_scope(principal, partner_id)
    return _daily(partner.id, start, end)


def distributor_daily(
    principal: Principal, distributor_id: str, first: str | None, last: str | None
) -> list[tuple[str, int]]:
    """A distributor's daily usage (summed over all its partners' storage accounts) from its
    daily roll-ups: one Query, however many partners and accounts it has."""
    principal.require(Action.VIEW)
    start, end = parse_range(first, last)
    distributor = usage_reads.distributor_in_scope(principal, distributor_id)
    return _daily(distributor.id, start, end)


def _daily(entity_id: str, start: date, end: date) -> list[tuple[str, int]]:
    """An entity's roll-ups in the range as (day, usage). Days between its first roll-up in
    the range and the last day (up to today) without a roll-up are days nothing was stored: 0."""
    found = {r.date: int(r.usage) for r in rollup_store.rollups(entity_id, start, end)}
    if not found:
        return []
    last_day = min(end, clock.now().date())
    days = rules.date_range(date.fromisoformat(min(found)), last_day)
    return [(day.isoformat(), found.get(day.isoformat(), 0)) for day in days]


def all_usage(
    principal: Principal, first: str | None, last: str | None, page: PageRequest
) -> Page[AccountUsage]:
    principal.require(Action.VIEW)
    start, end = parse_range(first, last)
    accounts = usage_reads.accounts_in_scope(principal, page)
    return accounts.map(lambda a: _account_usage(a, start, end))


def hourly_usage(
    principal: Principal, account_id: str, first: str | None, last: str | None
) -> list[tuple[str, int]]:
    principal.require(Action.VIEW)
    account = usage_reads.account_in_scope(principal, account_id)
    start, end = parse_range(first, last)
    out = []
    for item in store.account_days(account.id, start, end):
        day = date.fromisoformat(item.date)
        for hour, value in enumerate(item.hourly):
            out.append((f"{day.isoformat()}T{hour:02d}:00:00Z", value))
    return out


def contract_usage(
    principal: Principal, contract_id: str, first: str | None, last: str | None
) -> list[store.Rollup]:
    principal.require(Action.VIEW)
    contract = usage_reads.contract_in_scope(principal, contract_id)
    start, end = parse_range(first, last)
    return rollup_store.rollups(contract.id, start, end)
