"""The console's people and key tables read one page of their index (the team, a partner's
users, the provider's page of an organization: by e-mail address; API keys: newest first)
with Previous/Next cursors bound to the page and the person, never the whole list.
(The browser walk is ``tests/browser/test_paging.py``.)"""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest

from chalicelib.console.pages import organization as org_pages
from chalicelib.console.pages import partners as partner_pages
from tests.api.helpers import (
    make_contract,
    make_member,
    make_org,
    make_partner,
    member_token,
)

PAGER = re.compile(r'<a href="([^"]+)">(Previous page|Next page)</a>')
EMAIL = re.compile(r"<td>(pg-[a-z0-9.-]+@example\.com)")


def get(api, path: str, cookie: str):
    return api.client.http.get(path, headers={"Cookie": cookie})


def table(api, path: str, cookie: str, rows: re.Pattern = EMAIL):
    reply = get(api, path, cookie)
    assert reply.status_code == 200, reply.body[:500]
    text = reply.body.decode()
    links = {label: html.unescape(href) for href, label in PAGER.findall(text)}
    return [html.unescape(r) for r in rows.findall(text)], links, text


def walk(api, path: str, cookie: str, rows: re.Pattern = EMAIL):
    """Every page from ``path`` by Next, then back by Previous: (pages forwards, backwards)."""
    forwards, backwards, numbers = [], [], []
    links: dict = {}
    while path:
        shown, links, text = table(api, path, cookie, rows)
        forwards.append(shown)
        numbers.append(re.search(r"<span>(Page \d+)</span>", text).group(1) if links else "")
        path = links.get("Next page")
    path = links.get("Previous page")
    while path:
        shown, links, _ = table(api, path, cookie, rows)
        backwards.append(shown)
        path = links.get("Previous page")
    return forwards, backwards, numbers


def people(api, org_id: str, n: int, token="default") -> list[str]:
    emails = [f"pg-{i:02d}@example.com" for i in range(n)]
    for email in reversed(emails):  # created out of order: the table sorts by address
        make_member(api, org_id, "viewer", email=email, token=token)
    return emails


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(org_pages, "PAGE_SIZE", 2)
    monkeypatch.setattr(partner_pages, "PEOPLE_PAGE_SIZE", 2)


def test_the_team_page_reads_one_page_at_a_time_both_ways(api, provider_admin, small_pages):
    org = make_org(api, "Team Paging Distribution")
    emails = people(api, org, 4)
    admin = make_member(api, org, "admin", email="pg-zz-admin@example.com")
    cookie = f"pc_session={api.login(admin['email'])}"
    forwards, backwards, numbers = walk(api, "/console/team", cookie)
    assert forwards == [emails[0:2], emails[2:4], ["pg-zz-admin@example.com"]]
    assert numbers == ["Page 1", "Page 2", "Page 3"]
    assert backwards == [emails[2:4], emails[0:2]]


def _cursor_of(api, cookie: str, hops: int, start: str = "/console/team") -> str:
    path = start
    for _ in range(hops):
        _, links, _ = table(api, path, cookie)
        path = links["Next page"]
    return "cursor=" + re.search(r"cursor=([^&]+)", path).group(1)


def test_a_team_cursor_is_refused_for_another_person_or_page(api, provider_admin, small_pages):
    org = make_org(api, "Cursor Owner Distribution")
    people(api, org, 3)
    cookie = f"pc_session={member_token(api, org, 'admin')}"
    cursor = _cursor_of(api, cookie, 1)
    other = make_org(api, "Cursor Thief Distribution")
    people_elsewhere = f"pc_session={member_token(api, other, 'admin')}"
    assert get(api, f"/console/team?{cursor}", people_elsewhere).status_code == 400
    colleague = f"pc_session={member_token(api, org, 'viewer')}"
    assert get(api, f"/console/team?{cursor}", colleague).status_code == 400
    assert get(api, f"/console/api-keys?{cursor}", cookie).status_code == 400
    assert get(api, "/console/team?cursor=not-a-cursor", cookie).status_code == 400


def test_a_refused_role_change_keeps_pager_links_to_the_team_page(api, provider_admin, small_pages):
    org = make_org(api, "Refusal Distribution")
    emails = people(api, org, 3)
    cookie = f"pc_session={member_token(api, org, 'admin')}"
    page = get(api, "/console/team", cookie).body.decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    member = re.search(r'action="/console/team/([0-9a-f-]{36})/role"', page).group(1)
    reply = api.client.http.request(
        "POST",
        f"/console/team/{member}/role",
        headers={
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": "http://localhost",
            "Host": "localhost",
        },
        body=f"csrf={csrf}&role=emperor".encode(),
    )
    assert reply.status_code == 400, reply.status_code
    links = {label: html.unescape(h) for h, label in PAGER.findall(reply.body.decode())}
    shown, _, _ = table(api, links["Next page"], cookie)
    assert (
        shown == emails[1:3]
    )  # (the admin sorts first) the link made on the form's address works on the team page


def test_the_api_keys_page_lists_newest_first_one_page_at_a_time(
    api, provider_admin, clock, small_pages
):
    org = make_org(api, "Keys Paging Distribution")
    token = member_token(api, org, "admin")
    expires = (clock() + timedelta(days=30)).isoformat()
    for i in range(5):
        body = {"description": f"pg-key-{i}", "expiresAt": expires}
        assert api.post("/v1/api-keys", body, token=token).status == 201
        clock.advance(minutes=1)
    keys = re.compile(r"<td>(pg-key-\d)</td>")
    forwards, backwards, _ = walk(api, "/console/api-keys", f"pc_session={token}", keys)
    assert forwards == [["pg-key-4", "pg-key-3"], ["pg-key-2", "pg-key-1"], ["pg-key-0"]]
    assert backwards == [["pg-key-2", "pg-key-1"], ["pg-key-4", "pg-key-3"]]


def test_a_partners_users_page_on_the_partner_page(api, provider_admin, small_pages):
    org = make_org(api, "Partner Users Distribution")
    contract = make_contract(api, org)
    token = member_token(api, org, "admin")
    partner = make_partner(api, contract, token, "Users MSP")
    emails = people(api, partner, 5, token=token)
    cookie = f"pc_session={token}"
    path = f"/console/partners/{partner}?from=2026-11-01&to=2026-11-20"
    forwards, backwards, _ = walk(api, path, cookie)
    assert forwards == [emails[0:2], emails[2:4], emails[4:5]]
    assert backwards == [emails[2:4], emails[0:2]]
    _, links, text = table(api, path, cookie)
    assert "from=2026-11-01" in links["Next page"] and links["Next page"].endswith("#users-title")
    assert 'aria-label="Pages of users"' in text
    # another distributor's admin: the partner is not theirs (404), cursor or not
    stranger = make_org(api, "Stranger Distribution")
    outsider = f"pc_session={member_token(api, stranger, 'admin')}"
    assert get(api, links["Next page"], outsider).status_code == 404
    # the cursor of one partner's users is no good on another partner's page
    other = make_partner(api, contract, token, "Other MSP")
    cursor = re.search(r"cursor=[^&#]+", links["Next page"]).group(0)
    assert get(api, f"/console/partners/{other}?{cursor}", cookie).status_code == 400


def test_the_providers_page_of_an_organization_pages_its_users(api, provider_admin, small_pages):
    org = make_org(api, "Provider View Distribution")
    emails = people(api, org, 3)
    cookie = f"pc_session={provider_admin}"
    forwards, backwards, _ = walk(api, f"/console/organizations/{org}", cookie)
    assert forwards == [emails[0:2], emails[2:3]]
    assert backwards == [emails[0:2]]
