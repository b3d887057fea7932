"""The console's server side through Chalice's test client: sessions, headers, assets, links.
(The pages themselves are driven in a real browser by ``tests/browser``.)"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from tests.api.conftest import ADMIN_EMAIL, PASSWORD

FORM = {"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://localhost"}


def post_form(api, path: str, body: str, cookie: str = "", origin: str = "http://localhost"):
    headers = {**FORM, "Origin": origin, "Host": "localhost"}
    if cookie:
        headers["Cookie"] = cookie
    return api.client.http.request("POST", path, headers=headers, body=body.encode())


def cookies_of(response) -> dict[str, str]:
    raw = response.headers.get("Set-Cookie") or []
    raw = raw if isinstance(raw, list) else [raw]
    return {c.split("=", 1)[0]: c for c in raw}


@pytest.fixture
def session(api, provider_admin) -> str:
    reply = post_form(api, "/console/login", f"email={ADMIN_EMAIL}&password={PASSWORD}")
    assert reply.status_code == 303, reply.body
    cookie = cookies_of(reply)["pc_session"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    return cookie.split(";")[0]


def test_root_and_console_start_redirect(api):
    assert api.client.http.get("/").headers["Location"] == "/console"
    assert api.client.http.get("/console").headers["Location"] == "/console/login"


def test_pages_carry_the_security_headers(api, session):
    reply = api.client.http.get("/console/team", headers={"Cookie": session})
    assert reply.status_code == 200
    csp = reply.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert reply.headers["Cache-Control"] == "no-store"
    html = reply.body.decode()
    assert "<script>" not in html and " hx-on" not in html and "style=" not in html


def test_the_idle_timeout_sends_the_person_back_to_login_saying_why(api, session, clock):
    clock.advance(minutes=31)
    reply = api.client.http.get("/console/team", headers={"Cookie": session})
    assert reply.status_code == 303
    assert reply.headers["Location"] == "/console/login?next=%2Fconsole%2Fteam"
    flash = unquote(cookies_of(reply)["pc_flash"].split(";")[0].split("=", 1)[1])
    assert "30 minutes without activity" in flash
    assert "Max-Age=0" in cookies_of(reply)["pc_session"]


def test_state_changes_need_our_origin_and_the_csrf_token(api, session):
    page = api.client.http.get("/console/team", headers={"Cookie": session}).body.decode()
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    body = f"csrf={token}&email=new%40example.com&password={PASSWORD}&role=viewer"
    foreign = post_form(api, "/console/team", body, session, origin="https://evil.example")
    assert foreign.status_code == 403
    forged = post_form(api, "/console/team", body.replace(token, "0" * 64), session)
    assert forged.status_code == 403
    ok = post_form(api, "/console/team", body, session)
    assert ok.status_code == 303 and ok.headers["Location"] == "/console/team"


def test_logout_ends_the_api_session(api, session):
    page = api.client.http.get("/console/profile", headers={"Cookie": session}).body.decode()
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    reply = post_form(api, "/console/logout", f"csrf={token}", session)
    assert reply.status_code == 303
    again = api.client.http.get("/console/profile", headers={"Cookie": session})
    assert again.status_code == 303 and again.headers["Location"].startswith("/console/login")


def test_assets_have_etags_and_a_flat_allowlist(api):
    first = api.client.http.get("/console/static/htmx.min.js")
    assert first.status_code == 200
    assert first.headers["Content-Type"].startswith("application/javascript")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "no-cache"
    again = api.client.http.get("/console/static/htmx.min.js", headers={"If-None-Match": etag})
    assert again.status_code == 304
    versioned = api.client.http.get(f"/console/static/htmx.min.js?v={etag.strip(chr(34))}")
    assert "immutable" in versioned.headers["Cache-Control"]
    for name in ("SHA256SUMS", "..%2Fweb.py", "base.html"):
        assert api.client.http.get(f"/console/static/{name}").status_code == 404


def test_out_of_scope_and_unknown_records_are_the_404_page(api, session):
    reply = api.client.http.get(
        "/console/partners/00000000-0000-0000-0000-000000000000", headers={"Cookie": session}
    )
    assert reply.status_code == 404
    assert "Page not found" in reply.body.decode()


def test_links_honour_the_deployed_stage_prefix(monkeypatch):
    from chalicelib.api.http import RequestContext
    from chalicelib.console.web import Page, PageSpec, _cookie

    ctx = RequestContext(
        method="GET",
        resource="/console/login",
        path="/console/login",
        stage_prefix="/api",
        base_url="https://example.test/api",
        query={},
        headers={},
        request_id="r",
        source_ip="127.0.0.1",
        raw_body=b"",
    )
    page = Page(ctx=ctx, spec=PageSpec("/console/login", "GET", lambda p: None), cookies={})
    html = page.render("login.html", next="", email="").body
    links = re.findall(r'(?:href|src|action)="([^"#][^"]*)"', html)
    assert links and all(link.startswith(("/api/console/", "data:")) for link in links), links
    monkeypatch.setenv("STAGE", "prod")
    assert "Secure" in _cookie("pc_session", "x")
