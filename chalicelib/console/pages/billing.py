"""A contract's billing month (distributor and provider): price, currency and term; the days'
usage, billable and excess; each partner's billable with the pay-per-use minimum applied; the
excess fee with its period; and the same as a CSV download."""

from __future__ import annotations

import csv
import io
import re

from chalice import Response

from chalicelib import clock
from chalicelib.console.web import FormErrors, Page, PageRouter
from chalicelib.domain import billing as rules
from chalicelib.domain import csvfmt
from chalicelib.errors import ValidationFailed
from chalicelib.services import billing

router = PageRouter(__name__)


@router.route("/contracts/{contract_id}/billing")
def billing_page(page: Page, contract_id: str) -> Response:
    try:
        view = billing.contract_month(page.principal, contract_id, page.query.get("month"))
    except ValidationFailed as exc:
        view = billing.contract_month(page.principal, contract_id, None)
        return _render(page, view, FormErrors.of(exc, "month", "month"), exc.status)
    return _render(page, view, FormErrors(), 200)


def _render(page: Page, view: billing.ContractMonth, errors: FormErrors, status: int) -> Response:
    this_month = rules.month(None, clock.now().date())
    return page.render(
        "billing.html",
        status=status,
        current="Partners",
        view=view,
        contract=view.contract,
        this_month=this_month.label,
        last_month=rules.previous(this_month).strftime("%Y-%m"),
        shown_month=page.query.get("month", "") if errors else view.month.label,
        errors=errors,
    )


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:60] or "contract"


@router.route("/contracts/{contract_id}/billing/csv")
def billing_csv(page: Page, contract_id: str) -> Response:
    view = billing.contract_month(page.principal, contract_id, page.query.get("month"))
    contract = view.contract
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["section", "date", "partnerId", "partnerName", "payPerUse", "payPerUseDays", "usageBytes",
         "billableBytes", "excessBytes", "billableTB", "excessTB", "currency", "period"]
    )  # fmt: skip
    period = view.month.period
    for day in view.days:
        writer.writerow(
            csvfmt.cell(v)
            for v in [
                "day", day.date, "", "", "", "", day.usage, day.billable or 0, day.excess or 0,
                csvfmt.terabytes(day.billable or 0), csvfmt.terabytes(day.excess or 0),
                contract.currency, period,
            ]
        )  # fmt: skip
    for line in view.partners:
        b = line.bill
        writer.writerow(
            csvfmt.cell(v)
            for v in [
                "partner", "", b.partner_id, line.name, b.pay_per_use, b.pay_per_use_days,
                b.usage_byte_days, b.billable_byte_days, "",
                csvfmt.terabytes(b.billable_byte_days), "", contract.currency, period,
            ]
        )  # fmt: skip
    writer.writerow(
        csvfmt.cell(v)
        for v in [
            "excessFeeCents", "", "", "", "", "", "", "", "", "", "",
            contract.currency, f"{period}: {view.excess_fee_cents}",
        ]
    )  # fmt: skip
    name = f"billing-{_slug(contract.details)}-{view.month.label}.csv"
    return Response(
        body="\ufeff" + out.getvalue(),
        status_code=200,
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
