"""Single sign-on with OpenID Connect, against a real provider: panva's certified
``oidc-provider`` (``tests/idp``), started on loopback for this module. The test plays the
browser: it follows the provider's redirects, fills in the provider's own login form, and
brings the provider's answer back to the callback with the browser's state cookie."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from chalicelib.store.models import AuditEventItem, SsoConfigItem, SsoStateItem, UserItem
from tests import oidc_idp
from tests.api.helpers import PASSWORD, make_member, make_org, member_token
from tests.api.test_mfa_totp import enrol, login, now_code, second_step

HOST = "console.test"
CALLBACK = f"http://{HOST}/v1/auth/sso/callback"
CLIENT = {"client_id": "partner-console", "client_secret": "idp-client-secret-1"}
ACCOUNTS = [
    {
        "sub": "alice",
        "email": "alice@acme.example.com",
        "password": "alice-pw",
        "name": "Alice A",
        "groups": ["everyone", "console-admins"],
    },
    {
        "sub": "bob",
        "email": "bob@acme.example.com",
        "password": "bob-pw",
        "name": "Bob B",
        "groups": ["everyone"],
    },
    {
        "sub": "carol",
        "email": "carol@acme.example.com",
        "password": "carol-pw",
        "name": "Carol C",
        "groups": ["console-staff"],
    },
    {"sub": "dave", "email": "dave@acme.example.com", "password": "dave-pw", "name": "Dave D"},
    {"sub": "erin", "email": "erin@elsewhere.example.org", "password": "erin-pw", "name": "Erin E"},
]


def _provider(id_token_ttl: int = 3600) -> oidc_idp.Idp:
    client = {**CLIENT, "redirect_uris": [CALLBACK]}
    return oidc_idp.start(clients=[client], accounts=ACCOUNTS, id_token_ttl=id_token_ttl)


@pytest.fixture(scope="module")
def idp():
    provider = _provider()
    yield provider
    provider.stop()


@pytest.fixture(autouse=True)
def real_time(clock):
    """The provider signs with the real time: the project clock starts at it (and tests move
    it from there), whatever day the suite runs on."""
    clock.current = datetime.now(UTC)
    return clock


def sso_body(issuer: str, domains=("acme.example.com",), **overrides) -> dict:
    return {
        "issuer": issuer,
        "clientId": CLIENT["client_id"],
        "clientSecret": CLIENT["client_secret"],
        "emailDomains": list(domains),
        "roleClaim": "groups",
        "roleMapping": {"console-admins": "admin", "console-staff": "staff"},
        "defaultRole": "viewer",
        "jit": True,
        "enforce": False,
        **overrides,
    }


def cookie_value(reply, name: str) -> str | None:
    raw = reply.header("Set-Cookie") or []
    for cookie in raw if isinstance(raw, list) else [raw]:
        key, _, rest = cookie.partition("=")
        if key == name:
            return rest.split(";", 1)[0]
    return None


@dataclass
class Answer:
    """What the provider sent the browser back with, and the browser's state cookie."""

    query: dict[str, str]
    state_cookie: str

    def path(self, **changes: str) -> str:
        return "/v1/auth/sso/callback?" + urlencode({**self.query, **changes})


def start(api, email: str):
    return api.get(
        f"/v1/auth/sso/start?{urlencode({'email': email})}", token=None, headers={"Host": HOST}
    )


def sign_in_at_provider(api, email: str, password: str, at_provider: str = "") -> Answer:
    """Start at the console with ``email``, then do what the browser does at the provider,
    signing in there as ``at_provider`` (by default the same email)."""
    started = start(api, email)
    assert started.status == 302, started.json
    state_cookie = cookie_value(started, "pc_sso_state")
    assert state_cookie
    location = started.header("Location")
    with httpx.Client(timeout=10) as browser:
        for _ in range(10):
            if location.startswith(CALLBACK):
                query = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
                return Answer(query, state_cookie)
            reply = browser.get(location)
            if reply.status_code == 200 and "/interaction/" in str(reply.url):
                form = re.search(r'action="([^"]+)"', reply.text).group(1)
                reply = browser.post(
                    str(reply.url.join(form)),
                    data={"email": at_provider or email, "password": password},
                )
            assert reply.status_code in (302, 303), reply.text
            location = str(reply.url.join(reply.headers["location"]))
    raise AssertionError("the provider never sent the browser back")


def callback(api, answer: Answer, path: str | None = None, cookie: str | None = None):
    state = answer.state_cookie if cookie is None else cookie
    return api.get(
        path or answer.path(),
        token=None,
        headers={"Host": HOST, "Cookie": f"pc_sso_state={state}", "Accept": "text/html"},
    )


def configure(api, org: str, issuer: str, token="default", **overrides):
    reply = api.put(f"/v1/organizations/{org}/sso", sso_body(issuer, **overrides), token=token)
    assert reply.status == 200, reply.json
    return reply.json


def users_with(email: str) -> list[UserItem]:
    return [u for u in UserItem.scan() if getattr(u, "email_lower", None) == email]


# --- settings --------------------------------------------------------------------------------


def test_settings_keep_the_secret_write_only_and_encrypted(api, provider_admin):
    org = make_org(api)
    admin = member_token(api, org, "admin")
    staff = member_token(api, org, "staff")
    issuer = "https://login.acme.example.com"
    assert api.get(f"/v1/organizations/{org}/sso", token=admin).status == 404
    created = configure(api, org, issuer, token=admin)
    assert created["clientSecretSet"] is True and "clientSecret" not in created
    assert created["callbackUrl"].endswith("/v1/auth/sso/callback")
    stored = SsoConfigItem.get(f"sso#{org}")
    assert CLIENT["client_secret"] not in stored.client_secret
    assert stored.client_secret.startswith("v1.")
    # a PUT without the secret keeps it; the staff may not look
    body = sso_body(issuer, domains=["acme.example.com", "ACME.example"])
    del body["clientSecret"]
    changed = api.put(f"/v1/organizations/{org}/sso", body, token=admin)
    assert changed.status == 200 and changed.json["emailDomains"] == [
        "acme.example.com",
        "acme.example",
    ]
    assert SsoConfigItem.get(f"sso#{org}").client_secret == stored.client_secret
    assert api.get(f"/v1/organizations/{org}/sso", token=staff).status == 403
    assert api.put(f"/v1/organizations/{org}/sso", body, token=staff).status == 403
    # the provider's admins may manage it too
    assert api.get(f"/v1/organizations/{org}/sso").json["issuer"] == issuer
    audited = [e for e in AuditEventItem.scan() if e.action == "organization.sso_configure"]
    assert len(audited) == 2 and all(
        CLIENT["client_secret"] not in (e.after or "") for e in audited
    )
    assert api.delete(f"/v1/organizations/{org}/sso", token=admin).status == 204
    assert api.get(f"/v1/organizations/{org}/sso", token=admin).status == 404
    assert [e.action for e in AuditEventItem.scan() if e.action == "organization.sso_remove"]


def test_settings_are_refused_with_a_sentence_next_to_the_field(api, provider_admin):
    org = make_org(api)
    no_secret = sso_body("https://login.acme.example.com")
    del no_secret["clientSecret"]
    reply = api.put(f"/v1/organizations/{org}/sso", no_secret)
    assert reply.status == 400 and reply.json["details"][0]["field"] == "clientSecret"
    reply = api.put(f"/v1/organizations/{org}/sso", sso_body("login.acme.example.com"))
    assert reply.status == 400 and reply.json["details"][0]["field"] == "issuer"
    reply = api.put(f"/v1/organizations/{org}/sso", sso_body("https://x.test", domains=["nodot"]))
    assert reply.status == 400 and reply.json["details"][0]["field"] == "emailDomains"
    reply = api.put(
        f"/v1/organizations/{org}/sso", sso_body("https://x.test", defaultRole="metering")
    )
    assert reply.status == 400 and reply.json["details"][0]["field"] == "defaultRole"
    reply = api.put(f"/v1/organizations/{org}/sso", sso_body("https://x.test", roleClaim=None))
    assert reply.status == 400 and reply.json["details"][0]["field"] == "roleClaim"


def test_an_email_domain_is_claimed_by_one_organization_only(api, provider_admin):
    first, second = make_org(api), make_org(api)
    configure(
        api, first, "https://login.acme.example.com", domains=["acme.example.com", "acme.example"]
    )
    taken = api.put(
        f"/v1/organizations/{second}/sso",
        sso_body("https://login.other.test", domains=["other.test", "Acme.Example.Com"]),
    )
    assert taken.status == 409 and taken.json["code"] == "domain_claimed"
    assert "acme.example.com" in taken.json["message"]
    assert api.get(f"/v1/organizations/{second}/sso").status == 404  # nothing half-written
    # dropping a domain releases it for another organization
    configure(api, first, "https://login.acme.example.com", domains=["acme.example"])
    configure(api, second, "https://login.other.test", domains=["other.test", "acme.example.com"])
    taken = api.put(f"/v1/organizations/{first}/sso", sso_body("https://l.test"))
    assert taken.status == 409
    assert api.delete(f"/v1/organizations/{second}/sso").status == 204
    configure(api, first, "https://login.acme.example.com", domains=["acme.example.com"])


def test_a_distributor_admin_cannot_configure_its_partners_single_sign_on(api, provider_admin):
    from tests.api.helpers import make_contract, make_partner

    org = make_org(api)
    admin = member_token(api, org, "admin")
    partner = make_partner(api, make_contract(api, org), admin)
    reply = api.put(f"/v1/organizations/{partner}/sso", sso_body("https://l.test"), token=admin)
    assert reply.status == 403
    configure(api, partner, "https://login.partner.test")  # the provider's admins may
    partner_admin = member_token(api, partner, "admin", token=admin)
    assert api.get(f"/v1/organizations/{partner}/sso", token=partner_admin).status == 200


def test_another_organization_cannot_see_or_change_the_settings(api, provider_admin):
    org, other = make_org(api), make_org(api)
    configure(api, org, "https://login.acme.example.com")
    intruder = member_token(api, other, "admin")
    for method in ("GET", "PUT", "DELETE"):
        body = sso_body("https://evil.test", domains=["evil.test"]) if method == "PUT" else None
        reply = api.request(method, f"/v1/organizations/{org}/sso", body, token=intruder)
        assert reply.status == 404, (method, reply.json)
        assert b"acme.example.com" not in reply.body and b"login.acme" not in reply.body
    assert (
        api.get(f"/v1/organizations/{org}/sso").json["issuer"] == "https://login.acme.example.com"
    )
    # the record is not an organization either
    assert api.get(f"/v1/organizations/sso%23{org}").status == 404


# --- signing in ------------------------------------------------------------------------------


def test_start_refuses_an_email_without_single_sign_on(api, provider_admin):
    reply = start(api, "someone@nowhere.test")
    assert reply.status == 400 and reply.json["code"] == "sso_not_configured"
    assert reply.json["details"][0]["field"] == "email"
    assert start(api, "not-an-email").status == 400


def test_start_sends_the_browser_to_the_provider_with_pkce_state_and_nonce(
    api, provider_admin, idp
):
    org = make_org(api)
    configure(api, org, idp.issuer)
    reply = start(api, "alice@acme.example.com")
    assert reply.status == 302
    target = urlsplit(reply.header("Location"))
    assert f"{target.scheme}://{target.netloc}" == idp.issuer
    params = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert params["response_type"] == "code" and params["code_challenge_method"] == "S256"
    assert params["redirect_uri"] == CALLBACK and params["client_id"] == CLIENT["client_id"]
    assert len(params["state"]) >= 40 and len(params["nonce"]) >= 40
    assert params["login_hint"] == "alice@acme.example.com"
    cookie = next(c for c in [reply.header("Set-Cookie")] if c.startswith("pc_sso_state="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Max-Age=600" in cookie
    assert cookie_value(reply, "pc_sso_state") == params["state"]
    # the server keeps only a hash of the state, and the verifier sealed
    (item,) = [i for i in SsoStateItem.scan() if i.id.startswith("sso#")]
    assert params["state"] not in item.id and item.verifier.startswith("v1.")


def test_full_sign_in_creates_the_person_just_in_time_with_the_mapped_role(
    api, provider_admin, idp
):
    org = make_org(api)
    configure(api, org, idp.issuer)
    answer = sign_in_at_provider(api, "alice@acme.example.com", "alice-pw")
    reply = callback(api, answer)
    assert reply.status == 200, reply.body
    assert b"Signed in" in reply.body and b'http-equiv="refresh"' in reply.body
    token = cookie_value(reply, "pc_session")
    me = api.get("/v1/me", token=token).json
    assert me["user"]["email"] == "alice@acme.example.com" and me["role"] == "admin"
    assert me["organization"]["id"] == org and me["user"]["name"] == "Alice A"
    created = [e for e in AuditEventItem.scan() if e.action == "member.sso_create"]
    assert len(created) == 1 and created[0].actor_label == f"single sign-on ({idp.issuer})"
    # no mapped group: the default role; a second sign-in finds the same person
    bob = callback(api, sign_in_at_provider(api, "bob@acme.example.com", "bob-pw"))
    assert api.get("/v1/me", token=cookie_value(bob, "pc_session")).json["role"] == "viewer"
    carol = callback(api, sign_in_at_provider(api, "carol@acme.example.com", "carol-pw"))
    assert api.get("/v1/me", token=cookie_value(carol, "pc_session")).json["role"] == "staff"
    again = callback(api, sign_in_at_provider(api, "alice@acme.example.com", "alice-pw"))
    assert again.status == 200 and len(users_with("alice@acme.example.com")) == 1


def test_without_jit_only_existing_members_sign_in(api, provider_admin, idp):
    org = make_org(api)
    configure(api, org, idp.issuer, jit=False)
    make_member(api, org, "staff", email="bob@acme.example.com")
    refused = callback(api, sign_in_at_provider(api, "dave@acme.example.com", "dave-pw"))
    assert (
        refused.status == 400
        and b"no console user with the email dave@acme.example.com" in refused.body
    )
    assert cookie_value(refused, "pc_session") is None and not users_with("dave@acme.example.com")
    bob = callback(api, sign_in_at_provider(api, "bob@acme.example.com", "bob-pw"))
    assert bob.status == 200
    assert api.get("/v1/me", token=cookie_value(bob, "pc_session")).json["role"] == "staff"


def test_a_member_of_another_organization_is_not_signed_in(api, provider_admin, idp):
    org, other = make_org(api), make_org(api)
    configure(api, org, idp.issuer)
    make_member(api, other, "admin", email="alice@acme.example.com")
    refused = callback(api, sign_in_at_provider(api, "alice@acme.example.com", "alice-pw"))
    assert refused.status == 400 and b"belongs to another organization" in refused.body
    assert cookie_value(refused, "pc_session") is None


def test_an_email_outside_the_configured_domains_is_refused(api, provider_admin, idp):
    org = make_org(api)
    configure(api, org, idp.issuer)
    # erin's provider account is in another domain: the console asked about acme's
    erin = sign_in_at_provider(
        api, "bob@acme.example.com", "erin-pw", at_provider="erin@elsewhere.example.org"
    )
    refused = callback(api, erin)
    assert refused.status == 400 and b"not in a domain this organization" in refused.body
    assert not users_with("erin@elsewhere.example.org")


def test_a_tampered_or_foreign_state_is_refused_and_creates_nothing(api, provider_admin, idp):
    org = make_org(api)
    configure(api, org, idp.issuer)
    answer = sign_in_at_provider(api, "dave@acme.example.com", "dave-pw")
    tampered = callback(api, answer, answer.path(state=answer.query["state"][:-2] + "xx"))
    assert (
        tampered.status == 400
        and b"does not match the sign-in this browser started" in tampered.body
    )
    # another browser (no cookie, or its own) cannot complete it either
    assert callback(api, answer, cookie="").status == 400
    other = sign_in_at_provider(api, "bob@acme.example.com", "bob-pw")
    assert callback(api, answer, cookie=other.state_cookie).status == 400
    assert cookie_value(tampered, "pc_session") is None and not users_with("dave@acme.example.com")
    # the genuine answer still works once, and only once
    assert callback(api, answer).status == 200
    replay = callback(api, answer)
    assert replay.status == 400 and b"unknown or was already used" in replay.body
    # an answer that is not even well-formed is the same page, not the API's JSON envelope
    garbled = callback(api, answer, answer.path(state="x" * 201))
    assert garbled.status == 400 and garbled.header("Content-Type").startswith("text/html")
    assert b"<html" in garbled.body and cookie_value(garbled, "pc_session") is None


def test_an_id_token_with_another_nonce_is_refused(api, provider_admin, idp):
    org = make_org(api)
    configure(api, org, idp.issuer)
    answer = sign_in_at_provider(api, "dave@acme.example.com", "dave-pw")
    # the sign-in this browser started expects another nonce than the one the provider
    # signed into its ID token (as when a code issued for another sign-in is injected)
    (item,) = [i for i in SsoStateItem.scan() if i.id.startswith("sso#")]
    item.update(actions=[SsoStateItem.nonce.set("a-nonce-of-another-sign-in")])
    refused = callback(api, answer)
    assert refused.status == 400 and b"does not carry the nonce of this sign-in" in refused.body
    assert cookie_value(refused, "pc_session") is None and not users_with("dave@acme.example.com")


def test_an_expired_id_token_is_refused(api, provider_admin, real_time):
    short_lived = _provider(id_token_ttl=60)
    try:
        org = make_org(api)
        configure(api, org, short_lived.issuer)
        answer = sign_in_at_provider(api, "dave@acme.example.com", "dave-pw")
        real_time.advance(minutes=3)  # the token lived 60 s (+30 s leeway); the sign-in 10 min
        refused = callback(api, answer)
        assert refused.status == 400 and b"The ID token has expired" in refused.body
        assert cookie_value(refused, "pc_session") is None and not users_with(
            "dave@acme.example.com"
        )
    finally:
        short_lived.stop()


def test_the_provider_refusing_is_a_page_not_a_session(api, provider_admin, idp):
    org = make_org(api)
    configure(api, org, idp.issuer)
    answer = sign_in_at_provider(api, "dave@acme.example.com", "dave-pw")
    wrong_code = callback(api, answer, answer.path(code="not-a-code"))
    assert wrong_code.status == 400 and b"did not accept the authorization code" in wrong_code.body
    started = start(api, "dave@acme.example.com")
    state = cookie_value(started, "pc_sso_state")
    denied = callback(
        api,
        Answer({"state": state, "error": "access_denied", "error_description": "no"}, state),
    )
    assert denied.status == 400 and b"access_denied" in denied.body


# --- enforce and break-glass -----------------------------------------------------------------


def test_enforce_refuses_passwords_but_for_admins_with_a_second_factor(
    api, provider_admin, idp, real_time
):
    org = make_org(api)
    staff_email = make_member(api, org, "staff", email="bob@acme.example.com")["email"]
    admin_email = make_member(api, org, "admin")["email"]
    factor_admin_email = make_member(api, org, "admin")["email"]
    secret, _ = enrol(api, api.login(factor_admin_email))
    configure(api, org, idp.issuer, enforce=True, domains=["acme.example.com", "example.com"])

    refused = login(api, staff_email)
    assert refused.status == 403 and refused.json["code"] == "sso_required"
    assert "Sign in with SSO" in refused.json["message"]
    assert login(api, admin_email).json["code"] == "sso_required"  # no second factor
    wrong = login(api, staff_email, "wrong-" + PASSWORD)
    assert wrong.status == 401  # a wrong password learns nothing about single sign-on

    # break-glass: an admin with a second factor, password and code
    real_time.advance(seconds=30)  # the enrolment used this time step's code
    ticket = login(api, factor_admin_email)
    assert ticket.status == 200 and ticket.json["mfaRequired"] is True
    session = second_step(api, ticket.json["mfaToken"], code=now_code(secret))
    assert session.status == 200, session.json
    glass = [e for e in AuditEventItem.scan() if e.action == "auth.sso_break_glass"]
    assert [e.actor_label for e in glass] == [factor_admin_email]

    # single sign-on still works for the staff member
    bob = callback(api, sign_in_at_provider(api, "bob@acme.example.com", "bob-pw"))
    assert bob.status == 200
    # lifting "enforce" gives passwords back
    configure(api, org, idp.issuer, enforce=False, domains=["acme.example.com", "example.com"])
    assert login(api, staff_email).status == 200


# --- the console's own pages -----------------------------------------------------------------


def post_form(api, path: str, form: dict, **headers: str):
    return api.client.http.request(
        "POST",
        path,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Host": HOST,
            "Origin": f"http://{HOST}",
            **headers,
        },
        body=urlencode(form).encode(),
    )


def test_the_login_pages_sign_in_with_sso_form(api, provider_admin, idp):
    login_page = api.get("/console/login", token=None, headers={"Host": HOST})
    assert b"/console/login/sso" in login_page.body
    form = api.get("/console/login/sso", token=None, headers={"Host": HOST})
    assert form.status == 200 and b'name="email"' in form.body
    refused = post_form(api, "/console/login/sso", {"email": "ann@unknown.example.com"})
    assert refused.status_code == 400
    body = refused.body.decode()
    assert 'value="ann@unknown.example.com"' in body  # what was typed stays
    assert 'id="sso-email-error"' in body and "No organization signs in" in body
    org = make_org(api)
    configure(api, org, idp.issuer)
    going = post_form(api, "/console/login/sso", {"email": "alice@acme.example.com"})
    assert going.status_code == 200
    page = going.body.decode()
    assert f'http-equiv="refresh" content="0;url={idp.issuer}/auth?' in page
    cookies = going.headers["Set-Cookie"]
    assert "pc_sso_state=" in cookies and "SameSite=Lax" in cookies
    # a form sent from another site is refused
    forged = post_form(
        api, "/console/login/sso", {"email": "alice@acme.example.com"}, Origin="https://evil.test"
    )
    assert forged.status_code == 403


def test_enforce_refuses_a_passkey_alone_but_for_an_admin(api, provider_admin):
    """Signing in with a passkey alone is not the identity provider either: under "enforce"
    only the break-glass admins (a passkey is a second factor) may."""
    from tests.api.test_passkeys import login_options, passwordless, register
    from tests.api.webauthn_soft import SoftAuthenticator

    org = make_org(api)
    staff_email = make_member(api, org, "staff")["email"]
    admin_email = make_member(api, org, "admin")["email"]
    staff_device, admin_device = SoftAuthenticator(), SoftAuthenticator()
    register(api, staff_device, "Staff laptop", token=api.login(staff_email))
    register(api, admin_device, "Admin laptop", token=api.login(admin_email))
    configure(api, org, "https://login.acme.example.com", enforce=True)

    refused = passwordless(api, staff_device.get(login_options(api)))
    assert refused.status == 403 and refused.json["code"] == "sso_required"
    admitted = passwordless(api, admin_device.get(login_options(api)))
    assert admitted.status == 200, admitted.json
    glass = [e for e in AuditEventItem.scan() if e.action == "auth.sso_break_glass"]
    assert [e.actor_label for e in glass] == [admin_email]
