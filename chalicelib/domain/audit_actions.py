"""The audit log for people (pure): every action the system records, in words (the action
filter is a select of these), and what an event changed (its before/after, field by field)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def N_(text: str) -> str:
    """Marks a sentence for the console's translation catalog (``make messages``); the value
    stays English, the console shows it in the page's language."""
    return text


#: Every audited action, with what it means. A unit test checks that each action written by the
#: code is listed here.
ACTIONS: dict[str, str] = {
    "api_key.create": N_("API key created"),
    "api_key.revoke": N_("API key revoked"),
    "auth.lockout": N_("Login locked out"),
    "auth.login": N_("Logged in"),
    "auth.logout": N_("Logged out"),
    "auth.sso_break_glass": N_("Signed in with a password despite enforced single sign-on"),
    "contract.create": N_("Contract created"),
    "contract.excess_started": N_("Contract usage went over its reservation"),
    "contract.update": N_("Contract changed"),
    "deal.approved": N_("Deal approved"),
    "deal.lost": N_("Deal marked lost"),
    "deal.rejected": N_("Deal rejected"),
    "deal.status": N_("Deal status changed"),
    "deal.submit": N_("Deal registered"),
    "deal.withdrawn": N_("Deal withdrawn"),
    "deal.won": N_("Deal marked won"),
    "export.request": N_("Export requested"),
    "export_schedule.create": N_("Export schedule created"),
    "export_schedule.delete": N_("Export schedule deleted"),
    "member.create": N_("Team member added"),
    "member.delete": N_("Team member removed"),
    "member.invitation_accept": N_("Invitation accepted"),
    "member.invitation_resend": N_("Invitation sent again"),
    "member.invitation_revoke": N_("Invitation revoked"),
    "member.invite": N_("Team member invited"),
    "member.mfa_disable": N_("Second factor turned off"),
    "member.mfa_enable": N_("Second factor turned on"),
    "member.mfa_reset": N_("Second factor reset"),
    "member.passkey_add": N_("Passkey added"),
    "member.passkey_remove": N_("Passkey removed"),
    "member.password_change": N_("Password changed"),
    "member.password_reset": N_("Password set with a reset link"),
    "member.sso_create": N_("Team member created at their first single sign-on"),
    "member.update": N_("Team member changed"),
    "organization.create": N_("Organization created"),
    "organization.security": N_("Sign-in security changed"),
    "organization.sso_configure": N_("Single sign-on configured"),
    "organization.sso_remove": N_("Single sign-on removed"),
    "organization.update": N_("Organization changed"),
    "partner.create": N_("Partner created"),
    "partner.delete": N_("Partner deleted"),
    "partner.transfer": N_("Partner transferred"),
    "partner.update": N_("Partner changed"),
    "storage_account.create": N_("Storage account created"),
    "storage_account.create_rolled_back": N_("Storage account creation undone"),
    "storage_account.delete": N_("Storage account deletion scheduled"),
    "storage_account.delete_rolled_back": N_("Storage account deletion undone"),
    "storage_account.password": N_("Storage account password set"),
    "storage_account.purge": N_("Storage account deleted for good"),
    "storage_account.quota_enforced": N_("Storage account made read-only (over quota)"),
    "storage_account.quota_lifted": N_("Storage account writable again"),
    "storage_account.restore": N_("Storage account restored"),
    "storage_account.restore_rolled_back": N_("Storage account restore undone"),
    "storage_account.update": N_("Storage account changed"),
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
    """The changed record's name as the event saw it (after, else before), or ``""``; records
    without a name are described by what they are (an alert rule's threshold, an export's
    type)."""
    for side in (_load(after), _load(before)):
        for key in ("name", "customerName", "details", "email", "description", "url"):
            if isinstance(side.get(key), str) and side[key]:
                return side[key]
        if "thresholdPercent" in side:
            return f"{side['thresholdPercent']} % of {side.get('targetType') or 'usage'}"
        if isinstance(side.get("type"), str) and side["type"]:
            often = side.get("frequency")
            return f"{side['type']} export" + (f", {often}" if often else "")
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
