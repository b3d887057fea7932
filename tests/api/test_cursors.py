"""List cursors are bound to who asked: another principal's cursor is a 400 ``invalid_cursor``
on every list, never a 500 (an outside probe replayed a distributor's cursor as the provider)."""

from __future__ import annotations

import re

import pytest

import app  # noqa: F401  (registers every route)
from chalicelib.api.http import load_all
from tests.api.helpers import make_member, make_org, member_token

LISTS = sorted((s.path, s.method) for s in load_all().values() if s.paginated)


@pytest.fixture
def two_principals(api, provider_admin):
    dist = make_org(api, "Cursor Distribution")
    token = member_token(api, dist, "admin")
    for _ in range(3):
        make_member(api, dist, "viewer")
    return provider_admin, token


def test_the_probe_a_distributors_deal_and_audit_cursors_replayed_by_the_provider(
    api, two_principals
):
    provider, dist = two_principals
    for n in range(3):
        body = {
            "customerName": f"Customer {n}",
            "country": "DE",
            "expectedCapacity": 200 * 10**12,
            "expectedCloseDate": "2027-01-31",
            "contractType": "reserved",
            "specialPricing": False,
        }
        assert api.post("/v1/deals", body, token=dist).status == 201
    for path in ("/v1/deals?limit=1", "/v1/audit-events?limit=1"):
        first = api.get(path, token=dist)
        assert first.status == 200
        link = first.header("Link")
        cursor = re.search(r"cursor=([^&>]+)", link).group(1)
        replay = api.get(f"{path}&cursor={cursor}", token=provider)
        assert replay.status == 400, (path, replay.status, replay.json)
        assert replay.json["code"] == "invalid_cursor"
        # the one who got it can still use it
        assert api.get(f"{path}&cursor={cursor}", token=dist).status == 200


@pytest.mark.parametrize("path, method", LISTS)
def test_every_list_refuses_a_cursor_made_for_someone_else(api, two_principals, path, method):
    from types import SimpleNamespace

    from chalicelib.api.pagination import binding, encode_cursor

    provider, dist = two_principals
    me = api.get("/v1/me", token=dist).json
    concrete = re.sub(r"{[^}]+}", "00000000-0000-0000-0000-000000000000", path)
    dist_principal = SimpleNamespace(org_id=me["organization"]["id"], actor_id=me["user"]["id"])
    cursor = encode_cursor({"id": {"S": "x"}}, binding(concrete, dist_principal))
    reply = api.request(method, f"{concrete}?cursor={cursor}", token=provider)
    assert reply.status == 400, (path, reply.status, reply.json)
    assert reply.json["code"] == "invalid_cursor"
