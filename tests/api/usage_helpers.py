"""A small channel with storage accounts for the usage tests, and readers of every usage row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from tests.api.conftest import Api
from tests.api.helpers import TB, make_contract, make_tenant, member_token


def add_account(
    api: Api, token: str, partner: dict, *, allocated: int = TB, allow_overdraft: bool = True
) -> str:
    """A storage account created through the ICMC route (provisioned at the backend)."""
    reply = api.post(
        f"/v1/partner/{partner['id']}/storage-accounts",
        {
            "name": f"Customer of {partner['id'][:8]}",
            "allocatedCapacity": allocated,
            "allowOverdraft": allow_overdraft,
            "clientAccount": {
                "contactEmail": "ops@customer.example.com",
                "password": "Blue-Harbor-42",
            },
        },
        token=token,
    )
    assert reply.status == 201, reply.json
    return reply.json["clientAccountId"]


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
    accounts = [
        add_account(api, dist.staff, reserved, allocated=2 * TB),
        add_account(api, dist.staff, reserved, allocated=2 * TB),
    ]
    ppu_account = add_account(api, dist.staff, ppu, allocated=5 * TB)
    other = make_tenant(api, "Other Distribution")
    other_contract = make_contract(api, other.org_id)
    other_partner = partner(other.admin, other_contract, "Other MSP", TB)
    other_account = add_account(api, other.admin, other_partner)
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


# --- the fan-out: the shard queue and its worker ------------------------------------------------


def shard_queue_url() -> str:
    from chalicelib.store.usage import runs

    return runs.queue_url()


def deliver_shards(api: Api, *, fail: object = None) -> dict:
    """Delivers the shard queue's messages one by one to the worker Lambda (the app.py shim)
    until the queue is empty, in the order SQS hands them out. A message whose handler raises
    is left in the queue and made visible again at once (SQS would after its visibility
    timeout), as a crashed Lambda's would; answers how many deliveries succeeded and failed."""
    from chalicelib.store.aws import client

    sqs, url = client("sqs"), shard_queue_url()
    outcome = {"delivered": 0, "failed": 0, "bodies": []}
    for _ in range(200):
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1).get("Messages", [])
        if not got:
            return outcome
        message = got[0]
        event = api.client.events.generate_sqs_event(
            [message["Body"]], queue_name="partner-console-usage-shards"
        )
        try:
            api.client.lambda_.invoke("usage_shard_worker", event)
        except Exception as exc:
            if fail is not None and not isinstance(exc, fail):  # type: ignore[arg-type]
                raise
            outcome["failed"] += 1
            sqs.change_message_visibility(
                QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
            )
            continue
        outcome["delivered"] += 1
        outcome["bodies"].append(message["Body"])
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    raise AssertionError("the shard queue never emptied")


def reset_usage() -> None:
    """Forgets every aggregation result (days, roll-ups, partials, runs, watermark, entity
    usage) and marks every sampled hour dirty again: the next run recomputes from the samples."""
    from chalicelib.store.models import (
        ContractItem,
        OrganizationItem,
        StorageAccountItem,
        UsageDayItem,
        UsageHourItem,
        UsagePartialItem,
        UsageRollupItem,
    )

    for model in (UsageDayItem, UsageRollupItem, UsagePartialItem):
        with model.batch_write() as batch:
            for item in list(model.scan()):
                batch.delete(item)
    for item in UsageHourItem.scan():
        if item.id.startswith("hour#"):
            item.update(actions=[UsageHourItem.dirty.set("1")])
        else:  # the state (watermark, latest run) and the run records
            item.delete()
    for model in (StorageAccountItem, OrganizationItem, ContractItem):
        for item in model.scan():
            item.update(actions=[model.used_capacity.set(0), model.usage_updated_at.remove()])
    for item in ContractItem.scan():
        item.update(actions=[ContractItem.excess_usage_fee_cents.set(0)])
