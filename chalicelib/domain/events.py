"""Events: the facts the system announces, and the rules that say which change announces what
and who hears about it.

An event belongs to the organization at its ``path`` and is visible to that organization and
every ancestor (never sideways). Most events follow from an audited change: ``from_audit`` maps
an audit action (and its before/after snapshots) to the event it announces, so a change and its
event are always written in the same transaction. The rest (threshold crossings, ``ping``) are
emitted by the code that decides them.
"""

from __future__ import annotations

from typing import Any

THRESHOLD_CROSSED = "usage.threshold_crossed"
THRESHOLD_CLEARED = "usage.threshold_cleared"
QUOTA_ENFORCED = "quota.enforced"
QUOTA_LIFTED = "quota.lifted"
EXCESS_STARTED = "contract.excess_started"
ACCOUNT_CREATED = "storage_account.created"
ACCOUNT_DELETION_SCHEDULED = "storage_account.deletion_scheduled"
ACCOUNT_PURGED = "storage_account.purged"
DEAL_STATUS_CHANGED = "deal.status_changed"
EXPORT_READY = "export.ready"
EXPORT_FAILED = "export.failed"
PING = "ping"

EVENT_TYPES: tuple[str, ...] = (
    THRESHOLD_CROSSED,
    THRESHOLD_CLEARED,
    QUOTA_ENFORCED,
    QUOTA_LIFTED,
    EXCESS_STARTED,
    ACCOUNT_CREATED,
    ACCOUNT_DELETION_SCHEDULED,
    ACCOUNT_PURGED,
    DEAL_STATUS_CHANGED,
    EXPORT_READY,
    EXPORT_FAILED,
    PING,
)

#: Events also sent by e-mail (to the rule's recipients, else the organization's admins);
#: an export's only when a schedule produced it (``emailed``).
EMAILED_TYPES = frozenset(
    {
        THRESHOLD_CROSSED,
        THRESHOLD_CLEARED,
        QUOTA_ENFORCED,
        QUOTA_LIFTED,
        EXCESS_STARTED,
        EXPORT_READY,
        EXPORT_FAILED,
    }
)
EXPORT_TYPES = frozenset({EXPORT_READY, EXPORT_FAILED})


def emailed(event_type: str, data: dict[str, Any]) -> bool:
    """An event is also e-mailed: alert and quota events always; a finished export only when a
    schedule produced it (nobody is waiting on the page for it; an export asked for in the
    console or the API is announced there and by webhook only)."""
    if event_type in EXPORT_TYPES:
        return bool(data.get("scheduleId"))
    return event_type in EMAILED_TYPES


#: audit action -> event type, for the changes whose audit record announces an event.
_FROM_AUDIT = {
    "storage_account.delete": ACCOUNT_DELETION_SCHEDULED,
    "storage_account.purge": ACCOUNT_PURGED,
    "storage_account.quota_enforced": QUOTA_ENFORCED,
    "storage_account.quota_lifted": QUOTA_LIFTED,
    "contract.excess_started": EXCESS_STARTED,
}
#: a deal's review, withdrawal and outcome (``deal.approved``, ``deal.withdrawn``, ``deal.won``,
#: …) change its status.
_DEAL_STATUS_ACTIONS = frozenset(
    {"deal.approved", "deal.rejected", "deal.withdrawn", "deal.won", "deal.lost"}
)

_TARGET_FIELD = {
    "storage_account": "clientAccountId",
    "contract": "contractId",
    "deal": "dealId",
    "export": "exportId",
}


def from_audit(
    action: str,
    target_type: str,
    target_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> tuple[str, dict[str, Any]] | None:
    """The event an audited change announces, as (type, data), or None.

    ``data`` names the target (``clientAccountId``, ``dealId``, ``exportId``) and carries the
    change's after-snapshot; a deal's status change also says the status it left."""
    event_type = _FROM_AUDIT.get(action)
    if action in _DEAL_STATUS_ACTIONS:
        event_type = DEAL_STATUS_CHANGED
    if event_type is None:
        return None
    data: dict[str, Any] = {_TARGET_FIELD.get(target_type, "targetId"): target_id}
    if event_type == ACCOUNT_PURGED or (event_type == ACCOUNT_DELETION_SCHEDULED and not after):
        data.update(_public(before))
    else:
        data.update(_public(after))
    if event_type == DEAL_STATUS_CHANGED and before and "status" in before:
        data["previousStatus"] = before["status"]
    return event_type, data


def _public(snapshot: dict[str, Any] | None) -> dict[str, Any]:
    return {k: v for k, v in (snapshot or {}).items() if not k.startswith("_")}


def audience(path: str) -> list[str]:
    """The organizations that hear about an event owned by ``path``: the owner and every
    ancestor, root first (``/a/b/c/`` -> ``[a, b, c]``). Never a sibling or a child."""
    return [part for part in path.split("/") if part]


def subscribed(event_types: list[str], event_type: str) -> bool:
    """An endpoint subscribed to ``event_types`` wants ``event_type`` (``*`` = everything);
    a ``ping`` reaches every endpoint it is sent to."""
    return event_type == PING or "*" in event_types or event_type in event_types
