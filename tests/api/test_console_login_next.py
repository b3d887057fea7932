"""Console login follows ``next`` only to a same-origin console path of safe characters; the
outside probe's CR/LF (a 500), U+2028 (a dropped connection) and NUL/DEL/Latin-1 (copied into
``Location``) all go to the console home instead."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.api.conftest import ADMIN_EMAIL, PASSWORD
from tests.api.test_console import post_form


def login_with_next(api, target: str):
    body = f"email={quote(ADMIN_EMAIL)}&password={quote(PASSWORD)}&next={quote(target)}"
    return post_form(api, "/console/login", body)


@pytest.mark.parametrize(
    "target",
    [
        "/console/team\r\nSet-Cookie: x=1",
        "/console/team\n",
        "/console/team\u2028",
        "/console/team\x00",
        "/console/team\x7f",
        "/console/t\u00e9am",
        "/console/team\u0085",
        "/console/ team",
        "/console/team#frag",
        "/console/\\\\evil.example",
        "/console//evil.example",
        "https://evil.example/console/",
        "//evil.example/console/",
        "/elsewhere",
        "",
    ],
)
def test_an_unsafe_next_goes_to_the_console_home(api, provider_admin, target):
    reply = login_with_next(api, target)
    assert reply.status_code == 303, reply.body[:300]
    assert reply.headers["Location"] == "/console/partners"


@pytest.mark.parametrize(
    "target",
    ["/console/team", "/console/partners?contract=abc&sort=name", "/console/audit?from=2026-11-01"],
)
def test_a_safe_console_path_is_followed_with_its_query(api, provider_admin, target):
    reply = login_with_next(api, target)
    assert reply.status_code == 303
    assert reply.headers["Location"] == target


def test_the_login_page_does_not_carry_an_unsafe_next(api):
    page = api.client.http.get("/console/login?next=" + quote("/console/x\u2028y")).body.decode()
    assert 'name="next" value=""' in page
    page = api.client.http.get("/console/login?next=" + quote("/console/team")).body.decode()
    assert 'name="next" value="/console/team"' in page
