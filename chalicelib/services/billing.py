"""A contract's month for the distributor (and the provider): its price, currency and term, the
days' usage, billable and excess, what each partner is billed for, and the excess fee with its
period. One read of the month's roll-ups plus one read per partner that appears in them."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from chalicelib import clock
from chalicelib.domain import billing as rules
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action
from chalicelib.errors import NotFound
from chalicelib.store import organizations as org_store
from chalicelib.store import usage_reads
from chalicelib.store.usage import rollups as rollup_store


@dataclass(frozen=True)
class PartnerLine:
    bill: rules.PartnerBill
    name: str


@dataclass(frozen=True)
class ContractMonth:
    contract: object
    month: rules.Month
    days: list  # domain.aggregation.Rollup, oldest first
    partners: list[PartnerLine]
    excess_fee_cents: int


def contract_month(principal: Principal, contract_id: str, month: str | None) -> ContractMonth:
    principal.require(Action.VIEW)
    contract = usage_reads.contract_in_scope(principal, contract_id)
    period = rules.month(month, clock.now().date())
    days = rollup_store.rollups(contract.id, period.first, period.last)
    names: dict[str, str] = {}
    current: dict[str, bool] = {}  # only for days stored before their billing was recorded
    for partner_id in sorted({p for day in days for p in day.partners}):
        with suppress(NotFound):  # deleted since: billed under its id
            partner = org_store.get(principal, partner_id, "Partner")
            names[partner_id] = partner.name
            current[partner_id] = int(partner.allocated_capacity) == 0
    bills = rules.partner_bills(
        (rules.BillDay(d.date, d.partners, d.pay_per_use) for d in days), current
    )
    return ContractMonth(
        contract=contract,
        month=period,
        days=days,
        partners=[PartnerLine(b, names.get(b.partner_id, b.partner_id)) for b in bills],
        excess_fee_cents=rules.excess_fee(
            ((d.date, d.excess or 0) for d in days), contract.cost_storage_gb_cents
        ),
    )
