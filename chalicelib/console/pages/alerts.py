"""The Alerts page: the organization's alert rules (with the 80 / 90 / 100 % shortcut), its
webhook endpoints (secret shown once, test, rotate, enable/disable, delivery log, replay) and
its recent events. Every action calls the same services as the JSON API."""

from __future__ import annotations

import json

from chalice import Response
from pydantic import ValidationError

from chalicelib.api.alert_rules import AlertRuleIn
from chalicelib.api.http import validation_error
from chalicelib.api.webhook_endpoints import EndpointIn, ReplayIn
from chalicelib.console.cursors import window
from chalicelib.console.i18n import N_
from chalicelib.console.web import FormErrors, Page, PageRouter, validate
from chalicelib.domain.alerts import DEFAULT_THRESHOLDS, TargetType
from chalicelib.domain.events import EVENT_TYPES
from chalicelib.domain.roles import Action
from chalicelib.errors import AppError, NotFound
from chalicelib.paging import PageRequest
from chalicelib.services import alerts, events, webhooks

router = PageRouter(__name__)
TARGETS = [
    (str(TargetType.STORAGE_ACCOUNT), N_("Storage accounts")),
    (str(TargetType.PARTNER), N_("Partners")),
    (str(TargetType.CONTRACT), N_("Contracts")),
]
RECENT_EVENTS = 20
#: Rules and endpoints shown per page (each table reads one page of its index).
PAGE_SIZE = 50
LOG_SIZE = 50


def _checked(model, data: dict):
    """The API's model checks the form as it checks a JSON body (strings for enums)."""
    try:
        return model.model_validate_json(json.dumps(data))
    except ValidationError as exc:
        raise validation_error(exc, "body") from None


def describe(page: Page, data: dict) -> str:
    """One line saying what an event is about, for the recent-events table."""
    if "targetName" in data:
        return page._(
            "%(name)s (%(id)s): %(used)s %% of allocation, threshold %(threshold)s %%",
            name=data["targetName"],
            id=data.get("targetId", ""),
            used=data.get("usedPercent", 0),
            threshold=data.get("thresholdPercent", ""),
        )
    for key, noun in (
        ("clientAccountId", N_("storage account %(id)s")),
        ("dealId", N_("deal %(id)s")),
        ("exportId", N_("export %(id)s")),
    ):
        if key in data:
            what = page._(noun, id=data[key])
            if "status" in data and key == "dealId":
                what = f"{what}: {page._(str(data['status']))}"
            return what
    return str(data.get("message", ""))


def _number(text: str) -> object:
    text = text.strip()
    return int(text) if text.isdigit() else text


def alerts_page(
    page: Page, errors: FormErrors | None = None, status: int = 200, secret: tuple | None = None
) -> Response:
    principal = page.principal
    shown = page.query.get("endpoint", "")
    kept = {"endpoint": shown} if shown else {}
    rules = window(
        page,
        scope="rules",
        params=kept,
        size=PAGE_SIZE,
        fetch=lambda request, backwards: alerts.list_rules(
            principal, request, descending=backwards
        ),
        position=alerts.position,
        at="/alerts",
        prefix="rules_",
    )
    endpoints = window(
        page,
        scope="endpoints",
        params=kept,
        size=PAGE_SIZE,
        fetch=lambda request, backwards: webhooks.list_endpoints(
            principal, request, descending=backwards
        ),
        position=webhooks.position,
        at="/alerts",
        prefix="endpoints_",
    )
    recent = events.list_events(
        principal, PageRequest(limit=RECENT_EVENTS), event_type=None, since=None, until=None
    ).items
    log: list = []
    log_endpoint = None
    if shown:
        log_endpoint = webhooks.get_endpoint(principal, shown)
        log = [
            webhooks.attempt_view(a)
            for a in webhooks.list_attempts(principal, shown, PageRequest(limit=LOG_SIZE)).items
        ]
    return page.render(
        "alerts.html",
        status=status,
        current="Alerts",
        rules=rules.rows,
        rules_table=rules,
        endpoints=endpoints.rows,
        endpoints_table=endpoints,
        recent=[(e, describe(page, json.loads(e.data))) for e in recent],
        log=log,
        log_endpoint=log_endpoint,
        secret=secret,
        targets=TARGETS,
        target_names=dict(TARGETS),
        defaults=DEFAULT_THRESHOLDS,
        event_types=EVENT_TYPES,
        manages=page.can(Action.MANAGE_ALERTS),
        errors=errors or FormErrors(),
        form=page.form,
    )


@router.route("/alerts")
def alerts_view(page: Page) -> Response:
    return alerts_page(page)


@router.route("/alerts/rules", "POST")
def create_rule(page: Page) -> Response:
    form = page.form
    try:
        recipients = [r.strip() for r in form.get("emailRecipients", "").split(",") if r.strip()]
        body = _checked(
            AlertRuleIn,
            {
                "targetType": form.get("targetType", ""),
                "targetId": form.get("targetId", "").strip() or None,
                "thresholdPercent": _number(form.get("thresholdPercent", "")),
                "emailRecipients": recipients or None,
            },
        )
        alerts.create_rule(
            page.principal,
            body.target_type,
            body.target_id,
            body.threshold_percent,
            body.email_recipients,
        )
    except AppError as exc:
        errors = FormErrors.of(exc, "rule", "thresholdPercent")
        for name in [n for n in errors.fields if n.isdigit()]:  # emailRecipients.<n>
            errors.fields.setdefault("emailRecipients", errors.fields.pop(name))
        return alerts_page(page, errors, exc.status)
    return page.redirect("/alerts", toast=page._("The alert rule was added."))


@router.route("/alerts/rules/defaults", "POST")
def create_default_rules(page: Page) -> Response:
    """The one-click set: 80, 90 and 100 % on every entity of the chosen type."""
    form = page.form
    try:
        body = _checked(
            AlertRuleIn, {"targetType": form.get("targetType", ""), "thresholdPercent": 80}
        )
        for percent in DEFAULT_THRESHOLDS:
            alerts.create_rule(page.principal, body.target_type, None, percent, None)
    except AppError as exc:
        return alerts_page(page, FormErrors.of(exc, "defaults", "targetType"), exc.status)
    return page.redirect("/alerts", toast=page._("Alerts at 80, 90 and 100 % were added."))


@router.route("/alerts/rules/{rule_id}/delete", "POST")
def delete_rule(page: Page, rule_id: str) -> Response:
    alerts.delete_rule(page.principal, rule_id)
    return page.redirect("/alerts", toast=page._("The alert rule was deleted."))


@router.route("/alerts/endpoints", "POST")
def create_endpoint(page: Page) -> Response:
    form = page.form
    try:
        chosen = [t for t in ("*", *EVENT_TYPES) if form.get(f"type:{t}")]
        body = validate(
            EndpointIn,
            {
                "url": form.get("url", "").strip(),
                "description": form.get("description", "").strip(),
                "eventTypes": chosen,
            },
        )
        created = webhooks.create_endpoint(
            page.principal, body.url, body.description, body.event_types, True
        )
    except AppError as exc:
        return alerts_page(page, FormErrors.of(exc, "endpoint", "url"), exc.status)
    page.form = {}
    return alerts_page(page, status=201, secret=(created.endpoint, created.secret))


@router.route("/alerts/endpoints/{endpoint_id}/replay", "POST")
def replay(page: Page, endpoint_id: str) -> Response:
    body = validate(ReplayIn, {"eventId": page.form.get("eventId", "")})
    webhooks.replay(page.principal, endpoint_id, body.event_id)
    return page.redirect(
        "/alerts", toast=page._("The event was queued again."), endpoint=endpoint_id
    )


@router.route("/alerts/endpoints/{endpoint_id}/{action}", "POST")
def endpoint_action(page: Page, endpoint_id: str, action: str) -> Response:
    principal = page.principal
    if action == "test":
        webhooks.send_test(principal, endpoint_id)
        return page.redirect(
            "/alerts",
            toast=page._("A ping was queued; see the delivery log."),
            endpoint=endpoint_id,
        )
    if action == "rotate":
        rotated = webhooks.rotate_secret(principal, endpoint_id)
        return alerts_page(page, secret=(rotated.endpoint, rotated.secret))
    if action in ("enable", "disable"):
        webhooks.update_endpoint(principal, endpoint_id, {"enabled": action == "enable"})
        done = (
            N_("The endpoint was enabled.")
            if action == "enable"
            else N_("The endpoint was disabled.")
        )
        return page.redirect("/alerts", toast=page._(done))
    if action == "delete":
        webhooks.delete_endpoint(principal, endpoint_id)
        return page.redirect("/alerts", toast=page._("The endpoint was deleted."))
    raise NotFound(N_("There is no such action."))
