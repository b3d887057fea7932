"""``GET /v1/metrics``: the caller's level of its tree, from the stored counters, in a format
``promtool check metrics`` accepts (OpenMetrics and the classic text format), paged, in scope."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from prometheus_client.openmetrics.parser import text_string_to_metric_families
from prometheus_client.parser import text_string_to_metric_families as classic_families

from tests.api.helpers import TB, make_contract, make_partner, make_tenant
from tests.api.test_exports import add_account

OPENMETRICS = "application/openmetrics-text; version=1.0.0,text/plain;version=0.0.4;q=0.5"


def promtool(text: str) -> None:
    """``promtool check metrics`` (Debian's prometheus package) must accept the exposition."""
    tool = shutil.which("promtool")
    if tool is None:
        pytest.fail("promtool is missing: apt-get install prometheus (.ci/run installs it)")
    checked = subprocess.run(
        [tool, "check", "metrics"], input=text, capture_output=True, text=True, timeout=60
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def samples(text: str, openmetrics: bool = True) -> dict[tuple[str, str, str], float]:
    parse = text_string_to_metric_families if openmetrics else classic_families
    found = {}
    for family in parse(text):
        for sample in family.samples:
            found[(sample.name, sample.labels["kind"], sample.labels["id"])] = sample.value
    return found


@pytest.fixture
def tree(api, provider_admin):
    from chalicelib.store.models import ContractItem

    dist = make_tenant(api, "Metrics Dist")
    contract = make_contract(api, dist.org_id, reservedCapacity=10 * TB)
    partner = make_partner(api, contract, dist.admin, 'Quote " and \\ MSP', allocation=2 * TB)
    add_account(partner, "100000000031", "Kunde Eins", contract)
    add_account(partner, "100000000032", "Kunde Zwei", contract)
    stored = ContractItem.get(contract)
    stored.update(
        actions=[
            ContractItem.used_capacity.set(246_913_578),
            ContractItem.usage_updated_at.set("2026-11-23T11:00:00.000000Z"),
            ContractItem.excess_usage_fee_cents.set(1234),
        ]
    )
    return dist, contract, partner


def test_a_distributor_sees_its_contracts_and_partners(api, tree):
    dist, contract, partner = tree
    reply = api.get("/v1/metrics", token=dist.viewer, headers={"Accept": OPENMETRICS})
    assert reply.status == 200
    assert reply.header("Content-Type").startswith("application/openmetrics-text")
    text = reply.body.decode()
    assert text.endswith("# EOF\n")
    promtool(text)
    got = samples(text)
    assert got[("partner_console_reserved_bytes", "contract", contract)] == 10 * TB
    assert got[("partner_console_allocated_bytes", "contract", contract)] == 2 * TB
    assert got[("partner_console_used_bytes", "contract", contract)] == 246_913_578
    assert got[("partner_console_allocated_bytes", "partner", partner)] == 2 * TB
    fee = ("partner_console_excess_usage_fee_month_to_date_cents", "contract", contract)
    assert got[fee] == 1234
    updated = ("partner_console_usage_updated_timestamp_seconds", "contract", contract)
    assert got[updated] == 1795431600.0  # 2026-11-23T11:00:00Z
    assert not [k for k in got if k[1] == "storage_account"]  # a partner's level


def test_a_partner_sees_its_storage_accounts_in_the_classic_format_too(api, tree):
    dist, _, partner = tree
    reply = api.get(f"/v1/metrics?organizationId={partner}", token=dist.admin)
    assert reply.header("Content-Type").startswith("text/plain; version=0.0.4")
    promtool(reply.body.decode())
    got = samples(reply.body.decode(), openmetrics=False)
    for account in ("100000000031", "100000000032"):
        assert got[("partner_console_used_bytes", "storage_account", account)] == 123_456_789
        assert got[("partner_console_allocated_bytes", "storage_account", account)] == TB // 2
    assert got[("partner_console_allocated_bytes", "partner", partner)] == 2 * TB


def test_pages_of_limit_records_with_a_link(api, tree):
    dist, _, partner = tree
    first = api.get(f"/v1/metrics?organizationId={partner}&limit=1", token=dist.admin)
    link = first.header("Link")
    assert link and 'rel="next"' in link
    second = api.get(link[link.index("/v1/") : link.index(">")], token=dist.admin)
    assert second.status == 200 and not second.header("Link")
    one, two = samples(first.body.decode(), False), samples(second.body.decode(), False)
    accounts = {k[2] for k in one | two if k[1] == "storage_account"}
    assert accounts == {"100000000031", "100000000032"}
    assert not [k for k in two if k[1] == "partner"]  # the partner's own series: page one


def test_only_the_callers_scope(api, tree, provider_admin):
    dist, contract, partner = tree
    other = make_tenant(api, "Other Dist")
    for path in (
        f"/v1/metrics?organizationId={partner}",
        f"/v1/metrics?organizationId={dist.org_id}",
    ):
        reply = api.get(path, token=other.admin)
        assert reply.status == 404 and reply.json["message"]
    text = api.get("/v1/metrics", token=other.admin).body.decode()
    assert contract not in text and partner not in text
    assert api.get("/v1/metrics", token=None).status == 401
    provider = api.get("/v1/metrics", token=provider_admin).body.decode()
    assert contract in provider  # the provider's level: every contract
