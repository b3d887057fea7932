"""Scheduled exports: created per organization, run by the scheduled job (the app.py shim) as
ordinary exports — the previous day or calendar month —, once per period, then deleted."""

from __future__ import annotations

from tests.api import exports_helpers as ex
from tests.api.helpers import make_contract, make_partner, make_tenant


def run_job(api) -> dict:
    """Invoke the scheduled Lambda the way EventBridge does (the app.py shim)."""
    event = api.client.events.generate_cw_event(
        source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]
    )
    return api.client.lambda_.invoke("export-schedules", event).payload


def schedule(api, token: str, **body) -> dict:
    reply = api.post("/v1/export-schedules", body, token=token)
    assert reply.status == 201, reply.json
    return reply.json


def api_key(api, token: str) -> str:
    """A key that outlives the sessions (the test moves the clock by days)."""
    body = {"description": "scheduler test", "expiresAt": "2027-06-30T00:00:00Z"}
    reply = api.post("/v1/api-keys", body, token=token)
    assert reply.status == 201, reply.json
    return reply.json["key"]


def by_type(api, token: str) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for export in api.get("/v1/exports", token=token).json:
        found.setdefault(export["type"], []).append(export)
    return found


def test_daily_and_monthly_runs_export_the_previous_day_and_month(api, provider_admin, clock):
    dist = make_tenant(api, "Dist S")
    contract = make_contract(api, dist.org_id)
    make_partner(api, contract, dist.admin, "Scheduled MSP")
    daily = schedule(api, dist.viewer, type="usage", frequency="daily", format="xlsx")
    monthly = schedule(api, dist.admin, type="deals", frequency="monthly")
    snapshot = schedule(api, dist.admin, type="partners", frequency="daily", format="ndjson")
    key = api_key(api, dist.admin)
    assert daily["nextRunAt"] <= snapshot["nextRunAt"]  # due at once
    assert (daily["format"], monthly["format"], daily["lastPeriod"]) == ("xlsx", "csv", None)

    # (the clock stands at 2026-11-23 12:00 UTC)
    assert run_job(api) == {"exportsRequested": 3, "skipped": 0, "failed": 0}
    assert run_job(api)["exportsRequested"] == 0  # nothing is due twice
    assert sorted(ex.run_worker(api)) == ["ready", "ready", "ready"]
    exports = by_type(api, key)
    assert exports["usage"][0]["parameters"] == {"from": "2026-11-22", "to": "2026-11-22"}
    assert exports["usage"][0]["format"] == "xlsx"
    assert exports["deals"][0]["parameters"] == {"from": "2026-10-01", "to": "2026-10-31"}
    assert exports["partners"][0]["parameters"] == {}
    assert exports["partners"][0]["status"] == "ready"
    assert exports["partners"][0]["rowCount"] == 1
    assert exports["deals"][0]["requestedBy"].endswith("(monthly schedule)")
    ready = api.get("/v1/events?type=export.ready", token=key).json
    assert {e["data"]["format"] for e in ready} == {"xlsx", "csv", "ndjson"}
    assert {e["data"]["scheduleId"] for e in ready} == {daily["id"], monthly["id"], snapshot["id"]}
    listed = {s["id"]: s for s in api.get("/v1/export-schedules", token=key).json}
    assert listed[daily["id"]]["lastPeriod"] == "2026-11-22"
    assert listed[daily["id"]]["nextRunAt"] == "2026-11-24T01:00:00.000000Z"
    assert listed[monthly["id"]]["lastPeriod"] == "2026-10"
    assert listed[monthly["id"]]["nextRunAt"] == "2026-12-01T01:00:00.000000Z"
    assert listed[daily["id"]]["lastExportId"] == exports["usage"][0]["id"]

    clock.advance(hours=12, minutes=30)  # 2026-11-24 00:30: not yet due
    assert run_job(api)["exportsRequested"] == 0
    clock.advance(hours=1)  # 01:30: the daily ones are due, the monthly one is not
    assert run_job(api)["exportsRequested"] == 2
    ex.run_worker(api)
    usage = by_type(api, key)["usage"]
    assert [e["parameters"]["from"] for e in usage] == ["2026-11-23", "2026-11-22"]

    clock.advance(days=7)  # 2026-12-01 01:30: the month is over
    assert run_job(api)["exportsRequested"] == 3
    deals = by_type(api, key)["deals"]
    assert deals[0]["parameters"] == {"from": "2026-11-01", "to": "2026-11-30"}


def test_schedules_are_the_organizations_own_and_checked(api, provider_admin):
    dist, other = make_tenant(api, "Dist T"), make_tenant(api, "Dist U")
    other_contract = make_contract(api, other.org_id)
    other_partner = make_partner(api, other_contract, other.admin, "Theirs")
    mine = schedule(api, dist.admin, type="storageAccounts", frequency="monthly")
    cases = [
        ({"type": "usage", "frequency": "weekly"}, 400, "frequency"),
        ({"type": "usage", "frequency": "daily", "format": "pdf"}, 400, "format"),
        ({"type": "deals", "frequency": "daily", "partnerId": other_partner}, 400, "partnerId"),
        ({"type": "partners", "frequency": "daily", "from": "2026-01-01"}, 400, "from"),
    ]
    for body, status, field in cases:
        reply = api.post("/v1/export-schedules", body, token=dist.admin)
        assert reply.status == status, (body, reply.json)
        assert field in [d["field"] for d in reply.json["details"]], reply.json
    reply = api.post(
        "/v1/export-schedules",
        {"type": "usage", "frequency": "daily", "partnerId": other_partner},
        token=dist.admin,
    )
    assert reply.status == 404 and reply.json["message"]
    # another organization's schedule — even the provider above it — is "not found"
    for token in (other.admin, provider_admin):
        assert api.delete(f"/v1/export-schedules/{mine['id']}", token=token).status == 404
        listed = api.get("/v1/export-schedules", token=token).json
        assert mine["id"] not in [s["id"] for s in listed]
    assert api.delete(f"/v1/export-schedules/{mine['id']}", token=dist.viewer).status == 204
    assert api.delete(f"/v1/export-schedules/{mine['id']}", token=dist.admin).status == 404
    assert run_job(api)["exportsRequested"] == 0
    actions = [e["action"] for e in api.get("/v1/audit-events", token=dist.admin).json]
    assert {"export_schedule.create", "export_schedule.delete"} <= set(actions)


def test_a_run_whose_partner_is_gone_is_a_failed_export_with_a_sentence(api, provider_admin):
    dist = make_tenant(api, "Dist V")
    contract = make_contract(api, dist.org_id)
    partner = make_partner(api, contract, dist.admin, "Leaving MSP")
    schedule(api, dist.admin, type="partners", frequency="daily", partnerId=partner)
    assert api.delete(f"/v1/partner/{partner}", token=dist.admin).status in (200, 204)
    assert run_job(api) == {"exportsRequested": 0, "skipped": 0, "failed": 1}
    assert ex.take_messages() == []
    (failed,) = api.get("/v1/exports", token=dist.admin).json
    assert failed["status"] == "failed"
    assert "was not produced" in failed["error"] and partner in failed["error"]
    (event,) = api.get("/v1/events?type=export.failed", token=dist.admin).json
    assert event["data"]["exportId"] == failed["id"] and event["data"]["scheduleId"]


def test_two_jobs_racing_for_one_run_produce_one_export(api, provider_admin, clock):
    from chalicelib.services import export_schedules
    from chalicelib.store.models import ExportScheduleItem

    dist = make_tenant(api, "Dist W")
    made = schedule(api, dist.admin, type="deals", frequency="daily")
    first, second = (ExportScheduleItem.get(made["id"]) for _ in range(2))
    now = clock()
    assert export_schedules.run_schedule(first, now) == "requested"
    assert export_schedules.run_schedule(second, now) == "skipped"
    assert len(api.get("/v1/exports", token=dist.admin).json) == 1


def test_a_scheduled_export_mails_the_admins_the_link_and_an_asked_one_does_not(
    api, provider_admin, tmp_path, monkeypatch
):
    from chalicelib.services.dispatch import dispatch_pending
    from tests.api.notification_helpers import run_worker as send_mail
    from tests.api.notification_helpers import sent_mail

    monkeypatch.setenv("MAIL_DIR", str(tmp_path))
    monkeypatch.setenv("CONSOLE_URL", "https://console.example.com")
    dist = make_tenant(api, "Dist M")
    admin_email = api.get("/v1/me", token=dist.admin).json["user"]["email"]
    contract = make_contract(api, dist.org_id)
    make_partner(api, contract, dist.admin, "Mailed MSP")
    made = schedule(api, dist.viewer, type="usage", frequency="daily", format="xlsx")
    asked = api.post("/v1/exports", {"type": "partners"}, token=dist.admin)
    assert asked.status == 202
    assert run_job(api)["exportsRequested"] == 1
    assert sorted(ex.run_worker(api)) == ["ready", "ready"]
    dispatch_pending()
    assert send_mail(api) == ["sent"]  # one mail: the scheduled export's, to the one admin
    (mail,) = sent_mail()
    assert set(mail["to"]) == {admin_email}
    (eml,) = tmp_path.glob("*.eml")
    text = eml.read_text()
    (export,) = [e for e in api.get("/v1/exports", token=dist.admin).json if e["type"] == "usage"]
    assert "Your scheduled export is ready: Usage export (XLSX), 2026-11-22" in text
    assert f"https://console.example.com/console/exports/{export['id']}/download" in text
    assert f"export schedule {made['id']}" in text
    dispatch_pending()
    assert send_mail(api) == []  # never twice


def test_a_failed_scheduled_export_is_mailed_with_its_reason(
    api, provider_admin, tmp_path, monkeypatch
):
    from chalicelib.services.dispatch import dispatch_pending
    from tests.api.notification_helpers import run_worker as send_mail

    monkeypatch.setenv("MAIL_DIR", str(tmp_path))
    dist = make_tenant(api, "Dist N")
    contract = make_contract(api, dist.org_id)
    partner = make_partner(api, contract, dist.admin, "Gone MSP")
    schedule(api, dist.admin, type="partners", frequency="daily", partnerId=partner)
    assert api.delete(f"/v1/partner/{partner}", token=dist.admin).status in (200, 204)
    assert run_job(api)["failed"] == 1
    dispatch_pending()
    assert send_mail(api) == ["sent"]
    (eml,) = tmp_path.glob("*.eml")
    text = eml.read_text()
    assert "Your scheduled export failed: Partners export (CSV)" in text
    assert "was not produced" in text and "/console/exports" in text
