"""Passkeys through the API with a software authenticator: register several named ones, use
one as the second factor or alone, and every refusal the server owes (challenge reuse or
expiry, another origin or RP, a sign count that does not move forward, no user verification,
another person's passkey)."""

from __future__ import annotations

from chalicelib.store.models import AuditEventItem
from tests.api.conftest import ADMIN_EMAIL, PASSWORD
from tests.api.helpers import make_member, make_org
from tests.api.test_mfa_totp import login
from tests.api.webauthn_soft import SoftAuthenticator

LOCAL = {"Host": "localhost:8000"}


def options_for_registration(api, token=None):
    kw = {} if token is None else {"token": token}
    reply = api.post("/v1/me/passkeys/options", headers=LOCAL, **kw)
    assert reply.status == 200, reply.json
    return reply.json


def register(api, device: SoftAuthenticator, name: str, token=None) -> dict:
    kw = {} if token is None else {"token": token}
    options = options_for_registration(api, token)
    body = {"name": name, "credential": device.create(options)}
    reply = api.post("/v1/me/passkeys", body, headers=LOCAL, **kw)
    assert reply.status == 201, reply.json
    return reply.json


def login_options(api, mfa_token=None):
    body = {} if mfa_token is None else {"mfaToken": mfa_token}
    reply = api.post("/v1/auth/passkey/options", body, token=None, headers=LOCAL)
    assert reply.status == 200, reply.json
    return reply.json


def passwordless(api, credential):
    return api.post("/v1/auth/passkey", {"credential": credential}, token=None, headers=LOCAL)


def test_register_several_named_passkeys_list_and_remove(api, provider_admin):
    options = options_for_registration(api)
    assert options["rp"] == {"id": "localhost", "name": "Partner Console"}
    assert options["authenticatorSelection"]["residentKey"] == "required"
    laptop, phone = SoftAuthenticator(), SoftAuthenticator()
    first = register(api, laptop, "Work laptop")
    second = register(api, phone, "Phone")
    listed = api.get("/v1/me/passkeys").json
    assert [p["name"] for p in listed] == ["Work laptop", "Phone"]
    assert api.get("/v1/me/mfa").json["passkeys"] == 2
    again = options_for_registration(api)
    assert {c["id"] for c in again["excludeCredentials"]} == {first["id"], second["id"]}
    assert api.delete(f"/v1/me/passkeys/{second['id']}", body={"password": PASSWORD}).status == 204
    assert [p["name"] for p in api.get("/v1/me/passkeys").json] == ["Work laptop"]
    actions = [e.action for e in AuditEventItem.scan()]
    assert actions.count("member.passkey_add") == 2 and "member.passkey_remove" in actions


def test_registration_refusals(api, provider_admin):
    device = SoftAuthenticator()
    options = options_for_registration(api)
    credential = device.create(options)
    bad_name = api.post("/v1/me/passkeys", {"name": " ", "credential": credential}, headers=LOCAL)
    assert bad_name.status == 400
    other_origin = SoftAuthenticator(origin="http://evil.example:8000")
    reply = api.post(
        "/v1/me/passkeys",
        {"name": "x", "credential": other_origin.create(options_for_registration(api))},
        headers=LOCAL,
    )
    assert reply.status == 400 and reply.json["details"][0]["field"] == "credential"
    ok = api.post("/v1/me/passkeys", {"name": "Key", "credential": credential}, headers=LOCAL)
    assert ok.status == 201
    reused = api.post("/v1/me/passkeys", {"name": "Key", "credential": credential}, headers=LOCAL)
    assert reused.status == 400 and reused.json["code"] == "passkey_challenge_invalid"
    # an IP address cannot be a WebAuthn relying party: the local stack says where to go
    by_ip = api.post("/v1/me/passkeys/options", headers={"Host": "127.0.0.1:8000"})
    assert by_ip.status == 400 and "localhost" in by_ip.json["message"]


def test_a_challenge_expires(api, provider_admin, clock):
    options = options_for_registration(api)
    clock.advance(minutes=6)
    reply = api.post(
        "/v1/me/passkeys",
        {"name": "Late", "credential": SoftAuthenticator().create(options)},
        headers=LOCAL,
    )
    assert reply.status == 400 and reply.json["code"] == "passkey_challenge_invalid"


def test_a_passkey_as_the_second_factor(api, provider_admin):
    device = SoftAuthenticator()
    register(api, device, "Laptop")
    first = login(api, ADMIN_EMAIL).json
    assert first["mfaRequired"] and first["methods"] == ["passkey"]
    options = login_options(api, first["mfaToken"])
    registered = api.get("/v1/me/passkeys").json[0]["id"]
    assert [c["id"] for c in options["allowCredentials"]] == [registered]
    credential = device.get(options, user_verified=False)
    done = api.post(
        "/v1/auth/mfa",
        {"mfaToken": first["mfaToken"], "credential": credential},
        token=None,
        headers=LOCAL,
    )
    assert done.status == 200, done.json
    listed = api.get("/v1/me/passkeys", token=done.json["token"]).json
    assert listed[0]["lastUsedAt"] is not None


def test_a_second_factor_assertion_works_once(api, provider_admin):
    device = SoftAuthenticator()
    register(api, device, "Laptop")
    ticket = login(api, ADMIN_EMAIL).json["mfaToken"]
    credential = device.get(login_options(api, ticket))
    wrong_origin = device.get(login_options(api, ticket), origin="http://localhost:9999")
    answer = {"mfaToken": ticket, "credential": wrong_origin}
    refused = api.post("/v1/auth/mfa", answer, token=None, headers=LOCAL)
    assert refused.status == 401 and refused.json["code"] == "invalid_mfa_code"
    answer = {"mfaToken": ticket, "credential": credential}
    stale = api.post("/v1/auth/mfa", answer, token=None, headers=LOCAL)
    assert stale.status == 401, "its challenge was replaced by the next options call"


def test_sign_in_with_a_passkey_alone(api, provider_admin):
    device = SoftAuthenticator()
    register(api, device, "Laptop")
    options = login_options(api)
    assert options["userVerification"] == "required" and options.get("allowCredentials") == []
    credential = device.get(options)
    reply = passwordless(api, credential)
    assert reply.status == 200, reply.json
    assert api.get("/v1/me", token=reply.json["token"]).json["user"]["email"] == ADMIN_EMAIL
    replay = passwordless(api, credential)
    assert replay.status == 401 and replay.json["code"] == "passkey_challenge_invalid"


def test_passwordless_refusals(api, provider_admin):
    device = SoftAuthenticator()
    register(api, device, "Laptop")
    no_uv = passwordless(api, device.get(login_options(api), user_verified=False))
    assert no_uv.status == 401 and no_uv.json["code"] == "invalid_passkey"
    # a sign count that does not move forward (a cloned authenticator) is refused
    assert passwordless(api, device.get(login_options(api))).status == 200
    cloned = passwordless(api, device.get(login_options(api), count_step=0))
    assert cloned.status == 401
    other_rp = passwordless(api, device.get(login_options(api), rp_id="evil.example"))
    assert other_rp.status == 401
    stranger = SoftAuthenticator()
    stranger.user_handle = device.user_handle
    assert passwordless(api, stranger.get(login_options(api))).status == 401
    malformed = passwordless(api, {"id": "x"})
    assert malformed.status == 400


def test_passkeys_are_per_person_and_invisible_to_others(api, provider_admin):
    device = SoftAuthenticator()
    mine = register(api, device, "Laptop")
    org = make_org(api)
    other = api.login(make_member(api, org, "admin")["email"])
    assert api.get("/v1/me/passkeys", token=other).json == []
    gone = api.delete(f"/v1/me/passkeys/{mine['id']}", body={"password": PASSWORD}, token=other)
    assert gone.status == 404
    # someone else's passkey does not complete my second step
    ticket = login(api, ADMIN_EMAIL).json["mfaToken"]
    theirs = SoftAuthenticator()
    register(api, theirs, "Theirs", token=other)
    credential = theirs.get(login_options(api, ticket))
    reply = api.post(
        "/v1/auth/mfa", {"mfaToken": ticket, "credential": credential}, token=None, headers=LOCAL
    )
    assert reply.status == 401


def test_an_admin_reset_removes_passkeys_too(api, provider_admin):
    org = make_org(api)
    admin = api.login(make_member(api, org, "admin")["email"])
    member = make_member(api, org, "staff")
    token = api.login(member["email"])
    register(api, SoftAuthenticator(), "Laptop", token=token)
    listed = {m["email"]: m for m in api.get("/v1/team-members", token=admin).json}
    assert listed[member["email"]]["secondFactors"] == ["passkey"]
    assert api.delete(f"/v1/team-members/{member['id']}/mfa", token=admin).status == 204
    fresh = api.login(member["email"])
    assert api.get("/v1/me/passkeys", token=fresh).json == []


def test_removing_a_passkey_needs_a_code_or_the_password(api, provider_admin):
    """Like removing the authenticator app: the session alone is not enough (a borrowed laptop
    must not let someone strip the owner's passkeys); wrong answers count toward the lockout."""
    from tests.api.test_mfa_totp import enrol, now_code

    laptop = register(api, SoftAuthenticator(), "Laptop")
    path = f"/v1/me/passkeys/{laptop['id']}"
    missing = api.delete(path, body={})
    assert missing.status == 400 and missing.json["details"][0]["field"] == "password"
    assert api.delete(path).status == 400, "no body: nothing is removed"
    wrong = api.delete(path, body={"password": "Not-The-Passw0rd!"})
    assert wrong.status == 400 and "the passkey 'Laptop' was kept" in wrong.json["message"]
    assert [p["name"] for p in api.get("/v1/me/passkeys").json] == ["Laptop"]
    assert api.delete(path, body={"password": PASSWORD}).status == 204
    assert api.get("/v1/me/passkeys").json == []

    # with an authenticator app, a current code also confirms it (and a used code does not)
    phone = register(api, SoftAuthenticator(), "Phone")
    secret, _codes = enrol(api, provider_admin)
    path = f"/v1/me/passkeys/{phone['id']}"
    code = now_code(secret, 1)  # the current step was used to confirm the enrolment
    bad = api.delete(path, body={"code": "000000"})
    assert bad.status == 400 and bad.json["details"][0]["field"] == "code"
    assert api.delete(path, body={"code": code}).status == 204
    assert [e.action for e in AuditEventItem.scan()].count("member.passkey_remove") == 2


def test_wrong_passwords_for_a_passkey_removal_share_the_login_lockout(api, provider_admin):
    laptop = register(api, SoftAuthenticator(), "Laptop")
    path = f"/v1/me/passkeys/{laptop['id']}"
    statuses = [
        api.delete(path, body={"password": f"Wrong-{i}-Passw0rd!"}).status for i in range(5)
    ]
    assert statuses == [400, 400, 400, 400, 429], "the fifth wrong answer locks, as at login"
    assert api.delete(path, body={"password": PASSWORD}).status == 429, "locked out"
    assert [p["name"] for p in api.get("/v1/me/passkeys").json] == ["Laptop"]


def test_the_security_page_asks_for_the_password_to_remove_a_passkey(api, provider_admin):
    import re

    from tests.api.test_console import cookies_of, post_form

    signed_in = post_form(api, "/console/login", f"email={ADMIN_EMAIL}&password={PASSWORD}")
    cookie = cookies_of(signed_in)["pc_session"].split(";")[0]
    laptop = register(api, SoftAuthenticator(), "Laptop", token=cookie.split("=", 1)[1])
    page = api.client.http.get("/console/profile/security", headers={"Cookie": cookie})
    html = page.body.decode()
    assert "Remove passkey Laptop" in html and f"passkey-delete-{laptop['id']}-password" in html
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)
    path = f"/console/profile/security/passkeys/{laptop['id']}/delete"
    refused = post_form(api, path, f"csrf={csrf}&password=Not-The-Passw0rd!", cookie)
    body = refused.body.decode()
    assert refused.status_code == 400 and "was kept" in body
    assert f'id="passkey-delete-{laptop["id"]}-password-error"' in body
    assert post_form(api, path, f"csrf={csrf}&password={PASSWORD}", cookie).status_code == 303
    assert api.get("/v1/me/passkeys").json == []
