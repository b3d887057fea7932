"""The audit log for people (pure): every action the system records, in words (the action
filter is a select of these), and what an event changed (its before/after, field by field)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

#: Every audited action, with what it means. A unit test checks that each action written by the
#: code is listed here.
ACTIONS: dict[str, str] = {
    "api_key.create": "API key created",
    "api_key.revoke": "API key revoked",
    "auth.lockout": "Login locked out",
    "auth.login": "Logged in",
    "auth.logout": "Logged out",
    "auth.sso_break_glass": "Signed in with a password despite enforced single sign-on",
    "contract.create": "Contract created",
    "contract.excess_started": "Contract usage went over its reservation",
    "contract.update": "Contract changed",
    "deal.approved": "Deal approved",
    "deal.lost": "Deal marked lost",
    "deal.rejected": "Deal rejected",
    "deal.status": "Deal status changed",
    "deal.submit": "Deal registered",
    "deal.withdrawn": "Deal withdrawn",
    "deal.won": "Deal marked won",
    "export.request": "Export requested",
    "export_schedule.create": "Export schedule created",
    "export_schedule.delete": "Export schedule deleted",
    "member.create": "Team member added",
    "member.delete": "Team member removed",
    "member.invitation_accept": "Invitation accepted",
    "member.invitation_resend": "Invitation sent again",
    "member.invitation_revoke": "Invitation revoked",
    "member.invite": "Team member invited",
    "member.mfa_disable": "Second factor turned off",
    "member.mfa_enable": "Second factor turned on",
    "member.mfa_reset": "Second factor reset",
    "member.passkey_add": "Passkey added",
    "member.passkey_remove": "Passkey removed",
    "member.password_change": "Password changed",
    "member.password_reset": "Password set with a reset link",
    "member.sso_create": "Team member created at their first single sign-on",
    "member.update": "Team member changed",
    "organization.create": "Organization created",
    "organization.security": "Sign-in security changed",
    "organization.sso_configure": "Single sign-on configured",
    "organization.sso_remove": "Single sign-on removed",
    "organization.update": "Organization changed",
    "partner.create": "Partner created",
    "partner.delete": "Partner deleted",
    "partner.transfer": "Partner transferred",
    "partner.update": "Partner changed",
    "storage_account.create": "Storage account created",
    "storage_account.create_rolled_back": "Storage account creation undone",
    "storage_account.delete": "Storage account deletion scheduled",
    "storage_account.delete_rolled_back": "Storage account deletion undone",
    "storage_account.password": "Storage account password set",
    "storage_account.purge": "Storage account deleted for good",
    "storage_account.quota_enforced": "Storage account made read-only (over quota)",
    "storage_account.quota_lifted": "Storage account writable again",
    "storage_account.restore": "Storage account restored",
    "storage_account.restore_rolled_back": "Storage account restore undone",
    "storage_account.update": "Storage account changed",
}


#: The audit log's person select, in this order (a person appears once, in the first group that
#: has them): the caller's own team and API keys, then whoever acted in the caller's subtree
#: recently (people of the organizations below, the provider's staff, jobs).
TEAM, KEYS, SEEN = "Your team", "API keys of your organization", "Seen in this log recently"

Choice = tuple[str, str]  # (actor id, label)


def person_options(
    team: Iterable[Choice],
    keys: Iterable[Choice],
    seen: Iterable[Choice],
    chosen: Choice | None = None,
) -> list[tuple[str, list[Choice]]]:
    """The person select's groups, ``(group, [(actor id, label)])``, each sorted by label and
    each person once; the actor being filtered on (``chosen``, labelled from its own events,
    else by its id) is always offered. Empty groups are left out. Every input is one bounded
    read, so the select is bounded too."""
    taken: set[str] = set()
    groups: list[tuple[str, list[Choice]]] = []
    extra = [chosen] if chosen else []
    for group, choices in ((TEAM, team), (KEYS, keys), (SEEN, [*seen, *extra])):
        kept: list[Choice] = []
        for actor_id, label in choices:
            if actor_id and actor_id not in taken:
                taken.add(actor_id)
                kept.append((actor_id, label or f"Someone else ({actor_id[:8]}…)"))
        if kept:
            groups.append((group, sorted(kept, key=lambda c: c[1].casefold())))
    return groups


def _load(raw: str | None) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def target_name(before: str | None, after: str | None) -> str:
    """The changed record's name as the event saw it (after, else before), or ``""``."""
    for side in (_load(after), _load(before)):
        for key in ("name", "customerName", "details", "email", "description"):
            if isinstance(side.get(key), str) and side[key]:
                return side[key]
    return ""


def changes(before: str | None, after: str | None) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for each field whose value differs, in field order; a field only
    on one side has ``None`` on the other."""
    old, new = _load(before), _load(after)
    return [
        (key, old.get(key), new.get(key))
        for key in sorted(set(old) | set(new))
        if old.get(key) != new.get(key)
    ]


def side_value(event_side: str | None, key: str) -> Any:
    """One field of an event's before or after (e.g. a storage account's ``partnerId``)."""
    return _load(event_side).get(key)


#: Targets listed on a page of the organization that owns them (the caller's own).
_OWN_PAGES = {
    "api_key": "/api-keys",
    "alert_rule": "/alerts",
    "webhook_endpoint": "/alerts",
    "export": "/exports",
    "export_schedule": "/exports",
    "member": "/team",
}


def target_link(
    target_type: str,
    target_id: str,
    owner_id: str,
    caller_org_id: str,
    caller_org_type: str,
) -> str:
    """The console page (path below ``/console``) that shows an audit event's target, or
    ``""`` when it has none the caller can open. ``owner_id`` is the organization that owns
    the target (the event's organization)."""
    own = owner_id == caller_org_id
    provider, partner = caller_org_type == "provider", caller_org_type == "partner"
    if target_type == "partner":
        return f"/partners/{target_id}"
    if target_type == "storage_account":
        if partner:
            return f"/storage-accounts/{target_id}"
        return f"/partners/{owner_id}/storage-accounts/{target_id}" if owner_id else ""
    if target_type == "deal":
        return f"/deals/{target_id}"
    if target_type == "contract":
        return "" if partner else f"/contracts/{target_id}/billing"
    if target_type == "organization":
        return f"/organizations/{target_id}" if provider else ""
    if target_type in _OWN_PAGES and own:
        return _OWN_PAGES[target_type]
    if target_type == "member" and owner_id:
        # someone of an organization below: its people are on its page
        return f"/organizations/{owner_id}" if provider else f"/partners/{owner_id}"
    return ""
