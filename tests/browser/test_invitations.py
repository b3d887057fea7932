"""Invitations in a real browser, end to end: the provider invites a new organization's first
admin, the e-mail lands in the mailbox (the stack's ``MAIL_DIR``), the person opens the link,
a weak password is refused, they choose their own, sign in and (the organization requires it)
set up a second factor; then they invite, re-send and revoke on their own team page."""

from __future__ import annotations

import re
import time
from email import message_from_bytes
from email.policy import default as email_policy
from pathlib import Path

import pyotp

from tests.browser.conftest import World, axe_check, login, shoot, unique

CHOSEN = "Chosen-By-Me-42!"


def invitation_links(mail_dir: Path, recipient: str, count: int = 1) -> list[str]:
    """The invitation links e-mailed to ``recipient`` (oldest first), once ``count`` arrived."""
    deadline = time.monotonic() + 60
    while True:
        found = []
        for path in sorted(mail_dir.glob("*.eml")):
            message = message_from_bytes(path.read_bytes(), policy=email_policy)
            if message["To"] == recipient and message["X-Partner-Console-Kind"] == "invitation":
                body = message.get_body().get_content()
                found.append(re.search(r"(http\S+/console/accept-invitation\?token=\S+)", body)[1])
        if len(found) >= count or time.monotonic() > deadline:
            assert len(found) >= count, f"no invitation e-mail for {recipient} in {mail_dir}"
            return found
        time.sleep(0.3)


def test_invite_a_first_admin_who_accepts_signs_in_and_enrols(page, world: World, mail_dir):
    org = world.provider.call(
        "POST", "/v1/organizations", {"type": "distributor", "name": "Invited Storage AG"}, 201
    )["id"]
    world.provider.call("PATCH", f"/v1/organizations/{org}", {"requireMfa": True})
    email = f"{unique('first')}@example.com"

    # the provider adds the first admin by invitation
    login(page, world, "provider_admin")
    page.goto(f"/console/organizations/{org}")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Name", exact=True).fill("Ada First")
    assert page.get_by_role("radio", name="Send an invitation").is_checked()
    assert page.get_by_label("Initial password", exact=True).is_hidden(), (
        "no password for an invitation"
    )
    axe_check(page, "organization: add first admin by invitation")
    page.get_by_role("button", name="Create user").click()
    page.get_by_text(f"An invitation was sent to {email}").wait_for()
    row = page.get_by_role("row").filter(has_text=email)
    assert "invited until" in row.inner_text()
    page.get_by_role("button", name="Log out").click()

    # the e-mail in the mailbox; the page it links to, at phone width too
    (link,) = invitation_links(mail_dir, email)
    page.goto(link)
    page.get_by_role("heading", name="Accept your invitation").wait_for()
    assert "Welcome, Ada First" in page.inner_text("main")
    axe_check(page, "accept invitation")
    page.set_viewport_size({"width": 390, "height": 844})
    assert (
        page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        <= 0
    ), "no sideways scroll at 390 px"
    shoot(page, "accept-invitation-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # a weak password is refused next to the field (passwords are never kept), then keyboard
    field = page.get_by_label("Your password")
    field.fill("password1")
    page.get_by_role("button", name="Set my password").click()
    page.locator("#accept-password-error").wait_for()
    assert page.get_by_label("Your password").get_attribute("aria-invalid") == "true"
    page.get_by_label("Your password").focus()
    page.keyboard.type(CHOSEN)
    page.keyboard.press("Enter")
    page.get_by_text(f"Your password is set, {email}").wait_for()

    # the link worked once
    page.goto(link)
    page.get_by_text("This invitation is not valid").wait_for()

    # first sign-in: the organization requires a second factor, so Security comes first
    page.goto("/console/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(CHOSEN)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Security").wait_for()
    page.get_by_role("button", name="Set up authenticator app").click()
    secret = page.get_by_label("Set-up key").input_value()
    page.get_by_label("Code from the app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on").click()
    page.get_by_label("Recovery codes").wait_for()

    # now a full admin: invite a team member, with a refusal on the way; re-send; revoke
    page.goto("/console/team")
    page.get_by_role("heading", name="Team members").wait_for()
    colleague = f"{unique('colleague')}@example.com"
    page.get_by_role("button", name="Add team member").click()
    dialog = page.locator("dialog[open]")
    dialog.get_by_label("Email").fill(colleague)
    dialog.get_by_label("Name", exact=True).fill("Bo Colleague")
    dialog.get_by_role("radio", name="Set a password").check()
    dialog.get_by_label("Initial password", exact=True).fill("short")
    dialog.get_by_role("button", name="Add").click()
    page.locator("#member-password-error").wait_for()
    dialog = page.locator("dialog[open]")
    assert dialog.get_by_label("Email").input_value() == colleague, "what was typed is kept"
    assert dialog.get_by_label("Name", exact=True).input_value() == "Bo Colleague"
    assert dialog.get_by_role("radio", name="Set a password").is_checked()
    dialog.get_by_role("radio", name="Send an invitation").check()
    assert dialog.get_by_label("Initial password", exact=True).is_hidden()
    dialog.get_by_role("button", name="Add").click()
    page.get_by_text(f"An invitation was sent to {colleague}").wait_for()
    row = page.get_by_role("row").filter(has_text=colleague)
    assert "invited until" in row.inner_text()
    axe_check(page, "team with an invitation")
    row.get_by_role("button", name=f"Send again the invitation of {colleague}").click()
    page.get_by_text(f"A new invitation was sent to {colleague}").wait_for()
    first, second = invitation_links(mail_dir, colleague, 2)
    assert first != second
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("row").filter(has_text=colleague).get_by_role(
        "button", name=f"Revoke the invitation of {colleague}"
    ).click()
    page.get_by_text("The invitation was revoked").wait_for()
    assert page.get_by_role("row").filter(has_text=colleague).count() == 0
    page.goto(second)
    page.get_by_text("This invitation is not valid").wait_for()
