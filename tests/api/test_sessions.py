"""Logging in and out, session lifetime, brute-force lockout, passwords."""

from __future__ import annotations

from datetime import timedelta

from chalicelib import clock as clock_module
from chalicelib.store.models import OutboxItem, SessionItem
from tests.api.conftest import ADMIN_EMAIL, PASSWORD
from tests.api.helpers import make_member, make_org


def login(api, email, password=PASSWORD):
    return api.post("/v1/auth/login", {"email": email, "password": password}, token=None)


def test_login_returns_an_opaque_token_that_is_stored_only_as_a_hash(api, provider_admin):
    reply = login(api, ADMIN_EMAIL.upper())
    assert reply.status == 200
    body = reply.json
    token = body["token"]
    assert body["user"]["email"] == ADMIN_EMAIL and body["user"]["role"] == "admin"
    assert body["idleTimeoutMinutes"] == 30
    expires = clock_module.parse_iso(body["expiresAt"]) - clock_module.now()
    assert timedelta(days=29, hours=23) < expires <= timedelta(days=30)
    stored = [s.attribute_values for s in SessionItem.scan()]
    assert stored and all(
        token not in str(s) and token.split("_", 2)[2] not in str(s) for s in stored
    )
    me = api.get("/v1/me", token=token).json
    assert me["authenticatedWith"] == "session"
    assert me["organization"]["type"] == "provider"
    assert me["user"]["email"] == ADMIN_EMAIL


def test_wrong_password_and_unknown_email_get_the_same_answer(api, provider_admin):
    wrong = login(api, ADMIN_EMAIL, "Nope-Passw0rd!")
    unknown = login(api, "nobody@example.com")
    assert wrong.status == unknown.status == 401
    assert wrong.json == unknown.json
    assert wrong.json["code"] == "invalid_credentials"


def test_logout_revokes_the_session_at_once(api, provider_admin):
    token = api.login(ADMIN_EMAIL)
    assert api.post("/v1/auth/logout", token=token).status == 204
    reply = api.get("/v1/me", token=token)
    assert reply.status == 401 and reply.json["code"] == "invalid_session"
    assert api.get("/v1/me").status == 200, "other sessions are untouched"


def test_idle_timeout_and_activity(api, provider_admin, clock):
    token = api.login(ADMIN_EMAIL)
    for _ in range(4):
        clock.advance(minutes=20)
        assert api.get("/v1/me", token=token).status == 200, "activity keeps the session"
    clock.advance(minutes=31)
    reply = api.get("/v1/me", token=token)
    assert reply.status == 401
    assert reply.json["code"] == "session_expired"
    assert "30 minutes" in reply.json["message"]


def test_absolute_lifetime(api, provider_admin, clock, monkeypatch):
    monkeypatch.setenv("SESSION_IDLE_MINUTES", str(60 * 24 * 40))
    monkeypatch.setenv("SESSION_LIFETIME_DAYS", "2")
    token = api.login(ADMIN_EMAIL)
    clock.advance(days=1, hours=23)
    assert api.get("/v1/me", token=token).status == 200
    clock.advance(hours=2)
    reply = api.get("/v1/me", token=token)
    assert (reply.status, reply.json["code"]) == (401, "session_expired")


def test_repeated_failures_lock_the_pair_and_notify_the_user(api, provider_admin, clock):
    for _ in range(4):
        assert login(api, ADMIN_EMAIL, "Wrong-Passw0rd!").status == 401
    fifth = login(api, ADMIN_EMAIL, "Wrong-Passw0rd!")
    assert fifth.status == 429
    assert fifth.json["code"] == "too_many_requests"
    assert int(fifth.header("Retry-After")) == 15 * 60
    locked = login(api, ADMIN_EMAIL)
    assert locked.status == 429, "even the right password is refused while locked"
    assert 0 < int(locked.header("Retry-After")) <= 15 * 60
    notes = [n for n in OutboxItem.scan() if n.kind == "login_lockout"]
    assert len(notes) == 1
    assert notes[0].recipient == ADMIN_EMAIL
    assert "127.0.0.1" in notes[0].body and "Wrong-Passw0rd" not in notes[0].body
    assert notes[0].status == "pending"  # recorded; the notification worker sends it
    from tests.api.notification_helpers import run_worker

    assert run_worker(api) == ["sent"]
    notes[0].refresh()
    assert notes[0].status == "sent"
    (lockout,) = api.get("/v1/audit-events?action=auth.lockout", token=provider_admin).json
    assert lockout["actor"]["type"] == "system" and lockout["after"]["sourceIp"] == "127.0.0.1"
    assert lockout["requestId"] == fifth.header("X-Request-Id")
    clock.advance(minutes=16)
    assert login(api, ADMIN_EMAIL).status == 200


def test_lockout_is_per_email(api, provider_admin):
    for _ in range(5):
        login(api, "ghost@example.com", "Wrong-Passw0rd!")
    assert login(api, "ghost@example.com", "Wrong-Passw0rd!").status == 429
    assert login(api, ADMIN_EMAIL).status == 200
    assert not [n for n in OutboxItem.scan() if n.recipient == "ghost@example.com"]


def test_changing_my_password_keeps_this_session_and_ends_the_others(api, provider_admin):
    other = api.login(ADMIN_EMAIL)
    new = "Another-Passw0rd!"
    wrong = api.post("/v1/me/password", {"currentPassword": "nope", "newPassword": new})
    assert wrong.status == 400 and wrong.json["details"][0]["field"] == "currentPassword"
    weak = api.post("/v1/me/password", {"currentPassword": PASSWORD, "newPassword": "password1"})
    assert weak.status == 400 and weak.json["code"] == "weak_password"
    assert "most commonly used" in weak.json["message"]
    same = api.post("/v1/me/password", {"currentPassword": PASSWORD, "newPassword": PASSWORD})
    assert same.status == 400
    ok = api.post("/v1/me/password", {"currentPassword": PASSWORD, "newPassword": new})
    assert ok.status == 204
    assert api.get("/v1/me").status == 200
    assert api.get("/v1/me", token=other).status == 401
    assert login(api, ADMIN_EMAIL).status == 401
    assert login(api, ADMIN_EMAIL, new).status == 200


def test_admin_reset_password_and_role_change_take_effect_immediately(api, provider_admin):
    org = make_org(api)
    member = make_member(api, org, "admin")
    token = api.login(member["email"])
    assert api.get("/v1/team-members", token=token).status == 200
    path = f"/v1/organizations/{org}/members/{member['id']}"
    assert api.patch(path, {"role": "viewer"}).json["role"] == "viewer"
    blocked = api.post(
        "/v1/team-members",
        {"email": "x@example.com", "password": PASSWORD, "role": "viewer"},
        token=token,
    )
    assert blocked.status == 403, "the old session now acts as a viewer"
    assert api.patch(path, {"password": "Reset-Passw0rd!"}).status == 200
    assert api.get("/v1/me", token=token).status == 401, "a reset ends every session"
    assert api.login(member["email"], "Reset-Passw0rd!")


def test_deleted_users_sessions_stop_working(api, provider_admin):
    org = make_org(api)
    member = make_member(api, org, "staff")
    token = api.login(member["email"])
    assert api.delete(f"/v1/organizations/{org}/members/{member['id']}").status == 204
    assert api.get("/v1/me", token=token).status == 401
    assert login(api, member["email"]).status == 401
