"""Alert rules: thresholds in percent of allocation, evaluated after every usage aggregation.

A rule of an organization watches one entity in its scope (``targetId``) or every entity of a
type in its scope: contracts (used vs reserved), partners and storage accounts (used vs
allocated). For each (rule, entity) the rule is either *armed* or *crossed*:

* armed, and used >= threshold % of allocation  -> ``usage.threshold_crossed``, now crossed;
* crossed, and used < threshold % of allocation -> ``usage.threshold_cleared``, armed again;
* anything else -> nothing (so running the aggregation again emits nothing twice).

Pay-per-use entities (allocation 0) have no percentage to cross: they are skipped, and a rule
that had crossed on an entity since switched to pay-per-use is cleared quietly.
Integer arithmetic only: ``used * 100 >= percent * allocated``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from chalicelib.domain.capacity import tb

MIN_PERCENT = 1
MAX_PERCENT = 1000
#: The console's one-click set of rules.
DEFAULT_THRESHOLDS = (80, 90, 100)


class TargetType(StrEnum):
    CONTRACT = "contract"
    PARTNER = "partner"
    STORAGE_ACCOUNT = "storageAccount"


class Outcome(StrEnum):
    CROSSED = "crossed"
    CLEARED = "cleared"
    FORGET = "forget"  # crossed before, now pay-per-use: re-arm without an event


def is_over(used: int, allocated: int, percent: int) -> bool:
    return used * 100 >= percent * allocated


def evaluate(used: int, allocated: int, percent: int, crossed: bool) -> Outcome | None:
    """What one rule does for one entity this run (None: nothing)."""
    if allocated <= 0:
        return Outcome.FORGET if crossed else None
    over = is_over(used, allocated, percent)
    if over and not crossed:
        return Outcome.CROSSED
    if not over and crossed:
        return Outcome.CLEARED
    return None


def percent_of(used: int, allocated: int) -> float:
    """Used as a percentage of allocated, one decimal (for messages)."""
    return round(used * 100 / allocated, 1) if allocated else 0.0


@dataclass(frozen=True)
class Watched:
    """An entity a rule can watch, as the aggregation left it."""

    target_type: TargetType
    id: str
    name: str
    path: str
    used: int
    allocated: int
    partner_id: str | None = None


def console_path(target_type: str, target_id: str, partner_id: str | None) -> str:
    """Where the entity's page is in the console."""
    if target_type == TargetType.STORAGE_ACCOUNT:
        if partner_id:
            return f"/console/partners/{partner_id}/storage-accounts/{target_id}"
        return f"/console/storage-accounts/{target_id}"
    if target_type == TargetType.PARTNER:
        return f"/console/partners/{target_id}"
    return f"/console/partners?contract={target_id}"


_NOUN = {
    TargetType.CONTRACT: "Contract",
    TargetType.PARTNER: "Partner",
    TargetType.STORAGE_ACCOUNT: "Storage account",
}


#: What each export type holds, for people (the API's ``type`` values).
_EXPORT_NOUN = {
    "partners": "Partners",
    "storageAccounts": "Storage accounts",
    "usage": "Usage",
    "deals": "Deals",
    "auditEvents": "Audit log",
}


def export_path(event_type: str, export_id: str) -> str:
    """Where a finished export is in the console: its download (the console signs a fresh
    link for as long as the file is kept), or the Exports page for a failed one."""
    if event_type == "export.ready":
        return f"/console/exports/{export_id}/download"
    return "/console/exports"


def export_mail_text(event_type: str, data: dict, link: str) -> tuple[str, str]:
    """Subject and body of the e-mail a scheduled export's ``export.ready``/``export.failed``
    sends: which export (type, format, schedule), its period and the link."""
    noun = _EXPORT_NOUN.get(str(data.get("type", "")), str(data.get("type", "")))
    file_format = str(data.get("format", "csv")).upper()
    start, end = data.get("from"), data.get("to")
    if start and end:
        period = start if start == end else f"{start} – {end}"
    else:
        period = f"as of {str(data.get('requestedAt', ''))[:10]}".rstrip()
    what = f"{noun} export ({file_format}), {period}"
    facts = f"Export {data.get('exportId', '')}, from export schedule {data.get('scheduleId', '')}."
    if event_type == "export.ready":
        subject = f"Your scheduled export is ready: {what}"
        rows, size = int(data.get("rowCount", 0)), int(data.get("sizeBytes", 0))
        lead = f"The {what} is ready: {rows} rows, {size} bytes. The file is kept for 7 days."
        where = f"Download it (after signing in): {link}"
    else:
        subject = f"Your scheduled export failed: {what}"
        lead = f"The {what} could not be produced: {data.get('error', 'no reason given')}"
        where = f"See your exports: {link}"
    return subject, f"{lead}\n\n{facts}\n\n{where}\n"


def mail_text(event_type: str, data: dict, link: str) -> tuple[str, str]:
    """Subject and body of the e-mail an alert, quota or scheduled export event sends."""
    if event_type in ("export.ready", "export.failed"):
        return export_mail_text(event_type, data, link)
    used, allocated = int(data.get("usedCapacity", 0)), int(data.get("allocatedCapacity", 0))
    usage = f"Used {tb(used)} ({used} bytes) of {tb(allocated)} ({allocated} bytes) allocated"
    if allocated:
        usage += f", {percent_of(used, allocated)} %."
    else:
        usage += "."
    noun = _NOUN.get(data.get("targetType", ""), "Storage account")
    name = data.get("targetName") or data.get("name") or data.get("targetId", "")
    ident = data.get("targetId") or data.get("clientAccountId", "")
    who = f"{noun} '{name}' ({ident})"
    if event_type == "usage.threshold_crossed":
        subject = f"{noun} '{name}' reached {data['thresholdPercent']} % of its allocation"
        lead = f"{who} has reached the alert threshold of {data['thresholdPercent']} %."
    elif event_type == "usage.threshold_cleared":
        subject = f"{noun} '{name}' is back below {data['thresholdPercent']} % of its allocation"
        lead = f"{who} is back below the alert threshold of {data['thresholdPercent']} %."
    elif event_type == "quota.enforced":
        subject = f"Storage account {ident} is read-only: over its hard quota"
        lead = f"Storage account {ident} is over its allocation and now refuses writes."
    elif event_type == "quota.lifted":
        subject = f"Storage account {ident} accepts writes again"
        lead = f"Storage account {ident} is back under its allocation and accepts writes again."
    elif event_type == "contract.excess_started":
        subject = f"Contract '{name}' is using more than it reserves"
        lead = f"{who} is now billed for excess usage."
    else:
        subject = f"Partner Console: {event_type}"
        lead = f"Event {event_type} for {who}."
    body = f"{lead}\n\n{usage}\n\nOpen it in the console: {link}\n"
    return subject, body
