"""Storage accounts racing under one reserved partner: parallel creates (more than fit) and
re-allocations over HTTP against a running stack, then a check that the partner's counters equal
the sum and the count of its accounts, never exceed its allocation, and no request got a 5xx.

Used by the integration test (which asserts) and by ``make bench`` (which prints the figures).
"""

from __future__ import annotations

import random
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3

from bench.race import TB, Client, Outcome, setup_channel

PASSWORD = "Race-Harbor-42!"


def accounts_of(client: Client, partner_id: str) -> list[dict]:
    found, path = [], f"/v1/partner/{partner_id}/storage-accounts?limit=1000"
    while path:
        reply = client.call("GET", path)
        found += reply.json()
        link = reply.headers.get("Link")
        path = link[link.index("/v1/") : link.index(">")] if link else None
    return found


def partner_counters(aws_url: str, table_prefix: str, partner_id: str) -> tuple[int, int]:
    """``accounts_allocated_capacity`` and ``storage_account_count``, read straight from the
    stack's DynamoDB (the API does not expose them)."""
    dynamodb = boto3.client(
        "dynamodb",
        endpoint_url=aws_url,
        region_name="eu-central-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
    )
    item = dynamodb.get_item(
        TableName=f"{table_prefix}organizations",
        Key={"id": {"S": partner_id}},
        ConsistentRead=True,
    )["Item"]
    return int(item["accounts_allocated_capacity"]["N"]), int(item["storage_account_count"]["N"])


def account_race(
    base: str,
    provider_token: str,
    aws_url: str,
    *,
    table_prefix: str = "partner-console-local-",
    creates: int = 40,
    parallel: int = 16,
    seed: int = 11,
) -> dict[str, Any]:
    rng = random.Random(seed)
    provider = Client(base, provider_token)
    channel = setup_channel(base, provider, reserve_tb=100, small_tb=10)
    dist = Client(base, channel["token"])
    allocation = 20 * TB
    partner = dist.call(
        "POST",
        "/v1/partner",
        {"distributorContractId": channel["main"], "allocatedCapacity": allocation, "name": "Race"},
    ).json()["id"]
    base_path = f"/v1/partner/{partner}/storage-accounts"

    def create(i: int, tb: int):
        body = {
            "name": f"Customer {i}",
            "allocatedCapacity": tb * TB,
            "allowOverdraft": False,
            "clientAccount": {"contactEmail": f"c{i}@example.com", "password": PASSWORD},
        }
        return lambda: dist.call("POST", base_path, body)

    first = [create(i, 1)() for i in range(4)]
    seeded = [r.json()["clientAccountId"] for r in first if r.status_code == 201]

    def patch(aid: str, tb: int):
        return lambda: dist.call("PATCH", f"{base_path}/{aid}", {"allocatedCapacity": tb * TB})

    calls = [create(100 + i, rng.randint(1, 3)) for i in range(creates)]
    calls += [patch(aid, rng.randint(0, 5)) for aid in seeded for _ in range(4)]
    rng.shuffle(calls)
    outcome, codes = Outcome("accounts", len(calls)), Counter()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        for reply in pool.map(lambda c: c(), calls):
            outcome.statuses[reply.status_code] += 1
            if reply.status_code >= 400:
                codes[reply.json().get("code")] += 1
    outcome.seconds = time.perf_counter() - started
    accounts = accounts_of(dist, partner)
    total = sum(a["allocatedCapacity"] for a in accounts)
    held, count = partner_counters(aws_url, table_prefix, partner)
    problems = []
    if held != total:
        problems.append(f"counter {held} != sum of accounts {total}")
    if count != len(accounts):
        problems.append(f"count {count} != {len(accounts)} accounts")
    if held > allocation:
        problems.append(f"accounts hold {held} above the allocation {allocation}")
    if any(status >= 500 for status in outcome.statuses):
        problems.append(f"server errors: {dict(outcome.statuses)}")
    return {
        "outcome": outcome,
        "codes": codes,
        "problems": problems,
        "accounts": len(accounts),
        "held": held,
        "allocation": allocation,
    }


def report(result: dict[str, Any]) -> str:
    o = result["outcome"]
    statuses = ", ".join(f"{s}x{n}" for s, n in sorted(o.statuses.items()))
    return "\n".join(
        [
            f"{o.requests} racing creates + re-allocations under one 20 TB partner in "
            f"{o.seconds:.2f}s: {statuses} ("
            + ", ".join(f"{c}x{n}" for c, n in sorted(result["codes"].items()))
            + ")",
            f"{result['accounts']} accounts holding {result['held'] / TB:g} TB of "
            f"{result['allocation'] // TB} TB; invariants: "
            + ("hold" if not result["problems"] else "; ".join(result["problems"])),
        ]
    )
