"""'Forgot password?': the same answer whether the email exists, rate-limited, a single-use
link valid one hour (stored hashed) sent through the outbox, ending every session when used."""

from __future__ import annotations

import re

from chalicelib.store.models import AuditEventItem, OutboxItem, SignInLinkItem
from tests.api.conftest import ADMIN_EMAIL
from tests.api.test_mfa_totp import login

NEW = "Brand-New-Passw0rd!"


def ask(api, email):
    return api.post(
        "/v1/auth/password-reset", {"email": email}, token=None, headers={"Host": "localhost:8000"}
    )


def link_token() -> str:
    (mail,) = [m for m in OutboxItem.scan() if m.kind == "password_reset"]
    match = re.search(r"http://localhost:8000/console/reset-password\?token=(\S+)", mail.body)
    assert match, mail.body
    return match.group(1)


def confirm(api, token, password=NEW):
    return api.post(
        "/v1/auth/password-reset/confirm", {"token": token, "password": password}, token=None
    )


def test_same_answer_whether_the_email_exists(api, provider_admin):
    known, unknown = ask(api, ADMIN_EMAIL), ask(api, "nobody@example.com")
    assert known.status == unknown.status == 202
    assert known.json == unknown.json
    mails = [m for m in OutboxItem.scan() if m.kind == "password_reset"]
    assert [m.recipient for m in mails] == [ADMIN_EMAIL]
    token = link_token()
    stored = [i.attribute_values for i in SignInLinkItem.scan() if i.id.startswith("link#")]
    assert len(stored) == 1 and token not in str(stored), "only a keyed hash is stored"


def test_the_link_sets_the_password_once_and_ends_every_session(api, provider_admin):
    other_session = api.login(ADMIN_EMAIL)
    assert ask(api, ADMIN_EMAIL).status == 202
    token = link_token()
    weak = confirm(api, token, "password")
    assert weak.status == 400 and weak.json["details"][0]["field"] == "password"
    assert confirm(api, token).status == 204
    for session in (provider_admin, other_session):
        assert api.get("/v1/me", token=session).status == 401
    assert login(api, ADMIN_EMAIL, NEW).status == 200
    again = confirm(api, token, "Another-Passw0rd!")
    assert again.status == 400 and again.json["code"] == "invalid_link"
    assert [e for e in AuditEventItem.scan() if e.action == "member.password_reset"]


def test_the_link_expires_after_an_hour(api, provider_admin, clock):
    ask(api, ADMIN_EMAIL)
    clock.advance(minutes=61)
    reply = confirm(api, link_token())
    assert reply.status == 400 and reply.json["code"] == "invalid_link"
    assert confirm(api, "forged-token").json["code"] == "invalid_link"


def test_requests_are_rate_limited_per_email_and_address(api, provider_admin, clock):
    statuses = [ask(api, ADMIN_EMAIL).status for _ in range(4)]
    assert statuses == [202, 202, 202, 429]
    assert [ask(api, "nobody@example.com").status for _ in range(4)] == [202, 202, 202, 429]
    assert len([m for m in OutboxItem.scan() if m.kind == "password_reset"]) == 3
    clock.advance(minutes=31)
    assert ask(api, ADMIN_EMAIL).status == 202


def test_the_console_pages_walk_through_a_reset(api, provider_admin):
    from tests.api.test_console import post_form

    page = api.client.http.get("/console/login").body.decode()
    assert 'href="/console/forgot-password"' in page
    sent = post_form(api, "/console/forgot-password", f"email={ADMIN_EMAIL}")
    assert sent.status_code == 200 and "is on its way" in sent.body.decode()
    token = re.search(r"token=(\S+)", link_token_mail().body).group(1)
    form = api.client.http.get(f"/console/reset-password?token={token}").body.decode()
    assert ADMIN_EMAIL in form and 'name="token"' in form
    weak = post_form(api, "/console/reset-password", f"token={token}&password=short")
    assert weak.status_code == 400 and 'aria-invalid="true"' in weak.body.decode()
    done = post_form(api, "/console/reset-password", f"token={token}&password={NEW}")
    assert done.status_code == 303 and done.headers["Location"] == "/console/login"
    used = api.client.http.get(f"/console/reset-password?token={token}")
    assert used.status_code == 400 and "Ask for a new link" in used.body.decode()


def link_token_mail():
    (mail,) = [m for m in OutboxItem.scan() if m.kind == "password_reset"]
    return mail
