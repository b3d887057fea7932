"""The audit log for people: every action in words, names and changes from before/after."""

from __future__ import annotations

import json
import re
from pathlib import Path

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
