"""Only a real change of a partner's reservation is checked against what its storage accounts
hold (the outside probe: a pay-per-use partner with storage accounts could not be renamed or
edited at all, every PUT was 409 capacity_exceeded, and could never return to pay-per-use)."""

from __future__ import annotations

import pytest

from tests.api.helpers import TB, make_contract, make_org, make_partner, member_token


@pytest.fixture
def dist(api, provider_admin):
    org = make_org(api, "Reservation Distribution")
    contract = make_contract(api, org)
    return contract, member_token(api, org, "admin")


def add_account(api, partner, token, allocation, name="Acme"):
    body = {
        "name": name,
        "allocatedCapacity": allocation,
        "allowOverdraft": False,
        "clientAccount": {"contactEmail": "it@acme.example", "password": "Blue-Harbor-42"},
    }
    reply = api.post(f"/v1/partner/{partner}/storage-accounts", body, token=token)
    assert reply.status == 201, reply.json
    return reply.json


def test_a_pay_per_use_partner_with_accounts_can_be_edited(api, dist):
    contract, token = dist
    partner = make_partner(api, contract, token, "PPU MSP", 0)
    add_account(api, partner, token, 2 * TB)
    path = f"/v1/partner/{partner}"
    for body in (
        {"name": "PPU MSP renamed"},
        {"name": "PPU MSP renamed"},
        {"allowOverdraft": True},
        {"allocatedCapacity": 0},
        {"name": "PPU MSP", "allocatedCapacity": 0, "allowOverdraft": False},
    ):
        reply = api.put(path, body, token=token)
        assert reply.status == 200, (body, reply.json)
    assert api.get(path, token=token).json["name"] == "PPU MSP"


def test_reserved_to_pay_per_use_and_back(api, dist):
    contract, token = dist
    partner = make_partner(api, contract, token, "Switching MSP", 5 * TB)
    add_account(api, partner, token, 3 * TB)
    path = f"/v1/partner/{partner}"
    to_ppu = api.put(path, {"allocatedCapacity": 0}, token=token)
    assert to_ppu.status == 200 and to_ppu.json["allocatedCapacity"] == 0
    assert api.get(f"/v1/contracts/{contract}", token=token).json["allocatedCapacity"] == 0
    # back to a reservation: it must hold what the accounts hold
    short = api.put(path, {"allocatedCapacity": 2 * TB}, token=token)
    assert short.status == 409 and short.json["code"] == "capacity_exceeded"
    assert "3 TB" in short.json["message"]
    back = api.put(path, {"allocatedCapacity": 3 * TB}, token=token)
    assert back.status == 200 and back.json["allocatedCapacity"] == 3 * TB
    # a reserved partner still can't be lowered below its accounts, and renames freely
    assert api.put(path, {"allocatedCapacity": TB}, token=token).status == 409
    assert api.put(path, {"name": "Renamed"}, token=token).status == 200


def test_the_console_renames_a_pay_per_use_partner(api, dist, provider_admin):
    import re

    from tests.api.test_console import post_form
    from tests.api.test_idempotency import console_session

    contract, token = dist
    partner = make_partner(api, contract, token, "PPU Console", 0)
    add_account(api, partner, token, 2 * TB)
    cookie = console_session(api)
    page = api.client.http.get(f"/console/partners/{partner}", headers={"Cookie": cookie})
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.body.decode()).group(1)
    reply = post_form(
        api, f"/console/partners/{partner}/rename", f"csrf={csrf}&name=Renamed", cookie
    )
    assert reply.status_code == 303, reply.body[:500]
    assert api.get(f"/v1/partner/{partner}", token=token).json["name"] == "Renamed"


def test_a_contract_ended_while_a_partner_was_created_takes_no_partner(api, dist, monkeypatch):
    """The end date is in the transaction's conditions: a concurrent change of it between the
    check and the write makes the write re-check (before, the partner was created into a
    contract that had just ended)."""
    from chalicelib.domain import capacity
    from chalicelib.store.models import ContractItem

    contract, token = dist
    real = capacity.check_contract_open
    calls = []

    def then_end_it(name, end_date, today):
        real(name, end_date, today)
        if not calls:
            calls.append(1)
            ContractItem(id=contract).update(actions=[ContractItem.end_date.set("2026-01-31")])

    monkeypatch.setattr(capacity, "check_contract_open", then_end_it)
    body = {"distributorContractId": contract, "allocatedCapacity": TB, "name": "Late MSP"}
    reply = api.post("/v1/partner", body, token=token)
    assert reply.status == 409 and reply.json["code"] == "contract_ended", reply.json
    assert api.get(f"/v1/contract/{contract}/partners", token=token).json == []
