"""The Deals page reads one page: all deals from the level index, one status from its own
index (``levelN-status-index``, keyed ``<organization>#<status>`` and rewritten with every
status move), newest first, with Previous/Next cursors bound to the status and the person."""

from __future__ import annotations

import html
import re

import pytest
from pynamodb.connection.base import Connection

from chalicelib.console.pages import deals as deal_pages
from tests.api.helpers import make_contract, make_partner, make_tenant, member_token
from tests.api.test_deals import register

PAGER = re.compile(r'<a href="([^"]+)">(Previous page|Next page)</a>')
CUSTOMER = re.compile(r'href="/console/deals/[0-9a-f-]{36}">([^<]+)</a>')


@pytest.fixture
def scanned(monkeypatch) -> list[tuple[str, int]]:
    """(index, items DynamoDB read) of every Query the app makes."""
    seen: list[tuple[str, int]] = []
    query = Connection.query

    def spy(self, table_name, hash_key, *args, **kwargs):
        answer = query(self, table_name, hash_key, *args, **kwargs)
        seen.append((kwargs.get("index_name") or table_name, int(answer.get("ScannedCount", 0))))
        return answer

    monkeypatch.setattr(Connection, "query", spy)
    return seen


def table(api, path: str, cookie: str):
    reply = api.client.http.get(path, headers={"Cookie": cookie})
    assert reply.status_code == 200, reply.body[:500]
    text = reply.body.decode()
    links = {label: html.unescape(href) for href, label in PAGER.findall(text)}
    return [html.unescape(c) for c in CUSTOMER.findall(text)], links


def walk(api, path: str, cookie: str):
    forwards, backwards, links = [], [], {}
    while path:
        rows, links = table(api, path, cookie)
        forwards.append(rows)
        path = links.get("Next page")
    path = links.get("Previous page")
    while path:
        rows, links = table(api, path, cookie)
        backwards.append(rows)
        path = links.get("Previous page")
    return forwards, backwards


@pytest.fixture
def deals(api, provider_admin, monkeypatch, clock):
    """A distributor's 7 deals (newest last): 0-3 submitted, 4-5 approved, 6 won."""
    monkeypatch.setattr(deal_pages, "PAGE_SIZE", 2)
    tenant = make_tenant(api, "Deal Paging Distribution")
    made = []
    for i in range(7):
        made.append(register(api, tenant.staff, customerName=f"Customer {i}")["id"])
        clock.advance(minutes=1)
    for i in (4, 5, 6):
        reply = api.patch(f"/v1/deals/{made[i]}", {"status": "approved", "reason": "ok"})
        assert reply.status == 200, reply.json
    reply = api.patch(f"/v1/deals/{made[6]}", {"status": "won"}, token=tenant.admin)
    assert reply.status == 200, reply.json
    return tenant, f"pc_session={tenant.viewer}"


def test_all_deals_page_newest_first_both_ways(api, deals):
    _, cookie = deals
    forwards, backwards = walk(api, "/console/deals", cookie)
    names = [f"Customer {i}" for i in range(6, -1, -1)]
    assert forwards == [names[0:2], names[2:4], names[4:6], names[6:7]]
    assert backwards == [names[4:6], names[2:4], names[0:2]]


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        ("submitted", [[3, 2], [1, 0]]),
        ("approved", [[5, 4]]),
        ("won", [[6]]),
        ("lost", [[]]),
    ],
)
def test_one_status_reads_only_its_own_deals(api, deals, scanned, status, shown):
    _, cookie = deals
    scanned.clear()
    forwards, path = [], f"/console/deals?status={status}"
    while path:
        rows, links = table(api, path, cookie)
        forwards.append(rows)
        path = links.get("Next page")
    assert forwards == [[f"Customer {i}" for i in page] for page in shown]
    on_deals = [(index, n) for index, n in scanned if "status-index" in index or "level" in index]
    assert on_deals and all("status-index" in index for index, _ in on_deals)
    # each page read at most its rows and the one after (to know there is a next page)
    assert sum(n for _, n in on_deals) <= sum(len(p) + 1 for p in shown)


def test_a_status_move_moves_the_deal_between_status_lists(api, deals):
    tenant, cookie = deals
    first, _ = table(api, "/console/deals?status=submitted", cookie)
    assert first == ["Customer 3", "Customer 2"]
    deal = re.search(
        r'href="/console/deals/([0-9a-f-]{36})">Customer 3<',
        api.client.http.get(
            "/console/deals?status=submitted", headers={"Cookie": cookie}
        ).body.decode(),
    ).group(1)
    reply = api.patch(f"/v1/deals/{deal}", {"status": "withdrawn"}, token=tenant.admin)
    assert reply.status == 200, reply.json
    assert table(api, "/console/deals?status=submitted", cookie)[0] == ["Customer 2", "Customer 1"]
    assert table(api, "/console/deals?status=withdrawn", cookie)[0] == ["Customer 3"]
    # the API's status filter reads the same index
    listed = api.get("/v1/deals?status=withdrawn", token=tenant.viewer).json
    assert [d["customerName"] for d in listed] == ["Customer 3"]


def test_a_deals_cursor_is_refused_for_another_status_or_person(api, deals):
    _, cookie = deals
    _, links = table(api, "/console/deals?status=submitted", cookie)
    cursor = re.search(r"cursor=([^&]+)", links["Next page"]).group(1)
    other = api.client.http.get(
        f"/console/deals?status=approved&cursor={cursor}", headers={"Cookie": cookie}
    )
    assert other.status_code == 400
    stranger = make_tenant(api, "Other Deal Distribution")
    thief = api.client.http.get(
        f"/console/deals?status=submitted&cursor={cursor}",
        headers={"Cookie": f"pc_session={stranger.viewer}"},
    )
    assert thief.status_code == 400


def test_a_partner_sees_its_own_deals_of_one_status_and_its_distributor_sees_them_too(api, deals):
    tenant, cookie = deals
    contract = make_contract(api, tenant.org_id)
    partner = make_partner(api, contract, tenant.admin, "Deal MSP")
    partner_token = member_token(api, partner, "admin", token=tenant.admin)
    register(api, partner_token, customerName="Partner Customer")
    mine, _ = table(api, "/console/deals?status=submitted", f"pc_session={partner_token}")
    assert mine == ["Partner Customer"]
    theirs, _ = table(api, "/console/deals?status=submitted", cookie)
    assert theirs == ["Partner Customer", "Customer 3"]
