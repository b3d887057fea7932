"""Scripts written for the vendor's API may send fields its spec does not declare (it forbids
none): the ICMC operations accept and ignore them. Our own extensions refuse them, so a typo in
a setting is a 400 rather than silently ignored."""

from __future__ import annotations

from tests.api.conftest import PASSWORD
from tests.api.helpers import TB, make_contract, make_org, member_token, unique_email

EXTRA = {"legacyField": 1, "tags": ["a"], "nested": {"x": None}}


def test_icmc_operations_ignore_unknown_fields(api, provider_admin):
    org = make_org(api)
    contract = make_contract(api, org)
    dist = member_token(api, org, "admin")
    created = api.post(
        "/v1/partner",
        {"name": "MSP", "allocatedCapacity": TB, "distributorContractId": contract, **EXTRA},
        token=dist,
    )
    assert created.status == 201, created.json
    partner = created.json["id"]
    assert "legacyField" not in created.json
    updated = api.put(f"/v1/partner/{partner}", {"name": "MSP 2", **EXTRA}, token=dist)
    assert updated.status == 200 and updated.json["name"] == "MSP 2"
    member = api.post(
        f"/v1/partner/{partner}/member",
        {"email": unique_email(), "name": "M", "password": PASSWORD, "role": "viewer", **EXTRA},
        token=dist,
    )
    assert member.status == 201, member.json


def test_icmc_bodies_stay_strictly_typed(api, provider_admin):
    org = make_org(api)
    contract = make_contract(api, org)
    reply = api.post(
        "/v1/partner",
        {"name": "MSP", "allocatedCapacity": "1000", "distributorContractId": contract},
    )
    assert reply.status == 400 and reply.json["details"][0]["field"] == "allocatedCapacity"


def test_our_extensions_refuse_unknown_fields(api, provider_admin):
    org = make_org(api)
    for path, body in [
        ("/v1/organizations", {"type": "distributor", "name": "X", "nmae": "typo"}),
        (
            f"/v1/organizations/{org}/members",
            {"email": unique_email(), "password": PASSWORD, "role": "viewer", "rol": "admin"},
        ),
    ]:
        reply = api.post(path, body)
        assert reply.status == 400, (path, reply.json)
        assert reply.json["details"][0]["message"] == "Unknown field."
