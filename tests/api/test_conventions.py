"""The conventions every route follows: envelope, validation, request ids, logs."""

from __future__ import annotations

import json
import logging

import pytest

from chalicelib.observability import attach_handler, detach_handler


def assert_envelope(reply, status, code=None):
    assert reply.status == status, reply.body
    body = reply.json
    assert set(body) == {"code", "message", "details"}
    assert isinstance(body["message"], str) and body["message"]
    if code:
        assert body["code"] == code
    assert reply.header("X-Request-Id")
    return body


def test_regions_list_is_public_and_icmc_shaped(api):
    reply = api.get("/v1/integration/regions/list", token=None)
    assert reply.status == 200
    assert reply.json == {
        "regions": [
            {
                "name": "eu-central-2",
                "s3_url": "https://s3.eu-central-2.example.test",
                "iam_url": "https://iam.eu-central-2.example.test",
                "sts_url": "https://sts.eu-central-2.example.test",
            }
        ]
    }


def test_every_response_has_a_request_id(api, provider_admin):
    ids = {
        api.get("/v1/integration/regions/list").header("X-Request-Id"),
        api.get("/v1/me").header("X-Request-Id"),
        api.get("/v1/me", token=None).header("X-Request-Id"),
        api.patch("/v1/me").header("X-Request-Id"),
    }
    assert None not in ids and len(ids) == 4


def test_missing_authorization_uses_the_icmc_message(api):
    body = assert_envelope(api.get("/v1/me", token=None), 401, "missing_authorization")
    assert body["message"] == "Authorization header is missing"


@pytest.mark.parametrize(
    "header",
    ["Basic abc", "Bearer", "Bearer nonsense", "Bearer pcs_" + "0" * 32 + "_" + "x" * 43],
)
def test_bad_credentials_are_401_envelopes(api, header):
    reply = api.get("/v1/me", token=None, headers={"Authorization": header})
    assert_envelope(reply, 401)


def test_wrong_method_is_a_405_envelope_with_allow(api, provider_admin):
    reply = api.delete("/v1/me")  # /v1/me answers GET and PATCH (the console language)
    body = assert_envelope(reply, 405, "method_not_allowed")
    assert set(reply.header("Allow").split(", ")) == {"GET", "PATCH"}
    assert "DELETE" in body["message"]


def test_malformed_json_is_400(api, provider_admin):
    body = assert_envelope(api.post("/v1/organizations", raw=b'{"type": '), 400, "invalid_json")
    assert body["details"][0]["field"] == "body"


def test_non_object_body_is_400(api, provider_admin):
    body = assert_envelope(api.post("/v1/organizations", [1, 2]), 400)
    assert "JSON object" in body["message"]


def test_missing_body_is_400(api, provider_admin):
    assert_envelope(api.post("/v1/organizations"), 400)


def test_each_bad_field_gets_one_detail(api, provider_admin):
    reply = api.post("/v1/organizations", {"type": "reseller", "name": "", "colour": "red"})
    body = assert_envelope(reply, 400, "validation_error")
    assert {d["field"] for d in body["details"]} == {"type", "name", "colour"}
    assert all(d["location"] == "body" for d in body["details"])
    assert "3 fields are invalid" in body["message"]


def test_types_are_strict(api, provider_admin):
    reply = api.post("/v1/organizations", {"type": "distributor", "name": 5})
    assert_envelope(reply, 400)


def test_wrong_content_type_is_an_envelope(api, provider_admin):
    reply = api.post("/v1/organizations", raw=b"name=x", headers={"Content-Type": "text/plain"})
    assert_envelope(reply, 400, "unsupported_media_type")


def test_bad_query_parameters_are_400(api, provider_admin):
    body = assert_envelope(api.get("/v1/organizations?limit=0"), 400)
    assert body["details"][0] == {
        "field": "limit",
        "location": "query",
        "message": "Must be an integer from 1 to 1000.",
    }
    assert_envelope(api.get("/v1/organizations?cursor=forged"), 400, "invalid_cursor")
    assert_envelope(api.get("/v1/audit-events?from=yesterday"), 400)


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def log_lines():
    handler = Lines()
    attach_handler(handler)
    yield handler.lines
    detach_handler(handler)


def test_one_structured_log_line_per_request_without_secrets(api, provider_admin, log_lines):
    from tests.api.conftest import ADMIN_EMAIL, PASSWORD

    token = api.login(ADMIN_EMAIL)
    api.get("/v1/me", token=token)
    api.post("/v1/me/password", {"currentPassword": PASSWORD, "newPassword": "x"}, token=token)
    records = [json.loads(line) for line in log_lines]
    requests = [r for r in records if r["message"] == "request"]
    assert [(r["method"], r["path"], r["status"]) for r in requests] == [
        ("POST", "/v1/auth/login", 200),
        ("GET", "/v1/me", 200),
        ("POST", "/v1/me/password", 400),
    ]
    for r in requests:
        assert r["request_id"] and r["duration_ms"] >= 0 and r["service"] == "partner-console"
    everything = "\n".join(log_lines)
    assert token not in everything
    assert token.split("_", 2)[2] not in everything
    assert PASSWORD not in everything
    assert "Bearer" not in everything and "authorization" not in everything.lower()
