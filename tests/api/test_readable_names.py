"""Names made only of invisible or control characters are refused with a 400 naming the field
(the outside probe created partners, accounts, members and deals named "\\u200b", RTL marks or
C0/C1 controls)."""

from __future__ import annotations

import pytest

from tests.api.helpers import TB, make_contract, make_org, make_partner, member_token, unique_email

BAD = ["\u200b", "\u200e\u200f", "\x01\x02", "Ac\u0085me", "Acme\nCorp", "\ufeff \u2060"]


@pytest.fixture
def world(api, provider_admin):
    dist = make_org(api, "Names Distribution")
    contract = make_contract(api, dist)
    admin = member_token(api, dist, "admin")
    partner = make_partner(api, contract, admin, "Names MSP", 5 * TB)
    return dist, contract, admin, partner


def refused(reply, field):
    assert reply.status == 400, reply.json
    assert [d["field"] for d in reply.json["details"]] == [field], reply.json
    assert field in reply.json["message"]


@pytest.mark.parametrize("bad", BAD)
def test_every_kind_of_name_is_refused(api, world, bad):
    _, contract, admin, partner = world
    body = {"distributorContractId": contract, "allocatedCapacity": TB, "name": bad}
    refused(api.post("/v1/partner", body, token=admin), "name")
    refused(api.put(f"/v1/partner/{partner}", {"name": bad}, token=admin), "name")
    account = {
        "name": bad,
        "allocatedCapacity": TB,
        "allowOverdraft": False,
        "clientAccount": {"contactEmail": "it@acme.example", "password": "Blue-Harbor-42"},
    }
    refused(api.post(f"/v1/partner/{partner}/storage-accounts", account, token=admin), "name")
    person = {
        "email": unique_email(),
        "name": bad,
        "password": "Sturdy-Passw0rd!",
        "role": "viewer",
    }
    refused(api.post("/v1/team-members", person, token=admin), "name")
    refused(api.post(f"/v1/partner/{partner}/member", person, token=admin), "name")
    deal = {
        "customerName": bad,
        "country": "DE",
        "expectedCapacity": 200 * TB,
        "expectedCloseDate": "2027-01-31",
        "contractType": "reserved",
    }
    refused(api.post("/v1/deals", deal, token=admin), "customerName")
    refused(api.post("/v1/organizations", {"type": "distributor", "name": bad}), "name")
    refused(api.patch(f"/v1/contracts/{contract}", {"details": bad}), "details")
    assert api.get(f"/v1/partner/{partner}", token=admin).json["name"] == "Names MSP"


def test_real_names_with_marks_and_accents_still_pass(api, world):
    _, contract, admin, _ = world
    for name in ("\u200fشركة\u200f", "Ünïcödé Łtd", "👩\u200d💻 Devs"):
        body = {"distributorContractId": contract, "allocatedCapacity": TB, "name": name}
        reply = api.post("/v1/partner", body, token=admin)
        assert reply.status == 201 and reply.json["name"] == name
    person = {"email": unique_email(), "password": "Sturdy-Passw0rd!", "role": "viewer"}
    assert api.post("/v1/team-members", person, token=admin).status == 201
