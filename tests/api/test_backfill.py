"""The backfill (``services/backfill.py``, ``POST /v1/jobs/backfill``, ``python -m
tools.backfill``): records written before their derived keys existed (partners and storage
accounts without ``name_key``, accounts without ``anc1``/``anc2``, audit events without
``actionN``/``actorN``, deals without ``statusN``) are missing from the indexes until it runs,
and found after; a second run writes nothing; a record renamed while the backfill runs keeps its
new keys; a stopped run resumes where it stopped."""

from __future__ import annotations

import json

import boto3
import pytest

from chalicelib.domain.derived_keys import TABLES
from chalicelib.services import backfill
from chalicelib.settings import get_settings
from chalicelib.store import backfill as backfill_store
from chalicelib.store.models import OrganizationItem, StorageAccountItem
from tests.api.helpers import member_token
from tests.api.test_deals import register
from tests.api.test_storage_accounts import TB, body, make_world
from tools import backfill as tool


def _table(table: str):
    return boto3.resource("dynamodb").Table(get_settings().table_name(table))


def items(table: str) -> list[dict]:
    found, request = [], {}
    while True:
        page = _table(table).scan(**request)
        found += page["Items"]
        if "LastEvaluatedKey" not in page:
            return found
        request = {"ExclusiveStartKey": page["LastEvaluatedKey"]}


def write_the_old_way(table: str) -> int:
    """Removes the derived keys from every record of ``table``, as records written before
    those keys existed are stored; answers how many records had keys removed."""
    keys = TABLES[table].keys
    stripped = 0
    for item in items(table):
        present = [k for k in keys if k in item]
        if present:
            _table(table).update_item(
                Key={"id": item["id"]},
                UpdateExpression="REMOVE " + ", ".join(f"#k{i}" for i in range(len(present))),
                ExpressionAttributeNames={f"#k{i}": k for i, k in enumerate(present)},
            )
            stripped += 1
    return stripped


@pytest.fixture
def old_data(api, provider_admin):
    """A distributor's channel with storage accounts and its audit history, stored as before
    the derived keys existed."""
    world = make_world(api)
    for name in ("Backup Store", "archive vault", "Cold  Data"):
        reply = api.post(
            "/v1/storage-account", body(name=name, allocation=TB), token=world.partner_admin
        )
        assert reply.status == 201, reply.json
    for customer in ("Deal One", "Deal Two", "Deal Three", "Deal Approved"):
        assert register(api, world.partner_admin, customerName=customer)["status"] == "submitted"
    approved = deal_ids(api, world, "submitted")[0]  # the newest: "Deal Approved"
    reply = api.patch(f"/v1/deals/{approved}", {"status": "approved", "reason": "ok"})
    assert reply.status == 200, reply.json
    stripped = {table: write_the_old_way(table) for table in TABLES}
    assert all(stripped.values()), stripped
    return world, stripped


def partner_names(contract: str) -> list[str]:
    return [p.name for p in OrganizationItem.by_name.query(contract)]


def account_names(partner: str) -> list[str]:
    return [a.name for a in StorageAccountItem.by_partner_name.query(partner)]


def distributor_accounts(world) -> list[str]:
    return sorted(a.name for a in StorageAccountItem.by_level2.query(world.dist))


def audit_search(api, action: str) -> list[str]:
    reply = api.get(f"/v1/audit-events?action={action}")
    assert reply.status == 200, reply.json
    return [e["targetId"] for e in reply.json]


def deal_ids(api, world, status: str) -> list[str]:
    """The distributor's deals of one status (its ``level2-status-index``), newest first."""
    reply = api.get(f"/v1/deals?status={status}", token=world.dist_admin)
    assert reply.status == 200, reply.json
    return [d["id"] for d in reply.json]


def run_job(api, table: str, **fields) -> list[dict]:
    """Every page of ``table`` through the route; answers each page's answer."""
    pages, cursor = [], None
    while True:
        reply = api.post("/v1/jobs/backfill", {"table": table, **fields, "cursor": cursor})
        assert reply.status == 200, reply.json
        pages.append(reply.json)
        cursor = reply.json["cursor"]
        if reply.json["done"]:
            assert cursor is None
            return pages


def total(pages: list[dict], field: str) -> int:
    return sum(page[field] for page in pages)


def test_old_records_reach_their_indexes_after_the_backfill_and_a_second_run_writes_nothing(
    api, old_data
):
    world, stripped = old_data
    assert partner_names(world.contract) == []
    assert account_names(world.partner) == []
    assert distributor_accounts(world) == []
    assert audit_search(api, "storage_account.create") == []
    assert deal_ids(api, world, "submitted") == deal_ids(api, world, "approved") == []

    first = {table: run_job(api, table, limit=3) for table in TABLES}
    for table, pages in first.items():
        assert len(pages) > 1, f"{table} read in one page: the cursor was not exercised"
        assert total(pages, "updated") == stripped[table]
        assert total(pages, "changed") == 0
        assert total(pages, "examined") == len(items(table))

    assert partner_names(world.contract) == ["MSP One", "MSP PPU"]
    assert account_names(world.partner) == ["archive vault", "Backup Store", "Cold  Data"]
    assert distributor_accounts(world) == ["Backup Store", "Cold  Data", "archive vault"]
    accounts = {a.id for a in StorageAccountItem.by_partner.query(world.partner)}
    assert set(audit_search(api, "storage_account.create")) == accounts
    assert len(deal_ids(api, world, "submitted")) == 3
    assert len(deal_ids(api, world, "approved")) == 1

    again = {table: run_job(api, table, limit=3) for table in TABLES}
    for table, pages in again.items():
        assert total(pages, "updated") == 0, table
        assert total(pages, "unchanged") == total(pages, "examined") == len(items(table))


def test_a_partner_renamed_while_the_backfill_runs_keeps_its_new_name_key(
    api, old_data, monkeypatch
):
    world, _ = old_data
    read = backfill_store.scan_page

    def read_then_rename(*args, **kwargs):
        page = read(*args, **kwargs)
        if any(item["id"] == world.partner for item in page.items):
            renamed = api.put(
                f"/v1/partner/{world.partner}", {"name": "Zeta Renamed"}, token=world.dist_admin
            )
            assert renamed.status == 200, renamed.json
        return page

    monkeypatch.setattr(backfill_store, "scan_page", read_then_rename)
    done = backfill.run_table("organizations", limit=2)

    assert done.changed == 1
    partner = OrganizationItem.get(world.partner, consistent_read=True)
    assert (partner.name, partner.name_key) == ("Zeta Renamed", "zeta renamed")
    assert partner_names(world.contract) == ["MSP PPU", "Zeta Renamed"]


def test_a_record_deleted_after_it_was_read_is_not_written_back(api, old_data, monkeypatch):
    """The write's condition needs the fields the keys come from: an UpdateItem on a record
    that went would otherwise create a stub holding only the keys."""
    world, _ = old_data
    account = next(iter(StorageAccountItem.by_partner.query(world.partner)))
    read = backfill_store.scan_page

    def read_then_delete(*args, **kwargs):
        page = read(*args, **kwargs)
        if any(item["id"] == account.id for item in page.items):
            _table("storage-accounts").delete_item(Key={"id": account.id})
        return page

    monkeypatch.setattr(backfill_store, "scan_page", read_then_delete)
    done = backfill.run_table("storage-accounts", limit=2)
    assert done.changed == 1
    assert "Item" not in _table("storage-accounts").get_item(Key={"id": account.id})


def test_a_stopped_run_resumes_from_its_cursor(api, old_data):
    _, stripped = old_data
    first = api.post("/v1/jobs/backfill", {"table": "audit-events", "limit": 4})
    assert first.status == 200 and first.json["done"] is False
    assert first.json["examined"] == 4 and first.json["updated"] == 4

    rest = []
    cursor = first.json["cursor"]
    while cursor:
        reply = api.post(
            "/v1/jobs/backfill", {"table": "audit-events", "limit": 5, "cursor": cursor}
        )
        assert reply.status == 200, reply.json
        rest.append(reply.json)
        cursor = reply.json["cursor"]
    # nothing read twice, nothing skipped: the resumed pages hold exactly the others
    assert first.json["examined"] + total(rest, "examined") == len(items("audit-events"))
    assert first.json["updated"] + total(rest, "updated") == stripped["audit-events"]

    # a cursor belongs to its table and segment
    other = api.post(
        "/v1/jobs/backfill", {"table": "organizations", "cursor": first.json["cursor"]}
    )
    assert other.status == 400 and other.json["code"] == "invalid_cursor"


def test_parallel_segments_cover_the_table_once(api, old_data):
    _, stripped = old_data
    pages = [
        page
        for segment in range(3)
        for page in run_job(api, "storage-accounts", limit=1, segment=segment, totalSegments=3)
    ]
    assert total(pages, "updated") == stripped["storage-accounts"]
    assert total(pages, "examined") == len(items("storage-accounts"))
    assert {page["segment"] for page in pages} == {0, 1, 2}


def test_only_the_provider_runs_it_and_bad_settings_are_refused(api, old_data):
    world, _ = old_data
    assert (
        api.post("/v1/jobs/backfill", {"table": "organizations"}, token=world.dist_admin).status
        == 403
    )
    viewer = member_token(api, provider_id(api), "viewer")
    assert api.post("/v1/jobs/backfill", {"table": "organizations"}, token=viewer).status == 403
    for bad, field in (
        ({"table": "users"}, "table"),
        ({"table": "organizations", "limit": 0}, "limit"),
        ({"table": "organizations", "segment": 3, "totalSegments": 2}, "segment"),
        ({"table": "organizations", "totalSegments": 65}, "totalSegments"),
    ):
        reply = api.post("/v1/jobs/backfill", bad)
        assert reply.status == 400, (bad, reply.json)
        assert reply.json["message"]
        assert field in {d["field"] for d in reply.json["details"]}, reply.json


def provider_id(api) -> str:
    return api.get("/v1/me").json["organization"]["id"]


def test_the_operators_tool_resumes_from_its_state_file(
    api, old_data, tmp_path, capsys, monkeypatch
):
    _, stripped = old_data
    state = tmp_path / "backfill.json"
    write = backfill_store.write
    budget = {"writes": 5}

    def write_until_the_budget_is_spent(*args, **kwargs):
        if budget["writes"] == 0:
            raise RuntimeError("throttled")
        budget["writes"] -= 1
        return write(*args, **kwargs)

    monkeypatch.setattr(backfill_store, "write", write_until_the_budget_is_spent)
    argv = ["--table", "audit-events", "--limit", "3", "--segments", "2", "--state", str(state)]
    assert tool.main(argv) == 1
    assert "stopped (throttled); run again to resume" in capsys.readouterr().err
    saved = json.loads(state.read_text())
    assert saved["totalSegments"] == 2

    monkeypatch.setattr(backfill_store, "write", write)
    assert tool.main(argv) == 0
    out = capsys.readouterr().out
    assert "audit-events done:" in out
    saved = json.loads(state.read_text())
    assert sorted(saved["tables"]["audit-events"]["done"]) == [0, 1]
    assert saved["tables"]["audit-events"]["keys"] == {}
    # the first run's five writes and the second's add up to every stripped event
    assert audit_search(api, "storage_account.create")
    again = run_job(api, "audit-events", limit=50)
    assert total(again, "updated") == 0 and stripped["audit-events"] > 5

    # a finished table is skipped when the same command runs again
    assert tool.main(argv) == 0
    assert "audit-events done: examined 0" in capsys.readouterr().out

    # another number of segments cannot resume this state file
    with pytest.raises(SystemExit):
        tool.main([*argv[:-3], "3", "--state", str(state)])
