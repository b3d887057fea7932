"""Every page as each role (with an axe-core scan and a screenshot), sessions, and what each
role is offered."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.conftest import (
    PASSWORD,
    World,
    api_login,
    axe_check,
    day,
    login,
    make_user,
    shoot,
    unique,
)

ROLES = ("provider_admin", "distributor_admin", "distributor_viewer", "partner_admin")


def pages_of(world: World, role: str) -> list[tuple[str, str, str]]:
    """(screenshot name, path, the page's heading) of every page the role has."""
    common = [
        ("deals", "/console/deals", "Deals"),
        ("exports", "/console/exports", "Exports"),
        ("alerts", "/console/alerts", "Alerts"),
        ("team", "/console/team", "Team members"),
        ("api-keys", "/console/api-keys", "API keys"),
        ("audit", "/console/audit", "Audit log"),
        ("profile", "/console/profile", "Profile"),
        ("sso", "/console/settings/sso", "Single sign-on"),
    ]
    if role == "provider_admin":
        return [
            ("partners", f"/console/partners?contract={world.contract_a}", "Partners"),
            ("partner", f"/console/partners/{world.partner_id}", world.partner_name),
            ("accounts", f"/console/partners/{world.partner_id}/storage-accounts", "Storage"),
            (
                "account",
                f"/console/partners/{world.partner_id}/storage-accounts/{world.account_id}",
                "Backup",
            ),
            ("distributors", "/console/distributors", "Distributors"),
            ("direct-partners", "/console/direct-partners", "Direct partners"),
            ("distributor", f"/console/organizations/{world.distributor_id}", "Northwind"),
            ("contracts", "/console/contracts", "Contracts"),
            *common,
        ]
    if role.startswith("distributor"):
        return [
            ("partners", f"/console/partners?contract={world.contract_a}", "Partners"),
            ("partner", f"/console/partners/{world.partner_id}", world.partner_name),
            ("accounts", f"/console/partners/{world.partner_id}/storage-accounts", "Storage"),
            (
                "account",
                f"/console/partners/{world.partner_id}/storage-accounts/{world.account_id}",
                "Backup",
            ),
            *common,
        ]
    return [
        ("overview", f"/console/partners/{world.partner_id}", world.partner_name),
        ("accounts", "/console/storage-accounts", "Storage accounts"),
        ("account", f"/console/storage-accounts/{world.account_id}", "Backup"),
        *common,
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_as_each_role(page, world: World, role: str):
    login(page, world, role)
    for name, path, heading in pages_of(world, role):
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        expect(page.locator("nav[aria-label=Main] a[aria-current=page]")).to_have_count(1)
        shoot(page, f"{role}-{name}")
        axe_check(page, f"{role} {name}")
    # the dialogs are pages too: scan the open partner dialog where it is offered
    if role in ("provider_admin", "distributor_admin"):
        page.goto(f"/console/partners?contract={world.contract_a}")
        page.get_by_role("button", name="Create partner").click()
        expect(page.get_by_role("dialog", name="Create partner")).to_be_visible()
        axe_check(page, f"{role} create-partner dialog")
        shoot(page, f"{role}-create-partner")


def test_login_page_and_the_404_page_pass_axe(page, world: World):
    page.goto("/console/login")
    axe_check(page, "login")
    shoot(page, "login")
    login(page, world, "distributor_admin")
    page.goto("/console/partners/00000000-0000-0000-0000-000000000000")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    axe_check(page, "404")


def test_navigation_by_role(page, world: World):
    login(page, world, "partner_admin")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Overview")).to_be_visible()
    expect(nav.get_by_role("link", name="Partners")).to_have_count(0)
    expect(nav.get_by_role("link", name="Distributors")).to_have_count(0)
    page.goto("/console/distributors")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()


def test_a_viewer_is_offered_no_changes(page, world: World):
    login(page, world, "distributor_viewer")
    page.goto(f"/console/partners?contract={world.contract_a}")
    expect(page.get_by_role("row", name=re.compile(world.partner_name))).to_be_visible()
    main = page.get_by_role("main")
    expect(main.get_by_role("button", name="Create partner")).to_have_count(0)
    page.goto(f"/console/partners/{world.partner_id}")
    for name in ("Rename", "Change storage allocation", "Transfer", "Delete partner", "Add user"):
        expect(main.get_by_role("button", name=name)).to_have_count(0)
    page.goto("/console/team")
    expect(main.get_by_role("button")).to_have_count(0)
    page.goto("/console/api-keys")
    expect(main.get_by_role("button")).to_have_count(0)
    page.goto(f"/console/partners/{world.partner_id}/storage-accounts")
    expect(main.get_by_role("button", name="Create storage account")).to_have_count(0)
    page.goto(f"/console/partners/{world.partner_id}/storage-accounts/{world.account_id}")
    for name in ("Rename", "Change storage allocation", "New password", "Delete"):
        expect(main.get_by_role("button", name=name)).to_have_count(0)
    page.goto("/console/deals")
    expect(main.get_by_role("button", name="Register deal")).to_have_count(0)
    # viewing and exporting is for everyone
    expect(main.get_by_role("button", name="Export", exact=True)).to_be_visible()


def test_out_of_scope_is_the_404_page(page, world: World):
    dist = api_login(world.base, world.users["distributor_admin"])
    other = dist.call(
        "POST",
        "/v1/partner",
        {
            "name": unique("Other "),
            "allocatedCapacity": 0,
            "distributorContractId": world.contract_a,
        },
        201,
    )["id"]
    login(page, world, "partner_admin")
    response = page.goto(f"/console/partners/{other}")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    # its own page has no write buttons: a partner's allocation is its distributor's business
    page.goto(f"/console/partners/{world.partner_id}")
    expect(page.get_by_role("button", name="Change storage allocation")).to_have_count(0)


def test_login_errors_logout_and_return_to_the_page_asked_for(page, world: World):
    page.goto(f"/console/partners/{world.partner_id}")
    expect(page).to_have_url(re.compile("/console/login"))
    page.get_by_label("Email").fill(world.users["distributor_admin"])
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".field-error")).to_contain_text("The email or password is incorrect.")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name=world.partner_name, level=1)).to_be_visible()
    cookie = next(c for c in page.context.cookies() if c["name"] == "pc_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("You are logged out.")
    # the session is over on the server too
    page.goto("/console/team")
    expect(page).to_have_url(re.compile("/console/login"))


def test_a_locked_out_user_sees_when_to_try_again(page, world: World):
    email = make_user(world.provider, world.distributor_id, "staff")
    page.goto("/console/login")
    for _ in range(5):
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill("not my password")
        with page.expect_response(lambda r: r.request.method == "POST"):
            page.get_by_role("button", name="Log in").click()
    expect(page.locator(".field-error")).to_contain_text(re.compile(r"try again in \d+ minute"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".field-error")).to_contain_text(re.compile(r"try again in \d+ minute"))


def test_forms_refuse_cross_site_requests(page, world: World):
    login(page, world, "distributor_admin")
    session = next(c for c in page.context.cookies() if c["name"] == "pc_session")["value"]
    url = f"{world.base}/console/partners"
    body = {"name": "Forged", "allocatedCapacity": "1", "distributorContractId": world.contract_a}
    cookies = {"pc_session": session}
    foreign = requests.post(
        url, data=body, cookies=cookies, headers={"Origin": "https://evil.example"}, timeout=10
    )
    assert foreign.status_code == 403
    no_token = requests.post(
        url, data=body, cookies=cookies, headers={"Origin": world.base}, timeout=10
    )
    assert no_token.status_code == 403
    assert "The form has expired" in no_token.text


def test_provider_creates_a_distributor_its_admin_and_contracts(page, world: World):
    login(page, world, "provider_admin")
    page.goto("/console/distributors")
    page.get_by_role("button", name="Create distributor").click()
    name = unique("Southwind ")
    dialog = page.get_by_role("dialog", name="Create distributor")
    dialog.get_by_label("Name").fill(name)
    dialog.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    users = page.get_by_role("region", name="Console users")
    admin = f"{unique('first')}@example.com"
    users.get_by_label("Email").fill(admin)
    users.get_by_role("radio", name="Set a password").check()
    users.get_by_label("Initial password").fill(PASSWORD)
    users.get_by_role("button", name="Create user").click()
    expect(page.get_by_role("status")).to_contain_text(f"{admin} can now log in.")

    page.get_by_role("button", name="Create contract").click()
    dialog = page.get_by_role("dialog", name="Create contract")
    dialog.get_by_label("Contract name").fill("Southwind 2027")
    dialog.get_by_label("Reserved capacity (TB)").fill("40")
    dialog.get_by_label("Excess usage price (cents per GB-month)").fill("1.5")
    dialog.get_by_label("Start date").fill(day(365))
    dialog.get_by_label("End date").fill(day(0))
    dialog.get_by_role("button", name="Create contract").click()
    dialog = page.get_by_role("dialog", name="Create contract")
    expect(dialog.get_by_role("alert").or_(dialog.locator(".field-error")).first).to_be_visible()
    dialog.get_by_label("End date").fill(day(3 * 365))
    dialog.get_by_role("button", name="Create contract").click()
    expect(page.get_by_role("status")).to_contain_text("Contract Southwind 2027 was created.")
    expect(page.get_by_role("row", name=re.compile("Southwind 2027"))).to_contain_text("40 TB")

    # lowering the reserved capacity below what is allocated is refused with the reason
    page.goto("/console/contracts")
    field = page.get_by_label("Reserved capacity of Frame agreement 2026 (TB)")
    field.fill("1")
    page.get_by_role("row", name=re.compile("Frame agreement 2026")).get_by_role(
        "button", name="Save"
    ).click()
    expect(page.locator(".field-error")).to_contain_text("can't be lowered below")
    field = page.get_by_label("Reserved capacity of Southwind 2027 (TB)")
    field.fill("45")
    page.get_by_role("row", name=re.compile("Southwind 2027")).get_by_role(
        "button", name="Save"
    ).click()
    expect(page.get_by_role("status")).to_contain_text("now reserves 45 TB")

    page.goto("/console/direct-partners")
    expect(page.get_by_role("row", name=re.compile("Direct Storage Co"))).to_be_visible()


def test_team_members_api_keys_audit_and_profile(page, world: World):
    email = make_user(world.provider, world.distributor_id, "admin")
    page.on("dialog", lambda d: d.accept())
    login(page, world, "distributor_admin", email=email)

    page.goto("/console/team")
    page.get_by_role("button", name="Add team member").click()
    dialog = page.get_by_role("dialog", name="Add team member")
    teammate = f"{unique('mate')}@example.com"
    dialog.get_by_label("Email").fill(teammate)
    dialog.get_by_role("radio", name="Set a password").check()
    dialog.get_by_label("Initial password").fill(PASSWORD)
    dialog.get_by_role("button", name="Add").click()
    expect(page.get_by_role("status")).to_contain_text(f"{teammate} was added to your team.")
    row = page.get_by_role("row", name=re.compile(teammate))
    row.get_by_label(f"Role of {teammate}").select_option("staff")
    row.get_by_role("button", name="Change role").click()
    expect(page.get_by_role("status")).to_contain_text(f"{teammate} is now staff.")
    page.get_by_role("button", name=f"Remove {teammate}").click()
    expect(page.get_by_role("status")).to_contain_text("The team member was removed.")

    page.goto("/console/api-keys")
    page.get_by_role("button", name="Create API key").click()
    dialog = page.get_by_role("dialog", name="Create API key")
    dialog.get_by_label("Description").fill("billing sync")
    dialog.get_by_role("button", name="Create").click()
    key = page.get_by_label("API key “billing sync”")
    expect(key).to_have_value(re.compile(r"^pck_"))
    expect(page.get_by_text("this is the only time it is shown")).to_be_visible()
    expect(page.get_by_role("button", name="Copy")).to_be_visible()
    secret = key.input_value()
    me = requests.get(
        f"{world.base}/v1/me", headers={"Authorization": f"Bearer {secret}"}, timeout=10
    )
    assert me.status_code == 200
    page.goto("/console/api-keys")
    expect(page.get_by_text(secret)).to_have_count(0)
    expect(page.locator("input[readonly]")).to_have_count(0)
    page.get_by_role("button", name="Revoke billing sync").click()
    expect(page.get_by_role("status")).to_contain_text("The API key was revoked")

    page.goto("/console/audit")
    expect(page.get_by_role("row", name=re.compile("member.create"))).not_to_have_count(0)
    page.get_by_label("Action").select_option(label="API key created")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile("action=api_key.create"))
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text("api_key.create")
    page.get_by_label("From", exact=True).fill("2030-01-02")
    page.get_by_label("To", exact=True).fill("2030-01-01")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".field-error, .form-error").first).to_contain_text("'from' must not be")

    page.goto("/console/profile")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill("password")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_label("New password")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill("Brand-New-Passw0rd!")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status")).to_contain_text("Your password was changed.")
    api_login(world.base, email, "Brand-New-Passw0rd!")


def test_pages_run_under_the_content_security_policy(browser, world: World, stack):
    context = browser.new_context(base_url=stack.base_url)  # CSP enforced
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    login(page, world, "distributor_admin")
    page.goto(f"/console/partners?contract={world.contract_a}")
    page.get_by_role("button", name="Create partner").click()
    expect(page.get_by_role("dialog", name="Create partner")).to_be_visible()
    page.keyboard.press("Escape")
    page.get_by_role("link", name="Team members").click()
    expect(page.get_by_role("heading", name="Team members")).to_be_visible()
    context.close()
    assert not problems, problems


def test_a_direct_channel_partner_and_the_provider_looking_at_it(page, world: World):
    login(page, world, "direct_partner_admin")
    expect(page.get_by_role("heading", name="Direct Storage Co", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Contracts")).to_contain_text("Direct 2026")
    axe_check(page, "direct partner overview")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Storage accounts").click()
    page.get_by_role("button", name="Create storage account").click()
    dialog = page.get_by_role("dialog", name="Create storage account")
    dialog.get_by_label("Name (company)").fill("Direct Customer")
    dialog.get_by_label("Contact email").fill("ops@direct.example")
    dialog.get_by_label("Initial password").fill("Direct-Root-Passw0rd!")
    dialog.get_by_label("Allocation (TB)").fill("25")  # more than the 20 TB contract
    dialog.get_by_role("button", name="Create").click()
    dialog = page.get_by_role("dialog", name="Create storage account")
    expect(dialog.locator(".field-error")).to_contain_text("TB")
    dialog.get_by_label("Initial password").fill("Direct-Root-Passw0rd!")
    dialog.get_by_label("Allocation (TB)").fill("5")
    dialog.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name="Direct Customer", level=1)).to_be_visible()
    shoot(page, "direct_partner_admin-account")

    page.get_by_role("button", name="Log out").click()
    login(page, world, "provider_admin")
    page.goto(f"/console/organizations/{world.direct_partner_id}")
    page.get_by_role("link", name="Overview, usage and storage accounts").click()
    expect(page.get_by_role("heading", name="Direct Storage Co", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Change storage allocation")).to_have_count(0)
    page.get_by_role("link", name="Storage accounts of Direct Storage Co").click()
    expect(page.get_by_role("row", name=re.compile("Direct Customer"))).to_contain_text("5 TB")
    axe_check(page, "provider direct partner accounts")
