"""The aggregation's rules as worked examples (pure, no AWS): the contract usage is booked on
(renewals included), pay-per-use, hard quotas, and whole days rolled up over several contracts
per distributor and several distributors, computed in one piece or in shards and merged."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain import aggregation as agg

TB = 10**12
GB = 10**9
DAY = date(2026, 11, 23)
EARLY = "2026-01-01T00:00:00.000000Z"


def partner(pid, *, contract=None, allocated=0, distributor=None, created=EARLY):
    path = f"/prov/{distributor}/{pid}/" if distributor else f"/prov/{pid}/"
    return agg.PartnerInfo(pid, path, created, allocated, contract, distributor)


def contract(cid, org, reserved, *, end="2028-12-31", created=EARLY):
    return agg.ContractInfo(cid, org, f"/prov/{org}/", created, reserved, end, 1.2)


def snapshot(partners, contracts, distributors=()):
    return agg.Snapshot(
        distributors={d: agg.DistributorInfo(d, f"/prov/{d}/", EARLY) for d in distributors},
        partners={p.id: p for p in partners},
        contracts={c.id: c for c in contracts},
    )


def account_day(account, partner_id, contract_id, value, hours=24):
    return agg.AccountDay(
        account_id=account,
        date=DAY.isoformat(),
        partner_id=partner_id,
        contract_id=contract_id,
        path="/",
        carry_in=value,
        hourly=[value] * hours,
        usage=value,
        peak=value,
        allocated_capacity=TB,
    )


def by_entity(rollups):
    return {r.entity_id: r for r in rollups}


# --- one rule each ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contracts", "drawn"),
    [
        # a renewal: the ended contract is passed over for the running one
        ([contract("old", "p", TB, end="2025-12-31"), contract("new", "p", TB)], "new"),
        # created later, still running: the newest wins
        (
            [
                contract("first", "p", TB, created="2026-01-01T00:00:00Z"),
                contract("second", "p", TB, created="2026-06-01T00:00:00Z"),
            ],
            "second",
        ),
        # the newest ended, an older one still runs
        (
            [
                contract("long", "p", TB, created="2026-01-01T00:00:00Z"),
                contract("short", "p", TB, end="2026-06-30", created="2026-06-01T00:00:00Z"),
            ],
            "long",
        ),
        # ends today: still drawn on today
        ([contract("today", "p", TB, end=DAY.isoformat())], "today"),
        # every one ended: none
        ([contract("old", "p", TB, end="2025-12-31")], None),
        ([], None),
    ],
)
def test_the_contract_a_direct_partner_draws_on(contracts, drawn):
    found = agg.direct_contract_on(contracts, DAY)
    assert (found.id if found else None) == drawn


def test_usage_is_booked_on_the_contract_the_account_draws_on():
    direct = partner("d")
    renewal = snapshot(
        [direct],
        [
            contract("old", "d", TB, end="2025-12-31", created="2025-01-01T00:00:00Z"),
            contract("new", "d", TB, created="2026-01-01T00:00:00Z"),
        ],
    )
    dist_partner = partner("r", contract="c1", allocated=TB, distributor="D")
    # recorded on the account: that one, even if the partner's contract moved since
    assert agg.billing_contract("old", direct, renewal, DAY) == "old"
    assert agg.billing_contract("c0", dist_partner, renewal, DAY) == "c0"
    # nothing recorded: the distributor's contract, or what the direct partner draws on that day
    assert agg.billing_contract(None, dist_partner, renewal, DAY) == "c1"
    assert agg.billing_contract(None, direct, renewal, DAY) == "new"
    # both running in mid-2025: the newest
    assert agg.billing_contract(None, direct, renewal, date(2025, 6, 1)) == "new"


@pytest.mark.parametrize(
    ("info", "pay_per_use"),
    [
        (partner("a", contract="c", allocated=0, distributor="D"), True),
        (partner("b", contract="c", allocated=TB, distributor="D"), False),
        # a direct channel partner holds its contract's reservation itself: billed as used
        (partner("d", allocated=0), False),
    ],
)
def test_who_is_pay_per_use(info, pay_per_use):
    assert agg.is_pay_per_use(info) is pay_per_use


@pytest.mark.parametrize(
    ("excess", "announced", "change"),
    [
        (0, False, None),  # within the reservation, nothing to say
        (1, False, True),  # the first day over it: announce
        (10**12, True, None),  # still over, already announced: nothing twice
        (0, True, False),  # back within it: re-arm without an event
        (-5, True, False),
        (-5, False, None),
    ],
)
def test_when_a_contracts_excess_is_announced(excess, announced, change):
    assert agg.excess_change(excess, announced) is change


@pytest.mark.parametrize(
    ("allocated", "overdraft", "latest", "over"),
    [
        (TB, False, TB + 1, True),
        (TB, False, TB, False),  # at the allocation is not over it
        (TB, True, 5 * TB, False),  # overdraft allowed
        (0, False, 5 * TB, False),  # no allocation: no quota to enforce
        (TB, False, 0, False),
    ],
)
def test_when_a_hard_quota_applies(allocated, overdraft, latest, over):
    assert agg.over_hard_quota(allocated, overdraft, latest) is over


def test_a_past_day_keeps_its_recorded_contract_and_allocation():
    account = agg.AccountInfo("1", "p", "/", "new", 2 * TB)
    before = account_day("1", "p", "old", 0)
    past = agg.account_day(account, DAY, [5] * 24, 0, before, is_today=False)
    assert (past.contract_id, past.allocated_capacity) == ("old", TB)
    today = agg.account_day(account, DAY, [5] * 12, 0, before, is_today=True)
    assert (today.contract_id, today.allocated_capacity) == ("new", 2 * TB)
    first = agg.account_day(account, DAY, [5] * 24, 0, None, is_today=False)
    assert (first.contract_id, first.usage, first.peak) == ("new", 5, 5)


# --- whole days -------------------------------------------------------------------------------

# Two distributors. D1 has contracts C1 (10 TB) and C2 (5 TB); D2 has C3 (2 TB).
# C1: R1 reserved 6 TB storing 7 TB over two accounts; P1 pay-per-use storing 400 GB over two
#     accounts (billed 1 TB once, not per account); P0 pay-per-use storing nothing (1 TB).
# C2: R2 reserved 5 TB storing 6 TB.            C3: R3 reserved 2 TB storing 1 TB.
# A direct partner X renewed: OLD ended last year, NEW (1 TB) running, 1.5 TB stored on NEW.
CHANNEL = snapshot(
    [
        partner("R1", contract="C1", allocated=6 * TB, distributor="D1"),
        partner("P1", contract="C1", allocated=0, distributor="D1"),
        partner("P0", contract="C1", allocated=0, distributor="D1"),
        partner("R2", contract="C2", allocated=5 * TB, distributor="D1"),
        partner("R3", contract="C3", allocated=2 * TB, distributor="D2"),
        partner("X"),
        partner(
            "LATE", contract="C1", allocated=0, distributor="D1", created="2026-11-24T00:00:00Z"
        ),
    ],
    [
        contract("C1", "D1", 10 * TB),
        contract("C2", "D1", 5 * TB),
        contract("C3", "D2", 2 * TB),
        contract("OLD", "X", TB, end="2025-12-31", created="2025-01-01T00:00:00Z"),
        contract("NEW", "X", TB, created="2026-01-01T00:00:00Z"),
        contract("FUTURE", "D2", 3 * TB, created="2026-12-01T00:00:00Z"),
    ],
    ["D1", "D2"],
)
DAYS = [
    account_day("a1", "R1", "C1", 4 * TB),
    account_day("a2", "R1", "C1", 3 * TB),
    account_day("a3", "P1", "C1", 150 * GB),
    account_day("a4", "P1", "C1", 250 * GB),
    account_day("a5", "R2", "C2", 6 * TB),
    account_day("a6", "R3", "C3", TB),
    account_day("a7", "X", "NEW", 1500 * GB),
]

EXPECTED = {
    # entity: (usage, allocated, billable, excess, partners)
    "R1": (7 * TB, 6 * TB, None, None, {}),
    "P1": (400 * GB, 0, None, None, {}),
    "P0": (0, 0, None, None, {}),
    "R2": (6 * TB, 5 * TB, None, None, {}),
    "R3": (TB, 2 * TB, None, None, {}),
    "X": (1500 * GB, 0, None, None, {}),
    "C1": (7400 * GB, 10 * TB, 9 * TB, 0, {"R1": 7 * TB, "P1": 400 * GB, "P0": 0}),
    "C2": (6 * TB, 5 * TB, 6 * TB, TB, {"R2": 6 * TB}),
    "C3": (TB, 2 * TB, TB, 0, {"R3": TB}),
    "NEW": (1500 * GB, TB, 1500 * GB, 500 * GB, {"X": 1500 * GB}),
    "OLD": (0, TB, 0, 0, {}),
    "D1": (13400 * GB, 15 * TB, None, None, {}),
    "D2": (TB, 5 * TB, None, None, {}),
}


def check(rollups):
    got = by_entity(rollups)
    # LATE was created after the day and FUTURE after it too, with nothing booked: no row
    assert set(got) == set(EXPECTED)
    for entity, (usage, allocated, billable, excess, partners) in EXPECTED.items():
        r = got[entity]
        assert (r.usage, r.allocated_capacity, r.billable, r.excess, r.partners) == (
            usage,
            allocated,
            billable,
            excess,
            partners,
        ), entity
        assert r.hourly == ([] if entity in ("P0", "OLD") else [usage] * 24), entity
        assert r.peak == usage


def test_a_day_of_several_contracts_distributors_and_a_renewal():
    parts = agg.parts_of(DAYS)
    check(agg.rollup_day(DAY, parts, CHANNEL))


@pytest.mark.parametrize("shards", [2, 3, 7])
def test_shards_merged_give_the_same_day(shards):
    """Each shard's parts on their own, merged in any order: the pay-per-use minimum is applied
    once to the partner's whole usage (P1's two accounts sit in different shards)."""
    split = [DAYS[i::shards] for i in range(shards)]
    parts = [agg.parts_of(s) for s in split]
    check(agg.rollup_day(DAY, agg.merge_parts(reversed(parts)), CHANNEL))


def test_accounts_of_partners_gone_from_the_channel_are_left_out():
    parts = agg.parts_of([*DAYS, account_day("z", "GONE", "C1", TB)])
    check(agg.rollup_day(DAY, parts, CHANNEL))


def test_a_day_recorded_without_a_contract_is_booked_by_the_rule():
    """Account days written before the contract was recorded on them: the partner's
    distributor contract, or the contract a direct partner draws on that day."""
    legacy = [
        account_day(d.account_id, d.partner_id, None, d.usage) if d.partner_id in ("R2", "X") else d
        for d in DAYS
    ]
    check(agg.rollup_day(DAY, agg.parts_of(legacy), CHANNEL))


def test_a_deleted_accounts_past_counts_but_not_its_value():
    parts = agg.parts_of(DAYS, live={d.account_id for d in DAYS} - {"a7"})
    used = agg.used_capacities(parts, CHANNEL, DAY)
    assert used.partners["X"] == 0 and used.contracts["NEW"] == 0
    assert by_entity(agg.rollup_day(DAY, parts, CHANNEL))["NEW"].usage == 1500 * GB


@pytest.mark.parametrize(
    ("shards", "partitions"),
    [
        (1, [[0, 1, 2, 3, 4, 5, 6, 7]]),
        (2, [[0, 2, 4, 6], [1, 3, 5, 7]]),
        (8, [[p] for p in range(8)]),
        (16, [[p % 8] for p in range(16)]),
    ],
)
def test_fan_out_shards_cover_every_partition_and_account_once(shards, partitions):
    from chalicelib.domain.usage import shard_of

    assert [agg.partitions_of(k, shards) for k in range(shards)] == partitions
    for account in ("100000000000", "100000000013", "999999999999", "acct-x"):
        k = agg.fanout_shard_of(account, shards)
        assert shard_of(account) in agg.partitions_of(k, shards)


def test_a_past_day_keeps_its_recorded_reservation():
    rollups = agg.rollup_day(DAY, agg.parts_of(DAYS), CHANNEL)
    recorded = {
        ("C2", DAY.isoformat()): agg.Rollup(
            "C2", DAY.isoformat(), "contract", "/", [], 0, 0, 4 * TB
        )
    }
    kept = by_entity(agg.keep_recorded_allocation(rollups, recorded))
    assert (kept["C2"].allocated_capacity, kept["C2"].excess) == (4 * TB, 2 * TB)
    assert kept["C1"].allocated_capacity == 10 * TB


def test_a_contract_day_records_who_was_billed_as_pay_per_use():
    got = by_entity(agg.rollup_day(DAY, agg.parts_of(DAYS), CHANNEL))
    assert got["C1"].pay_per_use == ["P0", "P1"]
    assert got["C2"].pay_per_use == [] and got["R1"].pay_per_use is None


@pytest.mark.parametrize(
    ("recorded_ppu", "recorded_partners", "expected_ppu", "expected_billable"),
    [
        # recorded as now: P0 and P1 pay-per-use (1 TB minimum each) + R1's 7 TB
        (["P0", "P1"], {"R1": 0, "P1": 0, "P0": 0}, ["P0", "P1"], 9 * TB),
        # P1 was reserved that day (it became pay-per-use later): billed its 400 GB
        (["P0"], {"R1": 0, "P1": 0, "P0": 0}, ["P0"], 7 * TB + 400 * GB + TB),
        # R1 was pay-per-use that day: 7 TB is above the minimum anyway
        (["R1", "P0", "P1"], {"R1": 0, "P1": 0, "P0": 0}, ["P0", "P1", "R1"], 9 * TB),
        # P1 is new to the recomputed day (late usage): billed as it is now
        (["P0"], {"R1": 0, "P0": 0}, ["P0", "P1"], 9 * TB),
        # a day stored before the billing was recorded: recomputed as now
        (None, {"R1": 0, "P1": 0, "P0": 0}, ["P0", "P1"], 9 * TB),
    ],
)
def test_a_past_day_keeps_each_partners_recorded_billing(
    recorded_ppu, recorded_partners, expected_ppu, expected_billable
):
    rollups = agg.rollup_day(DAY, agg.parts_of(DAYS), CHANNEL)
    before = agg.Rollup("C1", DAY.isoformat(), "contract", "/", [], 0, 0, 10 * TB)
    before.partners, before.pay_per_use = recorded_partners, recorded_ppu
    kept = by_entity(agg.keep_recorded_allocation(rollups, {("C1", DAY.isoformat()): before}))
    assert (kept["C1"].pay_per_use, kept["C1"].billable) == (expected_ppu, expected_billable)


def test_used_capacity_of_every_entity_follows_the_accounts():
    closing = [*DAYS[:-1], account_day("a7", "X", "NEW", 1500 * GB)]
    used = agg.used_capacities(agg.parts_of(closing), CHANNEL, DAY)
    assert used.contracts == {
        "C1": 7400 * GB,
        "C2": 6 * TB,
        "C3": TB,
        "NEW": 1500 * GB,
        "OLD": 0,
        "FUTURE": 0,
    }
    assert used.distributors == {"D1": 13400 * GB, "D2": TB}
    assert used.partners["X"] == 1500 * GB and used.partners["P0"] == 0


def test_the_months_excess_fee_of_the_renewed_contract():
    rows = [
        agg.Rollup("NEW", f"2026-11-{d:02d}", "contract", "/", [], 0, 0, TB, 1500 * GB, 500 * GB)
        for d in range(1, 24)
    ]
    rows.append(agg.Rollup("NEW", "2026-10-31", "contract", "/", [], 0, 0, TB, 0, 9 * TB))
    # 23 days × 500 GB × 1.2 cents / 30 = 460 cents; October's row is not this month's
    assert agg.month_excess_fee(CHANNEL.contracts["NEW"], rows, DAY) == 460


@pytest.mark.parametrize(
    ("stored_used", "stored_at", "latest", "written"),
    [
        (None, None, 0, True),  # never aggregated: written once, even at 0
        (0, None, 0, True),
        (5, "2026-11-23T12:00:00.000000Z", 5, False),  # unchanged: no write
        (5, "2026-11-23T12:00:00.000000Z", 6, True),
        (5, "2026-11-23T12:00:00.000000Z", 0, True),
    ],
)
def test_when_an_accounts_used_capacity_is_written(stored_used, stored_at, latest, written):
    assert agg.account_used_changed(stored_used, stored_at, latest) is written


@pytest.mark.parametrize(
    ("watermark", "as_of"),
    [(None, None), ("", None), ("2026-11-23T12", "2026-11-23T13:00:00.000000Z")],
)
def test_the_aggregations_as_of_is_the_end_of_its_last_hour(watermark, as_of):
    assert agg.usage_as_of(watermark) == as_of


@pytest.mark.parametrize(
    ("stored_at", "as_of", "reported"),
    [
        (None, "2026-11-23T13:00:00.000000Z", None),  # never aggregated
        (
            "2026-11-20T08:00:00.000000Z",
            "2026-11-23T13:00:00.000000Z",
            "2026-11-23T13:00:00.000000Z",
        ),
        (
            "2026-11-23T14:00:00.000000Z",
            "2026-11-23T13:00:00.000000Z",
            "2026-11-23T14:00:00.000000Z",
        ),
        ("2026-11-20T08:00:00.000000Z", None, "2026-11-20T08:00:00.000000Z"),
    ],
)
def test_an_accounts_reported_usage_time(stored_at, as_of, reported):
    assert agg.reported_usage_time(stored_at, as_of) == reported
