"""Every number and date we accept fits what we store: odd values are a 400 with the field
named, never a 500, and accepted values read back exactly as sent."""

from __future__ import annotations

import pytest

from tests.api.helpers import TB, contract_body, make_contract, make_org

BAD_PRICES = [1e-131, 1e-200, 1.23456, -0.01, 1_000_000.5, 1e300, "1.2", True, None, [1], {}]
GOOD_PRICES = [0, 0.0, -0.0, 1, 1.2, 0.0001, 999_999.9999, 1_000_000]
BAD_CAPACITIES = [-1, 1.5, 1e3, 10**21 + 1, 10**40, "5", True, None, 1e-131]
BAD_DATES = ["2026-02-30", "26-01-01", "2026-1-1", "", 20260101, "2026-01-01T00:00:00Z"]


@pytest.fixture
def contract(api, provider_admin):
    org = make_org(api)
    return org, make_contract(api, org)


@pytest.mark.parametrize("price", BAD_PRICES, ids=repr)
def test_bad_prices_are_refused_with_the_field_named(api, contract, price):
    org, contract_id = contract
    created = api.post("/v1/contracts", contract_body(org, costStorageGBCents=price))
    patched = api.patch(f"/v1/contracts/{contract_id}", {"costStorageGBCents": price})
    if price is None:
        assert patched.status == 200, patched.json  # null on PATCH leaves the price as it is
        assert patched.json["costStorageGBCents"] == 1.2
    for reply in (created, patched) if price is not None else (created,):
        assert reply.status == 400, (price, reply.status, reply.json)
        assert reply.json["details"][0]["field"] == "costStorageGBCents"
        assert reply.json["message"]


@pytest.mark.parametrize("price", GOOD_PRICES, ids=repr)
def test_good_prices_read_back_exactly(api, contract, price):
    org, contract_id = contract
    created = api.post("/v1/contracts", contract_body(org, costStorageGBCents=price))
    assert created.status == 201, created.json
    assert created.json["costStorageGBCents"] == price
    patched = api.patch(f"/v1/contracts/{contract_id}", {"costStorageGBCents": price})
    assert patched.status == 200 and patched.json["costStorageGBCents"] == price
    again = api.get(f"/v1/contracts/{contract_id}")
    assert again.json["costStorageGBCents"] == price


@pytest.mark.parametrize("value", BAD_CAPACITIES, ids=repr)
def test_bad_capacities_are_refused_everywhere(api, contract, value):
    org, contract_id = contract
    partner = api.post(
        "/v1/partner",
        {"name": "P", "allocatedCapacity": TB, "distributorContractId": contract_id},
    ).json["id"]
    replies = {
        "create contract": api.post("/v1/contracts", contract_body(org, reservedCapacity=value)),
        "patch contract": api.patch(f"/v1/contracts/{contract_id}", {"reservedCapacity": value}),
        "create partner": api.post(
            "/v1/partner",
            {"name": "Q", "allocatedCapacity": value, "distributorContractId": contract_id},
        ),
        "put partner": api.put(f"/v1/partner/{partner}", {"allocatedCapacity": value}),
    }
    for what, reply in replies.items():
        if value is None and what in ("patch contract", "put partner"):
            assert reply.status == 200, (what, reply.json)  # null = leave unchanged
            continue
        assert reply.status == 400, (what, value, reply.status, reply.json)
        assert reply.json["details"][0]["field"] in ("reservedCapacity", "allocatedCapacity")


@pytest.mark.parametrize("value", BAD_DATES, ids=repr)
def test_bad_dates_are_refused(api, contract, value):
    org, contract_id = contract
    for field in ("startDate", "endDate"):
        created = api.post("/v1/contracts", contract_body(org, **{field: value}))
        assert created.status == 400, (field, value, created.json)
        patched = api.patch(f"/v1/contracts/{contract_id}", {field: value})
        assert patched.status == 400, (field, value, patched.json)


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("limit=0", 400),
        ("limit=1001", 400),
        ("limit=-1", 400),
        ("limit=1e3", 400),
        ("limit=abc", 400),
        ("from=2026-13-01", 400),
        ("to=0000-01-01", 400),
        ("cursor=%00", 400),
        ("from=9999-12-31T23:59:59Z", 200),
        ("limit=1000&from=0001-01-01", 200),
    ],
)
def test_odd_query_numbers_and_dates(api, contract, query, status):
    reply = api.get(f"/v1/audit-events?{query}")
    assert reply.status == status, (query, reply.json)


def test_extreme_but_valid_dates_are_stored(api, contract):
    org, _ = contract
    reply = api.post(
        "/v1/contracts", contract_body(org, startDate="0001-01-01", endDate="9999-12-31")
    )
    assert reply.status == 201, reply.json
    assert (reply.json["startDate"], reply.json["endDate"]) == ("0001-01-01", "9999-12-31")
