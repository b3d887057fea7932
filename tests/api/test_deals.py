"""Deal registration: who registers, who reviews, who closes; scope; the status machine."""

from __future__ import annotations

from tests.api.helpers import TB, make_contract, make_partner, make_tenant, member_token


def deal_body(**overrides) -> dict:
    body = {
        "customerName": "Müller & Söhne GmbH",
        "country": "DE",
        "expectedCapacity": 250 * TB,
        "expectedCloseDate": "2027-03-31",
        "contractType": "reserved",
        "specialPricing": True,
        "notes": "Backup target for 3 sites",
    }
    body.update(overrides)
    return body


def register(api, token, **overrides) -> dict:
    reply = api.post("/v1/deals", deal_body(**overrides), token=token)
    assert reply.status == 201, reply.json
    return reply.json


def test_register_review_and_close(api, provider_admin):
    tenant = make_tenant(api)
    deal = register(api, tenant.staff, country="fr")
    assert deal["status"] == "submitted" and deal["country"] == "FR"
    assert deal["organizationId"] == tenant.org_id and deal["expectedCapacity"] == 250 * TB

    reply = api.patch(f"/v1/deals/{deal['id']}", {"status": "approved", "reason": "Fits"})
    assert reply.status == 200, reply.json
    assert reply.json["status"] == "approved" and reply.json["statusReason"] == "Fits"

    reply = api.patch(f"/v1/deals/{deal['id']}", {"status": "won"}, token=tenant.admin)
    assert reply.status == 200 and reply.json["status"] == "won"

    actions = [e["action"] for e in api.get(f"/v1/audit-events?targetId={deal['id']}").json]
    assert actions == ["deal.won", "deal.approved", "deal.submit"]


def test_every_transition_is_notified(api, provider_admin):
    from chalicelib.store.models import OutboxItem

    tenant = make_tenant(api)
    deal = register(api, tenant.admin)
    api.patch(f"/v1/deals/{deal['id']}", {"status": "rejected", "reason": "Too small"})
    subjects = sorted(
        o.subject for o in OutboxItem.scan() if o.kind == "deal.status"
    )  # test-only read of the whole outbox
    assert subjects == [
        "Deal registered: Müller & Söhne GmbH",
        "Deal rejected: Müller & Söhne GmbH",
    ]


def test_invalid_transitions_are_409_naming_the_current_status(api, provider_admin):
    tenant = make_tenant(api)
    deal = register(api, tenant.admin)
    reply = api.patch(f"/v1/deals/{deal['id']}", {"status": "won"}, token=tenant.admin)
    assert reply.status == 409 and "is submitted" in reply.json["message"]
    api.patch(f"/v1/deals/{deal['id']}", {"status": "rejected", "reason": "No"})
    reply = api.patch(f"/v1/deals/{deal['id']}", {"status": "approved", "reason": "Changed mind"})
    assert reply.status == 409 and "is rejected" in reply.json["message"]
    reply = api.patch(f"/v1/deals/{deal['id']}", {"status": "submitted"})
    assert reply.status == 400


def test_review_needs_provider_and_reason_closing_needs_the_registrant(api, provider_admin):
    tenant, other = make_tenant(api), make_tenant(api)
    deal = register(api, tenant.admin)
    path = f"/v1/deals/{deal['id']}"
    assert api.patch(path, {"status": "approved", "reason": "x"}, token=tenant.admin).status == 403
    reply = api.patch(path, {"status": "approved"})
    assert reply.status == 400 and reply.json["details"][0]["field"] == "reason"
    assert api.patch(path, {"status": "approved", "reason": "ok"}).status == 200
    assert api.patch(path, {"status": "won"}, token=other.admin).status == 404
    assert api.patch(path, {"status": "won"}, token=provider_admin).status == 403
    assert api.patch(path, {"status": "lost"}, token=tenant.viewer).status == 403
    assert api.patch(path, {"status": "lost"}, token=tenant.staff).status == 200


def test_the_registrant_withdraws_a_submitted_deal_never_a_reviewed_one(api, provider_admin):
    tenant, other = make_tenant(api), make_tenant(api)
    deal = register(api, tenant.admin)
    path = f"/v1/deals/{deal['id']}"
    assert api.patch(path, {"status": "withdrawn"}, token=other.admin).status == 404
    assert api.patch(path, {"status": "withdrawn"}, token=tenant.viewer).status == 403
    assert api.patch(path, {"status": "withdrawn"}, token=provider_admin).status == 403
    reply = api.patch(path, {"status": "withdrawn"}, token=tenant.staff)
    assert reply.status == 200 and reply.json["status"] == "withdrawn"
    assert [d["id"] for d in api.get("/v1/deals?status=withdrawn", token=tenant.viewer).json] == [
        deal["id"]
    ]
    # withdrawn is final: no review, no second withdraw
    reply = api.patch(path, {"status": "approved", "reason": "Too late"})
    assert reply.status == 409 and "is withdrawn" in reply.json["message"]
    audit = api.get(f"/v1/audit-events?targetId={deal['id']}").json
    assert [e["action"] for e in audit] == ["deal.withdrawn", "deal.submit"]
    feed = api.get("/v1/events?type=deal.status_changed", token=tenant.viewer).json
    assert [(e["data"]["status"], e["data"]["previousStatus"]) for e in feed] == [
        ("withdrawn", "submitted")
    ]

    approved = register(api, tenant.admin, customerName="Approved Co")
    api.patch(f"/v1/deals/{approved['id']}", {"status": "approved", "reason": "Fits"})
    reply = api.patch(f"/v1/deals/{approved['id']}", {"status": "withdrawn"}, token=tenant.admin)
    assert reply.status == 409 and reply.json["code"] == "invalid_transition"
    assert reply.json["message"] == (
        f"The deal for Approved Co ({approved['id']}) is approved; "
        "it can only be withdrawn while it is submitted."
    )


def test_viewers_cannot_register(api, provider_admin):
    tenant = make_tenant(api)
    assert api.post("/v1/deals", deal_body(), token=tenant.viewer).status == 403


def test_bad_input_is_400_with_a_detail_per_field(api, provider_admin):
    tenant = make_tenant(api)
    reply = api.post(
        "/v1/deals",
        deal_body(country="XX", contractType="lease", expectedCapacity=-1),
        token=tenant.admin,
    )
    assert reply.status == 400
    assert {d["field"] for d in reply.json["details"]} == {
        "country",
        "contractType",
        "expectedCapacity",
    }
    assert "ISO 3166" in reply.json["message"]


def test_scope_distributor_sees_own_and_partners_provider_sees_all(api, provider_admin):
    dist = make_tenant(api)
    partner = make_partner(api, make_contract(api, dist.org_id), dist.admin)
    partner_admin = member_token(api, partner, "admin", token=dist.admin)
    other = make_tenant(api)
    own = register(api, dist.admin, customerName="Own")
    below = register(api, partner_admin, customerName="Below")
    foreign = register(api, other.admin, customerName="Foreign")

    def names(token, query=""):
        reply = api.get(f"/v1/deals{query}", token=token)
        assert reply.status == 200, reply.json
        return [d["customerName"] for d in reply.json]

    assert names(dist.viewer) == ["Below", "Own"]
    assert names(partner_admin) == ["Below"]
    assert set(names(provider_admin)) >= {"Own", "Below", "Foreign"}
    assert api.get(f"/v1/deals/{foreign['id']}", token=dist.admin).status == 404
    assert api.get(f"/v1/deals/{own['id']}", token=partner_admin).status == 404
    assert api.get(f"/v1/deals/{below['id']}", token=dist.admin).status == 200

    api.patch(f"/v1/deals/{own['id']}", {"status": "approved", "reason": "ok"})
    assert names(dist.admin, "?status=approved") == ["Own"]
    assert names(dist.admin, "?status=submitted") == ["Below"]
    assert api.get("/v1/deals?status=nope", token=dist.admin).status == 400


def test_lists_page_with_a_cursor(api, provider_admin):
    tenant = make_tenant(api)
    for n in range(5):
        register(api, tenant.admin, customerName=f"C{n}")
    first = api.get("/v1/deals?limit=2", token=tenant.admin)
    assert [d["customerName"] for d in first.json] == ["C4", "C3"]
    link = first.header("Link")
    assert link and 'rel="next"' in link
    nxt = link.split(";")[0].strip("<>")
    second = api.get(nxt[nxt.index("/v1/") :], token=tenant.admin)
    assert [d["customerName"] for d in second.json] == ["C2", "C1"]
