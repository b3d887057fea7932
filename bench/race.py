"""Many people clicking at once: parallel partner creates, re-allocations, transfers and deletes
racing on the same contracts over HTTP against a running stack, then a check that every counter
equals the sum of its partners' allocations and never exceeds the reserve.

Used by the integration test (which asserts) and by ``make bench`` (which prints the figures).
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

TB = 10**12


@dataclass
class Outcome:
    phase: str
    requests: int
    statuses: Counter = field(default_factory=Counter)
    seconds: float = 0.0


class Client:
    """requests with one session per thread and a bearer token."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token
        self.local = threading.local()

    def call(self, method: str, path: str, body: Any = None) -> requests.Response:
        session = getattr(self.local, "session", None)
        if session is None:
            session = self.local.session = requests.Session()
        return session.request(
            method,
            self.base + path,
            json=body,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=120,
        )


def login(base: str, email: str, password: str) -> str:
    reply = requests.post(
        f"{base}/v1/auth/login", json={"email": email, "password": password}, timeout=60
    )
    reply.raise_for_status()
    return reply.json()["token"]


def setup_channel(base: str, provider: Client, reserve_tb: int, small_tb: int) -> dict[str, str]:
    """A distributor with two contracts and a logged-in admin."""
    dist = provider.call(
        "POST", "/v1/organizations", {"type": "distributor", "name": "Race Distribution"}
    ).json()["id"]
    contracts = []
    for name, reserve in (("Main", reserve_tb), ("Small", small_tb)):
        body = {
            "organizationId": dist,
            "details": name,
            "reservedCapacity": reserve * TB,
            "costStorageGBCents": 1,
            "currency": "EUR",
            "startDate": (datetime.now(UTC).date() - timedelta(days=30)).isoformat(),
            "endDate": (datetime.now(UTC).date() + timedelta(days=4 * 365)).isoformat(),
        }
        contracts.append(provider.call("POST", "/v1/contracts", body).json()["id"])
    email = f"race-{random.randrange(10**9)}@example.com"
    password = "Race-Condition-9!"
    provider.call(
        "POST",
        f"/v1/organizations/{dist}/members",
        {"email": email, "password": password, "role": "admin"},
    ).raise_for_status()
    return {
        "dist": dist,
        "main": contracts[0],
        "small": contracts[1],
        "token": login(base, email, password),
    }


def _parallel(phase: str, calls: list, workers: int) -> Outcome:
    outcome = Outcome(phase, len(calls))
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for reply in pool.map(lambda c: c(), calls):
            outcome.statuses[reply.status_code] += 1
    outcome.seconds = time.perf_counter() - started
    return outcome


def partners_of(dist: Client, contract: str) -> list[dict]:
    found, path = [], f"/v1/contract/{contract}/partners?limit=1000"
    while path:
        reply = dist.call("GET", path)
        found += reply.json()
        link = reply.headers.get("Link")
        path = link[link.index("/v1/") : link.index(">")] if link else None
    return found


def check_invariants(dist: Client, contracts: list[str]) -> list[str]:
    """Problems found: counter != sum of allocations, or counter above the reserve."""
    problems = []
    for contract_id in contracts:
        contract = dist.call("GET", f"/v1/contracts/{contract_id}").json()
        partners = partners_of(dist, contract_id)
        total = sum(p["allocatedCapacity"] for p in partners)
        if contract["allocatedCapacity"] != total:
            problems.append(
                f"{contract['details']}: counter {contract['allocatedCapacity']} != "
                f"sum of partners {total}"
            )
        if contract["partnerCount"] != len(partners):
            problems.append(
                f"{contract['details']}: partnerCount {contract['partnerCount']} != "
                f"{len(partners)} partners"
            )
        if contract["allocatedCapacity"] > contract["reservedCapacity"]:
            problems.append(f"{contract['details']}: allocated above the reserve")
    return problems


def race(base: str, provider_token: str, *, parallel: int = 32, seed: int = 7) -> dict[str, Any]:
    """Run the phases; returns outcomes per phase, invariant problems and final counters."""
    rng = random.Random(seed)
    provider = Client(base, provider_token)
    channel = setup_channel(base, provider, reserve_tb=100, small_tb=30)
    dist = Client(base, channel["token"])
    main, small = channel["main"], channel["small"]
    outcomes = []

    def create(contract: str, tb: int, i: int):
        body = {
            "distributorContractId": contract,
            "allocatedCapacity": tb * TB,
            "name": f"Partner {i}",
        }
        return lambda: dist.call("POST", "/v1/partner", body)

    # 1. more creates than fit: 40 x 3 TB into 100 TB
    outcomes.append(
        _parallel("create", [create(main, 3, i) for i in range(parallel + 8)], parallel)
    )
    created = partners_of(dist, main)

    # 2. re-allocations of every partner at once, to random sizes (some must not fit)
    def put(pid: str, tb: int):
        return lambda: dist.call("PUT", f"/v1/partner/{pid}", {"allocatedCapacity": tb * TB})

    outcomes.append(
        _parallel("re-allocate", [put(p["id"], rng.randint(0, 7)) for p in created], parallel)
    )

    # 3. transfers both ways between the two contracts
    def move(pid: str, target: str):
        return lambda: dist.call(
            "POST", f"/v1/partner/{pid}/transfer", {"distributorContractId": target}
        )

    outcomes.append(_parallel("transfer", [move(p["id"], small) for p in created], parallel))

    # 4. everything at once, plus the provider lowering the main reserve
    now_main, now_small = partners_of(dist, main), partners_of(dist, small)
    mixed = [create(main, 2, 1000 + i) for i in range(8)]
    mixed += [put(p["id"], rng.randint(0, 4)) for p in now_main[:8]]
    mixed += [move(p["id"], main) for p in now_small[:8]]
    mixed += [move(p["id"], small) for p in now_main[8:16]]
    mixed += [
        lambda pid=p["id"]: dist.call("DELETE", f"/v1/partner/{pid}") for p in now_small[8:12]
    ]
    mixed += [
        lambda: provider.call("PATCH", f"/v1/contracts/{main}", {"reservedCapacity": 60 * TB})
    ] * 4
    rng.shuffle(mixed)
    outcomes.append(_parallel("mixed", mixed, parallel))

    problems = check_invariants(dist, [main, small])
    finals = {
        name: dist.call("GET", f"/v1/contracts/{cid}").json()
        for name, cid in (("main", main), ("small", small))
    }
    return {"outcomes": outcomes, "problems": problems, "contracts": finals}


def report(result: dict[str, Any]) -> str:
    lines = [f"{'phase':<12} {'requests':>8} {'seconds':>8}  statuses"]
    for o in result["outcomes"]:
        statuses = ", ".join(f"{s}x{n}" for s, n in sorted(o.statuses.items()))
        lines.append(f"{o.phase:<12} {o.requests:>8} {o.seconds:>8.2f}  {statuses}")
    for name, c in result["contracts"].items():
        lines.append(
            f"contract {name}: reserved {c['reservedCapacity'] // TB} TB, allocated "
            f"{c['allocatedCapacity'] / TB:g} TB, {c['partnerCount']} partners"
        )
    lines.append(
        "invariants: " + ("hold" if not result["problems"] else "; ".join(result["problems"]))
    )
    return "\n".join(lines)
