"""``Idempotency-Key``: a retried write does nothing twice (DESIGN §2 "Requests that are safe to
retry"), over the real app with moto in-process."""

from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.store.models import IdempotencyItem
from tests.api.helpers import TB, make_contract, make_org, member_token

KEY = {"Idempotency-Key": "3f1c7a52-retry-1"}


@pytest.fixture
def dist(api, provider_admin):
    org = make_org(api, "Retry Distribution")
    contract = make_contract(api, org)
    return org, contract, member_token(api, org, "admin")


def partner_body(contract, name="MSP Retry", allocation=TB):
    return {"distributorContractId": contract, "allocatedCapacity": allocation, "name": name}


def partners_in(api, contract, token):
    return api.get(f"/v1/contract/{contract}/partners", token=token).json


def test_a_retried_create_answers_the_first_answer_and_creates_once(api, dist):
    _, contract, token = dist
    first = api.post("/v1/partner", partner_body(contract), token=token, headers=KEY)
    assert first.status == 201
    assert first.header("Idempotent-Replayed") is None
    again = api.post("/v1/partner", partner_body(contract), token=token, headers=KEY)
    assert again.status == 201
    assert again.header("Idempotent-Replayed") == "true"
    assert again.json == first.json
    assert again.header("Content-Type") == "application/json"
    assert again.header("X-Request-Id") != first.header("X-Request-Id")
    assert len(partners_in(api, contract, token)) == 1
    assert api.get(f"/v1/contracts/{contract}", token=token).json["allocatedCapacity"] == TB


def test_json_key_order_and_spacing_do_not_make_another_request(api, dist):
    _, contract, token = dist
    body = partner_body(contract)
    assert api.post("/v1/partner", body, token=token, headers=KEY).status == 201
    reordered = dict(reversed(list(body.items())))
    again = api.post("/v1/partner", reordered, token=token, headers=KEY)
    assert again.status == 201 and again.header("Idempotent-Replayed") == "true"


def test_the_same_key_for_another_request_is_422(api, dist):
    _, contract, token = dist
    assert api.post("/v1/partner", partner_body(contract), token=token, headers=KEY).status == 201
    other = api.post("/v1/partner", partner_body(contract, "Other"), token=token, headers=KEY)
    assert other.status == 422
    assert other.json["code"] == "idempotency_key_reused"
    assert other.json["details"][0]["field"] == "Idempotency-Key"
    # another method or path under the same key is another request too
    partner = partners_in(api, contract, token)[0]["id"]
    put = api.put(f"/v1/partner/{partner}", {"name": "x"}, token=token, headers=KEY)
    assert put.status == 422
    assert len(partners_in(api, contract, token)) == 1


def test_a_request_still_running_is_409_in_progress(api, dist):
    _, contract, token = dist
    from chalicelib import clock
    from chalicelib.domain import idempotency as rules

    me = api.get("/v1/me", token=token).json
    org_id, user_id = me["organization"]["id"], me["user"]["id"]
    body = partner_body(contract)
    import json

    fingerprint = rules.fingerprint("POST", "/v1/partner", {}, json.dumps(body).encode())
    now = clock.now()
    IdempotencyItem(
        id=rules.record_id(f"{org_id}|{user_id}", KEY["Idempotency-Key"]),
        fingerprint=fingerprint,
        state="running",
        claim="someone-else",
        lease_until=clock.iso(now + timedelta(seconds=60)),
        created_at=clock.iso(now),
        expires_at=clock.iso(now + timedelta(hours=24)),
    ).save()
    reply = api.post("/v1/partner", body, token=token, headers=KEY)
    assert reply.status == 409
    assert reply.json["code"] == "idempotency_in_progress"
    assert reply.header("Retry-After") == "1"
    assert partners_in(api, contract, token) == []


def test_a_claim_whose_request_crashed_is_taken_over_after_its_lease(api, dist, clock):
    _, contract, token = dist
    from chalicelib.domain import idempotency as rules

    me = api.get("/v1/me", token=token).json
    scope = f"{me['organization']['id']}|{me['user']['id']}"
    import json

    body = partner_body(contract)
    now = clock.current
    IdempotencyItem(
        id=rules.record_id(scope, KEY["Idempotency-Key"]),
        fingerprint=rules.fingerprint("POST", "/v1/partner", {}, json.dumps(body).encode()),
        state="running",
        claim="crashed",
        lease_until=(now + timedelta(seconds=60)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        created_at=now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        expires_at=(now + timedelta(hours=24)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    ).save()
    clock.advance(seconds=61)
    reply = api.post("/v1/partner", body, token=token, headers=KEY)
    assert reply.status == 201 and reply.header("Idempotent-Replayed") is None


def test_refusals_are_stored_and_replayed(api, dist):
    _, contract, token = dist
    too_big = partner_body(contract, allocation=1000 * TB)
    first = api.post("/v1/partner", too_big, token=token, headers=KEY)
    assert first.status == 409 and first.json["code"] == "capacity_exceeded"
    again = api.post("/v1/partner", too_big, token=token, headers=KEY)
    assert again.status == 409 and again.header("Idempotent-Replayed") == "true"
    assert again.json == first.json


def test_5xx_answers_are_not_stored_so_the_retry_runs_again(api, dist, monkeypatch):
    _, contract, token = dist
    from chalicelib.services import partners

    real = partners.create_partner
    calls = []

    def failing_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("storage hiccup")
        return real(*args, **kwargs)

    monkeypatch.setattr(partners, "create_partner", failing_once)
    first = api.post("/v1/partner", partner_body(contract), token=token, headers=KEY)
    assert first.status == 500
    again = api.post("/v1/partner", partner_body(contract), token=token, headers=KEY)
    assert again.status == 201 and again.header("Idempotent-Replayed") is None
    assert len(partners_in(api, contract, token)) == 1


def test_keys_are_scoped_to_the_credential(api, dist):
    org, contract, token = dist
    other = member_token(api, org, "staff")
    assert api.post("/v1/partner", partner_body(contract), token=token, headers=KEY).status == 201
    # the same key from another credential is its own request
    reply = api.post("/v1/partner", partner_body(contract, "B"), token=other, headers=KEY)
    assert reply.status == 201 and reply.header("Idempotent-Replayed") is None
    assert len(partners_in(api, contract, token)) == 2


def test_without_a_key_nothing_changes(api, dist):
    _, contract, token = dist
    assert api.post("/v1/partner", partner_body(contract), token=token).status == 201
    assert api.post("/v1/partner", partner_body(contract), token=token).status == 201
    assert len(partners_in(api, contract, token)) == 2


@pytest.mark.parametrize(
    "key, problem",
    [("", "empty"), ("x" * 256, "at most 255"), ("caf\u00e9", "printable"), ("a\tb", "printable")],
)
def test_a_malformed_key_is_400(api, dist, key, problem):
    _, contract, token = dist
    reply = api.post(
        "/v1/partner", partner_body(contract), token=token, headers={"Idempotency-Key": key}
    )
    assert reply.status == 400, reply.json
    assert reply.json["code"] == "invalid_idempotency_key"
    assert problem in reply.json["details"][0]["message"]
    assert partners_in(api, contract, token) == []


def test_the_longest_key_is_accepted(api, dist):
    _, contract, token = dist
    headers = {"Idempotency-Key": "k" * 255}
    assert (
        api.post("/v1/partner", partner_body(contract), token=token, headers=headers).status == 201
    )


def test_put_patch_delete_and_icmc_routes_take_the_key(api, dist):
    _, contract, token = dist
    partner = api.post("/v1/partner", partner_body(contract), token=token).json["id"]
    for attempt in range(2):
        reply = api.put(
            f"/v1/partner/{partner}",
            {"name": "Renamed"},
            token=token,
            headers={"Idempotency-Key": "put-1"},
        )
        assert reply.status == 200
        assert (reply.header("Idempotent-Replayed") == "true") == (attempt == 1)
    for attempt in range(2):
        reply = api.delete(
            f"/v1/partner/{partner}", token=token, headers={"Idempotency-Key": "del-1"}
        )
        assert reply.status in (200, 204), reply.json
        assert (reply.header("Idempotent-Replayed") == "true") == (attempt == 1)
    # a fresh key after the delete is a new request, and the partner is gone
    assert (
        api.delete(
            f"/v1/partner/{partner}", token=token, headers={"Idempotency-Key": "del-2"}
        ).status
        == 404
    )


def test_a_replay_never_shows_a_secret_twice(api, dist):
    _, _, token = dist
    body = {"description": "ci", "expiresAt": "2027-01-01T00:00:00Z"}
    first = api.post("/v1/api-keys", body, token=token, headers=KEY)
    assert first.status == 201 and first.json["key"]
    again = api.post("/v1/api-keys", body, token=token, headers=KEY)
    assert again.status == 201 and again.header("Idempotent-Replayed") == "true"
    assert "key" not in again.json
    assert again.json["id"] == first.json["id"]
    assert "once" in again.json["secretOmitted"]
    assert (
        first.json["key"].encode()
        not in IdempotencyItem.get(next(iter(IdempotencyItem.scan())).id).body
    )
    assert len(api.get("/v1/api-keys", token=token).json) == 1


def test_get_ignores_the_key(api, dist):
    _, contract, token = dist
    for _ in range(2):
        reply = api.get(f"/v1/contracts/{contract}", token=token, headers=KEY)
        assert reply.status == 200 and reply.header("Idempotent-Replayed") is None


def test_records_expire_after_24_hours(api, dist, clock):
    _, contract, session = dist
    key = {"description": "long", "expiresAt": "2027-06-01T00:00:00Z"}
    token = api.post("/v1/api-keys", key, token=session).json["key"]
    assert api.post("/v1/partner", partner_body(contract), token=token, headers=KEY).status == 201
    record = next(iter(IdempotencyItem.scan()))
    assert record.ttl is not None
    clock.advance(hours=24, seconds=1)
    again = api.post("/v1/partner", partner_body(contract, "Later"), token=token, headers=KEY)
    assert again.status == 201 and again.header("Idempotent-Replayed") is None


def test_every_write_operation_documents_the_key(api):
    from chalicelib.api.http import load_all

    document = api.get("/v1/openapi.json", token=None).json
    writes = [s for s in load_all().values() if s.method in ("POST", "PUT", "PATCH", "DELETE")]
    assert any(s.path == "/v1/partner/{partnerID}" and s.method == "PUT" for s in writes)
    for spec in writes:
        operation = document["paths"][spec.path][spec.method.lower()]
        headers = [p for p in operation["parameters"] if p["in"] == "header"]
        if spec.public:
            assert not headers, spec.path
            continue
        assert [h["name"] for h in headers] == ["Idempotency-Key"], (spec.method, spec.path)
        assert headers[0]["schema"]["maxLength"] == 255
        assert {"409", "422"} <= set(operation["responses"])
        success = operation["responses"][str(spec.status)]
        assert "Idempotent-Replayed" in success["headers"]


# --- console forms ---------------------------------------------------------------------------


def console_session(api):
    from tests.api.conftest import ADMIN_EMAIL, PASSWORD
    from tests.api.test_console import cookies_of, post_form

    reply = post_form(api, "/console/login", f"email={ADMIN_EMAIL}&password={PASSWORD}")
    assert reply.status_code == 303
    return cookies_of(reply)["pc_session"].split(";")[0]


def form_fields(api, path, cookie, form_action):
    import re

    page = api.client.http.get(path, headers={"Cookie": cookie}).body.decode()
    form = page[page.index(f'action="{form_action}"') :]
    form = form[: form.index("</form>")]
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', form).group(1)
    key = re.search(r'name="idempotencyKey" value="([^"]+)"', form).group(1)
    return csrf, key


def test_a_console_form_sent_twice_acts_once(api, provider_admin):
    from urllib.parse import quote

    from tests.api.conftest import PASSWORD
    from tests.api.test_console import post_form

    cookie = console_session(api)
    csrf, key = form_fields(api, "/console/team", cookie, "/console/team")
    _, other_key = form_fields(api, "/console/team", cookie, "/console/team")
    assert key != other_key, "each rendered form carries its own key"
    body = (
        f"csrf={csrf}&idempotencyKey={key}&email=twice%40example.com"
        f"&password={quote(PASSWORD)}&role=viewer"
    )
    first = post_form(api, "/console/team", body, cookie)
    second = post_form(api, "/console/team", body, cookie)
    assert first.status_code == second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"] == "/console/team"
    assert second.headers.get("Idempotent-Replayed") == "true"
    assert "Content-Security-Policy" in second.headers
    people = api.get("/v1/team-members").json
    assert [p["email"] for p in people].count("twice@example.com") == 1


def test_a_console_page_that_showed_a_secret_is_not_replayed_with_it(api, provider_admin):
    from tests.api.test_console import post_form

    cookie = console_session(api)
    csrf, key = form_fields(api, "/console/api-keys", cookie, "/console/api-keys")
    body = f"csrf={csrf}&idempotencyKey={key}&description=twice&expiresAt=2027-01-01&role=viewer"
    first = post_form(api, "/console/api-keys", body, cookie)
    assert first.status_code == 201 and b"pck_" in first.body
    second = post_form(api, "/console/api-keys", body, cookie)
    assert second.status_code == 303 and second.headers["Location"] == "/console/api-keys"
    assert b"pck_" not in second.body
    assert "already sent" in second.headers["Set-Cookie"].replace("%20", " ")
    assert len(api.get("/v1/api-keys").json) == 1
