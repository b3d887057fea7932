"""Building blocks for API tests: organizations, people, tokens and a movable clock."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tests.api.conftest import PASSWORD, Api

_seq = itertools.count(1)


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}{next(_seq)}@example.com"


def make_org(api: Api, name: str | None = None, kind: str = "distributor", token="default") -> str:
    reply = api.post(
        "/v1/organizations", {"type": kind, "name": name or f"Org {next(_seq)}"}, token=token
    )
    assert reply.status == 201, reply.json
    return reply.json["id"]


def make_member(
    api: Api, org_id: str, role: str = "admin", *, email: str | None = None, token="default"
) -> dict:
    email = email or unique_email(role)
    reply = api.post(
        f"/v1/organizations/{org_id}/members",
        {"email": email, "name": f"{role.title()} person", "password": PASSWORD, "role": role},
        token=token,
    )
    assert reply.status == 201, reply.json
    return reply.json


TB = 10**12


def contract_body(org_id: str, **overrides) -> dict:
    """A valid ``POST /v1/contracts`` body: 100 TB, 2026–2028, in EUR."""
    body = {
        "organizationId": org_id,
        "details": "Frame agreement 2026",
        "reservedCapacity": 100 * TB,
        "costStorageGBCents": 1.2,
        "currency": "EUR",
        "startDate": "2026-01-01",
        "endDate": "2028-12-31",
    }
    body.update(overrides)
    return body


def make_contract(api: Api, org_id: str, token="default", **overrides) -> str:
    reply = api.post("/v1/contracts", contract_body(org_id, **overrides), token=token)
    assert reply.status == 201, reply.json
    return reply.json["id"]


def member_token(api: Api, org_id: str, role: str = "admin", token="default") -> str:
    member = make_member(api, org_id, role, token=token)
    return api.login(member["email"])


@dataclass
class Tenant:
    """A distributor with an admin, a staff member and a viewer, each logged in."""

    org_id: str
    admin: str
    staff: str
    viewer: str


def make_tenant(api: Api, name: str | None = None) -> Tenant:
    org_id = make_org(api, name)
    return Tenant(
        org_id=org_id,
        admin=member_token(api, org_id, "admin"),
        staff=member_token(api, org_id, "staff"),
        viewer=member_token(api, org_id, "viewer"),
    )


class Clock:
    """Replaces ``chalicelib.clock.now``; ``advance`` moves time forward. Each reading ticks one
    microsecond, so two records made in one test never share a timestamp (as on a real clock)."""

    TICK = timedelta(microseconds=1)

    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 11, 23, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.current += self.TICK
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


def make_partner(
    api: Api, contract_id: str, token: str, name: str = "MSP", allocation: int = TB
) -> str:
    """A partner of a distributor, in one of its contracts (``POST /v1/partner``)."""
    body = {"distributorContractId": contract_id, "allocatedCapacity": allocation, "name": name}
    reply = api.post("/v1/partner", body, token=token)
    assert reply.status == 201, reply.json
    return reply.json["id"]
