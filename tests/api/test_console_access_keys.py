"""The access-keys section of a storage account's console page, server side: the secret shown
once with the S3 endpoint, the list without secrets, revoking, the limit's sentence, roles and
tenants. (``tests/browser/test_access_keys.py`` walks it in a real browser.)"""

from __future__ import annotations

import re

import pytest

from tests.api.conftest import PASSWORD
from tests.api.helpers import make_member
from tests.api.test_console import cookies_of, post_form
from tests.api.test_storage_accounts import TB, World, body, make_world


@pytest.fixture
def world(api, provider_admin) -> World:
    return make_world(api)


def console_session(api, org_id: str, role: str, token: str) -> str:
    email = make_member(api, org_id, role, token=token)["email"]
    reply = post_form(api, "/console/login", f"email={email}&password={PASSWORD}")
    assert reply.status_code == 303, reply.body
    return cookies_of(reply)["pc_session"].split(";")[0]


def get(api, path: str, cookie: str):
    return api.client.http.get(path, headers={"Cookie": cookie, "Host": "localhost"})


def csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)


def test_create_shows_the_secret_once_and_revoke_removes_the_key(api, world):
    aid = api.post("/v1/storage-account", body(allocation=TB), token=world.partner_admin).json[
        "clientAccountId"
    ]
    admin = console_session(api, world.partner, "admin", world.dist_admin)
    path = f"/console/storage-accounts/{aid}"
    page = get(api, path, admin).body.decode()
    assert "S3 access keys" in page and "No access keys yet." in page
    assert "https://s3.eu-central-2.example.test" in page
    made = post_form(api, f"{path}/access-keys/new", f"csrf={csrf(page)}", admin)
    assert made.status_code == 201
    shown = made.body.decode()
    secret = re.search(r'id="new-access-key-secret"[^>]*value="([^"]+)"', shown).group(1)
    key_id = re.search(r'id="new-access-key-id"[^>]*value="([^"]+)"', shown).group(1)
    assert "only time it is shown" in shown and 'data-copy="new-access-key-secret"' in shown
    assert 'id="new-access-key-endpoint"' in shown
    again = get(api, path, admin).body.decode()
    assert key_id in again and secret not in again, "the secret is shown once"
    post_form(api, f"{path}/access-keys/new", f"csrf={csrf(again)}", admin)
    full = get(api, path, admin).body.decode()
    assert "Create access key" not in full and "revoke one to create another" in full
    refused = post_form(api, f"{path}/access-keys/new", f"csrf={csrf(full)}", admin)
    assert refused.status_code == 409 and "the most it may have" in refused.body.decode()
    revoked = post_form(api, f"{path}/access-keys/{key_id}/revoke", f"csrf={csrf(full)}", admin)
    assert revoked.status_code == 303 and revoked.headers["Location"] == path
    assert key_id not in get(api, path, admin).body.decode()
    assert (
        api.get(f"/v1/storage-account/{aid}/access-keys", token=world.partner_admin).status == 200
    )


def test_viewers_see_keys_but_no_buttons_and_outsiders_get_404(api, world):
    aid = api.post("/v1/storage-account", body(allocation=TB), token=world.partner_admin).json[
        "clientAccountId"
    ]
    key_id = api.post(f"/v1/storage-account/{aid}/access-keys", token=world.partner_admin).json[
        "accessKeyId"
    ]
    viewer = console_session(api, world.partner, "viewer", world.dist_admin)
    path = f"/console/storage-accounts/{aid}"
    page = get(api, path, viewer).body.decode()
    assert key_id in page and "Create access key" not in page and "Revoke" not in page
    refused = post_form(api, f"{path}/access-keys/new", f"csrf={csrf(page)}", viewer)
    assert refused.status_code == 403
    dist = console_session(api, world.dist, "admin", "default")
    on_partner = f"/console/partners/{world.partner}/storage-accounts/{aid}"
    assert key_id in get(api, on_partner, dist).body.decode()
    sibling = console_session(api, world.ppu, "admin", world.dist_admin)
    assert get(api, path, sibling).status_code == 404
    own = get(api, "/console/storage-accounts", sibling).body.decode()
    outside = post_form(api, f"{path}/access-keys/{key_id}/revoke", f"csrf={csrf(own)}", sibling)
    assert outside.status_code == 404
    listed = api.get(f"/v1/storage-account/{aid}/access-keys", token=world.partner_admin).json
    assert [k["accessKeyId"] for k in listed] == [key_id]
