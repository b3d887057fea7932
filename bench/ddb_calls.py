"""DynamoDB round trips per request, counted with a botocore event hook.

Runs the real app in-process (chalice test client, moto in memory) and counts every DynamoDB
API call each request makes, split into the authentication share and the route's own share,
with 10 and with 1,000 partners in the contract: the counts must not grow with its size.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

TB = 10**12
CALLS: Counter = Counter()


def _count(model: Any = None, params: Any = None, **kwargs: Any) -> None:
    CALLS[kwargs["event_name"].rsplit(".", 1)[-1]] += 1


def install_hook() -> None:
    """Every botocore client created from now on reports its DynamoDB calls to ``CALLS``."""
    from botocore.handlers import BUILTIN_HANDLERS

    if ("before-call.dynamodb", _count) not in BUILTIN_HANDLERS:
        BUILTIN_HANDLERS.append(("before-call.dynamodb", _count))


@contextmanager
def counting():
    CALLS.clear()
    snapshot: Counter = Counter()
    yield snapshot
    snapshot.update(CALLS)


def test_environment() -> None:
    """The tests' environment (local stage settings, throw-away AWS credentials, no endpoint)."""
    import tests.conftest  # noqa: F401 - importing it applies the environment


def measure(sizes: tuple[int, ...] = (10, 1000)) -> list[dict[str, Any]]:
    test_environment()
    install_hook()
    from chalice.test import Client
    from moto import mock_aws

    rows = []
    for size in sizes:
        with mock_aws():
            import app as application
            from chalicelib import bootstrap
            from chalicelib.services import auth
            from tests.api.conftest import ADMIN_EMAIL, PASSWORD, Api

            bootstrap.create_tables()
            bootstrap.ensure_provider_admin(ADMIN_EMAIL, PASSWORD)
            with Client(application.app, stage_name="local") as client:
                api = Api(client)
                api.default_token = api.login(ADMIN_EMAIL)
                rows += _scenario(api, size, auth)
    return rows


def _scenario(api: Any, size: int, auth: Any) -> list[dict[str, Any]]:
    from tests.api.helpers import make_org, member_token

    dist = make_org(api, "Bench Distribution")
    contracts = []
    for name in ("Main", "Other"):
        body = {
            "organizationId": dist,
            "details": name,
            "reservedCapacity": 10**6 * TB,
            "costStorageGBCents": 1,
            "currency": "EUR",
            "startDate": (datetime.now(UTC).date() - timedelta(days=30)).isoformat(),
            "endDate": (datetime.now(UTC).date() + timedelta(days=4 * 365)).isoformat(),
        }
        contracts.append(api.post("/v1/contracts", body).json["id"])
    main, other = contracts
    token = member_token(api, dist, "admin")
    expires = (datetime.now(UTC) + timedelta(days=30)).isoformat()
    key = api.post(
        "/v1/api-keys", {"description": "bench", "expiresAt": expires}, token=token
    ).json["key"]
    partners = [
        api.post(
            "/v1/partner",
            {"distributorContractId": main, "allocatedCapacity": TB, "name": f"P{i}"},
            token=token,
        ).json["id"]
        for i in range(size)
    ]
    api.get("/v1/me", token=key)  # first use records lastUsedAt; later uses within 5 min do not
    target = partners[size // 2]
    requests = [
        ("list partners (page of 100)", "GET", f"/v1/contract/{main}/partners", None),
        ("list contracts", "GET", "/v1/contract/list", None),
        ("get partner", "GET", f"/v1/partner/{target}", None),
        ("contract overview", "GET", f"/v1/contracts/{main}/overview", None),
        (
            "create partner",
            "POST",
            "/v1/partner",
            {"distributorContractId": main, "allocatedCapacity": TB, "name": "New"},
        ),
        ("update: allocation up", "PUT", f"/v1/partner/{target}", {"allocatedCapacity": 2 * TB}),
        ("update: allocation down", "PUT", f"/v1/partner/{target}", {"allocatedCapacity": TB}),
        ("update: rename", "PUT", f"/v1/partner/{target}", {"name": "Renamed"}),
        ("transfer", "POST", f"/v1/partner/{target}/transfer", {"distributorContractId": other}),
        ("delete partner", "DELETE", f"/v1/partner/{partners[0]}", None),
    ]
    rows = []
    for label, method, path, body in requests:
        for credential, secret in (("session", token), ("API key", key)):
            if credential == "API key" and method != "GET":
                continue
            with counting() as total:
                reply = api.request(method, path, body, token=secret)
            assert reply.status < 300, (label, reply.status, reply.json)
            with counting() as auth_share:
                auth.authenticate(f"Bearer {secret}", _Ctx())
            rows.append(
                {
                    "partners": size,
                    "request": label,
                    "credential": credential,
                    "status": reply.status,
                    "total": sum(total.values()),
                    "auth": sum(auth_share.values()),
                    "calls": dict(total),
                }
            )
    return rows


class _Ctx:
    request_id = "bench"
    source_ip = "127.0.0.1"


def table(rows: list[dict[str, Any]]) -> str:
    sizes = sorted({r["partners"] for r in rows})
    keyed = {(r["request"], r["credential"], r["partners"]): r for r in rows}
    lines = [
        "DynamoDB calls per request (auth share in brackets)",
        f"{'request':<30} {'credential':<10} "
        + " ".join(f"{s:>8}" for s in sizes)
        + "  calls (largest contract)",
    ]
    seen = []
    for r in rows:
        key = (r["request"], r["credential"])
        if key in seen:
            continue
        seen.append(key)
        cells = []
        for s in sizes:
            row = keyed[(*key, s)]
            cells.append(f"{row['total']:>4} ({row['auth']})")
        detail = ", ".join(f"{k} {v}" for k, v in sorted(keyed[(*key, sizes[-1])]["calls"].items()))
        lines.append(
            f"{key[0]:<30} {key[1]:<10} " + " ".join(f"{c:>8}" for c in cells) + f"  {detail}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(measure()))
