"""A retrying client's worst case: the same create sent many times at the same instant with one
``Idempotency-Key`` (a gateway timeout plus a double click), over HTTP against a running stack.

Counts what came back (first answers, replays, 409 in progress) and what happened (partners
created, capacity counted), next to the same burst without a key, in the same run: without a key
every request is its own create; with one, exactly one is.

Used by the integration test (which asserts) and by ``make bench`` (which prints the figures).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import requests

from bench.race import Client, partners_of, setup_channel

TB = 10**12


@dataclass
class Burst:
    label: str
    requests: int
    statuses: Counter = field(default_factory=Counter)
    replayed: int = 0
    bodies: set[str] = field(default_factory=set)
    partners_created: int = 0
    allocated: int = 0
    seconds: float = 0.0


def _burst(base: str, token: str, contract: str, parallel: int, key: str | None) -> Burst:
    label = "one Idempotency-Key" if key else "no key (baseline)"
    outcome = Burst(label, parallel)
    body = {"distributorContractId": contract, "allocatedCapacity": TB, "name": "Retry MSP"}
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    gate = threading.Barrier(parallel)

    def send(_: int) -> requests.Response:
        gate.wait()
        return requests.post(f"{base}/v1/partner", json=body, headers=headers, timeout=120)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        replies = list(pool.map(send, range(parallel)))
    outcome.seconds = time.perf_counter() - started
    for reply in replies:
        outcome.statuses[reply.status_code] += 1
        if reply.headers.get("Idempotent-Replayed") == "true":
            outcome.replayed += 1
        if reply.status_code == 201:
            outcome.bodies.add(reply.text)
    return outcome


def idempotency_race(base: str, provider_token: str, *, parallel: int = 16) -> dict[str, Any]:
    """Two bursts of ``parallel`` identical creates, each into its own empty contract."""
    provider = Client(base, provider_token)
    channel = setup_channel(base, provider, reserve_tb=100, small_tb=100)
    dist = Client(base, channel["token"])
    key = f"retry-{uuid.uuid4()}"
    bursts = []
    for contract, burst_key in ((channel["small"], None), (channel["main"], key)):
        outcome = _burst(base, channel["token"], contract, parallel, burst_key)
        partners = partners_of(dist, contract)
        outcome.partners_created = len(partners)
        outcome.allocated = dist.call("GET", f"/v1/contracts/{contract}").json()[
            "allocatedCapacity"
        ]
        bursts.append(outcome)
    # a late retry, after the burst, is answered from the store
    late = requests.post(
        f"{base}/v1/partner",
        json={
            "distributorContractId": channel["main"],
            "allocatedCapacity": TB,
            "name": "Retry MSP",
        },
        headers={"Authorization": f"Bearer {channel['token']}", "Idempotency-Key": key},
        timeout=60,
    )
    return {"baseline": bursts[0], "keyed": bursts[1], "late_retry": late}


def report(result: dict[str, Any]) -> str:
    lines = []
    for name in ("baseline", "keyed"):
        b: Burst = result[name]
        statuses = ", ".join(f"{s}: {n}" for s, n in sorted(b.statuses.items()))
        lines.append(
            f"  {b.requests} identical POST /v1/partner at once, {b.label}: "
            f"{b.partners_created} partner(s) created, {b.allocated // TB} TB counted; "
            f"answers {statuses}; {b.replayed} replayed; {b.seconds:.2f}s"
        )
    late = result["late_retry"]
    lines.append(
        f"  a retry after the burst: {late.status_code}, "
        f"Idempotent-Replayed: {late.headers.get('Idempotent-Replayed')}"
    )
    return "\n".join(lines)
