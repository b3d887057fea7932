"""Storage accounts, usage charts, and deals (the export download is in the seed story)."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import requests
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, World, api_login, axe_check, day, login, unique


def test_storage_account_story(page, world: World):
    page.on("dialog", lambda d: d.accept())
    login(page, world, "partner_admin")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Storage accounts").click()
    expect(page.get_by_role("heading", name="Storage accounts", level=1)).to_be_visible()
    page.get_by_role("button", name="Create storage account").click()
    dialog = page.get_by_role("dialog", name="Create storage account")
    name = unique("Harbor Dental ")
    dialog.get_by_label("Name (company)").fill(name)
    dialog.get_by_label("Contact email").fill("admin@harbor.example")
    password = dialog.get_by_label("Initial password")
    rule = dialog.get_by_role("list", name=re.compile("Password rule"))
    password.fill("abc")
    expect(rule.locator("[data-rule=lower]")).to_have_attribute("data-ok", "yes")
    expect(rule.locator("[data-rule=upper]")).to_have_attribute("data-ok", "no")
    expect(rule.locator("[data-rule=length]")).to_have_attribute("data-ok", "no")
    password.fill("abcdefgH1")  # no special character: the API refuses it, next to the field
    dialog.get_by_label("Allocation (TB)").fill("1")
    dialog.get_by_role("button", name="Create").click()
    dialog = page.get_by_role("dialog", name="Create storage account")
    expect(dialog.get_by_label("Initial password")).to_have_attribute("aria-invalid", "true")
    expect(dialog.locator(".field-error")).to_contain_text("special")
    dialog.get_by_label("Initial password").fill("abcdefgH1!")
    for item in ("length", "lower", "upper", "digit", "special"):
        expect(dialog.locator(f"[data-rule={item}]")).to_have_attribute("data-ok", "yes")
    dialog.get_by_label("Allocation (TB)").fill("1")
    dialog.get_by_role("button", name="Create").click()
    expect(page.get_by_role("status")).to_contain_text(f"Storage account {name}")
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()

    page.get_by_role("button", name="Change storage allocation").click()
    dialog = page.get_by_role("dialog", name="Change storage allocation")
    dialog.get_by_label("Allocation (TB)").fill("900")
    dialog.get_by_role("button", name="Save allocation").click()
    dialog = page.get_by_role("dialog", name="Change storage allocation")
    expect(dialog.locator(".field-error")).to_be_visible()
    dialog.get_by_label("Allocation (TB)").fill("1.5")
    dialog.get_by_role("button", name="Save allocation").click()
    expect(page.get_by_role("article", name="Allocated capacity")).to_contain_text("1.5 TB")

    page.get_by_role("button", name="Rename").click()
    dialog = page.get_by_role("dialog", name="Rename storage account")
    dialog.get_by_label("Name").fill(name + " AG")
    dialog.get_by_role("button", name="Rename").click()
    expect(page.get_by_role("heading", name=name + " AG", level=1)).to_be_visible()

    page.get_by_role("button", name="New password").click()
    dialog = page.get_by_role("dialog", name="New root password")
    dialog.get_by_label("New password").fill("Fresh-Root-Passw0rd!")
    dialog.get_by_role("button", name="Set password").click()
    expect(page.get_by_role("status")).to_contain_text("new root password is set")

    page.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("status")).to_contain_text("scheduled for deletion")
    due = (datetime.now(UTC) + timedelta(days=30)).date()
    pending = page.get_by_role("article", name="Deletion scheduled")
    expect(pending).to_contain_text(
        re.compile(f"({due.isoformat()}|{(due - timedelta(days=1)).isoformat()})")
    )
    pending.get_by_role("button", name="Restore").click()
    expect(page.get_by_role("status")).to_contain_text("was restored")
    expect(page.get_by_role("article", name="Deletion scheduled")).to_have_count(0)


#: Records every text drawn on a canvas (uPlot draws its axis labels with ``fillText``).
RECORD_CANVAS_TEXT = """
(() => {
  const draw = CanvasRenderingContext2D.prototype.fillText;
  window.__canvasText = [];
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    window.__canvasText.push(String(text));
    return draw.call(this, text, ...rest);
  };
})();
"""


def axis_labels(page) -> tuple[list[str], list[float]]:
    """The chart's x-axis labels (in drawing order) and its y-axis labels as numbers (sorted),
    read from what uPlot drew on the canvas once it has drawn its axes."""
    page.wait_for_function("() => (window.__canvasText || []).includes('TB')")
    drawn = page.evaluate("() => window.__canvasText")
    assert not any(re.search(r"\b(am|pm)\b|^\d{1,2}/\d{1,2}", t, re.I) for t in drawn), drawn
    numbers = sorted({float(t) for t in drawn if re.fullmatch(r"-?\d+(\.\d+)?", t)})
    x_labels = [t for t in drawn if re.search(r"\d[:-]\d", t)]
    return x_labels, numbers


def test_usage_charts_after_metering(page, world: World):
    provider = world.provider
    expires = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    key = provider.call(
        "POST",
        "/v1/api-keys",
        {"description": "meter", "expiresAt": expires, "role": "metering"},
        201,
    )["key"]
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    samples = [
        {
            "clientAccountId": world.account_id,
            "timestamp": (now - timedelta(hours=h)).isoformat().replace("+00:00", "Z"),
            "storedBytes": (500 - h * 10) * 10**9,
        }
        for h in range(1, 30)
    ]
    reply = requests.post(
        f"{world.base}/v1/usage/samples",
        json=samples,
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
    )
    assert reply.status_code == 200, reply.text
    run = provider.call("POST", "/v1/jobs/usage-aggregation", None, 202)
    for _ in range(240):  # the stack's shard workers run it in the background
        if run["status"] == "finished":
            break
        time.sleep(0.5)
        run = provider.call("GET", f"/v1/jobs/usage-aggregation/{run['runId']}")
    assert run["status"] == "finished", run

    page.add_init_script(RECORD_CANVAS_TEXT)  # what uPlot writes on its canvas: the axis labels
    login(page, world, "distributor_admin")
    page.goto(f"/console/partners/{world.partner_id}/storage-accounts/{world.account_id}")
    chart = page.get_by_role("img", name=re.compile("Hourly stored bytes"))
    expect(chart).to_be_visible()
    expect(chart.locator("canvas")).to_have_count(1)  # uPlot drew it
    x_labels, y_labels = axis_labels(page)
    # 24-hour UTC times, the day as an ISO date where one starts; never "12am" or "11/5"
    assert any(re.fullmatch(r"\d{2}:\d{2}", t) for t in x_labels), x_labels
    assert all(re.fullmatch(r"\d{2}:\d{2}|\d{4}-\d{2}-\d{2}", t) for t in x_labels), x_labels
    assert len(y_labels) >= 2 and y_labels[0] == 0, y_labels  # the TB axis starts at 0
    page.get_by_text("Show the numbers as a table").click()
    expect(page.get_by_role("cell", name=re.compile("TB")).first).to_be_visible()

    page.goto(f"/console/partners/{world.partner_id}")
    daily = page.get_by_role("img", name=re.compile("Daily usage of"))
    expect(daily.locator("canvas")).to_have_count(1)
    x_labels, y_labels = axis_labels(page)
    assert x_labels and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", t) for t in x_labels), x_labels
    assert y_labels[0] == 0, y_labels
    page.get_by_label("From", exact=True).fill("2026-01-10")
    page.get_by_label("To", exact=True).fill("2026-01-01")
    page.get_by_role("button", name="Show usage").click()
    expect(page.locator("#usage-error")).to_contain_text("'from' must not be after 'to'")


def test_delete_is_refused_while_the_partner_has_accounts(page, world: World):
    login(page, world, "distributor_admin")
    page.goto(f"/console/partners/{world.partner_id}")
    page.get_by_role("button", name="Delete partner").click()
    dialog = page.get_by_role("dialog", name="Delete partner")
    dialog.get_by_label("Type the partner's name to confirm").fill(world.partner_name)
    dialog.get_by_role("button", name="Delete").click()
    dialog = page.get_by_role("dialog", name="Delete partner")
    expect(dialog.locator(".field-error")).to_contain_text("storage account")
    page.goto(f"/console/partners/{world.partner_id}")
    expect(page.get_by_role("heading", name=world.partner_name, level=1)).to_be_visible()


def test_deal_registration_review_and_close(page, world: World):
    login(page, world, "distributor_admin")
    page.goto("/console/deals")
    page.get_by_role("button", name="Register deal").click()
    dialog = page.get_by_role("dialog", name="Register deal")
    customer = unique("Giant Archive ")
    dialog.get_by_label("Customer name").fill(customer)
    # no country chosen: refused next to the select; everything typed stays
    dialog.get_by_label("Expected capacity (TB)").fill("250")
    dialog.get_by_label("Expected close date").fill(day(120))
    dialog.get_by_label("Notes").fill("Needs EU-only storage; renewal of a tape contract.")
    dialog.get_by_role("button", name="Register").click()
    dialog = page.get_by_role("dialog", name="Register deal")
    expect(dialog.get_by_label("Country")).to_have_attribute("aria-invalid", "true")
    expect(dialog.get_by_label("Customer name")).to_have_value(customer)
    # a country is chosen by its name ("Germany", never "GE", which is Georgia)
    dialog.get_by_label("Country").select_option(label="Germany (DE)")
    dialog.get_by_role("button", name="Register").click()
    expect(page.get_by_role("status")).to_contain_text(f"Deal for {customer} was registered.")
    expect(page.get_by_role("row", name=re.compile(customer))).to_contain_text("submitted")
    expect(page.get_by_role("row", name=re.compile(customer))).to_contain_text("Germany")
    # its own page: everything registered, the notes too
    page.get_by_role("link", name=customer).click()
    expect(page.get_by_role("heading", name=f"Deal for {customer}", level=1)).to_be_visible()
    expect(page.get_by_role("definition").filter(has_text="Germany")).to_be_visible()
    expect(page.get_by_text("Needs EU-only storage")).to_be_visible()
    deal_url = page.url
    page.goto("/console/deals")

    provider_page = page.context.browser.new_context(base_url=world.base).new_page()
    login(provider_page, world, "provider_admin")
    provider_page.goto("/console/deals?status=submitted")
    row = provider_page.get_by_role("row", name=re.compile(customer))
    row.get_by_text(re.compile("Notes from")).click()  # the reviewer reads the notes
    expect(row).to_contain_text("Needs EU-only storage")
    row.get_by_role("button", name="Approve").click()
    row = provider_page.get_by_role("row", name=re.compile(customer))
    expect(row.locator(".field-error")).to_contain_text("A reason is required")
    row.get_by_label(f"Reason for {customer}").fill("Fits the regional plan")
    row.get_by_role("button", name="Approve").click()
    expect(provider_page.get_by_role("status")).to_contain_text("is now approved")
    provider_page.context.close()

    page.goto("/console/deals?status=approved")
    row = page.get_by_role("row", name=re.compile(customer))
    expect(row).to_contain_text("approved: Fits the regional plan")
    row.get_by_role("button", name="Mark won").click()
    expect(page.get_by_role("status")).to_contain_text("is now won")
    page.get_by_role("link", name="Won").click()
    expect(page.get_by_role("row", name=re.compile(customer))).to_be_visible()

    viewer = api_login(world.base, world.users["distributor_viewer"], PASSWORD)
    assert viewer.token
    # out of scope (a partner below the distributor): the deal's page is the 404 page
    page.get_by_role("button", name="Log out").click()
    login(page, world, "partner_admin")
    page.goto(deal_url)
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()


def test_deal_withdraw_with_a_confirm_and_the_refusal_once_reviewed(page, world: World):
    """The registrant withdraws a submitted deal from its page (after confirming); a deal the
    provider approved while the page was open is refused with a sentence on the page."""
    staff = api_login(
        world.base, world.users["distributor_admin"], world.password("distributor_admin")
    )
    body = {
        "country": "AT",
        "expectedCapacity": 150 * 10**12,
        "expectedCloseDate": day(90),
        "contractType": "reserved",
    }
    first = staff.call("POST", "/v1/deals", {**body, "customerName": unique("Alpen Backup ")}, 201)
    second = staff.call("POST", "/v1/deals", {**body, "customerName": unique("Tirol Data ")}, 201)

    login(page, world, "distributor_admin")
    asked = []

    def confirm(dialog):
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", confirm)
    page.goto(f"/console/deals/{first['id']}")
    page.get_by_role("button", name="Withdraw deal").click()
    expect(page.get_by_role("status")).to_contain_text(
        f"Deal for {first['customerName']} was withdrawn."
    )
    assert asked and first["customerName"] in asked[0] and "cannot be submitted again" in asked[0]
    expect(page.get_by_role("definition").filter(has_text="Withdrawn")).to_be_visible()
    # withdrawn is final: nothing more to offer
    expect(page.get_by_role("button", name="Withdraw deal")).to_have_count(0)
    page.goto("/console/deals")
    page.get_by_role("link", name="Withdrawn").click()
    expect(page.get_by_role("row", name=re.compile(first["customerName"]))).to_contain_text(
        "withdrawn"
    )

    # the provider approves the second deal while its page is open: the withdraw is refused
    page.goto(f"/console/deals/{second['id']}")
    world.provider.call(
        "PATCH", f"/v1/deals/{second['id']}", {"status": "approved", "reason": "Fits the plan"}
    )
    page.get_by_role("button", name="Withdraw deal").click()
    expect(page.get_by_role("alert")).to_have_text(
        f"The deal for {second['customerName']} ({second['id']}) is approved; "
        "it can only be withdrawn while it is submitted."
    )
    expect(
        page.get_by_role("definition").filter(has_text="Approved: Fits the plan")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw deal")).to_have_count(0)
    axe_check(page, "deal page with a refused withdraw")

    # a viewer is not offered the button
    page.get_by_role("button", name="Log out").click()
    login(page, world, "distributor_viewer")
    staff.call("POST", "/v1/deals", {**body, "customerName": "Viewer Sees"}, 201)
    page.goto("/console/deals?status=submitted")
    page.get_by_role("link", name="Viewer Sees").first.click()
    expect(page.get_by_role("heading", name="Deal for Viewer Sees", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw deal")).to_have_count(0)
