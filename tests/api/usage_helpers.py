"""A small channel with storage accounts for the usage tests, and readers of every usage row."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import timedelta

from tests.api.conftest import Api
from tests.api.helpers import TB, make_contract, make_tenant, member_token

_ids = itertools.count(100_000_000_001)


def new_account_id() -> str:
    return f"{next(_ids):012d}"


def add_account(
    partner: dict,
    *,
    allocated: int = TB,
    allow_overdraft: bool = True,
    created_at: str = "2026-11-01T00:00:00.000000Z",
    provision: bool = True,
) -> str:
    """A storage account record (and its IAM user at the backend), as the create route leaves
    them; the usage tests need accounts, not the create route's rules."""
    from chalicelib.store.backend import get_backend
    from chalicelib.store.models import StorageAccountItem

    account_id = new_account_id()
    StorageAccountItem(
        id=account_id,
        partner_id=partner["id"],
        path=partner["path"],
        contract_id=partner["contract_id"],
        name=f"Customer {account_id[-3:]}",
        contact_email=f"ops{account_id[-3:]}@customer.test",
        allocated_capacity=allocated,
        allow_overdraft=allow_overdraft,
        status="active",
        created_at=created_at,
        updated_at=created_at,
    ).save()
    if provision:
        get_backend().provision(account_id, "Blue-Harbor-42")
    return account_id


def partner_record(partner_id: str) -> dict:
    from chalicelib.store.models import OrganizationItem

    org = OrganizationItem.get(partner_id)
    return {"id": org.id, "path": org.path, "contract_id": org.contract_id}


@dataclass
class Channel:
    """One distributor with a 10 TB contract, a reserved partner (6 TB) with two accounts and a
    pay-per-use partner with one; a second tenant with one partner and account."""

    dist: object
    contract: str
    reserved: dict
    ppu: dict
    accounts: list[str]
    ppu_account: str
    other: object
    other_contract: str
    other_partner: dict
    other_account: str
    meter: str
    partner_tokens: dict = field(default_factory=dict)


def make_channel(api: Api) -> Channel:
    dist = make_tenant(api, "Usage Distribution")
    contract = make_contract(api, dist.org_id, reservedCapacity=10 * TB, costStorageGBCents=1.2)

    def partner(token: str, contract_id: str, name: str, allocation: int) -> dict:
        reply = api.post(
            "/v1/partner",
            {"distributorContractId": contract_id, "allocatedCapacity": allocation, "name": name},
            token=token,
        )
        assert reply.status == 201, reply.json
        return partner_record(reply.json["id"])

    reserved = partner(dist.admin, contract, "Reserved MSP", 6 * TB)
    ppu = partner(dist.admin, contract, "Pay per use MSP", 0)
    accounts = [add_account(reserved, allocated=2 * TB), add_account(reserved, allocated=2 * TB)]
    ppu_account = add_account(ppu, allocated=5 * TB)
    other = make_tenant(api, "Other Distribution")
    other_contract = make_contract(api, other.org_id)
    other_partner = partner(other.admin, other_contract, "Other MSP", TB)
    other_account = add_account(other_partner)
    expires = (api_now() + timedelta(days=30)).isoformat()
    meter = api.post(
        "/v1/api-keys", {"description": "meter", "expiresAt": expires, "role": "metering"}
    ).json["key"]
    channel = Channel(
        dist=dist,
        contract=contract,
        reserved=reserved,
        ppu=ppu,
        accounts=accounts,
        ppu_account=ppu_account,
        other=other,
        other_contract=other_contract,
        other_partner=other_partner,
        other_account=other_account,
        meter=meter,
    )
    for p, owner in ((reserved, dist), (ppu, dist), (other_partner, other)):
        channel.partner_tokens[p["id"]] = member_token(api, p["id"], "viewer", token=owner.admin)
    return channel


def api_now():
    from chalicelib import clock

    return clock.now()


def sample(account: str, at: str, stored: int) -> dict:
    return {"clientAccountId": account, "timestamp": at, "storedBytes": stored}


def post_samples(api: Api, channel: Channel, samples: list[dict]):
    reply = api.post("/v1/usage/samples", samples, token=channel.meter)
    assert reply.status == 200, reply.json
    return reply.json


def aggregate():
    from chalicelib.services import usage_aggregation

    return usage_aggregation.run()


def usage_rows() -> dict:
    """Every usage row and every entity's usage fields (a test may Scan; the app never does)."""
    from chalicelib.store.models import (
        ContractItem,
        OrganizationItem,
        StorageAccountItem,
        UsageDayItem,
        UsageRollupItem,
    )

    def dump(model):
        return sorted((str(sorted(i.attribute_values.items())) for i in model.scan()), key=str)

    entities = []
    for model in (StorageAccountItem, OrganizationItem, ContractItem):
        for item in model.scan():
            values = item.attribute_values
            entities.append(
                (
                    item.id,
                    values.get("used_capacity"),
                    values.get("usage_updated_at"),
                    values.get("excess_usage_fee_cents"),
                    values.get("quota_enforced"),
                )
            )
    return {
        "days": dump(UsageDayItem),
        "rollups": dump(UsageRollupItem),
        "entities": sorted(entities, key=str),
    }
