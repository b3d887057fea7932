"""Which audited change announces which event, and who hears about it (domain.events)."""

from __future__ import annotations

import pytest

from chalicelib.domain.events import audience, from_audit, subscribed

SNAP = {"name": "Acme", "allocatedCapacity": 10}


@pytest.mark.parametrize(
    ("action", "target_type", "before", "after", "expected"),
    [
        (
            "storage_account.delete",
            "storage_account",
            SNAP,
            SNAP,
            ("storage_account.deletion_scheduled", {"clientAccountId": "7", **SNAP}),
        ),
        (
            "storage_account.purge",
            "storage_account",
            SNAP,
            None,
            ("storage_account.purged", {"clientAccountId": "7", **SNAP}),
        ),
        (
            "storage_account.quota_enforced",
            "storage_account",
            {"quotaEnforced": False},
            {"quotaEnforced": True},
            ("quota.enforced", {"clientAccountId": "7", "quotaEnforced": True}),
        ),
        (
            "contract.excess_started",
            "contract",
            None,
            {"date": "2026-11-23", "excessBytes": 5},
            (
                "contract.excess_started",
                {"contractId": "7", "date": "2026-11-23", "excessBytes": 5},
            ),
        ),
        (
            "storage_account.quota_lifted",
            "storage_account",
            None,
            {"quotaEnforced": False},
            ("quota.lifted", {"clientAccountId": "7", "quotaEnforced": False}),
        ),
        (
            "deal.approved",
            "deal",
            {"status": "submitted"},
            {"status": "approved"},
            (
                "deal.status_changed",
                {"dealId": "7", "status": "approved", "previousStatus": "submitted"},
            ),
        ),
        (
            "deal.won",
            "deal",
            {"status": "approved"},
            {"status": "won"},
            ("deal.status_changed", {"dealId": "7", "status": "won", "previousStatus": "approved"}),
        ),
        (
            "deal.withdrawn",
            "deal",
            {"status": "submitted"},
            {"status": "withdrawn"},
            (
                "deal.status_changed",
                {"dealId": "7", "status": "withdrawn", "previousStatus": "submitted"},
            ),
        ),
        ("deal.submit", "deal", None, {"status": "submitted"}, None),
        ("storage_account.create", "storage_account", None, SNAP, None),
        ("storage_account.update", "storage_account", SNAP, SNAP, None),
        ("member.create", "member", None, {"email": "a@b.c"}, None),
        ("auth.login", "session", None, None, None),
    ],
)
def test_audited_changes_and_their_events(action, target_type, before, after, expected):
    assert from_audit(action, target_type, "7", before, after) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/p/", ["p"]), ("/p/d/", ["p", "d"]), ("/p/d/m/", ["p", "d", "m"]), ("/", [])],
)
def test_an_event_is_heard_by_its_organization_and_every_ancestor(path, expected):
    assert audience(path) == expected


@pytest.mark.parametrize(
    ("types", "event_type", "expected"),
    [
        (["quota.enforced"], "quota.enforced", True),
        (["quota.enforced"], "quota.lifted", False),
        (["*"], "deal.status_changed", True),
        ([], "ping", True),
        ([], "quota.enforced", False),
    ],
)
def test_subscriptions(types, event_type, expected):
    assert subscribed(types, event_type) is expected
