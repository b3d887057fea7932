"""The Alerts page's two tables (rules, webhook endpoints) each read one page of their index,
oldest first, with their own Previous/Next links: paging one keeps the other at its first page
and keeps the delivery log that is open; a cursor works only for the person and table it was
made for. (Before, the page read the first 200 rules and 100 endpoints and showed no more.)
The Exports page likewise pages its exports, newest first (before: the latest 50 only)."""

from __future__ import annotations

import html
import re

import pytest

from chalicelib.console.pages import alerts as alert_pages
from tests.api.helpers import make_org, member_token

LINK = re.compile(r'<a href="([^"]+)">(Previous page|Next page)</a>')
RULE = re.compile(r"<td>(\d+) %</td>")
ENDPOINT = re.compile(r"<td><code>(http://127\.0\.0\.1:9/e\d+)</code>")


def links_of(section: str) -> dict[str, str]:
    return {label: html.unescape(href) for href, label in LINK.findall(section)}


def view(api, path: str, cookie: str):
    reply = api.client.http.get(path, headers={"Cookie": cookie})
    assert reply.status_code == 200, reply.body[:500]
    text = reply.body.decode()
    rules, endpoints = text.split('id="endpoints-title"', 1)
    endpoints = endpoints.split('id="events-title"', 1)[0]
    return (
        (RULE.findall(rules), links_of(rules)),
        (ENDPOINT.findall(endpoints), links_of(endpoints)),
    )


@pytest.fixture
def channel(api, provider_admin, monkeypatch):
    monkeypatch.setattr(alert_pages, "PAGE_SIZE", 2)
    org = make_org(api, "Alert Paging Distribution")
    token = member_token(api, org, "admin")
    for percent in (51, 52, 53, 54, 55):
        reply = api.post(
            "/v1/alert-rules", {"targetType": "partner", "thresholdPercent": percent}, token=token
        )
        assert reply.status == 201, reply.json
    for n in (1, 2, 3):
        reply = api.post(
            "/v1/webhook-endpoints",
            {"url": f"http://127.0.0.1:9/e{n}", "eventTypes": ["*"]},
            token=token,
        )
        assert reply.status == 201, reply.json
    return org, f"pc_session={token}"


def test_each_table_pages_on_its_own_both_ways(api, channel):
    _, cookie = channel
    (rules, rule_links), (endpoints, endpoint_links) = view(api, "/console/alerts", cookie)
    assert rules == ["51", "52"] and endpoints == ["http://127.0.0.1:9/e1", "http://127.0.0.1:9/e2"]
    assert set(rule_links) == {"Next page"} and set(endpoint_links) == {"Next page"}
    seen, path = [], "/console/alerts"
    while path:
        (rules, rule_links), (endpoints, _) = view(api, path, cookie)
        seen += rules
        assert endpoints[0] == "http://127.0.0.1:9/e1"  # the other table stays at its start
        path = rule_links.get("Next page")
        last = rule_links
    assert seen == ["51", "52", "53", "54", "55"]
    (rules, rule_links), _ = view(api, last["Previous page"], cookie)
    assert rules == ["53", "54"]
    (rules, _), _ = view(api, rule_links["Previous page"], cookie)
    assert rules == ["51", "52"]
    (_, _), (endpoints, endpoint_links) = view(api, endpoint_links["Next page"], cookie)
    assert endpoints == ["http://127.0.0.1:9/e3"] and set(endpoint_links) == {"Previous page"}


def test_paging_keeps_the_open_delivery_log(api, channel):
    _, cookie = channel
    first = api.get("/v1/webhook-endpoints", token=cookie.split("=", 1)[1]).json[0]["id"]
    (_, rule_links), _ = view(api, f"/console/alerts?endpoint={first}", cookie)
    assert f"endpoint={first}" in rule_links["Next page"]
    page = api.client.http.get(rule_links["Next page"], headers={"Cookie": cookie})
    assert 'id="log-title"' in page.body.decode()


def test_a_cursor_is_refused_for_another_person_or_table(api, channel):
    org, cookie = channel
    (_, rule_links), _ = view(api, "/console/alerts", cookie)
    cursor = re.search(r"rules_cursor=([^&]+)", rule_links["Next page"]).group(1)
    colleague = f"pc_session={member_token(api, org, 'viewer')}"
    reply = api.client.http.get(
        f"/console/alerts?rules_cursor={cursor}", headers={"Cookie": colleague}
    )
    assert reply.status_code == 400
    stranger = f"pc_session={member_token(api, make_org(api, 'Alert Thief'), 'admin')}"
    reply = api.client.http.get(
        f"/console/alerts?rules_cursor={cursor}", headers={"Cookie": stranger}
    )
    assert reply.status_code == 400
    reply = api.client.http.get(
        f"/console/alerts?endpoints_cursor={cursor}", headers={"Cookie": cookie}
    )
    assert reply.status_code == 400


def test_the_exports_page_pages_newest_first_and_keeps_polling_its_own_page(
    api, provider_admin, monkeypatch
):
    from chalicelib.console.pages import exports as export_pages
    from tests.api.exports_helpers import request, run_worker

    monkeypatch.setattr(export_pages, "PAGE_SIZE", 2)
    org = make_org(api, "Export Paging Distribution")
    token = member_token(api, org, "admin")
    made = [request(api, {"type": "partners"}, token=token) for _ in range(3)]
    run_worker(api)  # ready: each row links its file by id
    request(api, {"type": "partners"}, token=token)  # pending: the page polls
    cookie = f"pc_session={token}"
    seen, polls, path, links = [], [], "/console/exports", {}
    while path:
        reply = api.client.http.get(path, headers={"Cookie": cookie})
        assert reply.status_code == 200, reply.body[:300]
        text = reply.body.decode()
        seen.append([e for e in made if e in text])
        links = links_of(text)
        polls.append(re.search(r'hx-get="([^"]+)"', text))
        path = links.get("Next page")
    assert [sorted(page) for page in seen] == [[made[2]], sorted(made[:2])]
    # the page with a pending export polls itself (and no other page polls)
    assert polls[0].group(1) == "/console/exports" and polls[1] is None
    back_link = links["Previous page"]
    back = api.client.http.get(back_link, headers={"Cookie": cookie}).body.decode()
    assert [e for e in made if e in back] == [made[2]]
    assert html.unescape(re.search(r'hx-get="([^"]+)"', back).group(1)) == back_link
