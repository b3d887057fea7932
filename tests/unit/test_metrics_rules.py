"""Which series each record contributes to a scrape (pure), from its stored counters."""

from __future__ import annotations

from types import SimpleNamespace

from chalicelib.domain.metrics import families

CONTRACT = SimpleNamespace(
    id="c1",
    details="Spring deal",
    used_capacity=7,
    allocated_capacity=5,
    reserved_capacity=10,
    usage_updated_at="2026-11-23T11:00:00.000000Z",
    excess_usage_fee_cents=1234,
    currency="EUR",
)
PARTNER = SimpleNamespace(
    id="p1", name="MSP", used_capacity=None, allocated_capacity=5, usage_updated_at=None
)
ACCOUNT = SimpleNamespace(
    id="100000000001", name="Kunde", used_capacity=3, allocated_capacity=0, usage_updated_at=None
)


def table(found) -> dict[str, list[tuple[dict, float]]]:
    return {f.name + (f"_{f.unit}" if f.unit else ""): f.samples for f in found}


def test_each_record_contributes_its_stored_counters():
    got = table(families([CONTRACT], [PARTNER], [ACCOUNT]))
    contract = {"kind": "contract", "id": "c1", "name": "Spring deal"}
    partner = {"kind": "partner", "id": "p1", "name": "MSP"}
    account = {"kind": "storage_account", "id": "100000000001", "name": "Kunde"}
    assert got["used_bytes"] == [(contract, 7), (partner, 0), (account, 3)]
    assert got["allocated_bytes"] == [(contract, 5), (partner, 5), (account, 0)]
    assert got["reserved_bytes"] == [(contract, 10)]
    # only records whose usage was ever aggregated have an update time
    assert got["usage_updated_timestamp_seconds"] == [(contract, 1795431600.0)]
    assert got["excess_usage_fee_month_to_date_cents"] == [({**contract, "currency": "EUR"}, 1234)]


def test_nothing_in_scope_is_empty_families():
    assert all(not f.samples for f in families([], [], []))
