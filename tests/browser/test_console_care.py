"""The defects a distributor met in its first ten minutes, each walked to its end: exports with
a date range, refusals shown next to the field in every dialog, typed input kept, a session that
ends mid-form, the idle warning."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import requests
from playwright.sync_api import expect

from tests.browser.conftest import (
    TB,
    World,
    api_login,
    axe_check,
    contract,
    download_csv,
    login,
    unique,
    wait_for_ready_export,
)


def _aggregate(world: World) -> None:
    """Runs the usage aggregation and waits for it (the stack's shard workers run it)."""
    run = world.provider.call("POST", "/v1/jobs/usage-aggregation", None, 202)
    for _ in range(240):
        if run["status"] == "finished":
            return
        time.sleep(0.5)
        run = world.provider.call("GET", f"/v1/jobs/usage-aggregation/{run['runId']}")
    raise AssertionError(f"the aggregation did not finish: {run}")


def _contracts(world: World, big: int, small: int) -> tuple[str, str, str, str]:
    a_name, b_name = unique("Care big "), unique("Care small ")
    a = contract(world.provider, world.distributor_id, a_name, big)
    b = contract(world.provider, world.distributor_id, b_name, small)
    return a, a_name, b, b_name


def _partner(world: World, contract_id: str, tb: int) -> tuple[str, str]:
    dist = api_login(world.base, world.users["distributor_admin"])
    name = unique("Care Partner ")
    body = {"name": name, "allocatedCapacity": tb * TB, "distributorContractId": contract_id}
    return dist.call("POST", "/v1/partner", body, 201)["id"], name


def test_usage_csv_for_a_date_range_downloads_and_agrees_with_the_api(page, world: World):
    dist = api_login(world.base, world.users["distributor_admin"])
    partner_id, _ = _partner(world, world.contract_a, 3)
    account = {
        "name": unique("Usage Export Ltd "),
        "allocatedCapacity": 1 * TB,
        "allowOverdraft": False,
        "clientAccount": {"contactEmail": "it@usage.example", "password": "Root-Passw0rd!"},
    }
    account_id = dist.call("POST", f"/v1/partner/{partner_id}/storage-accounts", account, 201)[
        "clientAccountId"
    ]
    expires = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    key = world.provider.call(
        "POST",
        "/v1/api-keys",
        {"description": "meter", "expiresAt": expires, "role": "metering"},
        201,
    )["key"]
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    samples = [
        {
            "clientAccountId": account_id,
            "timestamp": now.replace(hour=h).isoformat().replace("+00:00", "Z"),
            "storedBytes": (200 + h) * 10**9,
        }
        for h in range(now.hour + 1)
    ]
    reply = requests.post(
        f"{world.base}/v1/usage/samples",
        json=samples,
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
    )
    assert reply.status_code == 200, reply.text
    _aggregate(world)

    today = now.date()
    start, end = (today - timedelta(days=3)).isoformat(), today.isoformat()
    login(page, world, "distributor_admin")
    page.goto(f"/console/partners/{partner_id}")
    page.get_by_label("From", exact=True).fill(start)
    page.get_by_label("To", exact=True).fill(end)
    page.get_by_role("button", name="Show usage").click()
    expect(page).to_have_url(re.compile(f"from={start}"))
    usage = page.get_by_role("region", name="Usage report")
    usage.get_by_role("button", name="Export", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Usage export requested")
    wait_for_ready_export(page)
    rows = [r for r in download_csv(page) if r["clientAccountId"] == account_id]
    api = dist.call("GET", f"/v1/partner/{partner_id}/usage?from={start}&to={end}")
    days = {d["date"]: d for a in api for d in a["daily_usage"] if a["client_id"] == account_id}
    assert rows, "the usage export has rows for the account"
    assert {r["date"] for r in rows} == set(days)
    for row in rows:
        assert start <= row["date"] <= end
        if row["usageBytes"]:
            assert int(row["usageBytes"]) == days[row["date"]]["usage"]


def test_audit_export_with_a_date_filter(page, world: World):
    login(page, world, "distributor_admin")
    today = datetime.now(UTC).date().isoformat()
    page.goto(f"/console/audit?from={today}&to={today}")
    page.get_by_role("button", name="Export", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Audit log export requested")
    wait_for_ready_export(page)
    rows = download_csv(page)
    assert rows
    assert all(today in " ".join(row.values()) for row in rows)


def test_every_refusal_is_shown_next_to_its_field_and_keeps_what_was_typed(page, world: World):
    big, big_name, small, small_name = _contracts(world, 100, 5)
    partner_id, name = _partner(world, big, 20)
    login(page, world, "distributor_admin")

    # create partner, refused: name, allocation and overdraft stay as typed
    page.goto(f"/console/partners?contract={small}")
    page.get_by_role("button", name="Create partner").click()
    dialog = page.get_by_role("dialog", name="Create partner")
    expect(dialog).to_contain_text(f"In contract “{small_name}”: 5 TB unallocated of 5 TB")
    typed = unique("Too Big Partner ")
    dialog.get_by_label("Name").fill(typed)
    dialog.get_by_label("Allocation (TB)").fill("7.5")
    dialog.get_by_label("Allow overdraft").check()
    dialog.get_by_role("button", name="Create").click()
    dialog = page.get_by_role("dialog", name="Create partner")
    expect(dialog.locator(".field-error")).to_contain_text(f"Contract '{small_name}' has 5 TB")
    expect(dialog.get_by_label("Name")).to_have_value(typed)
    expect(dialog.get_by_label("Allocation (TB)")).to_have_value("7.5")
    expect(dialog.get_by_label("Allocation (TB)")).to_be_focused()
    expect(dialog.get_by_label("Allow overdraft")).to_be_checked()

    # transfer refused: the target contract has no room; said next to the select
    page.goto(f"/console/partners/{partner_id}")
    page.get_by_role("button", name="Transfer").click()
    dialog = page.get_by_role("dialog", name="Transfer to another contract")
    dialog.get_by_label("Target contract").select_option(small)
    dialog.get_by_role("button", name="Transfer").click()
    dialog = page.get_by_role("dialog", name="Transfer to another contract")
    expect(dialog).to_be_visible()
    select = dialog.get_by_label("Target contract")
    expect(select).to_have_attribute("aria-invalid", "true")
    expect(select).to_have_value(small)
    expect(dialog.locator(".field-error")).to_contain_text(f"Contract '{small_name}' has 5 TB")
    page.keyboard.press("Escape")

    # allocation refused: the dialog said what was left before, and keeps the typed figure
    page.get_by_role("button", name="Change storage allocation").click()
    dialog = page.get_by_role("dialog", name="Change storage allocation")
    expect(dialog).to_contain_text(f"In contract “{big_name}”: 80 TB unallocated")
    expect(dialog).to_contain_text("can have up to 100 TB")
    expect(dialog.get_by_label("Allocation (TB)")).to_be_focused()
    dialog.get_by_label("Allocation (TB)").fill("123.25")
    dialog.get_by_role("button", name="Save allocation").click()
    dialog = page.get_by_role("dialog", name="Change storage allocation")
    expect(dialog.get_by_label("Allocation (TB)")).to_have_value("123.25")
    expect(dialog.locator(".field-error")).to_contain_text("80 TB left to allocate")
    page.keyboard.press("Escape")

    # rename refused: the sentence next to the name, the typed name kept
    page.get_by_role("button", name="Rename").click()
    dialog = page.get_by_role("dialog", name="Rename partner")
    long_name = "N" * 201
    dialog.get_by_label("Name").fill(long_name)
    dialog.get_by_role("button", name="Rename").click()
    dialog = page.get_by_role("dialog", name="Rename partner")
    expect(dialog.get_by_label("Name")).to_have_attribute("aria-invalid", "true")
    expect(dialog.locator(".field-error")).to_contain_text("200")
    expect(dialog.get_by_label("Name")).to_have_value(long_name)
    # a cancelled dialog forgets what was typed
    dialog.get_by_role("button", name="Cancel").click()
    page.get_by_role("button", name="Change storage allocation").click()
    dialog = page.get_by_role("dialog", name="Change storage allocation")
    expect(dialog.get_by_label("Allocation (TB)")).to_have_value("20")

    # create storage account refused: all but the password kept, and it says so
    page.keyboard.press("Escape")
    page.goto(f"/console/partners/{partner_id}/storage-accounts")
    page.get_by_role("button", name="Create storage account").click()
    dialog = page.get_by_role("dialog", name="Create storage account")
    expect(dialog).to_contain_text(f"{name} has 20 TB left for storage accounts")
    dialog.get_by_label("Name (company)").fill("Overreach GmbH")
    dialog.get_by_label("Contact email").fill("ops@overreach.example")
    dialog.get_by_label("Initial password").fill("Overreach-Passw0rd!")
    dialog.get_by_label("Allocation (TB)").fill("21")
    dialog.get_by_role("button", name="Create").click()
    dialog = page.get_by_role("dialog", name="Create storage account")
    expect(dialog.locator("#create-account-allocatedCapacity-error")).to_contain_text(
        "20 TB left for storage accounts"
    )
    expect(dialog.get_by_label("Name (company)")).to_have_value("Overreach GmbH")
    expect(dialog.get_by_label("Contact email")).to_have_value("ops@overreach.example")
    expect(dialog.get_by_label("Allocation (TB)")).to_have_value("21")
    expect(dialog).to_contain_text("the password is not kept: type it again")


def test_a_session_that_ends_mid_form_keeps_the_page_and_the_form(page, world: World):
    big, _, _, _ = _contracts(world, 10, 1)
    login(page, world, "distributor_admin")
    page.goto(f"/console/partners?contract={big}&sort=used")
    page.get_by_role("button", name="Create partner").click()
    dialog = page.get_by_role("dialog", name="Create partner")
    typed = unique("Late Partner ")
    dialog.get_by_label("Name").fill(typed)
    dialog.get_by_label("Allocation (TB)").fill("2.5")
    # the session ends (revoked, as an idle timeout or a logout elsewhere would)
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "pc_session")
    requests.post(
        f"{world.base}/v1/auth/logout", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    dialog.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("Email").fill(world.users["distributor_admin"])
    page.get_by_label("Password").fill(world.password("distributor_admin"))
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(f"/console/partners\\?contract={big}&sort=used"))
    dialog = page.get_by_role("dialog", name="Create partner")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("alert")).to_contain_text("Your session had ended")
    expect(dialog.get_by_label("Name")).to_have_value(typed)
    expect(dialog.get_by_label("Allocation (TB)")).to_have_value("2.5")
    dialog.get_by_role("button", name="Create").click()
    expect(page.get_by_role("status")).to_contain_text(f"Partner {typed} was created.")
    # after the submit, focus is on the page's heading, not lost to <body>
    expect(page.get_by_role("heading", name="Partners", level=1)).to_be_focused()

    # a page asked for without a session comes back with its query string
    page.context.clear_cookies()
    page.goto(f"/console/partners?contract={big}&q=Late")
    page.get_by_label("Email").fill(world.users["distributor_admin"])
    page.get_by_label("Password").fill(world.password("distributor_admin"))
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(f"contract={big}&q=Late"))
    expect(page.get_by_role("row", name=re.compile(typed))).to_be_visible()


def test_the_idle_timeout_is_announced_and_can_be_put_off(page, world: World):
    page.clock.install()
    login(page, world, "distributor_admin")
    # the login's boosted swap arms the idle timer when htmx settles, on a timer of its own that
    # a fast-forward could fire late: a full load arms it before reload() returns
    page.reload()
    warning = page.locator("#idle-warning")
    expect(warning).to_be_hidden()
    page.clock.fast_forward("26:00")
    expect(warning).to_be_hidden()
    page.clock.fast_forward("01:30")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Your session ends in 2 minutes")
    warning.get_by_role("button", name="Stay logged in").click()
    expect(warning).to_be_hidden()
    page.clock.fast_forward("30:00")
    expect(warning).to_contain_text("Your session has ended")


def _meter(world: World, values: dict[str, int]) -> None:
    expires = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    body = {"description": "meter", "expiresAt": expires, "role": "metering"}
    key = world.provider.call("POST", "/v1/api-keys", body, 201)["key"]
    # the last complete hour: the aggregation leaves the current one for its next run
    stamp = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    samples = [
        {
            "clientAccountId": account_id,
            "timestamp": stamp.isoformat().replace("+00:00", "Z"),
            "storedBytes": stored,
        }
        for account_id, stored in values.items()
    ]
    reply = requests.post(
        f"{world.base}/v1/usage/samples",
        json=samples,
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
    )
    assert reply.status_code == 200, reply.text
    _aggregate(world)


def test_headroom_and_status_are_in_sight(page, world: World):
    big, _, _, _ = _contracts(world, 20, 1)
    partner_id, _ = _partner(world, big, 10)
    dist = api_login(world.base, world.users["distributor_admin"])
    ids = []
    for label in ("Blocked", "Leaving"):
        account = {
            "name": f"{label} {unique('Ltd ')}",
            "allocatedCapacity": 1 * TB,
            "allowOverdraft": False,
            "clientAccount": {"contactEmail": "it@status.example", "password": "Root-Passw0rd!"},
        }
        path = f"/v1/partner/{partner_id}/storage-accounts"
        ids.append(dist.call("POST", path, account, 201)["clientAccountId"])
    blocked, leaving = ids
    _meter(world, {blocked: int(1.68 * TB), leaving: int(0.95 * TB)})
    dist.call("DELETE", f"/v1/partner/{partner_id}/storage-accounts/{leaving}", None, 204)
    shown = dist.call("GET", f"/v1/partner/{partner_id}/storage-accounts/{blocked}")
    assert shown["quotaEnforced"] is True and shown["quotaEnforcedAt"]
    assert dist.call("GET", f"/v1/contracts/{big}/overview")["unallocatedCapacity"] == 10 * TB

    login(page, world, "distributor_admin")
    page.goto(f"/console/partners?contract={big}")
    expect(page.get_by_role("article", name="Unallocated")).to_contain_text("10 TB")
    page.goto(f"/console/partners/{partner_id}")
    expect(page.get_by_role("article", name="Left for storage accounts")).to_contain_text("8 TB")
    page.goto(f"/console/partners/{partner_id}/storage-accounts")
    row = page.get_by_role("row", name=re.compile("Blocked"))
    expect(row).to_contain_text("Read-only (over quota) since")
    expect(row).to_contain_text("168 %")
    expect(row.locator(".bar")).to_have_attribute("data-level", "over")
    row = page.get_by_role("row", name=re.compile("Leaving"))
    expect(row).to_contain_text(re.compile(r"Deletion scheduled for \d{4}-\d{2}-\d{2}"))
    expect(row).not_to_contain_text("pending_deletion")
    page.get_by_role("link", name=re.compile("Blocked")).click()
    expect(page.get_by_role("heading", name="Read-only: over its allocation")).to_be_visible()
    expect(page.get_by_role("article", name="Used capacity")).to_contain_text("168 %")


def test_a_pay_per_use_partner_shows_no_overdraft_and_no_bar(page, world: World):
    partner_id, _ = _partner(world, world.contract_a, 0)
    login(page, world, "distributor_admin")
    page.goto(f"/console/partners/{partner_id}")
    expect(page.get_by_role("article", name="Billing")).to_contain_text("Pay-per-use")
    expect(page.get_by_role("article", name="Overdraft")).to_have_count(0)
    expect(page.get_by_role("article", name="Left for storage accounts")).to_contain_text(
        "No limit"
    )


def test_billing_month_of_a_contract_with_its_csv(page, world: World):
    big, big_name, _, _ = _contracts(world, 2, 1)
    reserved_id, reserved_name = _partner(world, big, 2)
    ppu_id, ppu_name = _partner(world, big, 0)
    dist = api_login(world.base, world.users["distributor_admin"])
    ids = []
    for partner_id in (reserved_id, ppu_id):
        account = {
            "name": unique("Billed Ltd "),
            "allocatedCapacity": 1 * TB,
            "allowOverdraft": True,
            "clientAccount": {"contactEmail": "it@billed.example", "password": "Root-Passw0rd!"},
        }
        path = f"/v1/partner/{partner_id}/storage-accounts"
        ids.append(dist.call("POST", path, account, 201)["clientAccountId"])
    _meter(world, {ids[0]: int(2.5 * TB), ids[1]: TB // 4})
    login(page, world, "distributor_admin")
    page.goto(f"/console/partners?contract={big}")
    expect(page.get_by_role("article", name="Excess usage fee")).to_contain_text(
        "12.00 EUR per TB-month"
    )
    page.get_by_role("link", name="Billing of this contract").click()
    expect(page.get_by_role("heading", name=f"Billing of “{big_name}”", level=1)).to_be_visible()
    expect(page.get_by_role("article", name="Price of excess")).to_contain_text("12.00 EUR")
    expect(page.get_by_role("article", name="Term")).to_contain_text(
        re.compile(r"\d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}")  # the contract's term, ISO dates
    )
    expect(page.get_by_role("heading", level=2, name=re.compile("month to date"))).to_be_visible()
    row = page.get_by_role("row", name=re.compile(ppu_name))
    expect(row).to_contain_text("Pay-per-use")
    expect(row.get_by_role("cell").nth(3)).to_have_text("1 TB")  # billed at the 1 TB minimum
    expect(page.get_by_role("row", name=re.compile(reserved_name))).to_contain_text("Reserved")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download CSV").click()
    download = info.value
    assert download.suggested_filename.startswith("billing-care-big-")
    axe_check(page, "billing month of a contract")
    import csv
    import io
    from pathlib import Path

    text = Path(download.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    partners = {r["partnerName"]: r for r in rows if r["section"] == "partner"}
    assert partners[ppu_name]["payPerUse"] == "true"
    assert int(partners[ppu_name]["billableBytes"]) == TB
    days = [r for r in rows if r["section"] == "day"]
    assert days
    assert all(int(r["excessBytes"]) == max(0, int(r["billableBytes"]) - 2 * TB) for r in days)
    # the same figures as the API's contract days
    first = min(r["date"] for r in days)
    api = dist.call("GET", f"/v1/contracts/{big}/usage?from={first}&to={days[-1]['date']}")
    used = sum(p["usage"] for d in api for p in d["partners"] if p["partnerId"] == reserved_id)
    assert int(partners[reserved_name]["billableBytes"]) == used
    assert [int(r["billableBytes"]) for r in days] == [d["billable"] for d in api]
    # each partner billed day by day under that day's billing: the partners add up to the days
    assert sum(int(r["billableBytes"]) for r in partners.values()) == sum(
        int(r["billableBytes"]) for r in days
    )
    assert partners[ppu_name]["payPerUseDays"] == str(len(days))
    page.goto(f"/console/contracts/{big}/billing?month=2999-01")
    expect(page.get_by_role("textbox", name="Month")).to_have_attribute("aria-invalid", "true")

    # out of scope: the partner's admin gets the 404 page
    page.get_by_role("button", name="Log out").click()
    login(page, world, "partner_admin")
    page.goto(f"/console/contracts/{big}/billing")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()


def test_audit_log_names_links_changes_and_selects(page, world: World):
    partner_id, name = _partner(world, world.contract_a, 1)
    dist = api_login(world.base, world.users["distributor_admin"])
    renamed = name + " AG"
    dist.call("PUT", f"/v1/partner/{partner_id}", {"name": renamed, "allocatedCapacity": 2 * TB})
    login(page, world, "distributor_admin")
    page.goto("/console/audit")
    page.get_by_label("Action").select_option(label="Partner changed")
    me = page.get_by_label("Person")
    email = world.users["distributor_admin"]
    label = next(t for t in me.locator("option").all_inner_texts() if email in t)
    me.select_option(label=label)
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile("action=partner.update"))
    row = page.get_by_role("row", name=re.compile(re.escape(renamed))).first
    expect(row).to_contain_text("Partner changed")
    row.get_by_text(re.compile(r"\d+ fields?")).click()
    expect(row).to_contain_text(f"{name} → {renamed}")
    row.get_by_role("link", name=renamed).click()
    expect(page.get_by_role("heading", name=renamed, level=1)).to_be_visible()


def test_audit_person_select_reaches_below_the_team_with_a_free_text_fallback(page, world):
    """The person select lists the team, the organization's API keys and whoever acted in the
    subtree lately (a partner's admin); anyone below can also be typed by email."""
    expires = (datetime.now(UTC) + timedelta(days=5)).isoformat()
    below = world.users["partner_admin"]
    partner_key = unique("partner script ")
    api_login(world.base, below).call(
        "POST", "/v1/api-keys", {"description": partner_key, "expiresAt": expires}, 201
    )
    key_name = unique("dist script ")
    api_login(world.base, world.users["distributor_admin"]).call(
        "POST", "/v1/api-keys", {"description": key_name, "expiresAt": expires}, 201
    )
    login(page, world, "distributor_admin")
    page.goto("/console/audit")
    person = page.get_by_label("Person")
    seen = person.locator('optgroup[label="Seen in this log recently"] option')
    expect(seen.filter(has_text=below)).to_have_count(1)
    keys = person.locator('optgroup[label="API keys of your organization"] option')
    expect(keys.filter(has_text=key_name)).to_have_count(1)
    person.select_option(label=seen.filter(has_text=below).inner_text())
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"actor=[^&]+"))
    row = page.get_by_role("row", name=re.compile(re.escape(partner_key)))
    expect(row).to_contain_text("API key created")
    expect(page.get_by_label("Person")).to_have_value(re.compile(".+"))  # still chosen
    assert all(below in text for text in page.locator("tbody tr").all_inner_texts())

    # the free-text fallback: the same person by email
    page.goto("/console/audit")
    page.get_by_label("Or someone else").fill(below)
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile("actorText="))
    expect(page.get_by_role("row", name=re.compile(re.escape(partner_key)))).to_be_visible()
    assert all(below in text for text in page.locator("tbody tr").all_inner_texts())
    expect(page.get_by_label("Or someone else")).to_have_value(below)
    axe_check(page, "audit log filtered by a person typed by email")
    # an address outside the organization's tree matches nothing, and says nothing more
    page.get_by_label("Or someone else").fill("nobody@elsewhere.example")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile("elsewhere"))
    expect(page.locator("tbody")).to_contain_text("No events match these filters")


def test_usage_periods_have_presets_and_the_hourly_chart_a_range(page, world: World):
    today = datetime.now(UTC).date()
    login(page, world, "distributor_admin")
    page.goto(f"/console/partners/{world.partner_id}")
    usage = page.get_by_role("region", name="Usage report")
    usage.get_by_role("link", name="Last 90 days").click()
    start = (today - timedelta(days=89)).isoformat()
    expect(page).to_have_url(re.compile(f"from={start}&to={today.isoformat()}"))
    expect(page.get_by_label("From", exact=True)).to_have_value(start)
    page.get_by_role("region", name="Usage report").get_by_role("link", name="Last month").click()
    expect(page.get_by_label("From", exact=True)).to_have_value(re.compile(r"\d{4}-\d{2}-01"))

    page.goto(f"/console/partners/{world.partner_id}/storage-accounts/{world.account_id}")
    period = page.get_by_role("form", name="Hourly chart period")
    period.get_by_role("link", name="Today").click()
    expect(page).to_have_url(re.compile(f"from={today.isoformat()}&to={today.isoformat()}"))
    expect(page.get_by_label("From", exact=True)).to_have_value(today.isoformat())
    page.get_by_label("From", exact=True).fill(today.isoformat())
    page.get_by_label("To", exact=True).fill((today - timedelta(days=3)).isoformat())
    page.get_by_role("button", name="Show hours").click()
    expect(page.locator("#hourly-error")).to_contain_text("'from' must not be after 'to'")
