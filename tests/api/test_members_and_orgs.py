"""Organizations, members and team members, through the HTTP layer."""

from __future__ import annotations

from tests.api.conftest import PASSWORD
from tests.api.helpers import make_member, make_org, member_token, unique_email


def member_body(email=None, role="staff", password=PASSWORD, name="Sam"):
    return {"email": email or unique_email(), "name": name, "password": password, "role": role}


def test_provider_creates_distributor_and_its_first_admin(api, provider_admin):
    reply = api.post("/v1/organizations", {"type": "distributor", "name": "Nordic Storage"})
    assert reply.status == 201
    org = reply.json
    assert org["type"] == "distributor" and org["name"] == "Nordic Storage"
    admin = api.post(f"/v1/organizations/{org['id']}/members", member_body(role="admin"))
    assert admin.status == 201
    token = api.login(admin.json["email"])
    me = api.get("/v1/me", token=token).json
    assert me["organization"] == {"id": org["id"], "name": "Nordic Storage", "type": "distributor"}


def test_direct_channel_partner_and_parent_rules(api, provider_admin):
    direct = api.post("/v1/organizations", {"type": "partner", "name": "Direct MSP"})
    assert direct.status == 201 and direct.json["type"] == "partner"
    dist = make_org(api)
    under = api.post("/v1/organizations", {"type": "partner", "name": "X", "parentId": dist})
    assert under.status == 400 and "POST /v1/partner" in under.json["message"]
    unknown = api.post(
        "/v1/organizations",
        {"type": "partner", "name": "X", "parentId": "00000000-0000-0000-0000-000000000000"},
    )
    assert unknown.status == 404


def test_only_the_provider_creates_organizations(api, provider_admin):
    dist = make_org(api)
    admin = member_token(api, dist, "admin")
    assert (
        api.post("/v1/organizations", {"type": "distributor", "name": "x"}, token=admin).status
        == 403
    )
    provider_viewer = member_token(api, api.get("/v1/me").json["organization"]["id"], "viewer")
    assert (
        api.post(
            "/v1/organizations", {"type": "distributor", "name": "x"}, token=provider_viewer
        ).status
        == 403
    )


def test_listing_pages_with_link_headers(api, provider_admin):
    created = {make_org(api) for _ in range(5)}
    created.add(make_org(api, kind="partner"))
    seen, path, pages = [], "/v1/organizations?limit=2", 0
    while path:
        reply = api.get(path)
        assert reply.status == 200
        seen += [o["id"] for o in reply.json]
        pages += 1
        link = reply.header("Link")
        path = link[link.index("/v1/") : link.index(">")] if link else None
    assert pages == 3 and len(seen) == len(set(seen)) == 6 and set(seen) == created
    only_partners = api.get("/v1/organizations?type=partner").json
    assert [o["type"] for o in only_partners] == ["partner"]


def test_exactly_one_full_page_has_no_next_link(api, provider_admin):
    for _ in range(2):
        make_org(api)
    reply = api.get("/v1/organizations?limit=2")
    assert len(reply.json) == 2 and reply.header("Link") is None


def test_organizations_of_other_tenants_are_not_found(api, provider_admin):
    a, b = make_org(api), make_org(api)
    token_a = member_token(api, a, "admin")
    for path in (
        f"/v1/organizations/{b}",
        f"/v1/organizations/{b}/members",
        f"/v1/organizations?parentId={b}",
    ):
        reply = api.get(path, token=token_a)
        assert reply.status == 404, path
        assert b in reply.json["message"]
    assert api.get(f"/v1/organizations/{a}", token=token_a).status == 200
    provider = api.get("/v1/me").json["organization"]["id"]
    assert api.get(f"/v1/organizations/{provider}", token=token_a).status == 404


def test_renaming_needs_the_right_role(api, provider_admin):
    org = make_org(api)
    staff, admin = member_token(api, org, "staff"), member_token(api, org, "admin")
    assert api.patch(f"/v1/organizations/{org}", {"name": "New"}, token=staff).status == 403
    reply = api.patch(f"/v1/organizations/{org}", {"name": "New"}, token=admin)
    assert reply.status == 200 and reply.json["name"] == "New"
    assert api.patch(f"/v1/organizations/{org}", {"name": "By provider"}).status == 200


def test_emails_are_unique_system_wide_ignoring_case(api, provider_admin):
    a, b = make_org(api), make_org(api)
    email = unique_email("dup")
    assert api.post(f"/v1/organizations/{a}/members", member_body(email)).status == 201
    again = api.post(f"/v1/organizations/{b}/members", member_body(email.upper()))
    assert again.status == 409 and again.json["code"] == "email_taken"
    assert len(api.get(f"/v1/organizations/{b}/members").json) == 0


def test_member_validation_names_the_broken_rule(api, provider_admin):
    org = make_org(api)
    weak = api.post(f"/v1/organizations/{org}/members", member_body(password="short"))
    assert weak.status == 400 and "at least 8 characters" in weak.json["message"]
    email = unique_email("self")
    same = api.post(f"/v1/organizations/{org}/members", member_body(email, password=email))
    assert same.status == 400 and "email" in same.json["message"]
    bad = api.post(f"/v1/organizations/{org}/members", member_body("not-an-email", role="owner"))
    assert bad.status == 400 and {d["field"] for d in bad.json["details"]} == {"email", "role"}


def test_team_members_are_managed_by_admins(api, provider_admin):
    org = make_org(api)
    admin, staff = member_token(api, org, "admin"), member_token(api, org, "staff")
    viewer = member_token(api, org, "viewer")
    assert len(api.get("/v1/team-members", token=viewer).json) == 3
    assert api.post("/v1/team-members", member_body(), token=staff).status == 403
    created = api.post("/v1/team-members", member_body(role="viewer"), token=admin)
    assert created.status == 201 and created.json["organizationId"] == org
    member_id = created.json["id"]
    assert (
        api.patch(f"/v1/team-members/{member_id}", {"name": "Renamed"}, token=staff).status == 403
    )
    patched = api.patch(f"/v1/team-members/{member_id}", {"role": "staff"}, token=admin)
    assert patched.json["role"] == "staff"
    assert api.delete(f"/v1/team-members/{member_id}", token=staff).status == 403
    assert api.delete(f"/v1/team-members/{member_id}", token=admin).status == 204
    assert api.delete(f"/v1/team-members/{member_id}", token=admin).status == 404


def test_admins_cannot_lock_themselves_out(api, provider_admin):
    org = make_org(api)
    me = make_member(api, org, "admin")
    token = api.login(me["email"])
    demote = api.patch(f"/v1/team-members/{me['id']}", {"role": "viewer"}, token=token)
    assert demote.status == 409 and demote.json["code"] == "own_role"
    delete = api.delete(f"/v1/team-members/{me['id']}", token=token)
    assert delete.status == 409 and delete.json["code"] == "own_account"
    assert (
        api.patch(f"/v1/team-members/{me['id']}", {"name": "Still me"}, token=token).status == 200
    )


def test_child_users_staff_create_admins_change(api, provider_admin):
    """In an organization below yours: admin and staff create users, only admins change them."""
    provider = api.get("/v1/me").json["organization"]["id"]
    staff = member_token(api, provider, "staff")
    dist = make_org(api)
    created = api.post(f"/v1/organizations/{dist}/members", member_body(), token=staff)
    assert created.status == 201
    member = f"/v1/organizations/{dist}/members/{created.json['id']}"
    assert api.patch(member, {"name": "x"}, token=staff).status == 403
    assert api.delete(member, token=staff).status == 403
    assert api.patch(member, {"name": "x"}).status == 200
    assert api.delete(member).status == 204


def test_team_member_ids_from_other_orgs_are_not_found(api, provider_admin):
    a, b = make_org(api), make_org(api)
    other = make_member(api, b, "staff")
    admin_a = member_token(api, a, "admin")
    assert api.patch(f"/v1/team-members/{other['id']}", {"name": "x"}, token=admin_a).status == 404
    assert api.delete(f"/v1/team-members/{other['id']}", token=admin_a).status == 404
    # the provider sees b's member, but not as one of *its own* team
    assert api.patch(f"/v1/team-members/{other['id']}", {"name": "x"}).status == 404
