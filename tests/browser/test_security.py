"""Profile → Security in a real browser: set up an authenticator app from the QR page, keep the
recovery codes, sign in with a code and with a recovery code, refusals on the way."""

from __future__ import annotations

import time

import pyotp

from tests.browser.conftest import PASSWORD, World, axe_check, make_user, shoot


def code(secret: str, steps_ahead: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def password_step(page, email: str) -> None:
    page.goto("/console/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_set_up_an_authenticator_app_and_sign_in_with_it(page, world: World):
    email = make_user(world.provider, world.distributor_id, "staff")
    password_step(page, email)
    page.get_by_role("button", name="Log out").wait_for()
    page.get_by_role("link", name="Profile").click()
    page.get_by_role("link", name="Security: authenticator app and passkeys").click()
    page.get_by_role("heading", name="Security").wait_for()
    axe_check(page, "security (off)")
    page.get_by_role("button", name="Set up authenticator app").click()
    qr = page.get_by_role("img", name="QR code holding the set-up key for your authenticator app")
    qr.wait_for()
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    secret = page.get_by_label("Set-up key").input_value()
    axe_check(page, "security (scan the QR code)")
    shoot(page, "security-totp-setup")

    # a wrong code is refused next to the field, and what was typed stays
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Turn on").click()
    page.locator("#totp-confirm-code-error").wait_for()
    assert "does not match" in page.locator("#totp-confirm-code-error").inner_text()
    assert page.get_by_label("Code from the app").input_value() == "000000"

    page.get_by_label("Code from the app").fill(code(secret))
    page.get_by_role("button", name="Turn on").click()
    codes_box = page.get_by_label("Recovery codes")
    codes_box.wait_for()
    codes = codes_box.input_value().split()
    assert len(codes) == 10
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    saved = download.value.path().read_text()
    assert all(c in saved for c in codes)
    axe_check(page, "security (recovery codes)")
    shoot(page, "security-recovery-codes")
    page.goto("/console/profile/security")
    assert page.get_by_label("Recovery codes").count() == 0, "shown once"
    assert "10 of 10 recovery codes left" in page.inner_text("main")
    page.get_by_role("button", name="Log out").click()

    # sign in: password, then a wrong code, then a recovery code
    password_step(page, email)
    page.get_by_role("heading", name="Confirm it is you").wait_for()
    axe_check(page, "login second step")
    page.get_by_label("Code from your authenticator app").fill("123456")
    page.get_by_role("button", name="Continue").click()
    page.locator("#mfa-code-error").wait_for()
    page.get_by_text("Use a recovery code instead").click()
    page.get_by_label("Recovery code", exact=True).fill(codes[0])
    page.get_by_role("button", name="Use recovery code").click()
    page.get_by_role("button", name="Log out").wait_for()
    page.goto("/console/profile/security")
    assert "9 of 10 recovery codes left" in page.inner_text("main")
    page.get_by_role("button", name="Log out").click()

    # and with a code from the app (keyboard only)
    password_step(page, email)
    field = page.get_by_label("Code from your authenticator app")
    field.wait_for()
    field.focus()
    page.keyboard.type(code(secret, 1))
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Log out").wait_for()

    # remove it with the password: the next sign-in needs the password only
    page.goto("/console/profile/security")
    page.get_by_text("Remove the authenticator app").click()
    page.get_by_label("Password").fill("Wrong-Passw0rd!")
    page.get_by_role("button", name="Remove").click()
    page.locator("#totp-delete-password-error").wait_for()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Remove").click()
    page.get_by_role("button", name="Set up authenticator app").wait_for()


def test_required_second_factor_enrolment_team_column_and_reset(page, world: World):
    """An admin requires a second factor; a member is sent to enrol at sign-in and can do
    nothing else; the team list shows the factor; the admin resets it."""
    from tests.browser.conftest import api_login

    org = world.provider.call(
        "POST", "/v1/organizations", {"type": "distributor", "name": "Strict"}, 201
    )["id"]
    admin_email = make_user(world.provider, org, "admin")
    member_email = make_user(world.provider, org, "viewer")
    # the admin switches the policy on in the console
    password_step(page, admin_email)
    page.get_by_role("button", name="Log out").wait_for()
    page.goto("/console/team")
    page.get_by_role("link", name="Sign-in security of your organization").click()
    axe_check(page, "organization sign-in security")
    page.get_by_label("Require a second factor").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("A second factor is now required").wait_for()
    assert page.get_by_label("Require a second factor").is_checked()
    page.get_by_role("button", name="Log out").click()

    # the member signs in and lands on the Security page; other pages send them back there
    password_step(page, member_email)
    page.get_by_role("heading", name="Security").wait_for()
    assert "requires a second factor" in page.inner_text("#toast")
    page.goto("/console/partners")
    page.get_by_role("heading", name="Security").wait_for()
    page.get_by_role("button", name="Set up authenticator app").click()
    secret = page.get_by_label("Set-up key").input_value()
    page.get_by_label("Code from the app").fill(code(secret))
    page.get_by_role("button", name="Turn on").click()
    page.get_by_label("Recovery codes").wait_for()
    page.goto("/console/partners")
    page.get_by_role("heading", name="Partners").wait_for()
    page.get_by_role("button", name="Log out").click()

    # the admin (sent to enrol too: the policy applies to everyone) sees the column and resets
    admin_api = api_login(world.base, admin_email)
    refused = admin_api.call("GET", "/v1/team-members", expect=403)
    assert refused["code"] == "mfa_enrollment_required"
    password_step(page, admin_email)
    page.get_by_role("heading", name="Security").wait_for()
    page.get_by_role("button", name="Set up authenticator app").click()
    admin_secret = page.get_by_label("Set-up key").input_value()
    page.get_by_label("Code from the app").fill(code(admin_secret))
    page.get_by_role("button", name="Turn on").click()
    page.get_by_label("Recovery codes").wait_for()
    page.goto("/console/team")
    row = page.get_by_role("row").filter(has_text=member_email)
    assert "Authenticator app" in row.inner_text()
    axe_check(page, "team with factors")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name=f"Reset second factor of {member_email}").click()
    page.get_by_text("Their second factors were removed").wait_for()
    assert "none" in page.get_by_role("row").filter(has_text=member_email).inner_text()


def test_passkeys_with_a_virtual_authenticator(browser, world: World, stack):
    """Chromium's virtual authenticator (CDP WebAuthn domain): register two named passkeys,
    use one as the second factor after the password, sign in with one alone, and a refused
    ceremony (the authenticator cannot verify the user)."""
    base = stack.base_url.replace("127.0.0.1", "localhost")
    context = browser.new_context(
        base_url=base, viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")

    def add_authenticator() -> str:
        options = {
            "protocol": "ctap2",
            "transport": "internal",
            "hasResidentKey": True,
            "hasUserVerification": True,
            "isUserVerified": True,
            "automaticPresenceSimulation": True,
        }
        return cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})["authenticatorId"]

    authenticator = add_authenticator()
    email = make_user(world.provider, world.distributor_id, "viewer")
    try:
        password_step(page, email)
        page.get_by_role("button", name="Log out").wait_for()
        page.goto("/console/profile/security")
        page.get_by_label("Passkey name").fill("Work laptop")
        page.get_by_role("button", name="Add a passkey").click()
        page.get_by_text("The passkey 'Work laptop' was added.").wait_for()
        # refused: the same authenticator again (the server lists it in excludeCredentials)
        page.get_by_label("Passkey name").fill("Same laptop")
        page.get_by_role("button", name="Add a passkey").click()
        page.locator("[data-passkey-error]:not([hidden])").wait_for()
        assert page.get_by_label("Passkey name").input_value() == "Same laptop"
        cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": authenticator})
        authenticator = add_authenticator()
        page.get_by_label("Passkey name").fill("Security key")
        page.get_by_role("button", name="Add a passkey").click()
        page.get_by_text("The passkey 'Security key' was added.").wait_for()
        rows = page.locator("article", has_text="Passkeys").get_by_role("row")
        assert rows.count() == 3  # header + two passkeys
        credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
        assert len(credentials["credentials"]) == 1
        assert all(c["isResidentCredential"] for c in credentials["credentials"])
        axe_check(page, "security (passkeys)")
        shoot(page, "security-passkeys")
        page.get_by_role("button", name="Log out").click()

        # the password, then the passkey as the second factor
        password_step(page, email)
        page.get_by_role("heading", name="Confirm it is you").wait_for()
        page.get_by_role("button", name="Use your passkey").click()
        page.get_by_role("button", name="Log out").wait_for()
        page.get_by_role("button", name="Log out").click()

        # a passkey alone (discoverable), from the login page
        page.goto("/console/login")
        page.get_by_role("button", name="Sign in with a passkey").click()
        page.get_by_role("button", name="Log out").wait_for()
        page.goto("/console/profile/security")
        used = page.get_by_role("row").filter(has_text="Security key").inner_text()
        assert "never" not in used, "last use is shown"
        # removing one needs the password (the session alone is not enough): refused, then done
        row = page.get_by_role("row").filter(has_text="Work laptop")
        row.locator("summary", has_text="Remove").click()
        row.get_by_label("Password").fill("Not-The-Passw0rd!")
        row.get_by_role("button", name="Remove passkey Work laptop now").click()
        page.get_by_text("so the passkey 'Work laptop' was kept").wait_for()
        axe_check(page, "security (passkey removal refused)")
        row = page.get_by_role("row").filter(has_text="Work laptop")
        row.get_by_label("Password").fill(PASSWORD)
        row.get_by_role("button", name="Remove passkey Work laptop now").click()
        page.get_by_text("The passkey was removed.").wait_for()
        assert page.get_by_role("row").filter(has_text="Work laptop").count() == 0
        page.get_by_role("button", name="Log out").click()

        # refused: the authenticator cannot verify the user, and a passwordless sign-in needs it
        cdp.send(
            "WebAuthn.setUserVerified", {"authenticatorId": authenticator, "isUserVerified": False}
        )
        page.goto("/console/login")
        page.get_by_role("button", name="Sign in with a passkey").click()
        page.locator(".field-error", has_text="passkey").first.wait_for()
        assert page.get_by_role("button", name="Log out").count() == 0
    finally:
        context.close()
