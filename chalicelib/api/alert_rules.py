"""``/v1/alert-rules``: thresholds in percent of allocation that announce
``usage.threshold_crossed`` once, and ``usage.threshold_cleared`` when usage falls back."""

from __future__ import annotations

from pydantic import Field

from chalicelib.api.http import Router
from chalicelib.api.models import Email, RequestModel, ResponseModel
from chalicelib.domain.alerts import MAX_PERCENT, MIN_PERCENT, TargetType
from chalicelib.services import alerts

router = Router(__name__, "Events and alerts")


class AlertRuleIn(RequestModel):
    target_type: TargetType = Field(
        description="`contract` (used vs reserved), `partner` or `storageAccount` (used vs "
        "allocated)."
    )
    target_id: str | None = Field(
        default=None,
        max_length=64,
        description="One entity in your scope; omitted: every entity of that type in scope.",
    )
    threshold_percent: int = Field(ge=MIN_PERCENT, le=MAX_PERCENT, description="1 to 1000.")
    email_recipients: list[Email] | None = Field(
        default=None, max_length=20, description="Omitted: your organization's admins."
    )


class AlertRuleOut(ResponseModel):
    id: str
    organization_id: str
    target_type: str
    target_id: str | None
    threshold_percent: int
    email_recipients: list[str] | None
    created_at: str


def rule_out(item) -> AlertRuleOut:
    return AlertRuleOut(
        id=item.id,
        organization_id=item.org_id,
        target_type=item.target_type,
        target_id=item.target_id,
        threshold_percent=int(item.threshold_percent),
        email_recipients=list(item.email_recipients) if item.email_recipients else None,
        created_at=item.created_at,
    )


@router.route(
    "/v1/alert-rules",
    "GET",
    summary="List my organization's alert rules",
    response=AlertRuleOut,
    paginated=True,
)
def list_rules(ctx):
    return alerts.list_rules(ctx.principal, ctx.page).map(rule_out)


@router.route(
    "/v1/alert-rules",
    "POST",
    summary="Create an alert rule",
    description="Evaluated by every usage aggregation run. Pay-per-use entities (allocation 0) "
    "have no percentage to cross and are skipped.",
    body=AlertRuleIn,
    response=AlertRuleOut,
    status=201,
)
def create_rule(ctx, body: AlertRuleIn):
    rule = alerts.create_rule(
        ctx.principal,
        body.target_type,
        body.target_id,
        body.threshold_percent,
        body.email_recipients,
    )
    return rule_out(rule)


@router.route("/v1/alert-rules/{id}", "DELETE", summary="Delete an alert rule", status=204)
def delete_rule(ctx, id: str):
    alerts.delete_rule(ctx.principal, id)
