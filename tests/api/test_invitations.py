"""Invitations: a member added without a password gets a single-use link (7 days, stored only as
a keyed hash, written with its e-mail in one transaction) to choose their own; it can be re-sent
(the old link stops working) or revoked (the invited member is removed); other organizations
can neither see nor touch it."""

from __future__ import annotations

import re

from chalicelib.store.models import AuditEventItem, OutboxItem, SignInLinkItem, UserItem
from tests.api.conftest import ADMIN_EMAIL, PASSWORD
from tests.api.helpers import make_member, make_org, member_token, unique_email
from tests.api.test_mfa_totp import enrol, login

CHOSEN = "Chosen-By-Me-42!"
HOST = {"Host": "localhost:8000"}


def invite(api, path, email, role="staff", token="default"):
    body = {"email": email, "name": "Invited person", "role": role, "invite": True}
    return api.post(path, body, token=token, headers=HOST)


def invitation_tokens(email: str) -> list[str]:
    """The tokens of the invitations e-mailed to ``email``, oldest first."""
    mails = sorted(
        (m for m in OutboxItem.scan() if m.kind == "invitation" and m.recipient == email),
        key=lambda m: m.created_at,
    )
    found = []
    for mail in mails:
        match = re.search(
            r"http://localhost(?::8000)?/console/accept-invitation\?token=(\S+)", mail.body
        )
        assert match, mail.body
        found.append(match.group(1))
    return found


def accept(api, token, password=CHOSEN):
    return api.post(
        "/v1/auth/invitation/accept", {"token": token, "password": password}, token=None
    )


def test_an_invited_member_chooses_their_password_once(api, provider_admin):
    dist = make_org(api, "Invitee GmbH")
    email = unique_email("invitee")
    reply = invite(api, f"/v1/organizations/{dist}/members", email, role="admin")
    assert reply.status == 201, reply.json
    member = reply.json
    assert member["status"] == "invited" and member["invitationExpiresAt"]
    assert "password" not in member
    listed = api.get(f"/v1/organizations/{dist}/members").json
    assert [(m["email"], m["status"]) for m in listed] == [(email, "invited")]

    (token,) = invitation_tokens(email)
    mail = next(m for m in OutboxItem.scan() if m.kind == "invitation")
    assert "Invitee GmbH" in mail.subject and "7 days" in mail.body
    links = [i.attribute_values for i in SignInLinkItem.scan() if i.id.startswith("link#")]
    assert len(links) == 1 and token not in str(links), "only a keyed hash is stored"
    assert links[0]["purpose"] == "invite"

    # not before accepting: no password works, and "Forgot password?" sends nothing
    assert login(api, email, PASSWORD).status == 401
    api.post("/v1/auth/password-reset", {"email": email}, token=None, headers=HOST)
    assert not [m for m in OutboxItem.scan() if m.kind == "password_reset"]

    weak = accept(api, token, "password")
    assert weak.status == 400 and weak.json["details"][0]["field"] == "password"
    assert accept(api, token).status == 204
    assert login(api, email, CHOSEN).status == 200
    listed = api.get(f"/v1/organizations/{dist}/members").json
    assert listed[0]["status"] == "active" and listed[0]["invitationExpiresAt"] is None

    again = accept(api, token, "Another-Passw0rd!")
    assert again.status == 400 and again.json["code"] == "invalid_link"
    actions = {e.action for e in AuditEventItem.scan() if e.target_id == member["id"]}
    assert {"member.invite", "member.invitation_accept"} <= actions


def test_the_invitation_expires_after_seven_days(api, provider_admin, clock):
    email = unique_email("late")
    assert invite(api, "/v1/team-members", email).status == 201
    (token,) = invitation_tokens(email)
    clock.advance(days=7, seconds=1)
    fresh = api.login(ADMIN_EMAIL)
    (listed,) = [m for m in api.get("/v1/team-members", token=fresh).json if m["email"] == email]
    assert listed["status"] == "invitation_expired"
    late = accept(api, token)
    assert late.status == 400 and late.json["code"] == "invalid_link"
    assert "send it again" in late.json["message"]


def test_a_wrong_token_or_a_reset_token_does_not_accept(api, provider_admin):
    email = unique_email("wrong")
    assert invite(api, "/v1/team-members", email).status == 201
    assert accept(api, "forged-token").json["code"] == "invalid_link"
    # a reset link of another person is a link of the wrong purpose
    other = make_member(api, make_org(api))["email"]
    api.post("/v1/auth/password-reset", {"email": other}, token=None, headers=HOST)
    (mail,) = [m for m in OutboxItem.scan() if m.kind == "password_reset"]
    reset_token = re.search(r"token=(\S+)", mail.body).group(1)
    assert accept(api, reset_token).json["code"] == "invalid_link"
    (token,) = invitation_tokens(email)
    confirm = api.post(
        "/v1/auth/password-reset/confirm", {"token": token, "password": CHOSEN}, token=None
    )
    assert confirm.json["code"] == "invalid_link", "an invitation does not reset a password"


def test_resending_replaces_the_link_and_revoking_removes_the_member(api, provider_admin, clock):
    email = unique_email("again")
    member = invite(api, "/v1/team-members", email).json
    first_expiry = member["invitationExpiresAt"]
    clock.advance(days=6)
    api.default_token = api.login(ADMIN_EMAIL)
    resent = api.post(f"/v1/team-members/{member['id']}/invitation", headers=HOST)
    assert resent.status == 200 and resent.json["invitationExpiresAt"] > first_expiry
    old, new = invitation_tokens(email)
    assert accept(api, old).json["code"] == "invalid_link"
    assert len([i for i in SignInLinkItem.scan() if i.id.startswith("link#")]) == 1

    revoked = api.delete(f"/v1/team-members/{member['id']}/invitation")
    assert revoked.status == 204
    assert accept(api, new).json["code"] == "invalid_link"
    assert email not in [m["email"] for m in api.get("/v1/team-members").json]
    assert not [i for i in SignInLinkItem.scan() if i.id.startswith("link#")]
    # the email is free again: the same person can be invited anew
    assert invite(api, "/v1/team-members", email).status == 201


def test_an_accepted_invitation_cannot_be_resent_or_revoked(api, provider_admin):
    email = unique_email("joined")
    member = invite(api, "/v1/team-members", email).json
    (token,) = invitation_tokens(email)
    assert accept(api, token).status == 204
    resend = api.post(f"/v1/team-members/{member['id']}/invitation", headers=HOST)
    assert resend.status == 409 and resend.json["code"] == "not_invited"
    revoke = api.delete(f"/v1/team-members/{member['id']}/invitation")
    assert revoke.status == 409 and revoke.json["code"] == "not_invited"
    assert api.delete(f"/v1/team-members/{member['id']}").status == 204


def test_password_xor_invitation(api, provider_admin):
    both = {"email": unique_email(), "role": "staff", "invite": True, "password": PASSWORD}
    reply = api.post("/v1/team-members", both)
    assert reply.status == 400 and reply.json["details"][0]["field"] == "password"
    neither = {"email": unique_email(), "role": "staff"}
    reply = api.post("/v1/team-members", neither)
    assert reply.status == 400 and reply.json["details"][0]["field"] == "password"
    # the ICMC operation still requires a password and knows no invitation
    pid = make_org(api, "Direct partner", kind="partner")
    icmc = api.post(
        f"/v1/partner/{pid}/member", {"email": unique_email(), "role": "staff", "invite": True}
    )
    assert icmc.status == 400 and icmc.json["details"][0]["field"] == "password"


def test_an_admin_setting_a_password_ends_the_invitation(api, provider_admin):
    email = unique_email("set")
    member = invite(api, "/v1/team-members", email).json
    (token,) = invitation_tokens(email)
    changed = api.patch(f"/v1/team-members/{member['id']}", {"password": PASSWORD})
    assert changed.status == 200 and changed.json["status"] == "active"
    assert accept(api, token).json["code"] == "invalid_link"
    assert login(api, email, PASSWORD).status == 200


def test_invitation_and_mail_are_one_transaction(api, provider_admin):
    """An email already taken fails the transaction: no link and no e-mail are left behind."""
    taken = make_member(api, make_org(api))["email"]
    reply = invite(api, "/v1/team-members", taken)
    assert reply.status == 409 and reply.json["code"] == "email_taken"
    assert not [m for m in OutboxItem.scan() if m.kind == "invitation"]
    assert not [i for i in SignInLinkItem.scan() if i.id.startswith("link#")]


def test_another_organization_cannot_resend_or_revoke(api, provider_admin):
    dist = make_org(api, "Mine")
    admin = member_token(api, dist)
    email = unique_email("mine")
    member = invite(api, "/v1/team-members", email, token=admin).json
    intruder = member_token(api, make_org(api, "Other"))
    paths = [
        f"/v1/team-members/{member['id']}/invitation",
        f"/v1/organizations/{dist}/members/{member['id']}/invitation",
    ]
    for path in paths:
        assert api.post(path, token=intruder, headers=HOST).status == 404
        assert api.delete(path, token=intruder).status == 404
    assert len(invitation_tokens(email)) == 1
    (token,) = invitation_tokens(email)
    assert accept(api, token).status == 204


def test_required_second_factor_after_accepting(api, provider_admin):
    """The organization requires a second factor: the new person's first session may only enrol
    one, then works fully."""
    dist = make_org(api)
    admin = member_token(api, dist)
    enrol(api, admin)
    assert api.patch(f"/v1/organizations/{dist}", {"requireMfa": True}, token=admin).status == 200
    email = unique_email("mfa")
    assert invite(api, f"/v1/organizations/{dist}/members", email).status == 201
    (token,) = invitation_tokens(email)
    assert accept(api, token).status == 204
    session = login(api, email, CHOSEN).json["token"]
    blocked = api.get("/v1/team-members", token=session)
    assert blocked.status == 403 and blocked.json["code"] == "mfa_enrollment_required"
    enrol(api, session)
    assert api.get("/v1/team-members", token=session).status == 200


def test_the_invited_user_record_holds_no_usable_password(api, provider_admin):
    email = unique_email("nopass")
    member = invite(api, "/v1/team-members", email).json
    user = UserItem.get(member["id"])
    assert user.password_hash.startswith("$argon2id$") and user.invitation_link.startswith("link#")


def test_the_console_invites_resends_revokes_and_accepts(api, provider_admin):
    from urllib.parse import quote

    from tests.api.test_console import cookies_of, post_form

    signed_in = post_form(api, "/console/login", f"email={ADMIN_EMAIL}&password={PASSWORD}")
    cookie = cookies_of(signed_in)["pc_session"].split(";")[0]

    def csrf() -> str:
        page = api.client.http.get("/console/team", headers={"Cookie": cookie}).body.decode()
        return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)

    page = api.client.http.get("/console/team", headers={"Cookie": cookie}).body.decode()
    assert 'value="invite" checked' in page and "Set a password" in page
    email = unique_email("console")
    # refused: "Set a password" with a weak one keeps what was typed, the sentence by the field
    weak = post_form(
        api,
        "/console/team",
        f"csrf={csrf()}&email={quote(email)}&name=Ann&role=staff&access=password&password=short",
        cookie,
    )
    body = weak.body.decode()
    assert weak.status_code == 400 and f'value="{email}"' in body and 'value="Ann"' in body
    assert 'id="member-password-error"' in body and 'value="password" checked' in body
    sent = post_form(
        api,
        "/console/team",
        f"csrf={csrf()}&email={quote(email)}&name=Ann&role=staff&access=invite",
        cookie,
    )
    assert sent.status_code == 303
    page = api.client.http.get("/console/team", headers={"Cookie": cookie}).body.decode()
    assert "invited until" in page and "Send again" in page and "Revoke" in page
    (member,) = [m for m in api.get("/v1/team-members").json if m["email"] == email]
    again = post_form(api, f"/console/team/{member['id']}/invitation", f"csrf={csrf()}", cookie)
    assert again.status_code == 303
    old, token = invitation_tokens(email)

    # the invited person's page: a wrong link, a refused password, then their own password
    wrong = api.client.http.get(f"/console/accept-invitation?token={old}")
    assert wrong.status_code == 400 and "send it again" in wrong.body.decode()
    form = api.client.http.get(f"/console/accept-invitation?token={token}").body.decode()
    assert email in form and 'name="token"' in form and "Welcome, Ann" in form
    refused = post_form(api, "/console/accept-invitation", f"token={token}&password=short")
    assert refused.status_code == 400 and 'aria-invalid="true"' in refused.body.decode()
    done = post_form(api, "/console/accept-invitation", f"token={token}&password={CHOSEN}")
    assert done.status_code == 303 and done.headers["Location"] == "/console/login"
    assert login(api, email, CHOSEN).status == 200
    used = api.client.http.get(f"/console/accept-invitation?token={token}")
    assert used.status_code == 400

    # revoking from the list: another invitee disappears, their link with them
    other = unique_email("revoked")
    post_form(
        api,
        "/console/team",
        f"csrf={csrf()}&email={quote(other)}&role=viewer&access=invite",
        cookie,
    )
    (pending,) = [m for m in api.get("/v1/team-members").json if m["email"] == other]
    gone = post_form(
        api, f"/console/team/{pending['id']}/invitation/revoke", f"csrf={csrf()}", cookie
    )
    assert gone.status_code == 303
    assert other not in [m["email"] for m in api.get("/v1/team-members").json]


def test_console_invitation_actions_are_404_across_organizations(api, provider_admin):
    from tests.api.test_console import cookies_of, post_form

    dist = make_org(api, "Theirs")
    member = invite(api, f"/v1/organizations/{dist}/members", unique_email("theirs")).json
    intruder = make_member(api, make_org(api, "Intruder"))
    signed_in = post_form(api, "/console/login", f"email={intruder['email']}&password={PASSWORD}")
    cookie = cookies_of(signed_in)["pc_session"].split(";")[0]
    page = api.client.http.get("/console/team", headers={"Cookie": cookie}).body.decode()
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    for path in (
        f"/console/team/{member['id']}/invitation",
        f"/console/team/{member['id']}/invitation/revoke",
        f"/console/organizations/{dist}/members/{member['id']}/invitation",
        f"/console/partners/{dist}/members/{member['id']}/invitation/revoke",
    ):
        assert post_form(api, path, f"csrf={csrf}", cookie).status_code == 404, path
    assert len(invitation_tokens(member["email"])) == 1
