"""Tenant isolation across every registered route.

Tenant A (a distributor with a contract, a partner, people and a key) is probed by principals of
tenant B. Every route must either refuse (never 2xx; a read by id must be a 404 so existence does
not leak) or, when it only ever acts on the caller's own data, answer without a trace of A.
A route added without a probe here fails the test: extend ``probes`` when you add one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from chalicelib import clock
from chalicelib.api.http import load_all
from tests.api.conftest import PASSWORD
from tests.api.helpers import (
    contract_body,
    make_contract,
    make_member,
    make_org,
    member_token,
    unique_email,
)
from tests.api.test_passkeys import register as register_passkey
from tests.api.webauthn_soft import SoftAuthenticator

TB = 10**12
RANGE = "?from=2026-11-01&to=2026-11-30"


@dataclass
class TenantA:
    dist: str
    contract: str
    partner: str
    partner_member: str
    team_member: str
    team_member_email: str
    key_id: str
    account: str = ""
    deal: str = ""
    export: str = ""
    run: str = ""
    passkey: str = ""
    rule: str = ""
    endpoint: str = ""
    access_key: str = ""
    schedule: str = ""
    invitee: str = ""

    def ids(self) -> set[str]:
        return {
            self.dist,
            self.contract,
            self.partner,
            self.partner_member,
            self.team_member,
            self.key_id,
            self.account,
            self.deal,
            self.export,
            self.passkey,
            self.rule,
            self.endpoint,
            self.access_key,
            self.schedule,
            self.invitee,
        }


@dataclass
class Probe:
    body: dict | list | None = None
    query: str = ""
    own_data_only: bool = False  # acts only on the caller's tenant: may succeed, must not leak


@pytest.fixture
def tenant_a(api, provider_admin) -> TenantA:
    dist = make_org(api, "Tenant A")
    contract = make_contract(api, dist)
    admin = member_token(api, dist, "admin")
    partner = api.post(
        "/v1/partner",
        {"distributorContractId": contract, "name": "A's MSP", "allocatedCapacity": 5 * TB},
        token=admin,
    ).json["id"]
    partner_member = make_member(api, partner, "staff", token=admin)["id"]
    team = make_member(api, dist, "staff")
    expires = (clock.now() + timedelta(days=10)).isoformat()
    key = api.post("/v1/api-keys", {"description": "A's key", "expiresAt": expires}, token=admin)
    sso = {
        "issuer": "https://login.tenant-a.example",
        "clientId": "tenant-a-console",
        "clientSecret": "tenant-a-secret",
        "emailDomains": ["tenant-a.example.com"],
        "defaultRole": "viewer",
    }
    assert api.put(f"/v1/organizations/{dist}/sso", sso, token=admin).status == 200
    account = api.post(
        f"/v1/partner/{partner}/storage-accounts", storage_account_body(), token=admin
    ).json["clientAccountId"]
    return TenantA(
        dist,
        contract,
        partner,
        partner_member,
        team["id"],
        team["email"],
        key.json["id"],
        account,
        deal=api.post("/v1/deals", DEAL, token=admin).json["id"],
        export=api.post("/v1/exports", {"type": "partners"}, token=admin).json["id"],
        passkey=register_passkey(api, SoftAuthenticator(), "A's laptop", token=admin)["id"],
        rule=api.post(
            "/v1/alert-rules", {"targetType": "partner", "thresholdPercent": 80}, token=admin
        ).json["id"],
        endpoint=api.post(
            "/v1/webhook-endpoints",
            {"url": "https://hooks.tenant-a.example/in", "eventTypes": ["*"]},
            token=admin,
        ).json["id"],
        access_key=api.post(
            f"/v1/partner/{partner}/storage-accounts/{account}/access-keys", token=admin
        ).json["accessKeyId"],
        schedule=api.post(
            "/v1/export-schedules", {"type": "partners", "frequency": "daily"}, token=admin
        ).json["id"],
        run=api.post("/v1/jobs/usage-aggregation", token=provider_admin).json["runId"],
        invitee=api.post(
            "/v1/team-members",
            {"email": unique_email("invitee"), "role": "viewer", "invite": True},
            token=admin,
        ).json["id"],
    )


DEAL = {
    "customerName": "A's customer",
    "country": "DE",
    "expectedCapacity": 200 * TB,
    "expectedCloseDate": "2027-06-30",
    "contractType": "reserved",
}


def storage_account_body() -> dict:
    return {
        "name": "Customer",
        "allocatedCapacity": TB,
        "allowOverdraft": False,
        "clientAccount": {"contactEmail": "it@customer.example", "password": "Blue-Harbor-42"},
    }


def probes(a: TenantA, own_contract: str) -> dict[tuple[str, str], Probe]:
    member = {"email": unique_email("intruder"), "name": "X", "password": PASSWORD, "role": "admin"}
    expires = (clock.now() + timedelta(days=10)).isoformat()
    return {
        ("/v1/auth/logout", "POST"): Probe(own_data_only=True),
        ("/v1/me", "GET"): Probe(own_data_only=True),
        ("/v1/me", "PATCH"): Probe({"locale": "de"}, own_data_only=True),
        ("/v1/me/mfa", "GET"): Probe(own_data_only=True),
        ("/v1/team-members/{id}/mfa", "DELETE"): Probe(),
        ("/v1/me/passkeys", "GET"): Probe(own_data_only=True),
        ("/v1/me/passkeys", "POST"): Probe({"name": "x", "credential": {}}, own_data_only=True),
        ("/v1/me/passkeys/options", "POST"): Probe(own_data_only=True),
        ("/v1/me/passkeys/{id}", "DELETE"): Probe({"password": PASSWORD}),
        ("/v1/me/mfa/totp", "POST"): Probe(own_data_only=True),
        ("/v1/me/mfa/totp/confirm", "POST"): Probe({"code": "123456"}, own_data_only=True),
        ("/v1/me/mfa/totp", "DELETE"): Probe({"code": "123456"}, own_data_only=True),
        ("/v1/me/password", "POST"): Probe(
            {"currentPassword": PASSWORD, "newPassword": PASSWORD + "x"}, own_data_only=True
        ),
        ("/v1/organizations", "GET"): Probe(query=f"?parentId={a.dist}"),
        ("/v1/organizations", "POST"): Probe({"type": "partner", "name": "x", "parentId": a.dist}),
        ("/v1/organizations/{id}", "GET"): Probe(),
        ("/v1/organizations/{id}", "PATCH"): Probe({"name": "hijacked"}),
        ("/v1/organizations/{id}/sso", "GET"): Probe(),
        ("/v1/organizations/{id}/sso", "PUT"): Probe(
            {
                "issuer": "https://evil.example",
                "clientId": "x",
                "clientSecret": "x",
                "emailDomains": ["evil.example.com"],
                "defaultRole": "admin",
            }
        ),
        ("/v1/organizations/{id}/sso", "DELETE"): Probe(),
        ("/v1/organizations/{id}/members", "GET"): Probe(),
        ("/v1/organizations/{id}/members", "POST"): Probe(member),
        ("/v1/organizations/{id}/members/{memberID}", "PATCH"): Probe({"role": "viewer"}),
        ("/v1/organizations/{id}/members/{memberID}", "DELETE"): Probe(),
        ("/v1/organizations/{id}/members/{memberID}/invitation", "POST"): Probe(),
        ("/v1/organizations/{id}/members/{memberID}/invitation", "DELETE"): Probe(),
        ("/v1/team-members", "GET"): Probe(own_data_only=True),
        ("/v1/team-members", "POST"): Probe(member, own_data_only=True),
        ("/v1/team-members/{id}", "PATCH"): Probe({"name": "hijacked"}),
        ("/v1/team-members/{id}", "DELETE"): Probe(),
        ("/v1/team-members/{id}/invitation", "POST"): Probe(),
        ("/v1/team-members/{id}/invitation", "DELETE"): Probe(),
        ("/v1/api-keys", "GET"): Probe(own_data_only=True),
        ("/v1/api-keys", "POST"): Probe(
            {"description": "mine", "expiresAt": expires}, own_data_only=True
        ),
        ("/v1/api-keys/{id}", "DELETE"): Probe(),
        ("/v1/audit-events", "GET"): Probe(own_data_only=True),
        ("/v1/events", "GET"): Probe(own_data_only=True),
        ("/v1/alert-rules", "GET"): Probe(own_data_only=True),
        ("/v1/alert-rules", "POST"): Probe(
            {"targetType": "partner", "targetId": a.partner, "thresholdPercent": 80}
        ),
        ("/v1/alert-rules/{id}", "DELETE"): Probe(),
        ("/v1/webhook-endpoints", "GET"): Probe(own_data_only=True),
        ("/v1/webhook-endpoints", "POST"): Probe(
            {"url": "https://hooks.intruder.example/in", "eventTypes": ["*"]}, own_data_only=True
        ),
        ("/v1/webhook-endpoints/{id}", "GET"): Probe(),
        ("/v1/webhook-endpoints/{id}", "PATCH"): Probe({"url": "https://evil.example/"}),
        ("/v1/webhook-endpoints/{id}", "DELETE"): Probe(),
        ("/v1/webhook-endpoints/{id}/rotate-secret", "POST"): Probe(),
        ("/v1/webhook-endpoints/{id}/test", "POST"): Probe(),
        ("/v1/webhook-endpoints/{id}/deliveries", "GET"): Probe(),
        ("/v1/webhook-endpoints/{id}/replay", "POST"): Probe({"eventId": a.account}),
        ("/v1/contract/list", "GET"): Probe(own_data_only=True),
        ("/v1/contract/{contractID}/partners", "GET"): Probe(),
        ("/v1/contracts", "POST"): Probe(contract_body(a.dist)),
        ("/v1/contracts/{id}", "GET"): Probe(),
        ("/v1/contracts/{id}", "PATCH"): Probe({"reservedCapacity": 10**15}),
        ("/v1/contracts/{id}/overview", "GET"): Probe(),
        ("/v1/partner", "POST"): Probe(
            {"distributorContractId": a.contract, "name": "x", "allocatedCapacity": 0}
        ),
        ("/v1/partner/{partnerID}", "GET"): Probe(),
        ("/v1/partner/{partnerID}", "PUT"): Probe({"allocatedCapacity": 0, "name": "hijacked"}),
        ("/v1/partner/{partnerID}", "DELETE"): Probe(),
        ("/v1/partner/{partnerID}/transfer", "POST"): Probe(
            {"distributorContractId": own_contract}
        ),
        ("/v1/partner/{partnerID}/member", "POST"): Probe(member),
        ("/v1/partner/{partnerID}/members", "GET"): Probe(),
        ("/v1/partner/{partnerID}/member/{memberID}", "PATCH"): Probe({"role": "viewer"}),
        ("/v1/partner/{partnerID}/member/{memberID}", "DELETE"): Probe(),
        ("/v1/partner/{partnerID}/storage-accounts", "GET"): Probe(),
        ("/v1/partner/{partnerID}/storage-accounts", "POST"): Probe(storage_account_body()),
        ("/v1/partner/{partnerID}/storage-accounts/{accountID}", "GET"): Probe(),
        ("/v1/partner/{partnerID}/storage-accounts/{accountID}", "PATCH"): Probe(
            {"pendingDeletedAt": None, "name": "hijacked"}
        ),
        ("/v1/partner/{partnerID}/storage-accounts/{accountID}", "DELETE"): Probe(),
        ("/v1/storage-account", "POST"): Probe(storage_account_body(), own_data_only=True),
        ("/v1/storage-account/list", "GET"): Probe(own_data_only=True),
        ("/v1/storage-account/{accountID}", "GET"): Probe(),
        ("/v1/storage-account/{accountID}", "PATCH"): Probe({"allocatedCapacity": 0}),
        ("/v1/storage-account/{accountID}", "DELETE"): Probe(),
        ("/v1/storage-account/{accountID}/password", "POST"): Probe({"password": "Hijack-Ed-42"}),
        ("/v1/storage-account/{accountID}/access-keys", "GET"): Probe(),
        ("/v1/storage-account/{accountID}/access-keys", "POST"): Probe(),
        ("/v1/storage-account/{accountID}/access-keys/{accessKeyId}", "DELETE"): Probe(),
        ("/v1/partner/{partnerID}/storage-accounts/{accountID}/access-keys", "GET"): Probe(),
        ("/v1/partner/{partnerID}/storage-accounts/{accountID}/access-keys", "POST"): Probe(),
        (
            "/v1/partner/{partnerID}/storage-accounts/{accountID}/access-keys/{accessKeyId}",
            "DELETE",
        ): Probe(),
        ("/v1/jobs/storage-account-purge", "POST"): Probe(),
        ("/v1/jobs/storage-account-reconcile", "POST"): Probe(),
        ("/v1/partner/{partnerID}/storage-accounts/{accountID}/usage", "GET"): Probe(query=RANGE),
        ("/v1/partner/{partnerID}/usage", "GET"): Probe(query=RANGE),
        ("/v1/storage-account/{accountID}/usage", "GET"): Probe(query=RANGE),
        ("/v1/storage-account/{accountID}/usage/hourly", "GET"): Probe(query=RANGE),
        ("/v1/storage-accounts/usage", "GET"): Probe(query=RANGE, own_data_only=True),
        ("/v1/contracts/{id}/usage", "GET"): Probe(query=RANGE),
        ("/v1/usage/samples", "POST"): Probe(
            [{"clientAccountId": a.account, "timestamp": clock.iso(clock.now()), "storedBytes": 1}]
        ),
        ("/v1/jobs/usage-metering", "POST"): Probe(),
        ("/v1/jobs/usage-aggregation", "POST"): Probe(),
        ("/v1/jobs/usage-aggregation/{runId}", "GET"): Probe(),
        ("/v1/jobs/backfill", "POST"): Probe({"table": "organizations"}),
        ("/v1/deals", "GET"): Probe(query="?status=submitted", own_data_only=True),
        ("/v1/deals", "POST"): Probe(DEAL, own_data_only=True),
        ("/v1/deals/{id}", "GET"): Probe(),
        ("/v1/deals/{id}", "PATCH"): Probe({"status": "approved", "reason": "mine now"}),
        ("/v1/exports", "GET"): Probe(own_data_only=True),
        ("/v1/exports", "POST"): Probe({"type": "storageAccounts", "partnerId": a.partner}),
        ("/v1/exports/{id}", "GET"): Probe(),
        ("/v1/export-schedules", "GET"): Probe(own_data_only=True),
        ("/v1/export-schedules", "POST"): Probe(
            {"type": "usage", "frequency": "daily", "partnerId": a.partner}
        ),
        ("/v1/export-schedules/{id}", "DELETE"): Probe(),
        ("/v1/metrics", "GET"): Probe(query=f"?organizationId={a.partner}"),
    }


def concrete_path(template: str, a: TenantA) -> str:
    if template.endswith("/invitation"):  # an invitation of tenant A not accepted yet
        values = {"id": a.dist if "{memberID}" in template else a.invitee, "memberID": a.invitee}
    elif template.startswith("/v1/organizations/"):
        values = {"id": a.dist, "memberID": a.team_member}
    elif template.startswith("/v1/me/passkeys/"):
        values = {"id": a.passkey}
    elif template.startswith("/v1/team-members/"):
        values = {"id": a.team_member}
    elif template.startswith("/v1/api-keys/"):
        values = {"id": a.key_id}
    elif template.startswith("/v1/alert-rules/"):
        values = {"id": a.rule}
    elif template.startswith("/v1/webhook-endpoints/"):
        values = {"id": a.endpoint}
    elif template.startswith("/v1/export-schedules/"):
        values = {"id": a.schedule}
    elif template.startswith(("/v1/deals/", "/v1/exports/")):
        values = {"id": a.deal if template.startswith("/v1/deals/") else a.export}
    elif template.startswith("/v1/jobs/"):
        values = {"runId": a.run}
    elif template.startswith("/v1/contract"):
        values = {"id": a.contract, "contractID": a.contract}
    else:
        values = {
            "partnerID": a.partner,
            "memberID": a.partner_member,
            "accountID": a.account,
            "accessKeyId": a.access_key,
        }
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    assert "{" not in template, f"no tenant-A value for a parameter of {template}"
    return template


def intruders(api, provider) -> dict[str, str]:
    """Principals of tenant B at both depths: a distributor admin, its API key, and its
    partner's admin."""
    dist_b = make_org(api, "Tenant B")
    contract_b = make_contract(api, dist_b)
    admin_b = member_token(api, dist_b, "admin")
    partner_b = api.post(
        "/v1/partner",
        {"distributorContractId": contract_b, "name": "B's MSP", "allocatedCapacity": TB},
        token=admin_b,
    ).json["id"]
    expires = (clock.now() + timedelta(days=10)).isoformat()
    key_b = api.post(
        "/v1/api-keys", {"description": "B's script", "expiresAt": expires}, token=admin_b
    ).json["key"]
    return {
        "distributor admin": admin_b,
        "distributor API key": key_b,
        "partner admin": member_token(api, partner_b, "admin", token=admin_b),
        "own contract": contract_b,
    }


def test_no_route_crosses_tenants(api, provider_admin, tenant_a):
    b = intruders(api, provider_admin)
    table = probes(tenant_a, b.pop("own contract"))
    protected = {key for key, spec in load_all().items() if not spec.public}
    missing = protected - set(table)
    assert not missing, f"add a cross-tenant probe for: {sorted(missing)}"
    before = api.get(f"/v1/contracts/{tenant_a.contract}").json
    failures = []
    # the caller's own-data routes run last, logout at the very end
    order = sorted(table, key=lambda k: (table[k].own_data_only, k[0] == "/v1/auth/logout", k))
    for who, token in b.items():
        for template, method in order:
            probe = table[(template, method)]
            path = concrete_path(template, tenant_a) + probe.query
            reply = api.request(method, path, probe.body, token=token)
            sent = path + str(probe.body)
            leaked = [i for i in tenant_a.ids() if i.encode() in reply.body and i not in sent]
            if leaked:
                failures.append(f"{who}: {method} {path} leaked {leaked}")
            if probe.own_data_only:
                continue
            if 200 <= reply.status < 300:
                failures.append(f"{who}: {method} {path} answered {reply.status}")
            if method == "GET" and "{" in template and reply.status != 404:
                failures.append(f"{who}: {method} {path} answered {reply.status}, not 404")
    assert not failures, "\n".join(failures)
    assert api.get(f"/v1/contracts/{tenant_a.contract}").json == before
    assert api.get(f"/v1/partner/{tenant_a.partner}").json["name"] == "A's MSP"
    sso = api.get(f"/v1/organizations/{tenant_a.dist}/sso").json
    assert (sso["issuer"], sso["emailDomains"]) == (
        "https://login.tenant-a.example",
        ["tenant-a.example.com"],
    )
    assert api.login(tenant_a.team_member_email)
    people = api.get(f"/v1/organizations/{tenant_a.dist}/members").json
    invitee = [m for m in people if m["id"] == tenant_a.invitee]
    assert [m["status"] for m in invitee] == ["invited"]
    members = api.get(f"/v1/partner/{tenant_a.partner}/members").json
    assert [m["id"] for m in members] == [tenant_a.partner_member]
    account = api.get(f"/v1/storage-account/{tenant_a.account}").json
    assert (account["name"], account["status"]) == ("Customer", "active")
    keys = api.get(f"/v1/storage-account/{tenant_a.account}/access-keys").json
    assert [k["accessKeyId"] for k in keys] == [tenant_a.access_key]


def test_no_one_outside_withdraws_a_deal(api, provider_admin, tenant_a):
    """The status route's other move (the registrant's withdraw) probed like the review is:
    404 for every principal of tenant B, and the deal stays submitted."""
    b = intruders(api, provider_admin)
    b.pop("own contract")
    for who, token in b.items():
        reply = api.patch(f"/v1/deals/{tenant_a.deal}", {"status": "withdrawn"}, token=token)
        assert reply.status == 404, (who, reply.status, reply.json)
    assert api.get(f"/v1/deals/{tenant_a.deal}").json["status"] == "submitted"
