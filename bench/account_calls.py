"""DynamoDB and storage-backend calls per storage-account request, with 10 and with 1,000
accounts under the partner: the counts must not grow with the number of accounts.

Runs the real app in-process (chalice test client, moto in memory), like ``bench.ddb_calls``;
backend calls are counted twice: at the port (``provision``, ``suspend``, …) and as the IAM/S3
API calls the S3 + IAM backend makes. ``GET /v1/me`` is the bare baseline (authentication only).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from bench.ddb_calls import CALLS, counting, install_hook, test_environment

TB = 10**12
PORT_CALLS: Counter = Counter()
AWS_CALLS: Counter = Counter()
PASSWORD = "Blue-Harbor-42"


def _count_aws(model: Any = None, params: Any = None, **kwargs: Any) -> None:
    service, operation = kwargs["event_name"].split(".")[1:3]
    AWS_CALLS[f"{service}:{operation}"] += 1


def install_backend_hooks() -> None:
    from botocore.handlers import BUILTIN_HANDLERS

    for service in ("iam", "s3"):
        if (f"before-call.{service}", _count_aws) not in BUILTIN_HANDLERS:
            BUILTIN_HANDLERS.append((f"before-call.{service}", _count_aws))


class CountingBackend:
    def __init__(self, real: Any) -> None:
        self.real = real

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.real, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            PORT_CALLS[name] += 1
            return method(*args, **kwargs)

        return call


def measure(sizes: tuple[int, ...] = (10, 1000)) -> list[dict[str, Any]]:
    test_environment()
    install_hook()
    install_backend_hooks()
    from chalice.test import Client
    from moto import mock_aws

    from chalicelib.store import backend as backend_module

    real_get = backend_module.get_backend
    backend_module.get_backend = lambda: CountingBackend(real_get())
    rows: list[dict[str, Any]] = []
    try:
        for size in sizes:
            with mock_aws():
                import app as application
                from chalicelib import bootstrap
                from tests.api.conftest import ADMIN_EMAIL, Api
                from tests.api.conftest import PASSWORD as ADMIN_PASSWORD

                bootstrap.create_tables()
                bootstrap.ensure_provider_admin(ADMIN_EMAIL, ADMIN_PASSWORD)
                with Client(application.app, stage_name="local") as client:
                    api = Api(client)
                    api.default_token = api.login(ADMIN_EMAIL)
                    rows += _scenario(api, size)
    finally:
        backend_module.get_backend = real_get
    return rows


def _bulk_accounts(partner: Any, size: int) -> None:
    """``size`` accounts written straight to the table (the backend is not what is measured
    here), with the partner's counters set to match."""
    from chalicelib import clock
    from chalicelib.store.models import OrganizationItem, StorageAccountItem

    now = clock.iso(clock.now())
    with StorageAccountItem.batch_write() as batch:
        for i in range(size):
            batch.save(
                StorageAccountItem(
                    id=f"9{i:011d}",
                    partner_id=partner.id,
                    path=partner.path,
                    contract_id=partner.contract_id,
                    name=f"Customer {i}",
                    contact_email=f"c{i}@example.com",
                    allocated_capacity=TB,
                    created_at=now,
                    updated_at=now,
                )
            )
    partner.update(
        actions=[
            OrganizationItem.accounts_allocated_capacity.set(size * TB),
            OrganizationItem.storage_account_count.set(size),
        ]
    )


def _scenario(api: Any, size: int) -> list[dict[str, Any]]:
    from chalicelib.store.models import OrganizationItem
    from tests.api.helpers import contract_body, make_org, member_token

    dist = make_org(api, "Bench Distribution")
    contract = api.post("/v1/contracts", contract_body(dist, reservedCapacity=10**6 * TB)).json[
        "id"
    ]
    dist_token = member_token(api, dist, "admin")
    partner_id = api.post(
        "/v1/partner",
        {"distributorContractId": contract, "allocatedCapacity": 10 * size * TB, "name": "MSP"},
        token=dist_token,
    ).json["id"]
    _bulk_accounts(OrganizationItem.get(partner_id), size)
    token = member_token(api, partner_id, "admin", token=dist_token)
    new = {
        "name": "Acme",
        "allocatedCapacity": TB,
        "allowOverdraft": False,
        "clientAccount": {"contactEmail": "it@acme.example", "password": PASSWORD},
    }
    created = api.post("/v1/storage-account", new, token=token)
    assert created.status == 201, created.json
    aid = created.json["clientAccountId"]
    one, dist_side = f"/v1/storage-account/{aid}", f"/v1/partner/{partner_id}/storage-accounts"
    requests = [
        ("baseline: GET /v1/me", "GET", "/v1/me", None),
        ("create", "POST", "/v1/storage-account", new),
        ("list (page of 100)", "GET", "/v1/storage-account/list", None),
        ("list, distributor side", "GET", dist_side, None),
        ("get", "GET", one, None),
        ("patch: allocation", "PATCH", one, {"allocatedCapacity": 2 * TB}),
        ("patch: rename", "PATCH", one, {"name": "Acme AG"}),
        ("delete (schedule)", "DELETE", one, None),
        ("patch: restore", "PATCH", one, {"pendingDeletedAt": None}),
        ("set password", "POST", f"{one}/password", {"password": "New-Harbor-43"}),
    ]
    rows = []
    for label, method, path, body in requests:
        PORT_CALLS.clear()
        AWS_CALLS.clear()
        with counting() as ddb:
            reply = api.request(method, path, body, token=token)
        assert reply.status < 300, (label, reply.status, reply.json)
        rows.append(
            {
                "accounts": size,
                "request": label,
                "ddb": sum(ddb.values()),
                "ddb_calls": dict(ddb),
                "port": sum(PORT_CALLS.values()),
                "port_calls": dict(PORT_CALLS),
                "aws": sum(AWS_CALLS.values()),
            }
        )
    CALLS.clear()
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    sizes = sorted({r["accounts"] for r in rows})
    keyed = {(r["request"], r["accounts"]): r for r in rows}
    lines = [
        "Storage-account requests: DynamoDB calls / backend port calls / IAM+S3 API calls",
        f"{'request':<26} " + " ".join(f"{f'{s} accounts':>16}" for s in sizes) + "  detail",
    ]
    for label in dict.fromkeys(r["request"] for r in rows):
        cells = []
        for s in sizes:
            r = keyed[(label, s)]
            cells.append(f"{r['ddb']:>3} / {r['port']} / {r['aws']:>2}")
        last = keyed[(label, sizes[-1])]
        detail = ", ".join(f"{k} {v}" for k, v in sorted(last["ddb_calls"].items()))
        if last["port_calls"]:
            detail += "; " + ", ".join(f"{k}" for k in last["port_calls"])
        lines.append(f"{label:<26} " + " ".join(f"{c:>16}" for c in cells) + f"  {detail}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measure()))
