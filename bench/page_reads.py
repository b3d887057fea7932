"""What a page or route reads, small tenant vs large, same stack: DynamoDB calls and items read.

The real app in-process (chalice test client, moto in memory), a distributor with one contract:
small = 10 partners, one partner with 10 storage accounts and 30 days of usage, 10 audit events;
large = 5,000 partners, 2,000 accounts (60,000 account days), 5,000 audit events. The records
that only set the size are written straight to the tables; what is measured goes through the
app. *Items read* are what DynamoDB read to answer (a Query's ``ScannedCount``, a GetItem's item,
a BatchGetItem's items): a read that does not grow with the tenant reads the same at both sizes.

The console's lists (``_lists``) have their own sizes: small = 10 people and 10 API keys in an
organization, 10 deals of one status, 10 contracts; large = 2,000 people (in the distributor
and in one of its partners) and 2,000 keys, 5,000 deals of one status (and one deal won), 500
distributors with one contract each (seen by the provider).

``python -m bench.page_reads`` (part of ``make bench``); ``python -m bench.page_reads lists``
measures only the console's lists.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from datetime import timedelta
from typing import Any

TB = 10**12
CALLS: Counter = Counter()
ITEMS: Counter = Counter()
SMALL = {"partners": 10, "accounts": 10, "events": 10}
LARGE = {"partners": 5000, "accounts": 2000, "events": 5000}
DAYS = 30
RARE = "deal.lost"
LISTS_SMALL = {"people": 10, "deals": 10, "contracts": 10}
LISTS_LARGE = {"people": 2000, "deals": 5000, "contracts": 500}


def _before(event_name: str = "", **kwargs: Any) -> None:
    CALLS[event_name.rsplit(".", 1)[-1]] += 1


def _after(event_name: str = "", parsed: Any = None, **kwargs: Any) -> None:
    operation = event_name.rsplit(".", 1)[-1]
    parsed = parsed or {}
    if operation in ("Query", "Scan"):
        ITEMS["read"] += int(parsed.get("ScannedCount", parsed.get("Count", 0)))
    elif operation == "GetItem":
        ITEMS["read"] += 1 if "Item" in parsed else 0
    elif operation == "BatchGetItem":
        ITEMS["read"] += sum(len(v) for v in parsed.get("Responses", {}).values())


def install_hooks() -> None:
    from botocore.handlers import BUILTIN_HANDLERS

    for hook in (("before-call.dynamodb", _before), ("after-call.dynamodb", _after)):
        if hook not in BUILTIN_HANDLERS:
            BUILTIN_HANDLERS.append(hook)


def _bulk(size: dict[str, int], dist: Any, contract: Any, partner: Any) -> None:
    """The records that only make the tenant large: partners, the partner's accounts with
    their usage days and its daily roll-ups, audit events in the distributor's subtree."""
    import uuid

    from chalicelib import clock
    from chalicelib.domain.principal import path_ids
    from chalicelib.store.models import (
        AuditEventItem,
        OrganizationItem,
        StorageAccountItem,
        UsageDayItem,
        UsageRollupItem,
    )

    now = clock.now()
    stamp = clock.iso(now)
    with OrganizationItem.batch_write() as batch:
        for i in range(size["partners"] - 1):
            org_id = str(uuid.uuid4())
            batch.save(
                OrganizationItem(
                    id=org_id,
                    type="partner",
                    name=f"Partner {i:05d}",
                    name_key=f"partner {i:05d}",
                    parent_id=dist.id,
                    path=f"{dist.path}{org_id}/",
                    contract_id=contract.id,
                    allocated_capacity=TB,
                    used_capacity=i * 10**9,
                    created_at=clock.iso(now - timedelta(seconds=i)),
                    updated_at=stamp,
                )
            )
    days = [(now - timedelta(days=d)).date().isoformat() for d in range(DAYS)]
    with StorageAccountItem.batch_write() as accounts, UsageDayItem.batch_write() as usage:
        for i in range(size["accounts"]):
            account_id = f"9{i:011d}"
            accounts.save(
                StorageAccountItem(
                    id=account_id,
                    partner_id=partner.id,
                    path=partner.path,
                    anc1=path_ids(partner.path)[0],
                    anc2=path_ids(partner.path)[1],
                    contract_id=contract.id,
                    name=f"Customer {i:05d}",
                    name_key=f"customer {i:05d}",
                    contact_email=f"c{i}@example.com",
                    allocated_capacity=TB,
                    created_at=clock.iso(now - timedelta(days=DAYS)),
                    updated_at=stamp,
                )
            )
            for day in days:
                usage.save(
                    UsageDayItem(
                        bucket=f"{day}#{i % 10}",
                        account_id=account_id,
                        date=day,
                        partner_id=partner.id,
                        contract_id=contract.id,
                        path=partner.path,
                        hourly=[10**9] * 24,
                        usage=10**9,
                        peak=10**9,
                        allocated_capacity=TB,
                    )
                )
    with UsageRollupItem.batch_write() as rollups:
        for day in days:
            rollups.save(
                UsageRollupItem(
                    entity_id=partner.id,
                    date=day,
                    entity_type="partner",
                    path=partner.path,
                    hourly=[size["accounts"] * 10**9] * 24,
                    usage=size["accounts"] * 10**9,
                    peak=size["accounts"] * 10**9,
                    allocated_capacity=size["accounts"] * TB,
                )
            )
    partner.update(
        actions=[
            OrganizationItem.accounts_allocated_capacity.set(size["accounts"] * TB),
            OrganizationItem.storage_account_count.set(size["accounts"]),
        ]
    )
    ids = path_ids(dist.path)
    with AuditEventItem.batch_write() as audit:
        for i in range(size["events"]):
            at = clock.iso(now - timedelta(days=DAYS) + timedelta(minutes=i))
            event_id = str(uuid.uuid4())
            action = RARE if i == size["events"] // 2 else "partner.update"
            audit.save(
                AuditEventItem(
                    id=event_id,
                    sk=f"{at}#{event_id}",
                    at=at,
                    org_id=dist.id,
                    path=dist.path,
                    anc1=ids[0],
                    anc2=ids[1],
                    actor_type="user",
                    actor_id="bench-user",
                    actor_label="bench@example.com",
                    action=action,
                    action1=f"{ids[0]}#{action}",
                    action2=f"{ids[1]}#{action}",
                    actor1=f"{ids[0]}#bench-user",
                    actor2=f"{ids[1]}#bench-user",
                    target_type="partner",
                    target_id=partner.id,
                )
            )


def _third_page(api: Any, path: str, cookie: dict[str, str]) -> str:
    """The path of the third page of a console table, following its "Next page" links (the
    first two pages are read here, outside the measurement)."""
    import html
    import re

    for _ in range(2):
        text = api.client.http.get(path, headers=cookie).body.decode()
        found = re.search(r'<a href="([^"]+)">Next page</a>', text)
        if found is None:  # the small tenant has fewer pages: its last page then
            return path
        path = html.unescape(found.group(1))
    return path


def _people(org: Any, n: int) -> None:
    """``n`` console users of ``org`` (the records only, straight to the table)."""
    from chalicelib import clock
    from chalicelib.store.models import UserItem

    stamp = clock.iso(clock.now())
    with UserItem.batch_write() as batch:
        for i in range(n):
            email = f"person{i:05d}.{org.id[:8]}@example.com"
            batch.save(
                UserItem(
                    id=f"{org.id[:8]}-{i:05d}",
                    email=email,
                    email_lower=email,
                    name=f"Person {i}",
                    role="viewer",
                    org_id=org.id,
                    path=org.path,
                    org_type=org.type,
                    password_hash="-",
                    created_at=stamp,
                    updated_at=stamp,
                )
            )


def _keys(org: Any, n: int) -> None:
    """``n`` API keys of ``org`` (the records only)."""
    from chalicelib import clock
    from chalicelib.store.models import ApiKeyItem

    now = clock.now()
    expires = clock.iso(now + timedelta(days=90))
    with ApiKeyItem.batch_write() as batch:
        for i in range(n):
            batch.save(
                ApiKeyItem(
                    id=f"key-{org.id[:8]}-{i:05d}",
                    org_id=org.id,
                    path=org.path,
                    org_type=org.type,
                    role="viewer",
                    description=f"script {i}",
                    secret_hash="-",
                    created_by="bench-user",
                    created_by_label="bench@example.com",
                    created_at=clock.iso(now - timedelta(minutes=i)),
                    expires_at=expires,
                )
            )


def _deals(org: Any, n: int) -> None:
    """``n`` submitted deals of ``org`` and one won (the records only)."""
    from chalicelib import clock
    from chalicelib.domain.deals import status_keys
    from chalicelib.store.deals import ancestors
    from chalicelib.store.models import DealItem

    now = clock.now()
    with DealItem.batch_write() as batch:
        for i in range(n + 1):
            at = clock.iso(now - timedelta(minutes=n + 1 - i))
            status = "won" if i == n // 2 else "submitted"
            batch.save(
                DealItem(
                    id=f"deal-{i:05d}",
                    sk=f"{at}#deal-{i:05d}",
                    org_id=org.id,
                    org_name=org.name,
                    path=org.path,
                    **ancestors(org.path),
                    **status_keys(org.path, status),
                    customer_name=f"Customer {i:05d}",
                    country="DE",
                    expected_capacity=200 * TB,
                    expected_close_date="2027-01-31",
                    contract_type="reserved",
                    status=status,
                    registered_by="bench-user",
                    registered_by_label="bench@example.com",
                    created_at=at,
                    updated_at=at,
                )
            )


def _distributors(provider: Any, n: int) -> None:
    """``n`` distributors with one contract each (the records only)."""
    import uuid

    from chalicelib import clock
    from chalicelib.store.models import ContractItem, OrganizationItem

    now = clock.now()
    today = now.date()
    with OrganizationItem.batch_write() as orgs, ContractItem.batch_write() as contracts:
        for i in range(n):
            org_id = str(uuid.uuid4())
            at = clock.iso(now - timedelta(seconds=i))
            orgs.save(
                OrganizationItem(
                    id=org_id,
                    type="distributor",
                    name=f"Distributor {i:05d}",
                    name_key=f"distributor {i:05d}",
                    kind_key=f"{provider.id}#distributor",
                    contract_count=1,
                    parent_id=provider.id,
                    path=f"{provider.path}{org_id}/",
                    created_at=at,
                    updated_at=at,
                )
            )
            contracts.save(
                ContractItem(
                    id=str(uuid.uuid4()),
                    organization_id=org_id,
                    organization_type="distributor",
                    path=f"{provider.path}{org_id}/",
                    provider_id=provider.id,
                    details=f"Frame {i:05d}",
                    reserved_capacity=100 * TB,
                    cost_storage_gb_cents=1.2,
                    currency="EUR",
                    start_date=(today - timedelta(days=30)).isoformat(),
                    end_date=(today + timedelta(days=365)).isoformat(),
                    created_at=at,
                    updated_at=at,
                )
            )


def _lists(api: Any, size: dict[str, int]) -> list[dict[str, Any]]:
    """The console's people, deal and contract lists (``LISTS_SMALL`` vs ``LISTS_LARGE``)."""
    from chalicelib.store.models import OrganizationItem
    from tests.api.helpers import make_contract, make_org, member_token

    dist = make_org(api, "Bench Lists Distribution")
    contract = make_contract(api, dist)
    token = member_token(api, dist, "admin")
    partner = api.post(
        "/v1/partner",
        {"distributorContractId": contract, "allocatedCapacity": TB, "name": "Lists MSP"},
        token=token,
    ).json["id"]
    dist_org = OrganizationItem.get(dist)
    _people(dist_org, size["people"])
    _people(OrganizationItem.get(partner), size["people"])
    _keys(dist_org, size["people"])
    _deals(dist_org, size["deals"])
    provider_org = OrganizationItem.get(dist_org.parent_id)
    _distributors(provider_org, size["contracts"] - 1)
    mine = {"Cookie": f"pc_session={token}"}
    provider = {"Cookie": f"pc_session={api.default_token}"}
    requests = [
        ("baseline: GET /v1/me", "/v1/me", {}),
        ("Team members page", "/console/team", mine),
        ("partner detail page (its users)", f"/console/partners/{partner}", mine),
        ("API keys page", "/console/api-keys", mine),
        (
            "provider's page of a distributor (its users, contracts)",
            f"/console/organizations/{dist}",
            provider,
        ),
        ("Deals page (all)", "/console/deals", mine),
        ("Deals page (one status: submitted)", "/console/deals?status=submitted", mine),
        (
            "Deals page (submitted, page 3)",
            _third_page(api, "/console/deals?status=submitted", mine),
            mine,
        ),
        ("Deals page (a rare status: won)", "/console/deals?status=won", mine),
        ("Contracts page (provider)", "/console/contracts", provider),
        ("Distributors page (provider)", "/console/distributors", provider),
        ("Partners page (provider: contract selector)", "/console/partners", provider),
    ]
    return _measure(api, requests, size, token)


def _measure(
    api: Any, requests: list[tuple[str, str, dict]], size: dict[str, int], token: str
) -> list[dict[str, Any]]:
    rows = []
    for label, path, headers in requests:
        headers = headers or {"Authorization": f"Bearer {token}"}
        CALLS.clear()
        ITEMS.clear()
        started = time.perf_counter()
        reply = api.client.http.get(path, headers=headers)
        took = time.perf_counter() - started
        assert reply.status_code == 200, (path, reply.status_code, reply.body[:300])
        row = {
            "label": label,
            "size": size,
            "calls": sum(CALLS.values()),
            "items": ITEMS["read"],
            "ms": took * 1000,
        }
        rows.append(row)
        print(  # as it goes: the large tenant takes minutes
            f"  {label} @ {size}: {row['calls']:,} calls, "
            f"{row['items']:,} items, {row['ms']:,.0f} ms",
            flush=True,
        )
    return rows


def _scenario(api: Any, size: dict[str, int]) -> list[dict[str, Any]]:
    from chalicelib import clock
    from chalicelib.store.models import ContractItem, OrganizationItem
    from tests.api.helpers import contract_body, make_org, member_token

    today = clock.now().date()
    dist = make_org(api, "Bench Distribution")
    body = contract_body(
        dist,
        reservedCapacity=10**6 * TB,
        startDate=(today - timedelta(days=365)).isoformat(),
        endDate=(today + timedelta(days=365)).isoformat(),
    )
    contract = api.post("/v1/contracts", body).json["id"]
    token = member_token(api, dist, "admin")
    partner = api.post(
        "/v1/partner",
        {"distributorContractId": contract, "allocatedCapacity": 10**5 * TB, "name": "MSP"},
        token=token,
    ).json["id"]
    _bulk(
        size, OrganizationItem.get(dist), ContractItem.get(contract), OrganizationItem.get(partner)
    )
    first, last = (today - timedelta(days=DAYS - 1)).isoformat(), today.isoformat()
    cookie = {"Cookie": f"pc_session={token}"}
    requests = [
        ("baseline: GET /v1/me", "/v1/me", {}),
        ("partner detail page (30-day chart)", f"/console/partners/{partner}", cookie),
        ("Partners page (first page, by name)", f"/console/partners?contract={contract}", cookie),
        (
            "Partners page (by used, descending, page 3)",
            _third_page(api, f"/console/partners?contract={contract}&sort=used&dir=desc", cookie),
            cookie,
        ),
        (
            "Partners page (filtered by name)",
            f"/console/partners?contract={contract}&q=Partner+0004",
            cookie,
        ),
        (
            "Partners page (filtered by name, sorted by used)",
            f"/console/partners?contract={contract}&q=Partner+0004&sort=used&dir=desc",
            cookie,
        ),
        ("storage accounts page", f"/console/partners/{partner}/storage-accounts", cookie),
        (
            "storage accounts page (page 3)",
            _third_page(api, f"/console/partners/{partner}/storage-accounts", cookie),
            cookie,
        ),
        ("audit search, one rare action (API)", f"/v1/audit-events?action={RARE}", {}),
        ("audit search, one rare action (console)", f"/console/audit?action={RARE}", cookie),
        (
            "GET /v1/storage-accounts/usage (page of 100)",
            f"/v1/storage-accounts/usage?from={first}&to={last}",
            {},
        ),
        ("contract overview", f"/v1/contracts/{contract}/overview", {}),
        ("list partners (page of 100)", f"/v1/contract/{contract}/partners", {}),
    ]
    return _measure(api, requests, size, token)


def measure(
    sizes: tuple[dict[str, int], ...] = (SMALL, LARGE), scenario: Any = None
) -> list[dict[str, Any]]:
    from bench.ddb_calls import test_environment

    test_environment()
    install_hooks()
    from chalice.test import Client
    from moto import mock_aws

    rows: list[dict[str, Any]] = []
    for size in sizes:
        with mock_aws():
            import app as application
            from chalicelib import bootstrap
            from tests.api.conftest import ADMIN_EMAIL, PASSWORD, Api

            bootstrap.create_tables()
            bootstrap.ensure_provider_admin(ADMIN_EMAIL, PASSWORD)
            with Client(application.app, stage_name="local") as client:
                api = Api(client)
                api.default_token = api.login(ADMIN_EMAIL)
                rows += (scenario or _scenario)(api, size)
    return rows


def table(rows: list[dict[str, Any]], sizes: tuple[dict, dict] = (SMALL, LARGE)) -> str:
    small = [r for r in rows if r["size"] == sizes[0]]
    large = {r["label"]: r for r in rows if r["size"] == sizes[1]}
    lines = [
        "| page or route | small: calls / items | large: calls / items | large ms (in-process) |",
        "|---|---|---|---|",
    ]
    for r in small:
        big = large[r["label"]]
        lines.append(
            f"| {r['label']} | {r['calls']:,} / {r['items']:,} | {big['calls']:,} / "
            f"{big['items']:,} | {big['ms']:,.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    import logging

    logging.disable(logging.INFO)  # the app's request log
    sys.setrecursionlimit(10_000)
    if sys.argv[1:] != ["lists"]:
        print(
            "Calls and items read per page/route (distributor admin): small = 10 partners / "
            "10 accounts / 10 events, large = 5,000 partners / 2,000 accounts (30 days of "
            "usage) / 5,000 events"
        )
        print(table(measure()))
    print(
        "The console's lists: small = 10 people / 10 deals of one status / 10 contracts, "
        "large = 2,000 people / 5,000 deals of one status / 500 contracts (provider)"
    )
    lists = (LISTS_SMALL, LISTS_LARGE)
    print(table(measure(lists, _lists), lists))


if __name__ == "__main__":
    main()
