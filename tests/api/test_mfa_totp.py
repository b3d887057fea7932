"""TOTP second factor: enrolment, recovery codes, login's second step, replay, lockout."""

from __future__ import annotations

import pyotp

from chalicelib import clock as clock_module
from chalicelib.store.models import AuditEventItem, UserItem
from tests.api.conftest import ADMIN_EMAIL, PASSWORD
from tests.api.helpers import make_member, make_org


def now_code(secret: str, offset_steps: int = 0) -> str:
    moment = clock_module.now().timestamp() + 30 * offset_steps
    return pyotp.TOTP(secret).at(moment)


def enrol(api, token: str) -> tuple[str, list[str]]:
    started = api.post("/v1/me/mfa/totp", token=token)
    assert started.status == 201, started.json
    secret = started.json["secret"]
    confirmed = api.post("/v1/me/mfa/totp/confirm", {"code": now_code(secret)}, token=token)
    assert confirmed.status == 200, confirmed.json
    return secret, confirmed.json["recoveryCodes"]


def login(api, email, password=PASSWORD):
    return api.post("/v1/auth/login", {"email": email, "password": password}, token=None)


def second_step(api, mfa_token, **answer):
    return api.post("/v1/auth/mfa", {"mfaToken": mfa_token, **answer}, token=None)


def test_enrolment_answers_secret_uri_and_ten_recovery_codes_once(api, provider_admin, clock):
    started = api.post("/v1/me/mfa/totp")
    assert started.status == 201
    secret = started.json["secret"]
    uri = started.json["otpauthUri"]
    assert uri.startswith("otpauth://totp/Partner%20Console:root@provider.test?secret=" + secret)
    assert "digits=6" in uri and "period=30" in uri
    wrong = api.post("/v1/me/mfa/totp/confirm", {"code": "000000"})
    assert wrong.status == 400 and wrong.json["details"][0]["field"] == "code"
    confirmed = api.post("/v1/me/mfa/totp/confirm", {"code": now_code(secret)})
    assert confirmed.status == 200
    codes = confirmed.json["recoveryCodes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    again = api.post("/v1/me/mfa/totp/confirm", {"code": now_code(secret, 1)})
    assert again.status == 409 and again.json["code"] == "totp_already_enabled"
    assert api.post("/v1/me/mfa/totp").status == 409
    status = api.get("/v1/me/mfa").json
    assert status == {
        "methods": ["totp", "recovery_code"],
        "totp": True,
        "recoveryCodesLeft": 10,
        "passkeys": 0,
    }
    # at rest: neither the secret nor a recovery code in clear
    stored = str(UserItem.get(api.get("/v1/me").json["user"]["id"]).attribute_values)
    assert secret not in stored and not any(c in stored for c in codes)
    assert "v1." in stored
    actions = [e.action for e in AuditEventItem.scan()]
    assert "member.mfa_enable" in actions


def test_confirm_needs_a_started_enrolment_that_is_recent(api, provider_admin, clock):
    reply = api.post("/v1/me/mfa/totp/confirm", {"code": "123456"})
    assert reply.status == 409 and reply.json["code"] == "totp_not_started"
    secret = api.post("/v1/me/mfa/totp").json["secret"]
    clock.advance(minutes=16)
    reply = api.post("/v1/me/mfa/totp/confirm", {"code": now_code(secret)})
    assert reply.status == 409 and reply.json["code"] == "totp_not_started"


def test_login_with_a_second_factor_gives_a_ticket_then_a_session(api, provider_admin, clock):
    secret, _codes = enrol(api, provider_admin)
    first = login(api, ADMIN_EMAIL)
    assert first.status == 200
    body = first.json
    assert body["mfaRequired"] is True and body["methods"] == ["totp", "recovery_code"]
    assert "token" not in body
    ticket = body["mfaToken"]
    assert api.get("/v1/me", token=ticket).status == 401, "a ticket is not a session"
    clock.advance(seconds=30)
    done = second_step(api, ticket, code=now_code(secret))
    assert done.status == 200, done.json
    assert api.get("/v1/me", token=done.json["token"]).status == 200
    again = second_step(api, ticket, code=now_code(secret, 1))
    assert again.status == 401 and again.json["code"] == "invalid_mfa_token", "single use"


def test_a_code_is_accepted_once_and_drift_is_one_step(api, provider_admin, clock):
    secret, _ = enrol(api, provider_admin)
    clock.advance(minutes=2)
    ticket = login(api, ADMIN_EMAIL).json["mfaToken"]
    code = now_code(secret)
    assert second_step(api, ticket, code=code).status == 200
    ticket = login(api, ADMIN_EMAIL).json["mfaToken"]
    replay = second_step(api, ticket, code=code)
    assert replay.status == 401 and replay.json["code"] == "invalid_mfa_code"
    assert second_step(api, ticket, code=now_code(secret, -1)).status == 401, "older step"
    assert second_step(api, ticket, code=now_code(secret, 2)).status == 401, "two steps ahead"
    assert second_step(api, ticket, code=now_code(secret, 1)).status == 200, "one step ahead"


def test_ticket_is_short_lived_and_bound_to_the_address(api, provider_admin, clock):
    secret, _ = enrol(api, provider_admin)
    ticket = login(api, ADMIN_EMAIL).json["mfaToken"]
    clock.advance(minutes=5, seconds=1)
    clock.advance(seconds=30)
    late = second_step(api, ticket, code=now_code(secret))
    assert late.status == 401 and late.json["code"] == "invalid_mfa_token"
    from chalicelib.store.models import MfaTicketItem

    ticket = login(api, ADMIN_EMAIL).json["mfaToken"]
    for item in MfaTicketItem.scan():
        item.update(actions=[MfaTicketItem.source_ip.set("203.0.113.9")])
    moved = second_step(api, ticket, code=now_code(secret, 1))
    assert moved.status == 401 and moved.json["code"] == "invalid_mfa_token"
    assert second_step(api, "pcm_forged", code="123456").json["code"] == "invalid_mfa_token"


def test_recovery_codes_work_once(api, provider_admin, clock):
    _secret, codes = enrol(api, provider_admin)
    ticket = login(api, ADMIN_EMAIL).json["mfaToken"]
    used = codes[3].upper().replace("-", " ")
    assert second_step(api, ticket, recoveryCode=used).status == 200
    ticket = login(api, ADMIN_EMAIL).json["mfaToken"]
    again = second_step(api, ticket, recoveryCode=codes[3])
    assert again.status == 401 and again.json["code"] == "invalid_mfa_code"
    token = second_step(api, ticket, recoveryCode=codes[4]).json["token"]
    assert api.get("/v1/me/mfa", token=token).json["recoveryCodesLeft"] == 8


def test_second_step_body_needs_exactly_one_answer(api, provider_admin):
    reply = second_step(api, "pcm_x", code="123456", recoveryCode="abcde-fghij")
    assert reply.status == 400
    assert second_step(api, "pcm_x").status == 400


def test_wrong_codes_count_toward_the_password_lockout(api, provider_admin, clock):
    secret, _ = enrol(api, provider_admin)
    ticket = login(api, ADMIN_EMAIL).json["mfaToken"]
    statuses = [second_step(api, ticket, code="000000").status for _ in range(6)]
    assert statuses == [401, 401, 401, 401, 429, 429]
    # locked: even the right code (and the right password) is refused now
    assert second_step(api, ticket, code=now_code(secret)).status == 429
    assert login(api, ADMIN_EMAIL).status == 429
    clock.advance(minutes=16)
    ticket = login(api, ADMIN_EMAIL).json["mfaToken"]
    assert second_step(api, ticket, code=now_code(secret)).status == 200


def test_wrong_passwords_and_wrong_codes_share_one_budget(api, provider_admin, clock):
    enrol(api, provider_admin)
    for _ in range(3):
        assert login(api, ADMIN_EMAIL, "Wrong-Passw0rd!").status == 401
    ticket = login(api, ADMIN_EMAIL).json["mfaToken"]
    assert second_step(api, ticket, code="000000").status == 401
    assert second_step(api, ticket, code="000001").status == 429


def test_removing_totp_needs_a_code_or_the_password(api, provider_admin, clock):
    secret, _ = enrol(api, provider_admin)
    assert api.delete("/v1/me/mfa/totp", body={}).status == 400
    wrong = api.delete("/v1/me/mfa/totp", body={"password": "Nope-Passw0rd!"})
    assert wrong.status == 400 and wrong.json["details"][0]["field"] == "password"
    clock.advance(seconds=30)
    assert api.delete("/v1/me/mfa/totp", body={"code": now_code(secret)}).status == 204
    assert api.get("/v1/me/mfa").json["methods"] == []
    assert "token" in login(api, ADMIN_EMAIL).json
    assert api.delete("/v1/me/mfa/totp", body={"password": PASSWORD}).status == 409
    secret, _ = enrol(api, provider_admin)
    assert api.delete("/v1/me/mfa/totp", body={"password": PASSWORD}).status == 204


def test_api_keys_have_no_second_factor_to_manage(api, provider_admin, clock):
    from datetime import timedelta

    expires = (clock_module.now() + timedelta(days=3)).isoformat()
    key = api.post("/v1/api-keys", {"description": "k", "expiresAt": expires}).json["key"]
    assert api.post("/v1/me/mfa/totp", token=key).status == 403
    assert api.get("/v1/me/mfa", token=key).status == 403


def test_factors_are_per_person(api, provider_admin, clock):
    org = make_org(api)
    other = make_member(api, org, "admin")
    enrol(api, provider_admin)
    reply = login(api, other["email"])
    assert "token" in reply.json, "another person's factor does not apply"
