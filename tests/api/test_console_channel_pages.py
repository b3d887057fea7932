"""The provider's channel pages read one page: Distributors and Direct partners by name
(``parent-kind-name-index``), Contracts newest first (``provider-index``) with their owners read
by id, an organization's contracts on its page; the Partners page's contract selector offers a
bounded choice plus the contract the URL names; a partner's transfer targets are one Query."""

from __future__ import annotations

import html
import re

import pytest

from chalicelib.console.pages import partners as partner_pages
from chalicelib.console.pages import provider as provider_pages
from tests.api.helpers import make_contract, make_org, make_partner, member_token

PAGER = re.compile(r'<a href="([^"]+)">(Previous page|Next page)</a>')
ORG_ROW = re.compile(
    r'<td><a href="/console/organizations/[0-9a-f-]{36}">([^<]+)</a></td><td>(\d+)</td>'
)


def get(api, path: str, cookie: str):
    return api.client.http.get(path, headers={"Cookie": cookie})


def table(api, path: str, cookie: str, rows: re.Pattern):
    reply = get(api, path, cookie)
    assert reply.status_code == 200, reply.body[:500]
    text = reply.body.decode()
    links = {label: html.unescape(href) for href, label in PAGER.findall(text)}
    return [html.unescape(r) if isinstance(r, str) else r for r in rows.findall(text)], links, text


def walk(api, path: str, cookie: str, rows: re.Pattern):
    forwards, backwards, links = [], [], {}
    while path:
        shown, links, _ = table(api, path, cookie, rows)
        forwards.append(shown)
        path = links.get("Next page")
    path = links.get("Previous page")
    while path:
        shown, links, _ = table(api, path, cookie, rows)
        backwards.append(shown)
        path = links.get("Previous page")
    return forwards, backwards


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(provider_pages, "PAGE_SIZE", 2)


@pytest.fixture
def provider(provider_admin) -> str:
    return f"pc_session={provider_admin}"


def test_distributors_page_by_name_one_page_at_a_time(api, provider, small_pages):
    names = ["delta Dist", "Alpha Dist", "charlie Dist", "Bravo Dist", "echo Dist"]
    ids = {name: make_org(api, name) for name in names}
    for _ in range(2):
        make_contract(api, ids["Bravo Dist"])
    make_contract(api, ids["echo Dist"])
    make_org(api, "Aardvark Direct", kind="partner")  # the other kind: not on this page
    forwards, backwards = walk(api, "/console/distributors", provider, ORG_ROW)
    assert forwards == [
        [("Alpha Dist", "0"), ("Bravo Dist", "2")],
        [("charlie Dist", "0"), ("delta Dist", "0")],
        [("echo Dist", "1")],
    ]
    assert backwards == forwards[1::-1]
    direct, links, _ = table(api, "/console/direct-partners", provider, ORG_ROW)
    assert direct == [("Aardvark Direct", "0")] and not links


def test_a_channel_cursor_belongs_to_its_page_and_to_the_provider(api, provider, small_pages):
    for name in ("One", "Two", "Three"):
        make_org(api, name)
    _, links, _ = table(api, "/console/distributors", provider, ORG_ROW)
    cursor = re.search(r"cursor=[^&]+", links["Next page"]).group(0)
    assert get(api, f"/console/direct-partners?{cursor}", provider).status_code == 400
    assert get(api, f"/console/contracts?{cursor}", provider).status_code == 400
    dist = make_org(api, "Curious Distribution")
    outsider = f"pc_session={member_token(api, dist, 'admin')}"
    for path in ("/console/distributors", "/console/direct-partners", "/console/contracts"):
        assert get(api, f"{path}?{cursor}", outsider).status_code == 404  # provider's pages


CONTRACT_ROW = re.compile(
    r"<tr>\s*<td>([^<]+)</td>\s*<td><a href=\"/console/organizations/[^\"]+\">([^<]+)</a>"
)


def test_contracts_page_newest_first_with_its_owners(api, provider, small_pages, clock):
    north = make_org(api, "North Dist")
    direct = make_org(api, "South Direct", kind="partner")
    for i, owner in enumerate((north, direct, north, direct, north)):
        make_contract(api, owner, details=f"Contract {i}")
        clock.advance(minutes=1)
    forwards, backwards = walk(api, "/console/contracts", provider, CONTRACT_ROW)
    owner = {
        0: "North Dist",
        1: "South Direct",
        2: "North Dist",
        3: "South Direct",
        4: "North Dist",
    }
    expected = [[(f"Contract {i}", owner[i]) for i in page] for page in ([4, 3], [2, 1], [0])]
    assert forwards == expected
    assert backwards == expected[1::-1]


def test_the_contracts_page_offers_a_bounded_choice_of_owners(api, provider, monkeypatch):
    monkeypatch.setattr(provider_pages, "OWNER_CHOICES", 1)
    for name in ("Beta Dist", "Alpha Dist"):
        make_org(api, name)
    make_org(api, "Solo Direct", kind="partner")
    _, _, text = table(api, "/console/contracts", provider, CONTRACT_ROW)
    select = re.search(r'<select[^>]*name="organizationId".*?</select>', text, re.S).group(0)
    offered = [html.unescape(o) for o in re.findall(r"<option[^>]*>([^<]+)</option>", select)]
    assert offered == ["Alpha Dist (distributor)", "Solo Direct (partner)"]
    assert "The first 1 distributors and direct partners by name are offered" in text


def test_an_organizations_page_pages_its_contracts_apart_from_its_users(
    api, provider, small_pages, clock
):
    org = make_org(api, "Many Contracts Dist")
    for i in range(3):
        make_contract(api, org, details=f"Deal {i}")
        clock.advance(minutes=1)
    rows = re.compile(r'<td><a href="/console/partners\?contract=[0-9a-f-]{36}">([^<]+)</a></td>')
    path = f"/console/organizations/{org}"
    first, links, text = table(api, path, provider, rows)
    assert first == ["Deal 0", "Deal 1"]
    assert "contracts_cursor=" in links["Next page"] and links["Next page"].endswith(
        "#contracts-title"
    )
    assert 'aria-label="Pages of contracts"' in text
    second, links, _ = table(api, links["Next page"], provider, rows)
    assert second == ["Deal 2"]
    again, _, _ = table(api, links["Previous page"], provider, rows)
    assert again == first
    # the users' cursor is not the contracts' (and the other way round)
    cursor = re.search(r"contracts_cursor=([^&#]+)", links["Previous page"]).group(1)
    assert get(api, f"{path}?cursor={cursor}", provider).status_code == 400


def test_the_partners_selector_is_bounded_and_takes_the_contract_the_url_names(
    api, provider_admin, monkeypatch, clock
):
    monkeypatch.setattr(partner_pages, "CONTRACT_CHOICES", 1)
    cookie = f"pc_session={provider_admin}"
    first_dist, second_dist = make_org(api, "First Dist"), make_org(api, "Second Dist")
    first = make_contract(api, first_dist, details="First frame")
    clock.advance(minutes=1)
    second = make_contract(api, second_dist, details="Second frame")
    direct = make_contract(api, make_org(api, "A Direct", kind="partner"), details="Direct one")
    options = re.compile(r'<option value="([0-9a-f-]{36})"( selected)?>')

    text = get(api, "/console/partners", cookie).body.decode()
    assert options.findall(text) == [(first, " selected")]
    assert "The first 1 contracts are offered here" in text

    text = get(api, f"/console/partners?contract={second}", cookie).body.decode()
    assert options.findall(text) == [(first, ""), (second, " selected")]
    assert "Second frame" in text
    # a direct channel partner's contract has no partners table; another tenant's is not seen
    assert get(api, f"/console/partners?contract={direct}", cookie).status_code == 404
    outsider = f"pc_session={member_token(api, first_dist, 'admin')}"
    assert get(api, f"/console/partners?contract={second}", outsider).status_code == 404
    text = get(api, "/console/partners", outsider).body.decode()
    assert options.findall(text) == [(first, " selected")]
    assert "The first 1 contracts" not in text


def test_a_partners_transfer_targets_are_its_distributors_other_contracts(api, provider_admin):
    dist = make_org(api, "Transfer Dist")
    home = make_contract(api, dist, details="Home")
    other = make_contract(api, dist, details="Other")
    make_contract(api, make_org(api, "Elsewhere Dist"), details="Elsewhere")
    token = member_token(api, dist, "admin")
    partner = make_partner(api, home, token, "Moving MSP")
    text = get(api, f"/console/partners/{partner}", f"pc_session={token}").body.decode()
    dialog = re.search(r'id="transfer-dialog".*?</dialog>', text, re.S).group(0)
    assert re.findall(r'<option value="([0-9a-f-]{36})"', dialog) == [other]


def test_contract_counts_come_from_the_counter_or_for_older_organizations_a_query(
    api, provider, monkeypatch
):
    import boto3

    from chalicelib.settings import get_settings
    from chalicelib.store import contracts as contract_store

    counted, older = make_org(api, "Counted Dist"), make_org(api, "Older Dist")
    for owner in (counted, counted, older, older, older):
        make_contract(api, owner)
    # as an organization created before the counter is stored: without it
    table_name = get_settings().table_name("organizations")
    boto3.resource("dynamodb").Table(table_name).update_item(
        Key={"id": older}, UpdateExpression="REMOVE contract_count"
    )
    make_contract(api, older)  # the counter does not start late
    queried: list[list[str]] = []
    count = contract_store.count_for_organizations

    def spy(org_ids):
        queried.append(list(org_ids))
        return count(org_ids)

    monkeypatch.setattr(contract_store, "count_for_organizations", spy)
    rows, _, _ = table(api, "/console/distributors", provider, ORG_ROW)
    assert rows == [("Counted Dist", "2"), ("Older Dist", "4")]
    assert queried == [[older]]


def test_the_distributors_filter_is_the_beginning_of_the_name(api, provider, small_pages):
    for name in ("Nordic One", "nordic  Two", "Nordic Three", "Southern", "The Nordic"):
        make_org(api, name)
    forwards, backwards = walk(api, "/console/distributors?q=NORDIC", provider, ORG_ROW)
    assert forwards == [[("Nordic One", "0"), ("Nordic Three", "0")], [("nordic  Two", "0")]]
    assert backwards == forwards[:1]
    _, links, _ = table(api, "/console/distributors?q=nordic", provider, ORG_ROW)
    assert "q=nordic" in links["Next page"]
    # the filtered table's cursor is not the unfiltered one's
    cursor = re.search(r"cursor=[^&]+", links["Next page"]).group(0)
    assert get(api, f"/console/distributors?{cursor}", provider).status_code == 400
    rows, _, text = table(api, "/console/distributors?q=west", provider, ORG_ROW)
    assert rows == [] and "No name starts with “west”" in html.unescape(text)
