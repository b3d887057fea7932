"""The "require a second factor" policy, enrolment-only sessions, the team list's factor
column and an admin's reset."""

from __future__ import annotations

from datetime import timedelta

from chalicelib import clock as clock_module
from chalicelib.store.models import AuditEventItem
from tests.api.helpers import make_member, make_org, member_token
from tests.api.test_mfa_totp import enrol, login, now_code, second_step


def test_only_admins_and_the_providers_admins_set_the_policy(api, provider_admin):
    org = make_org(api)
    admin = member_token(api, org, "admin")
    staff = member_token(api, org, "staff")
    reply = api.patch(f"/v1/organizations/{org}", {"requireMfa": True}, token=staff)
    assert reply.status == 403 and reply.json["code"] == "forbidden"
    reply = api.patch(f"/v1/organizations/{org}", {"requireMfa": True}, token=admin)
    assert reply.status == 200 and reply.json["requireMfa"] is True
    assert api.get(f"/v1/organizations/{org}").json["requireMfa"] is True
    reply = api.patch(f"/v1/organizations/{org}", {"requireMfa": False})  # provider admin
    assert reply.status == 200 and reply.json["requireMfa"] is False
    provider_staff = member_token(api, api.get("/v1/me").json["organization"]["id"], "staff")
    reply = api.patch(f"/v1/organizations/{org}", {"requireMfa": True}, token=provider_staff)
    assert reply.status == 403
    assert api.patch(f"/v1/organizations/{org}", {}).status == 400
    audited = [e for e in AuditEventItem.scan() if e.action == "organization.security"]
    assert len(audited) == 2


def test_a_distributor_admin_cannot_set_it_for_its_partner(api, provider_admin):
    from tests.api.helpers import make_contract, make_partner

    org = make_org(api)
    contract = make_contract(api, org)
    admin = member_token(api, org, "admin")
    partner = make_partner(api, contract, admin)
    reply = api.patch(f"/v1/organizations/{partner}", {"requireMfa": True}, token=admin)
    assert reply.status == 403


def test_members_without_a_factor_may_only_enrol(api, provider_admin, clock):
    org = make_org(api)
    admin_email = make_member(api, org, "admin")["email"]
    viewer_email = make_member(api, org, "viewer")["email"]
    admin = api.login(admin_email)
    old_session = api.login(viewer_email)
    assert api.patch(f"/v1/organizations/{org}", {"requireMfa": True}, token=admin).status == 200
    # sessions opened before keep working; the policy applies at the next sign-in
    assert api.get("/v1/team-members", token=old_session).status == 200
    viewer = api.login(viewer_email)
    blocked = api.get("/v1/team-members", token=viewer)
    assert blocked.status == 403 and blocked.json["code"] == "mfa_enrollment_required"
    assert api.get("/v1/contract/list", token=viewer).json["code"] == "mfa_enrollment_required"
    assert api.get("/v1/me", token=viewer).status == 200
    assert api.get("/v1/me/mfa", token=viewer).json["methods"] == []
    # the admin who set it without a factor is sent to enrol at the next sign-in too
    admin_again = api.login(admin_email)
    assert api.get("/v1/team-members", token=admin_again).status == 403
    enrol(api, viewer)
    assert api.get("/v1/team-members", token=viewer).status == 200, "enrolled: unrestricted"
    # API keys are not people: unaffected
    expires = (clock_module.now() + timedelta(days=3)).isoformat()
    key = api.post("/v1/api-keys", {"description": "k", "expiresAt": expires}, token=admin).json
    assert api.get("/v1/team-members", token=key["key"]).status == 200


def test_team_list_shows_factors_and_an_admin_resets_them(api, provider_admin, clock):
    org = make_org(api)
    admin = member_token(api, org, "admin")
    member = make_member(api, org, "staff")
    member_session = api.login(member["email"])
    secret, _ = enrol(api, member_session)
    listed = {m["email"]: m for m in api.get("/v1/team-members", token=admin).json}
    assert listed[member["email"]]["secondFactors"] == ["totp"]
    # the member's sessions: one from before (member_session) and one after the second step
    clock.advance(seconds=30)
    ticket = login(api, member["email"]).json["mfaToken"]
    fresh = second_step(api, ticket, code=now_code(secret)).json["token"]
    staff = member_token(api, org, "staff")
    assert api.delete(f"/v1/team-members/{member['id']}/mfa", token=staff).status == 403
    own = api.get("/v1/me", token=admin).json["user"]["id"]
    assert api.delete(f"/v1/team-members/{own}/mfa", token=admin).status == 403
    assert api.delete(f"/v1/team-members/{member['id']}/mfa", token=admin).status == 204
    for token in (member_session, fresh):
        assert api.get("/v1/me", token=token).status == 401, "their sessions ended"
    assert "token" in login(api, member["email"]).json, "password only now"
    again = api.delete(f"/v1/team-members/{member['id']}/mfa", token=admin)
    assert again.status == 409 and again.json["code"] == "no_second_factor"
    reset = [e for e in AuditEventItem.scan() if e.action == "member.mfa_reset"]
    assert len(reset) == 1 and reset[0].target_id == member["id"]


def test_reset_is_for_own_team_members_only(api, provider_admin):
    org = make_org(api)
    admin = member_token(api, org, "admin")
    other = make_org(api)
    stranger = make_member(api, other, "staff")
    reply = api.delete(f"/v1/team-members/{stranger['id']}/mfa", token=admin)
    assert reply.status == 404
    # the provider's admin, too, resets only its own team through this route
    assert api.delete(f"/v1/team-members/{stranger['id']}/mfa").status == 404
