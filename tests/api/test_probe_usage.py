"""Usage defects an outside probe found: metering samples are bounded and strict (2^64 bytes
were accepted and produced an excess fee of millions; unknown fields in a sample were ignored),
and the document marked ``from``/``to`` optional on the ICMC usage reports that require them."""

from __future__ import annotations

import pytest

from tests.api.usage_helpers import make_channel, sample


@pytest.fixture
def channel(api, provider_admin):
    return make_channel(api)


def test_stored_bytes_are_at_most_10_to_the_18(api, channel):
    a = channel.accounts[0]
    body = [
        sample(a, "2026-11-23T10:00:00Z", 2**64),
        sample(a, "2026-11-23T10:01:00Z", 10**18 + 1),
        sample(a, "2026-11-23T10:02:00Z", 10**18),
    ]
    reply = api.post("/v1/usage/samples", body, token=channel.meter)
    assert reply.status == 200
    assert reply.json["accepted"] == 1
    assert [(r["index"], r["field"]) for r in reply.json["rejected"]] == [
        (0, "storedBytes"),
        (1, "storedBytes"),
    ]
    assert "1,000,000,000,000,000,000" in reply.json["rejected"][0]["message"]


def test_unknown_fields_in_a_sample_are_refused(api, channel):
    a = channel.accounts[0]
    body = [
        {**sample(a, "2026-11-23T10:00:00Z", 5), "storedbytes": 7},
        {**sample(a, "2026-11-23T10:01:00Z", 5), "region": "eu"},
        sample(a, "2026-11-23T10:02:00Z", 5),
    ]
    reply = api.post("/v1/usage/samples", body, token=channel.meter)
    assert reply.status == 200
    assert reply.json["accepted"] == 1
    assert [(r["index"], r["field"], r["message"]) for r in reply.json["rejected"]] == [
        (0, "storedbytes", "Unknown field."),
        (1, "region", "Unknown field."),
    ]


def test_the_document_shows_the_bound_and_the_closed_object(api):
    document = api.get("/v1/openapi.json", token=None).json
    body = document["paths"]["/v1/usage/samples"]["post"]["requestBody"]["content"]
    schema = body["application/json"]["schema"]
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    items = schema["items"]
    assert items["additionalProperties"] is False
    assert items["properties"]["storedBytes"]["maximum"] == 10**18


ICMC_USAGE = [
    "/v1/partner/{partnerID}/storage-accounts/{accountID}/usage",
    "/v1/partner/{partnerID}/usage",
    "/v1/storage-account/{accountID}/usage",
    "/v1/storage-accounts/usage",
]


def test_the_four_icmc_usage_reports_document_from_and_to_as_required(api):
    document = api.get("/v1/openapi.json", token=None).json
    for path in ICMC_USAGE:
        params = {p["name"]: p for p in document["paths"][path]["get"]["parameters"]}
        for name in ("from", "to"):
            assert params[name]["required"] is True, (path, name)
            schema = params[name]["schema"]
            assert (schema["type"], schema["format"]) == ("string", "date"), path
            assert "anyOf" not in schema and "default" not in schema
