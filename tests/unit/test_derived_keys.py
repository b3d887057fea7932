"""The keys each table derives from a record's fields, and the backfill's write for a record
written before a key existed (``domain/derived_keys.py``)."""

from __future__ import annotations

import pytest

from chalicelib.domain import names
from chalicelib.domain.derived_keys import Backfill, audit_filter_key, audit_filter_keys, backfill
from chalicelib.domain.storage_accounts import ancestors

PROVIDER, DIST, PARTNER = "p0", "d1", "m2"


def test_audit_filter_keys_name_each_ancestor_with_the_action_and_the_actor():
    assert audit_filter_keys(f"/{PROVIDER}/{DIST}/", "partner.update", "u9") == {
        "action1": "p0#partner.update",
        "actor1": "p0#u9",
        "action2": "d1#partner.update",
        "actor2": "d1#u9",
    }
    deep = audit_filter_keys(f"/{PROVIDER}/{DIST}/{PARTNER}/x/", "a", "u")
    assert sorted(deep) == ["action1", "action2", "action3", "actor1", "actor2", "actor3"]
    assert audit_filter_keys("/", "a", "u") == {}
    # what a search of d1's subtree queries is what the event carries
    assert audit_filter_key(DIST, "partner.update") == "d1#partner.update"
    assert audit_filter_key(DIST, "u9") == "d1#u9"


ORG = {"id": "m2", "type": "partner", "path": "/p0/d1/m2/", "name": "ACME  GmbH"}
ACCOUNT = {"id": "123", "partner_id": "m2", "path": "/p0/d1/m2/", "name": "Backup  Store"}
AUDIT = {"id": "e1", "path": "/p0/d1/", "action": "partner.create", "actor_id": "u9"}
DEAL = {"id": "g1", "path": "/p0/d1/m2/", "status": "approved"}
AUDIT_KEYS = {
    "action1": "p0#partner.create",
    "actor1": "p0#u9",
    "action2": "d1#partner.create",
    "actor2": "d1#u9",
}


@pytest.mark.parametrize(
    ("table", "item", "expected"),
    [
        # written before name_key existed: the key, on condition the name is unchanged
        (
            "organizations",
            ORG,
            Backfill({"name": "ACME  GmbH"}, {"name_key": "acme gmbh", "kind_key": "d1#partner"}),
        ),
        ("organizations", {**ORG, "name_key": "acme gmbh", "kind_key": "d1#partner"}, None),
        # written before kind_key existed: only that key
        (
            "organizations",
            {**ORG, "name_key": "acme gmbh"},
            Backfill({"name": "ACME  GmbH"}, {"kind_key": "d1#partner"}),
        ),
        # a wrong key (not written by this code, but possible by hand) is corrected
        (
            "organizations",
            {**ORG, "name_key": "old name", "kind_key": "d1#partner"},
            Backfill({"name": "ACME  GmbH"}, {"name_key": "acme gmbh"}),
        ),
        # the provider has no parent: no kind_key
        (
            "organizations",
            {"id": "p0", "type": "provider", "path": "/p0/", "name": "P", "name_key": "p"},
            None,
        ),
        # rows of other kinds in the organizations table (single sign-on) are not organizations
        ("organizations", {"id": "sso#m2", "org_id": "m2", "path": "/p0/"}, None),
        ("organizations", {"id": "sso-domain#acme.example", "org_id": "m2"}, None),
        # accounts: name_key and both ancestors, or only what is missing
        (
            "storage-accounts",
            ACCOUNT,
            Backfill(
                {"name": "Backup  Store", "path": "/p0/d1/m2/"},
                {"name_key": "backup store", "anc1": "p0", "anc2": "d1"},
            ),
        ),
        (
            "storage-accounts",
            {**ACCOUNT, "name_key": "backup store"},
            Backfill({"name": "Backup  Store", "path": "/p0/d1/m2/"}, {"anc1": "p0", "anc2": "d1"}),
        ),
        (
            "storage-accounts",
            {**ACCOUNT, "name_key": "backup store", "anc1": "p0", "anc2": "d1"},
            None,
        ),
        # a direct channel partner's account: anc2 is the partner itself
        (
            "storage-accounts",
            {**ACCOUNT, "path": "/p0/m2/", "name_key": "backup store"},
            Backfill({"name": "Backup  Store", "path": "/p0/m2/"}, {"anc1": "p0", "anc2": "m2"}),
        ),
        # audit events: the filter keys of each ancestor
        (
            "audit-events",
            AUDIT,
            Backfill({"path": "/p0/d1/", "action": "partner.create", "actor_id": "u9"}, AUDIT_KEYS),
        ),
        ("audit-events", {**AUDIT, **AUDIT_KEYS}, None),
        # a key for a depth the event does not have is removed
        (
            "audit-events",
            {**AUDIT, **AUDIT_KEYS, "action3": "x#partner.create"},
            Backfill(
                {"path": "/p0/d1/", "action": "partner.create", "actor_id": "u9"},
                remove=("action3",),
            ),
        ),
        # deals: the per-status list key of each organization on the registrant's path
        (
            "deals",
            DEAL,
            Backfill(
                {"path": "/p0/d1/m2/", "status": "approved"},
                {"status1": "p0#approved", "status2": "d1#approved", "status3": "m2#approved"},
            ),
        ),
        (
            "deals",
            {**DEAL, "status1": "p0#approved", "status2": "d1#approved"},
            Backfill({"path": "/p0/d1/m2/", "status": "approved"}, {"status3": "m2#approved"}),
        ),
        # a key of the status the deal had before (written by hand) follows its status
        (
            "deals",
            {**DEAL, "path": "/p0/d1/", "status1": "p0#submitted", "status2": "d1#approved"},
            Backfill({"path": "/p0/d1/", "status": "approved"}, {"status1": "p0#approved"}),
        ),
        (
            "deals",
            {**DEAL, "status1": "p0#approved", "status2": "d1#approved", "status3": "m2#approved"},
            None,
        ),
        # a record without the fields its keys come from is left alone
        ("audit-events", {"id": "e2", "path": "/p0/", "action": "x"}, None),
        ("storage-accounts", {"id": "1", "partner_id": "m2", "path": "/p0/"}, None),
    ],
)
def test_backfill_writes_only_what_a_record_lacks(table, item, expected):
    assert backfill(table, item) == expected


def test_what_the_backfill_writes_is_what_the_writers_write():
    """The backfilled keys are the ones a record written today carries."""
    plan = backfill("storage-accounts", ACCOUNT)
    assert plan is not None
    assert plan.set == {"name_key": names.sort_key(ACCOUNT["name"]), **ancestors(ACCOUNT["path"])}
    done = {**ACCOUNT, **plan.set}
    assert backfill("storage-accounts", done) is None
