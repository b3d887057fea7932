"""Single sign-on in a real browser, against a real OpenID provider (panva's oidc-provider from
``tests/idp``, on loopback): an admin connects it on the settings page (refusals keep what was
typed), then a new person signs in with "Sign in with SSO", fills in the provider's own login
form and lands in the console, created just in time with the mapped role; a tampered answer
shows what failed and signs nobody in."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from tests import oidc_idp
from tests.browser.conftest import PASSWORD, World, api_login, axe_check, make_user, shoot

DOMAIN = "sso-browser.example.com"
CLIENT = {"client_id": "partner-console-browser", "client_secret": "browser-client-secret"}


@pytest.fixture(scope="module")
def idp(stack):
    provider = oidc_idp.start(
        clients=[{**CLIENT, "redirect_uris": [f"{stack.base_url}/v1/auth/sso/callback"]}],
        accounts=[
            {
                "sub": "nina",
                "email": f"nina@{DOMAIN}",
                "password": "nina-at-the-idp",
                "name": "Nina New",
                "groups": ["console-admins"],
            },
            {"sub": "otto", "email": f"otto@{DOMAIN}", "password": "otto-at-the-idp"},
        ],
    )
    yield provider
    provider.stop()


@pytest.fixture(scope="module")
def sso_org(world: World) -> tuple[str, str]:
    """A distributor of its own (enforcing SSO elsewhere must not touch the shared world)."""
    body = {"type": "distributor", "name": "Okta Fans"}
    org = world.provider.call("POST", "/v1/organizations", body, 201)
    return org["id"], make_user(world.provider, org["id"], "admin")


@pytest.fixture
def configured(world: World, idp, sso_org) -> tuple[str, str]:
    """The settings the first test makes in the console, made sure of through the API (so each
    test also runs alone)."""
    settings = {
        "issuer": idp.issuer,
        **{"clientId": CLIENT["client_id"], "clientSecret": CLIENT["client_secret"]},
        "emailDomains": [DOMAIN],
        "roleClaim": "groups",
        "roleMapping": {"console-admins": "admin"},
        "defaultRole": "viewer",
        "jit": True,
    }
    world.provider.call("PUT", f"/v1/organizations/{sso_org[0]}/sso", settings)
    return sso_org


def test_an_admin_connects_the_identity_provider(page, world: World, idp, sso_org):
    org_id, admin_email = sso_org
    # another organization already owns a domain
    other = world.provider.call(
        "POST", "/v1/organizations", {"type": "distributor", "name": "Domain Holder"}, 201
    )["id"]
    claim = {
        "issuer": "https://login.holder.example",
        "clientId": "x",
        "clientSecret": "y",
        "emailDomains": ["taken.example.com"],
        "defaultRole": "viewer",
    }
    world.provider.call("PUT", f"/v1/organizations/{other}/sso", claim)

    page.goto("/console/login")
    page.get_by_label("Email").fill(admin_email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Log out").wait_for()
    page.goto("/console/settings/security")
    page.get_by_role("link", name="Single sign-on settings").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Single sign-on")
    axe_check(page, "sso settings (empty)")

    page.get_by_label("Issuer URL").fill(idp.issuer)
    page.get_by_label("Client id").fill(CLIENT["client_id"])
    page.get_by_label("Client secret").fill(CLIENT["client_secret"])
    page.get_by_label("Email domains").fill(f"{DOMAIN} taken.example.com")
    page.get_by_label("Role claim (optional)").fill("groups")
    page.get_by_label("Role mapping (optional)").fill("console-admins=admin")
    page.get_by_label("Default role").select_option("viewer")
    page.get_by_label("Create people of these domains").check()
    page.get_by_role("button", name="Save").click()
    # the taken domain is refused next to its field; everything typed stays (but the secret)
    error = page.locator("#sso-emailDomains-error")
    expect(error).to_contain_text("taken.example.com is already claimed")
    expect(page.get_by_label("Issuer URL")).to_have_value(idp.issuer)
    expect(page.get_by_label("Role mapping (optional)")).to_have_value("console-admins=admin")
    expect(page.get_by_label("Create people of these domains")).to_be_checked()
    axe_check(page, "sso settings (refused)")
    shoot(page, "sso-settings-refused")

    page.get_by_label("Email domains").fill(DOMAIN)
    page.get_by_label("Client secret").fill(CLIENT["client_secret"])
    page.get_by_label("Client secret").press("Enter")  # the keyboard sends the form
    expect(page.get_by_role("status")).to_contain_text("Single sign-on settings saved.")
    expect(page.get_by_label("Email domains")).to_have_value(DOMAIN)
    expect(page.get_by_label("Client secret")).to_have_value("")  # never shown again
    shoot(page, "sso-settings")
    stored = api_login(world.base, admin_email).call("GET", f"/v1/organizations/{org_id}/sso")
    assert stored["clientSecretSet"] and stored["jit"] and stored["emailDomains"] == [DOMAIN]


def test_a_new_person_signs_in_with_sso_and_lands_in_the_console(
    browser, world: World, stack, idp, configured
):
    _, admin_email = configured
    context = browser.new_context(  # a phone, bypassing the CSP only for the axe scans
        base_url=stack.base_url, viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    page = context.new_page()
    page.goto("/console/login")
    page.get_by_role("link", name="Sign in with SSO").click()
    axe_check(page, "sign in with sso")
    # an email no organization signs in with is refused next to the field and kept
    page.get_by_label("Work email").fill("someone@nowhere.example.com")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#sso-email-error")).to_contain_text("No organization signs in")
    expect(page.get_by_label("Work email")).to_have_value("someone@nowhere.example.com")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Work email").fill(f"nina@{DOMAIN}")
    page.get_by_label("Work email").press("Enter")
    # the provider's own login form (login_hint filled in the email)
    expect(page.get_by_label("Email")).to_have_value(f"nina@{DOMAIN}")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in at the IdP").click()
    expect(page.locator("#idp-error")).to_contain_text("Wrong email or password")
    page.get_by_label("Password").fill("nina-at-the-idp")
    page.get_by_role("button", name="Sign in at the IdP").click()
    page.get_by_role("button", name="Log out").wait_for()
    assert "/console/" in page.url
    # created just in time, with the mapped role
    team = api_login(world.base, admin_email).call("GET", "/v1/team-members")
    nina = next(m for m in team if m["email"] == f"nina@{DOMAIN}")
    assert nina["role"] == "admin" and nina["name"] == "Nina New"
    context.close()


def test_a_tampered_answer_shows_what_failed_and_signs_nobody_in(
    browser, world: World, stack, idp, configured
):
    context = browser.new_context(base_url=stack.base_url, bypass_csp=True)
    page = context.new_page()
    page.goto("/console/login/sso")
    page.get_by_label("Work email").fill(f"otto@{DOMAIN}")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Password").fill("otto-at-the-idp")
    # the provider sends the browser back with a changed state (the answer to its login form
    # is followed here up to the redirect to the console, whose state is then altered)
    callback = f"{stack.base_url}/v1/auth/sso/callback?"

    def tamper(route):
        location = route.fetch(max_redirects=0).headers["location"]
        while not location.startswith(callback):
            reply = context.request.get(urljoin(idp.issuer, location), max_redirects=0)
            location = reply.headers["location"]
        route.fulfill(status=303, headers={"Location": location.replace("state=", "state=x")})

    page.route("**/interaction/*/login", tamper)
    page.get_by_role("button", name="Sign in at the IdP").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Single sign-on failed")
    expect(page.get_by_role("alert")).to_contain_text("does not match the sign-in this browser")
    axe_check(page, "sso failed")
    shoot(page, "sso-failed")
    assert not [c for c in context.cookies() if c["name"] == "pc_session"]
    team = world.provider.call("GET", f"/v1/organizations/{configured[0]}/members")
    assert all(m["email"] != f"otto@{DOMAIN}" for m in team)
    context.close()
