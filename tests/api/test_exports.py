"""CSV exports end to end: request (202), the SQS worker, the presigned link, the file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest

from tests.api import exports_helpers as ex
from tests.api.helpers import (
    TB,
    make_contract,
    make_org,
    make_partner,
    make_tenant,
    member_token,
)
from tests.api.test_deals import register


@dataclass
class World:
    """Two distributors, each with a partner (and storage accounts), and a direct partner."""

    dist: object
    dist_partner: str
    dist_partner_admin: str
    dist_contract: str
    other: object
    other_partner: str
    direct_partner: str


def add_account(partner_id: str, account_id: str, name: str, contract_id: str | None) -> None:
    from chalicelib import clock
    from chalicelib.store.models import OrganizationItem, StorageAccountItem

    partner = OrganizationItem.get(partner_id)
    now = clock.iso(clock.now())
    StorageAccountItem(
        id=account_id,
        partner_id=partner_id,
        path=partner.path,
        contract_id=contract_id,
        name=name,
        contact_email=f"it@{account_id}.example",
        allocated_capacity=TB // 2,
        used_capacity=123_456_789,
        created_at=now,
        updated_at=now,
    ).save()


@pytest.fixture
def world(api, provider_admin) -> World:
    dist, other = make_tenant(api, "Dist A"), make_tenant(api, "Dist B")
    dist_contract = make_contract(api, dist.org_id)
    other_contract = make_contract(api, other.org_id)
    dist_partner = make_partner(api, dist_contract, dist.admin, "Ärger & Co")
    other_partner = make_partner(api, other_contract, other.admin, "Other MSP")
    direct = make_org(api, "Direct MSP", kind="partner")
    add_account(dist_partner, "100000000001", "Bäckerei Müller", dist_contract)
    add_account(other_partner, "200000000002", "Foreign account", other_contract)
    return World(
        dist=dist,
        dist_partner=dist_partner,
        dist_partner_admin=member_token(api, dist_partner, "admin", token=dist.admin),
        dist_contract=dist_contract,
        other=other,
        other_partner=other_partner,
        direct_partner=direct,
    )


def test_a_distributor_exports_its_partners_and_downloads_them(api, world, clock):
    export_id = ex.request(api, {"type": "partners"}, token=world.dist.viewer)
    pending = api.get(f"/v1/exports/{export_id}", token=world.dist.viewer).json
    assert pending["status"] == "pending" and pending["downloadUrl"] is None
    assert ex.run_worker(api) == ["ready"]
    done = api.get(f"/v1/exports/{export_id}", token=world.dist.viewer).json
    assert done["status"] == "ready" and done["rowCount"] == 1 and done["error"] is None
    params = ex.link_params(done["downloadUrl"])
    assert params["X-Amz-Algorithm"] == "AWS4-HMAC-SHA256"
    assert 0 < int(params["X-Amz-Expires"]) <= 900
    day = clock.current.date().isoformat()
    filename = f'attachment; filename="partners-{day}.csv"'
    assert params["response-content-disposition"] == filename
    response = ex.download(done["downloadUrl"])
    assert response.headers["Content-Disposition"] == filename
    assert done["sizeBytes"] == len(response.content)
    (row,) = ex.read_csv(response.content)
    assert row["partnerId"] == world.dist_partner and row["partnerName"] == "Ärger & Co"
    assert row["parentId"] == world.dist.org_id and row["contractId"] == world.dist_contract
    assert row["allocatedCapacityBytes"] == str(TB) and row["allocatedCapacityTB"] == "1.000000"
    assert row["contractName"] and row["payPerUse"] == "false"
    assert response.content.count(b"\r\n") == 2, "RFC 4180 line ends"
    listed = api.get("/v1/exports", token=world.dist.admin).json
    assert [e["id"] for e in listed] == [export_id]
    # asked for one contract, the file is named after it
    body = {"type": "partners", "contractId": world.dist_contract}
    named_id = ex.request(api, body, token=world.dist.viewer)
    assert ex.run_worker(api) == ["ready"]
    named = api.get(f"/v1/exports/{named_id}", token=world.dist.viewer).json
    disposition = ex.link_params(named["downloadUrl"])["response-content-disposition"]
    assert re.fullmatch(rf'attachment; filename="partners-[a-z0-9-]+-{day}\.csv"', disposition)
    assert disposition != filename


def test_every_type_as_each_role_holds_only_rows_in_scope(api, world, provider_admin):
    register(api, world.dist.admin, customerName="Dist deal")
    register(api, world.dist_partner_admin, customerName="Partner deal")
    register(api, world.other.admin, customerName="Foreign deal")
    api.patch(f"/v1/organizations/{world.other.org_id}", {"name": "Dist B2"})

    def ids(token, kind, column):
        return {r[column] for r in ex.rows_of(api, {"type": kind}, token)}

    for token in (world.dist.admin, world.dist.staff, world.dist.viewer):
        assert ids(token, "partners", "partnerId") == {world.dist_partner}
        assert ids(token, "storageAccounts", "clientAccountId") == {"100000000001"}
        assert ids(token, "deals", "customerName") == {"Dist deal", "Partner deal"}
        events = ex.rows_of(api, {"type": "auditEvents"}, token)
        assert events and world.other.org_id not in {e["organizationId"] for e in events}
        assert "Dist B2" not in str(events)
    partner = world.dist_partner_admin
    assert ids(partner, "partners", "partnerId") == {world.dist_partner}
    assert ids(partner, "storageAccounts", "clientAccountId") == {"100000000001"}
    assert ids(partner, "deals", "customerName") == {"Partner deal"}
    assert ids(provider_admin, "partners", "partnerId") == {
        world.dist_partner,
        world.other_partner,
        world.direct_partner,
    }
    assert ids(provider_admin, "storageAccounts", "clientAccountId") == {
        "100000000001",
        "200000000002",
    }
    assert ids(provider_admin, "deals", "customerName") == {
        "Dist deal",
        "Partner deal",
        "Foreign deal",
    }
    provider_events = ids(provider_admin, "auditEvents", "action")
    assert {"deal.submit", "organization.update", "partner.create"} <= provider_events


def test_filters_by_contract_and_partner(api, world, provider_admin):
    second = make_partner(api, world.dist_contract, world.dist.admin, "Second")
    by_contract = ex.rows_of(
        api, {"type": "partners", "contractId": world.dist_contract}, world.dist.admin
    )
    assert {r["partnerId"] for r in by_contract} == {world.dist_partner, second}
    by_partner = ex.rows_of(api, {"type": "storageAccounts", "partnerId": second}, world.dist.admin)
    assert by_partner == []


def test_another_tenants_export_is_not_found(api, world, provider_admin):
    done = ex.export(api, {"type": "partners"}, world.dist.admin)
    path = f"/v1/exports/{done['id']}"
    assert api.get(path, token=world.other.admin).status == 404
    assert api.get(path, token=world.dist_partner_admin).status == 404
    assert api.get(path, token=provider_admin).status == 404, "an export is its requester's"
    assert api.get("/v1/exports", token=world.other.admin).json == []
    assert api.get(path, token=world.dist.viewer).status == 200


def test_input_and_scope_are_checked_before_anything_is_queued(api, world):
    token = world.dist.admin
    cases = [
        ({"type": "invoices"}, 400),
        ({"type": "deals", "contractId": world.dist_contract}, 400),
        ({"type": "partners", "from": "2026-01-01"}, 400),
        ({"type": "usage"}, 400),
        ({"type": "usage", "from": "2026-02-01", "to": "2026-01-01"}, 400),
        ({"type": "usage", "from": "2024-01-01", "to": "2026-01-01"}, 400),
        ({"type": "partners", "unknown": 1}, 400),
        ({"type": "partners", "partnerId": world.other_partner}, 404),
        ({"type": "storageAccounts", "contractId": "nope"}, 404),
    ]
    for body, status in cases:
        reply = api.post("/v1/exports", body, token=token)
        assert reply.status == status, (body, reply.json)
        assert reply.json["message"]
    assert ex.take_messages() == []


def test_formulas_are_neutralised_in_the_file(api, world):
    # (a leading tab or CR never gets this far: request bodies are trimmed; the unit tests
    # cover those prefixes)
    for name in ('=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)", "Fine"):
        register(api, world.dist.admin, customerName="C", notes=name)
    notes = {r["notes"] for r in ex.rows_of(api, {"type": "deals"}, world.dist.admin)}
    assert notes == {
        '\'=HYPERLINK("http://x")',
        "'+1+2",
        "'-3",
        "'@SUM(A1)",
        "Fine",
    }


def test_a_message_delivered_twice_produces_one_file(api, world):
    from chalicelib.settings import get_settings
    from chalicelib.store.aws import client

    export_id = ex.request(api, {"type": "partners"}, world.dist.admin)
    (body,) = ex.take_messages()
    assert ex.deliver(api, [body, body]) == ["ready", "skipped"]
    assert ex.deliver(api, [body]) == ["skipped"]
    listed = client("s3").list_objects_v2(
        Bucket=get_settings().exports_bucket, Prefix=f"exports/{world.dist.org_id}/{export_id}/"
    )
    assert listed["KeyCount"] == 1
    assert api.get(f"/v1/exports/{export_id}", token=world.dist.admin).json["status"] == "ready"


def _uploads_and_objects(prefix: str) -> tuple[list, list]:
    from chalicelib.settings import get_settings
    from chalicelib.store.aws import client

    s3, bucket = client("s3"), get_settings().exports_bucket
    uploads = s3.list_multipart_uploads(Bucket=bucket, Prefix=prefix).get("Uploads", [])
    objects = s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
    return uploads, objects


def test_a_worker_failing_mid_upload_aborts_it_and_marks_the_export_failed(api, world, monkeypatch):
    from chalicelib.services import exports as service
    from chalicelib.store import export_files

    def exploding_rows(item):
        yield from (["x" * 200] for _ in range(30_000))  # > one 5 MiB part
        raise RuntimeError("connection reset by peer")

    monkeypatch.setattr(service, "rows", exploding_rows)
    monkeypatch.setattr(export_files, "DEFAULT_PART_SIZE", export_files.MIN_PART_SIZE)
    export_id = ex.request(api, {"type": "partners"}, world.dist.admin)
    (body,) = ex.take_messages()
    sent_parts = []
    original = export_files.CsvUpload._flush

    def counting_flush(self):
        original(self)
        sent_parts.append(len(self.parts))

    monkeypatch.setattr(export_files.CsvUpload, "_flush", counting_flush)
    assert service.run_export(export_id, part_size=export_files.MIN_PART_SIZE) == "failed"
    assert sent_parts, "the failure came after a part had been uploaded"
    failed = api.get(f"/v1/exports/{export_id}", token=world.dist.admin).json
    assert failed["status"] == "failed" and failed["downloadUrl"] is None
    assert failed["error"].endswith("please request it again.")
    assert _uploads_and_objects(f"exports/{world.dist.org_id}/{export_id}/") == ([], [])
    assert ex.deliver(api, [body]) == ["skipped"], "a failed export stays failed"


def test_a_dead_workers_upload_is_aborted_and_the_export_retried(api, world, clock):
    from chalicelib.services import exports as service
    from chalicelib.store import export_files
    from chalicelib.store import exports as store

    export_id = ex.request(api, {"type": "partners"}, world.dist.admin)
    (body,) = ex.take_messages()
    # a worker claims the export, starts its upload, and dies (no abort, no mark)
    dead = store.claim(export_id, "dead-worker", clock())
    key = f"exports/{dead.org_id}/{dead.id}/dead-worker.csv"
    upload = export_files.CsvUpload(key)
    store.record_upload(dead, "dead-worker", key, upload.start("partners.csv"))
    prefix = f"exports/{world.dist.org_id}/{export_id}/"
    assert len(_uploads_and_objects(prefix)[0]) == 1

    assert ex.deliver(api, [body]) == ["skipped"], "the lease still holds"
    assert api.get(f"/v1/exports/{export_id}", token=world.dist.admin).json["status"] == "pending"
    clock.advance(minutes=16)
    assert ex.deliver(api, [body]) == ["ready"]
    uploads, objects = _uploads_and_objects(prefix)
    assert uploads == [] and len(objects) == 1
    assert service.run_export(export_id) == "skipped"
    done = api.get(f"/v1/exports/{export_id}", token=world.dist.admin).json
    assert done["status"] == "ready" and done["rowCount"] == 1


def test_usage_export_one_row_per_account_per_day_only_in_scope(
    api, provider_admin, clock, monkeypatch
):
    from tests.api import usage_helpers as uh

    monkeypatch.setenv("SESSION_IDLE_MINUTES", str(7 * 24 * 60))
    clock.advance(days=-3)  # the accounts exist from 2026-11-20
    channel = uh.make_channel(api)
    clock.advance(days=3)
    a, b = channel.accounts
    uh.post_samples(
        api,
        channel,
        [
            uh.sample(a, "2026-11-22T00:50:00Z", TB),
            uh.sample(a, "2026-11-22T12:00:00Z", 2 * TB),
            uh.sample(channel.other_account, "2026-11-22T01:00:00Z", 7 * TB),
        ],
    )
    uh.aggregate()
    window = {"type": "usage", "from": "2026-11-20", "to": "2026-11-23"}
    mine = {a, b, channel.ppu_account}

    rows = ex.rows_of(api, window, channel.dist.viewer)
    assert len(rows) == 3 * 4, "three accounts, four days"
    assert {r["clientAccountId"] for r in rows} == mine
    assert {(r["clientAccountId"], r["date"]) for r in rows} == {
        (acct, f"2026-11-{d}") for acct in mine for d in (20, 21, 22, 23)
    }
    day = {(r["clientAccountId"], r["date"]): r for r in rows}
    assert day[(a, "2026-11-22")]["usageBytes"] == str(3 * TB // 2)
    assert day[(a, "2026-11-22")]["usageTB"] == "1.500000"
    assert day[(a, "2026-11-22")]["peakBytes"] == str(2 * TB)
    assert day[(a, "2026-11-22")]["hoursRecorded"] == "24"
    assert day[(a, "2026-11-22")]["partnerName"] == "Reserved MSP"
    assert day[(a, "2026-11-23")]["hoursRecorded"] == "12"

    partner_view = channel.partner_tokens[channel.reserved["id"]]
    partner_rows = ex.rows_of(api, window, partner_view)
    assert {r["clientAccountId"] for r in partner_rows} == {a, b}
    other_rows = ex.rows_of(api, window, channel.other.viewer)
    assert {r["clientAccountId"] for r in other_rows} == {channel.other_account}
    by_partner = ex.rows_of(api, {**window, "partnerId": channel.ppu["id"]}, channel.dist.admin)
    assert {r["clientAccountId"] for r in by_partner} == {channel.ppu_account}
    everything = ex.rows_of(api, window, provider_admin)
    assert {r["clientAccountId"] for r in everything} >= mine | {channel.other_account}
    assert (
        api.post(
            "/v1/exports",
            {**window, "partnerId": channel.other_partner["id"]},
            token=channel.dist.admin,
        ).status
        == 404
    )


def test_pandas_reads_each_file_back_exactly_as_the_csv_module_does(api, world):
    pandas = pytest.importorskip("pandas")
    import io

    register(api, world.dist.admin, customerName='Zürich "Süd", AG', notes="line one\nline two")
    register(api, world.dist.admin, customerName="=2+2", notes="")
    for kind in ("partners", "storageAccounts", "deals", "auditEvents"):
        done = ex.export(api, {"type": kind}, world.dist.admin)
        data = ex.download(done["downloadUrl"]).content
        expected = ex.read_csv(data)
        frame = pandas.read_csv(
            io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False
        )
        assert list(frame.columns) == list(expected[0]), kind
        assert frame.to_dict(orient="records") == expected, kind
        assert len(frame) == done["rowCount"]


def test_requests_are_audited_and_an_abandoned_export_reads_as_failed(
    api, world, clock, monkeypatch
):
    monkeypatch.setenv("SESSION_IDLE_MINUTES", str(24 * 60))
    export_id = ex.request(api, {"type": "deals", "from": "2026-11-01"}, world.dist.viewer)
    (event,) = api.get(f"/v1/audit-events?targetId={export_id}", token=world.dist.admin).json
    assert event["action"] == "export.request"
    assert event["after"] == {"type": "deals", "parameters": {"from": "2026-11-01"}}
    ex.take_messages()  # the message is lost (say it went to the dead-letter queue)
    clock.advance(minutes=59)
    assert api.get(f"/v1/exports/{export_id}", token=world.dist.admin).json["status"] == "pending"
    clock.advance(minutes=2)
    gone = api.get(f"/v1/exports/{export_id}", token=world.dist.admin).json
    assert gone["status"] == "failed" and "request it again" in gone["error"]
    (listed,) = api.get("/v1/exports", token=world.dist.admin).json
    assert listed["status"] == "failed" and listed["downloadUrl"] is None


def test_a_partner_deleted_before_the_worker_runs_fails_the_export_with_a_sentence(api, world):
    gone = make_partner(api, world.dist_contract, world.dist.admin, "Short-lived")
    export_id = ex.request(api, {"type": "partners", "partnerId": gone}, world.dist.admin)
    assert api.delete(f"/v1/partner/{gone}", token=world.dist.admin).status == 204
    assert ex.run_worker(api) == ["failed"]
    failed = api.get(f"/v1/exports/{export_id}", token=world.dist.admin).json
    assert failed["status"] == "failed"
    assert failed["error"] == f"Partner {gone} was not found. The export was not produced."
    assert _uploads_and_objects(f"exports/{world.dist.org_id}/{export_id}/") == ([], [])


def test_a_worker_that_lost_its_claim_leaves_no_file_behind(api, world, monkeypatch):
    from chalicelib.services import exports as service
    from chalicelib.store import exports as store

    export_id = ex.request(api, {"type": "partners"}, world.dist.admin)
    ex.take_messages()
    monkeypatch.setattr(store, "mark_ready", lambda *args: False)  # another worker took over
    assert service.run_export(export_id) == "skipped"
    assert _uploads_and_objects(f"exports/{world.dist.org_id}/{export_id}/") == ([], [])


def test_deal_and_audit_exports_keep_to_the_date_range(api, world, clock, monkeypatch):
    monkeypatch.setenv("SESSION_IDLE_MINUTES", str(7 * 24 * 60))
    register(api, world.dist.admin, customerName="Day one")
    clock.advance(days=1)
    register(api, world.dist.admin, customerName="Day two")
    day_one = (clock.current - timedelta(days=1)).date().isoformat()
    day_two = clock.current.date().isoformat()
    token = world.dist.admin

    def names(**window):
        return [r["customerName"] for r in ex.rows_of(api, {"type": "deals", **window}, token)]

    assert names(**{"from": day_two}) == ["Day two"]
    assert names(to=day_one) == ["Day one"]
    assert names(**{"from": day_one, "to": day_two}) == ["Day two", "Day one"]
    audit = ex.rows_of(api, {"type": "auditEvents", "from": day_two, "to": day_two}, token)
    assert audit and {r["at"][:10] for r in audit} == {day_two}
