"""The audit log for people: every action in words, names and changes from before/after."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from chalicelib.domain import audit_actions as rules

ROOT = Path(__file__).resolve().parents[2] / "chalicelib"
PREFIXES = "|".join(sorted({a.split(".")[0] for a in rules.ACTIONS}))


def test_every_action_the_code_writes_has_words():
    written = set()
    for folder in ("store", "services"):  # where audited(...) records them
        for path in (ROOT / folder).rglob("*.py"):
            written |= set(re.findall(rf'"((?:{PREFIXES})\.[a-z_]+)"', path.read_text()))
    unknown = {a for a in written if a not in rules.ACTIONS}
    assert not unknown, f"add these to audit_actions.ACTIONS: {sorted(unknown)}"


def test_every_deal_move_has_words_and_announces_its_status_change():
    from chalicelib.domain.deals import TRANSITIONS
    from chalicelib.domain.events import DEAL_STATUS_CHANGED, from_audit

    for target in TRANSITIONS:  # the plan audits them as f"deal.{target}"
        assert f"deal.{target}" in rules.ACTIONS
        event = from_audit(f"deal.{target}", "deal", "d", {"status": "x"}, {"status": target})
        assert event is not None and event[0] == DEAL_STATUS_CHANGED


def test_names_and_changes_from_before_and_after():
    before = json.dumps({"name": "Acme", "allocatedCapacity": 10, "allowOverdraft": False})
    after = json.dumps({"name": "Acme GmbH", "allocatedCapacity": 20, "allowOverdraft": False})
    assert rules.target_name(before, after) == "Acme GmbH"
    assert rules.target_name(before, None) == "Acme"
    assert rules.target_name(None, "not json") == ""
    assert rules.changes(before, after) == [
        ("allocatedCapacity", 10, 20),
        ("name", "Acme", "Acme GmbH"),
    ]
    assert rules.changes(None, json.dumps({"quotaEnforced": True})) == [
        ("quotaEnforced", None, True)
    ]
    assert rules.side_value(after, "allocatedCapacity") == 20


@pytest.mark.parametrize(
    ("after", "name"),
    [
        ({"url": "https://hooks.example/x", "enabled": True}, "https://hooks.example/x"),
        ({"targetType": "partner", "thresholdPercent": 90}, "90 % of partner"),
        ({"type": "usage", "format": "csv", "frequency": "monthly"}, "usage export, monthly"),
        ({"type": "partners", "parameters": {}}, "partners export"),
        ({"status": "withdrawn"}, ""),
    ],
)
def test_records_without_a_name_are_described(after, name):
    assert rules.target_name(None, json.dumps(after)) == name


def test_the_person_select_groups_each_actor_once_and_offers_the_one_filtered():
    team = [("u2", "Zoe (z@d.example)"), ("u1", "Anna (a@d.example)")]
    keys = [("k1", "API key “billing”")]
    seen = [("u1", "a@d.example"), ("p9", "ops@partner.example"), ("p9", "ops@partner.example")]
    seen += [("system", "system"), ("", "nobody")]
    assert rules.person_options(team, keys, seen, ("x7", "")) == [
        (rules.TEAM, [("u1", "Anna (a@d.example)"), ("u2", "Zoe (z@d.example)")]),
        (rules.KEYS, [("k1", "API key “billing”")]),
        (
            rules.SEEN,
            [("p9", "ops@partner.example"), ("x7", "Someone else (x7…)"), ("system", "system")],
        ),
    ]
    # the filtered actor already listed is not added twice; empty groups are left out
    assert rules.person_options([], [], [("p9", "ops@p")], ("p9", "ops@p")) == [
        (rules.SEEN, [("p9", "ops@p")])
    ]
    assert rules.person_options([], [], [], None) == []


@pytest.mark.parametrize(
    ("target_type", "owner", "caller", "caller_type", "link"),
    [
        ("partner", "d1", "d1", "distributor", "/partners/t"),
        ("storage_account", "p1", "d1", "distributor", "/partners/p1/storage-accounts/t"),
        ("storage_account", "p1", "p1", "partner", "/storage-accounts/t"),
        ("deal", "d1", "prov", "provider", "/deals/t"),
        ("contract", "d1", "d1", "distributor", "/contracts/t/billing"),
        ("contract", "p1", "p1", "partner", ""),
        ("organization", "prov", "prov", "provider", "/organizations/t"),
        ("organization", "d1", "d1", "distributor", ""),
        ("member", "d1", "d1", "distributor", "/team"),
        ("member", "p1", "d1", "distributor", "/partners/p1"),
        ("member", "d1", "prov", "provider", "/organizations/d1"),
        ("api_key", "d1", "d1", "distributor", "/api-keys"),
        ("api_key", "p1", "d1", "distributor", ""),  # a partner's keys: not the caller's page
        ("alert_rule", "d1", "d1", "distributor", "/alerts"),
        ("webhook_endpoint", "d1", "d1", "distributor", "/alerts"),
        ("export", "d1", "d1", "distributor", "/exports"),
        ("export_schedule", "p1", "p1", "partner", "/exports"),
        ("session", "d1", "d1", "distributor", ""),
    ],
)
def test_every_target_with_a_page_links_to_it(target_type, owner, caller, caller_type, link):
    assert rules.target_link(target_type, "t", owner, caller, caller_type) == link


def test_the_person_groups_are_marked_for_translation():
    from chalicelib.console.pages.organization import PERSON_GROUPS

    assert PERSON_GROUPS == (rules.TEAM, rules.KEYS, rules.SEEN)
