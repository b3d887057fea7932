"""The Partners page's table reads one page through an index per order (name, used,
allocated), filters by the beginning of the name with a key condition, and pages with cursors
both ways. (The browser walk is ``tests/browser/test_partners.py``.)"""

from __future__ import annotations

import html
import re

import pytest

from tests.api.helpers import TB, make_contract, make_org, make_partner, member_token

ROW = re.compile(r'href="/console/partners/[0-9a-f-]{36}">([^<]+)</a>')
PAGER = re.compile(r'<a href="([^"]+)">(Previous page|Next page)</a>')


@pytest.fixture
def channel(api, provider_admin):
    org = make_org(api, "Table Distribution")
    contract = make_contract(api, org, reservedCapacity=1000 * TB)
    token = member_token(api, org, "admin")
    for i in range(23):
        allocation = 0 if i % 5 == 0 else (i + 1) * TB
        make_partner(api, contract, token, f"Paged {i:02d}", allocation)
    make_partner(api, contract, token, "zulu Partner", 2 * TB)
    return contract, f"pc_session={token}"


def table(api, path: str, cookie: str) -> tuple[list[str], dict[str, str], str]:
    reply = api.client.http.get(path, headers={"Cookie": cookie})
    assert reply.status_code == 200, reply.body[:500]
    text = reply.body.decode()
    links = {label: html.unescape(href) for href, label in PAGER.findall(text)}
    return [html.unescape(n) for n in ROW.findall(text)], links, text


def walk(api, path: str, cookie: str) -> list[list[str]]:
    pages = []
    while path:
        rows, links, _ = table(api, path, cookie)
        pages.append(rows)
        path = links.get("Next page")
    return pages


def test_by_name_pages_forwards_and_back_with_cursors(api, channel):
    contract, cookie = channel
    first, links, text = table(api, f"/console/partners?contract={contract}", cookie)
    assert first == [f"Paged {i:02d}" for i in range(20)]
    assert "24 partners" in text and "Page 1 of 2" in text and "Previous page" not in links
    second, links, text = table(api, links["Next page"], cookie)
    assert second == ["Paged 20", "Paged 21", "Paged 22", "zulu Partner"]
    assert "Page 2 of 2" in text and "Next page" not in links
    again, links, _ = table(api, links["Previous page"], cookie)
    assert again == first and "Previous page" not in links and "Next page" in links


@pytest.mark.parametrize("sort", ["name", "allocated", "used"])
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_every_order_shows_every_partner_once(api, channel, sort, direction):
    contract, cookie = channel
    pages = walk(api, f"/console/partners?contract={contract}&sort={sort}&dir={direction}", cookie)
    assert [len(p) for p in pages] == [20, 4]
    names = [n for p in pages for n in p]
    assert sorted(names) == sorted({*names}) and len(names) == 24
    if sort == "allocated":
        allocation = {f"Paged {i:02d}": 0 if i % 5 == 0 else i + 1 for i in range(23)}
        allocation["zulu Partner"] = 2
        figures = [allocation[n] for n in names]
        assert figures == sorted(figures, reverse=direction == "desc")


def test_the_filter_is_the_beginning_of_the_name_in_any_case(api, channel):
    contract, cookie = channel
    rows, links, text = table(api, f"/console/partners?contract={contract}&q=paged+1", cookie)
    assert rows == [f"Paged {i}" for i in range(10, 20)] and not links
    assert "whose name starts with “paged 1”" in text
    rows, _, text = table(api, f"/console/partners?contract={contract}&q=ulu", cookie)
    assert rows == [] and "No partner's name starts with “ulu”" in text


def test_filtered_and_sorted_by_capacity_sorts_the_matches(api, channel):
    contract, cookie = channel
    path = f"/console/partners?contract={contract}&q=Paged+1&sort=allocated&dir=desc"
    rows, links, text = table(api, path, cookie)
    assert rows[0] == "Paged 19" and rows[-1] == "Paged 15" and len(rows) == 10
    assert 'aria-sort="descending"' in text and not links


def test_too_many_matches_to_sort_stay_in_name_order_and_say_so(api, channel, monkeypatch):
    from chalicelib.console.pages import partners as page

    monkeypatch.setattr(page, "SORTED_MATCHES", 5)
    contract, cookie = channel
    path = f"/console/partners?contract={contract}&q=Paged&sort=allocated&dir=desc"
    pages = walk(api, path, cookie)
    assert [n for p in pages for n in p] == [f"Paged {i:02d}" for i in range(23)]
    _, _, text = table(api, path, cookie)
    assert "More than 5 partners" in text and "Type more of the name" in text


def test_a_cursor_of_another_order_or_contract_is_refused(api, channel):
    contract, cookie = channel
    _, links, _ = table(api, f"/console/partners?contract={contract}", cookie)
    cursor = re.search(r"cursor=([^&]+)", links["Next page"]).group(1)
    reply = api.client.http.get(
        f"/console/partners?contract={contract}&sort=used&cursor={cursor}&page=2",
        headers={"Cookie": cookie},
    )
    assert reply.status_code == 400


def test_the_storage_accounts_table_pages_by_name_on_the_server(api, provider_admin, monkeypatch):
    from chalicelib.console.pages import accounts as page
    from tests.api.test_partner_reservations import add_account

    monkeypatch.setattr(page, "PAGE_SIZE", 2)
    org = make_org(api, "Accounts Table Distribution")
    contract = make_contract(api, org)
    token = member_token(api, org, "admin")
    partner = make_partner(api, contract, token, "Table MSP", 10 * TB)
    for name in ("delta", "Alpha", "charlie", "Bravo", "echo"):
        add_account(api, partner, token, TB, name)
    renamed = add_account(api, partner, token, TB, "zz")["clientAccountId"]
    path = f"/v1/partner/{partner}/storage-accounts/{renamed}"
    assert api.patch(path, {"name": "Able"}, token=token).status == 200
    cookie = f"pc_session={token}"
    path = f"/console/partners/{partner}/storage-accounts"
    link = re.compile(rf'href="{path}/\d+">([^<]+)</a>')
    shown, pages = [], []
    while path:
        reply = api.client.http.get(path, headers={"Cookie": cookie})
        assert reply.status_code == 200, reply.body[:300]
        text = reply.body.decode()
        shown.append(link.findall(text))
        pages.append(re.search(r"Page \d of \d", text).group(0))
        links = {label: html.unescape(href) for href, label in PAGER.findall(text)}
        path = links.get("Next page")
        assert "6 storage accounts" in text
    assert shown == [["Able", "Alpha"], ["Bravo", "charlie"], ["delta", "echo"]]
    assert pages == ["Page 1 of 3", "Page 2 of 3", "Page 3 of 3"]
    back = api.client.http.get(links["Previous page"], headers={"Cookie": cookie}).body.decode()
    assert link.findall(back) == ["Bravo", "charlie"]
