"""A storage account's S3 access keys in the console: create (the secret shown once, with copy
buttons and the S3 endpoint), the limit of two, revoke with a confirmation, and a viewer who is
offered nothing; axe-clean, and no horizontal scroll at phone width."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import World, axe_check, login


def test_access_keys_story(page, world: World, stack):
    page.on("dialog", lambda d: d.accept())
    login(page, world, "partner_admin")
    page.goto(f"/console/storage-accounts/{world.account_id}")
    section = page.get_by_role("region", name="S3 access keys")
    expect(section).to_contain_text("No access keys yet.")
    section.get_by_role("button", name="Create access key").click()
    created = page.get_by_role("article", name="Your new access key")
    expect(created).to_contain_text("only time it is shown")
    secret = created.get_by_label("Secret access key")
    key_id = created.get_by_label("Access key ID").input_value()
    assert len(secret.input_value()) >= 20
    expect(created.get_by_label("S3 endpoint")).to_have_value(stack.aws_url)
    created.get_by_role("button", name="Copy").nth(1).focus()
    page.keyboard.press("Enter")
    axe_check(page, "account page with a new access key")
    shown_secret = secret.input_value()

    page.reload()
    section = page.get_by_role("region", name="S3 access keys")
    expect(section).to_contain_text(key_id)
    assert shown_secret not in page.content(), "the secret is shown once"
    section.get_by_role("button", name="Create access key").click()
    section = page.get_by_role("region", name="S3 access keys")
    expect(section.get_by_role("button", name="Create access key")).to_have_count(0)
    expect(section).to_contain_text("revoke one to create another")

    page.set_viewport_size({"width": 390, "height": 844})
    # the section fits a phone (the page's own Manage bar is the console's, not checked here)
    box = section.evaluate("e => [e.getBoundingClientRect().right, e.scrollWidth, e.clientWidth]")
    assert box[0] <= 390 and box[1] <= box[2], box  # the keys table scrolls inside its box
    page.set_viewport_size({"width": 1280, "height": 900})

    section.get_by_role("button", name=f"Revoke {key_id}").click()
    expect(page.get_by_role("status")).to_contain_text(f"Access key {key_id} was revoked")
    section = page.get_by_role("region", name="S3 access keys")
    expect(section).not_to_contain_text(key_id)
    expect(section.get_by_role("button", name="Create access key")).to_be_visible()


def test_a_viewer_sees_keys_and_is_offered_nothing(page, world: World):
    login(page, world, "distributor_viewer")
    page.goto(f"/console/partners/{world.partner_id}/storage-accounts/{world.account_id}")
    section = page.get_by_role("region", name="S3 access keys")
    expect(section).to_be_visible()
    expect(section.get_by_role("button")).to_have_count(0)
