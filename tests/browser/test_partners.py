"""The distributor's seed page, its whole story, and a partner's detail page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import (
    TB,
    World,
    api_login,
    axe_check,
    day,
    download_csv,
    login,
    shoot,
    unique,
    wait_for_ready_export,
)


def widget(page, name: str):
    return page.get_by_role("article", name=name)


def test_seed_page_story(page, world: World):
    login(page, world, "distributor_admin")
    expect(page.get_by_role("heading", name="Partners", level=1)).to_be_visible()
    select = page.get_by_role("combobox", name="Select contract")
    expect(select).to_contain_text("Frame agreement 2026 — 100 TB")
    expect(select).to_contain_text("Spring deal — 50 TB")
    expect(page.get_by_text("may take up to 60 minutes to update")).to_be_visible()

    # select contract -> widgets change
    select.select_option(label="Spring deal — 50 TB")
    expect(page).to_have_url(re.compile(f"contract={world.contract_b}"))
    expect(widget(page, "Reserved capacity")).to_contain_text("50 TB")
    partners_before = int(widget(page, "Partners").inner_text().split()[-1])
    allocated_before = widget(page, "Allocated capacity").inner_text()

    # create partner -> table and widgets update
    name = unique("Blue Harbor IT ")
    page.get_by_role("button", name="Create partner").click()
    dialog = page.get_by_role("dialog", name="Create partner")
    dialog.get_by_label("Name").fill(name)
    dialog.get_by_label("Allocation (TB)").fill("30")
    dialog.get_by_role("button", name="Create").click()
    expect(page.get_by_role("status")).to_contain_text(f"Partner {name} was created.")
    row = page.get_by_role("row", name=re.compile(name))
    expect(row).to_contain_text("30 TB")
    expect(widget(page, "Partners")).to_contain_text(str(partners_before + 1))
    expect(widget(page, "Allocated capacity")).not_to_have_text(allocated_before)
    expect(widget(page, "Allocated capacity")).to_contain_text("TB")
    expect(row.get_by_title("30,000,000,000,000 bytes")).to_be_visible()
    shoot(page, "partners")

    # re-allocate beyond the contract -> the API's sentence next to the field
    row.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    page.get_by_role("button", name="Change storage allocation").click()
    dialog = page.get_by_role("dialog", name="Change storage allocation")
    dialog.get_by_label("Allocation (TB)").fill("500")
    dialog.get_by_role("button", name="Save allocation").click()
    dialog = page.get_by_role("dialog", name="Change storage allocation")
    expect(dialog).to_be_visible()
    field = dialog.get_by_label("Allocation (TB)")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(dialog.locator(".field-error")).to_contain_text(
        re.compile(r"Contract 'Spring deal' has .* left to allocate; this change needs")
    )
    axe_check(page, "partner detail with a refused allocation")
    shoot(page, "partner-allocation-refused")

    # export CSV -> the file downloads and parses, with the partner just created
    page.keyboard.press("Escape")
    page.get_by_role("link", name="Partners", exact=True).first.click()
    page.get_by_role("combobox", name="Select contract").select_option(label="Spring deal — 50 TB")
    expect(page).to_have_url(re.compile(f"contract={world.contract_b}"))
    page.get_by_role("button", name="Export", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Partners export requested")
    wait_for_ready_export(page)
    shoot(page, "exports")
    rows = {row["partnerName"]: row for row in download_csv(page)}
    assert rows[name]["allocatedCapacityBytes"] == str(30 * TB)
    assert rows[name]["contractId"] == world.contract_b
    assert world.partner_name not in rows  # only the selected contract's partners


def test_create_dialog_with_the_keyboard_only(page, world: World):
    login(page, world, "distributor_admin")
    page.goto(f"/console/partners?contract={world.contract_a}")
    create = page.get_by_role("button", name="Create partner")
    create.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Create partner")
    expect(dialog).to_be_visible()
    # Escape closes it, Enter opens it again
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    create.focus()
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    name = unique("Keyboard Partner ")
    for _ in range(6):  # Tab until the name field has focus
        if page.evaluate("document.activeElement && document.activeElement.name") == "name":
            break
        page.keyboard.press("Tab")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    page.keyboard.type("1")  # allocation (TB)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # allow overdraft
    page.keyboard.press("Enter")  # submits the form
    expect(page.get_by_role("status")).to_contain_text(f"Partner {name} was created.")
    expect(page.get_by_role("row", name=re.compile(name))).to_contain_text("1 TB")


def test_table_sorts_filters_and_pages_on_the_server(page, world: World):
    owner = world.provider
    contract_id = owner.call(
        "POST",
        "/v1/contracts",
        {
            "organizationId": world.distributor_id,
            "details": "Paging test",
            "reservedCapacity": 1000 * TB,
            "costStorageGBCents": 1,
            "currency": "EUR",
            "startDate": day(-30),
            "endDate": day(5 * 365),
        },
        201,
    )["id"]
    dist = api_login(world.base, world.users["distributor_admin"])
    for i in range(23):
        body = {
            "name": f"Paged {i:02d}",
            "allocatedCapacity": 0 if i % 5 == 0 else (i + 1) * TB,
            "distributorContractId": contract_id,
        }
        dist.call("POST", "/v1/partner", body, 201)
    login(page, world, "distributor_admin")
    page.goto(f"/console/partners?contract={contract_id}")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(20)
    expect(rows.first).to_contain_text("Paged 00")
    expect(rows.first).to_contain_text("Pay-per-use")
    page.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile("page=2"))
    expect(rows).to_have_count(3)
    page.get_by_role("link", name="Allocated").click()  # sort by allocation, ascending
    expect(page).to_have_url(re.compile("sort=allocated"))
    page.get_by_role("link", name="Allocated").click()  # and descending
    expect(page).to_have_url(re.compile("dir=desc"))
    expect(rows.first).to_contain_text("Paged 22")
    page.get_by_label("Filter by name").fill("Paged 1")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile("q=Paged"))
    expect(rows).to_have_count(10)
    # the state lives in the URL: reloading shows the same table
    page.reload()
    expect(rows).to_have_count(10)
    expect(rows.first).to_contain_text("Paged 19")


def test_partner_detail_rename_transfer_users_and_delete(page, world: World):
    dist = api_login(world.base, world.users["distributor_admin"])
    name = unique("Detail Partner ")
    partner_id = dist.call(
        "POST",
        "/v1/partner",
        {"name": name, "allocatedCapacity": 2 * TB, "distributorContractId": world.contract_a},
        201,
    )["id"]
    page.on("dialog", lambda d: d.accept())
    login(page, world, "distributor_admin")
    page.goto(f"/console/partners/{partner_id}")

    page.get_by_role("button", name="Rename").click()
    dialog = page.get_by_role("dialog", name="Rename partner")
    renamed = name + " GmbH"
    dialog.get_by_label("Name").fill(renamed)
    dialog.get_by_role("button", name="Rename").click()
    expect(page.get_by_role("heading", name=renamed, level=1)).to_be_visible()

    page.get_by_role("button", name="Transfer").click()
    dialog = page.get_by_role("dialog", name="Transfer to another contract")
    dialog.get_by_label("Target contract").select_option(world.contract_b)
    dialog.get_by_role("button", name="Transfer").click()
    expect(page.get_by_role("status")).to_contain_text("was transferred")
    expect(page.get_by_role("article", name="Contract")).to_contain_text("Spring deal")

    users = page.get_by_role("region", name="Management Console users")
    users.get_by_role("button", name="Add user").click()
    email = f"{unique('mcu')}@example.com"
    users.get_by_label("Email").fill(email)
    users.get_by_role("radio", name="Set a password").check()
    users.get_by_label("Initial password").fill("weak")
    users.get_by_role("button", name="Create user").click()
    users = page.get_by_role("region", name="Management Console users")
    expect(users.locator(".field-error")).to_be_visible()
    expect(users.get_by_role("radio", name="Set a password")).to_be_checked()
    users.get_by_label("Initial password").fill("Another-Passw0rd!")
    users.get_by_label("Role", exact=True).select_option("staff")
    users.get_by_role("button", name="Create user").click()
    expect(page.get_by_role("status")).to_contain_text(f"{email} can now log in.")
    row = page.get_by_role("row", name=re.compile(email))
    row.get_by_label(f"Role of {email}").select_option("viewer")
    row.get_by_role("button", name="Change role").click()
    expect(page.get_by_role("status")).to_contain_text(f"{email} is now viewer.")
    page.get_by_role("row", name=re.compile(email)).get_by_role(
        "button", name=f"Remove {email}"
    ).click()
    expect(page.get_by_role("status")).to_contain_text("The user was removed.")
    expect(page.get_by_role("row", name=re.compile(email))).to_have_count(0)

    page.get_by_role("button", name="Delete partner").click()
    dialog = page.get_by_role("dialog", name="Delete partner")
    dialog.get_by_label("Type the partner's name to confirm").fill("not the name")
    dialog.get_by_role("button", name="Delete").click()
    dialog = page.get_by_role("dialog", name="Delete partner")
    expect(dialog.locator(".field-error")).to_contain_text("Type the partner's name")
    dialog.get_by_label("Type the partner's name to confirm").fill(renamed)
    dialog.get_by_role("button", name="Delete").click()
    expect(page.get_by_role("status")).to_contain_text(f"Partner {renamed} was deleted.")
    expect(page.get_by_role("heading", name="Partners", level=1)).to_be_visible()
