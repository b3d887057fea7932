"""Webhook endpoints (Standard Webhooks) and the delivery worker.

* An endpoint belongs to an organization and receives the events of that organization and of
  every organization below it (the dispatcher's ``audience``), of the types it subscribed to.
* Its secret (``whsec_`` + 24 random bytes, base64) is shown once, at creation or rotation, and
  stored sealed (``services/sealed.py``: AES-GCM, bound to the endpoint's id). After a rotation
  the previous secret signs too, for 24 hours: ``webhook-signature`` then carries two
  space-separated signatures.
* Each attempt: ``webhook-id`` = the event id (the same on every retry), ``webhook-timestamp`` =
  the moment of sending (Unix seconds, the wall clock the receiver compares with its own), and
  ``webhook-signature`` = ``v1,<base64 HMAC-SHA256 of "id.timestamp.body">`` via the
  ``standardwebhooks`` package; body ``{"type", "timestamp", "data"}``.
* A non-2xx answer, a timeout (``WEBHOOK_TIMEOUT_SECONDS``, 10) or a refused address is retried
  after the delays of ``WEBHOOK_RETRY_SCHEDULE``; every attempt is logged. An endpoint that has
  failed for 5 days without a success is disabled and its admins are e-mailed.
"""

from __future__ import annotations

import base64
import json
import os
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from standardwebhooks.webhooks import Webhook

from chalicelib import clock
from chalicelib.domain import delivery as rules
from chalicelib.domain.events import EVENT_TYPES, PING
from chalicelib.domain.principal import Principal, system_principal
from chalicelib.domain.roles import Action
from chalicelib.errors import NotFound, ValidationFailed
from chalicelib.observability import log_info, log_warning
from chalicelib.paging import Page, PageRequest
from chalicelib.services import sealed
from chalicelib.settings import get_settings
from chalicelib.store import events as event_store
from chalicelib.store import notification_queue, outbox, recipients, webhook_http
from chalicelib.store import webhooks as store
from chalicelib.store.base import Tx, run_transaction
from chalicelib.store.models import EventItem, WebhookDeliveryItem, WebhookEndpointItem
from chalicelib.store.notification_queue import queue_mail


@dataclass(frozen=True)
class EndpointWithSecret:
    endpoint: WebhookEndpointItem
    secret: str


def _new_secret() -> str:
    return "whsec_" + base64.b64encode(os.urandom(24)).decode()


def _check_url(url: str) -> None:
    settings = get_settings()
    allow = settings.webhook_allow_private
    problem = rules.url_problem(url, allow_http=allow, allow_private=allow)
    if problem:
        raise ValidationFailed(
            f"This URL cannot receive webhooks: {problem}",
            code="url_not_allowed",
            details=[{"field": "url", "location": "body", "message": problem}],
        )


def _check_types(event_types: list[str]) -> list[str]:
    unknown = [t for t in event_types if t != "*" and t not in EVENT_TYPES]
    if unknown:
        raise ValidationFailed(
            f"Unknown event type {', '.join(unknown)}; use any of {', '.join(EVENT_TYPES)} "
            "or * for all.",
            details=[{"field": "eventTypes", "location": "body", "message": "Unknown type."}],
        )
    if not event_types:
        raise ValidationFailed(
            "Subscribe the endpoint to at least one event type (or * for all).",
            details=[{"field": "eventTypes", "location": "body", "message": "Empty."}],
        )
    return sorted(set(event_types))


# --- endpoints -------------------------------------------------------------------------------


def list_endpoints(
    principal: Principal, page: PageRequest, *, descending: bool = False
) -> Page[WebhookEndpointItem]:
    """One page of the caller's organization's endpoints, oldest first (``descending``:
    backwards, for a console table's "Previous")."""
    principal.require(Action.VIEW)
    return store.list_for_org(principal.org_id, page, descending=descending)


def position(endpoint: WebhookEndpointItem) -> dict:
    """Where ``endpoint`` stands in the endpoints' order (a start key for either direction)."""
    return store.position(endpoint)


def get_endpoint(principal: Principal, endpoint_id: str) -> WebhookEndpointItem:
    principal.require(Action.VIEW)
    return _own(principal, endpoint_id)


def _own(principal: Principal, endpoint_id: str) -> WebhookEndpointItem:
    """An endpoint of the caller's own organization (a child's endpoints are the child's)."""
    endpoint = store.get(principal, endpoint_id)
    if endpoint.org_id != principal.org_id:
        raise NotFound.of(store.WHAT, endpoint_id)
    return endpoint


def create_endpoint(
    principal: Principal,
    url: str,
    description: str,
    event_types: list[str],
    enabled: bool = True,
) -> EndpointWithSecret:
    principal.require(Action.MANAGE_ALERTS)
    _check_url(url)
    types = _check_types(event_types)
    now = clock.iso(clock.now())
    endpoint_id = str(uuid.uuid4())
    secret = _new_secret()
    endpoint = WebhookEndpointItem(
        id=endpoint_id,
        org_id=principal.org_id,
        path=principal.org_path,
        url=url,
        description=description,
        event_types=types,
        enabled=enabled,
        secret_box=sealed.seal(secret, endpoint_id),
        created_at=now,
        updated_at=now,
    )
    store.create(principal, endpoint)
    return EndpointWithSecret(endpoint, secret)


def update_endpoint(principal: Principal, endpoint_id: str, changes: dict) -> WebhookEndpointItem:
    """``changes``: any of ``url``, ``description``, ``event_types``, ``enabled``. Enabling a
    disabled endpoint starts its failure count afresh."""
    principal.require(Action.MANAGE_ALERTS)
    endpoint = _own(principal, endpoint_id)
    updates: dict[str, Any] = {}
    if changes.get("url") is not None:
        _check_url(changes["url"])
        updates["url"] = changes["url"]
    if changes.get("description") is not None:
        updates["description"] = changes["description"]
    if changes.get("event_types") is not None:
        updates["event_types"] = _check_types(changes["event_types"])
    if changes.get("enabled") is not None:
        updates["enabled"] = bool(changes["enabled"])
        if changes["enabled"]:
            updates["failing_since"] = None
            updates["disabled_reason"] = None
    if updates:
        store.update(principal, endpoint, updates)
    return endpoint


def delete_endpoint(principal: Principal, endpoint_id: str) -> None:
    principal.require(Action.MANAGE_ALERTS)
    store.delete(principal, _own(principal, endpoint_id))


def rotate_secret(principal: Principal, endpoint_id: str) -> EndpointWithSecret:
    """A new secret, shown once; the previous one keeps signing (alongside) for 24 hours."""
    principal.require(Action.MANAGE_ALERTS)
    endpoint = _own(principal, endpoint_id)
    secret = _new_secret()
    until = clock.iso(clock.now() + rules.ROTATION_OVERLAP)
    store.update(
        principal,
        endpoint,
        {
            "previous_secret_box": endpoint.secret_box,
            "previous_until": until,
            "secret_box": sealed.seal(secret, endpoint.id),
        },
    )
    return EndpointWithSecret(endpoint, secret)


def send_test(principal: Principal, endpoint_id: str) -> EventItem:
    """A ``ping`` event for this endpoint only, delivered like any other."""
    principal.require(Action.MANAGE_ALERTS)
    endpoint = _own(principal, endpoint_id)
    event = event_store.build(
        PING, endpoint.path, {"endpointId": endpoint.id, "message": "Test from Partner Console"}
    )
    event.dispatch = None  # for this endpoint only, not the organization's others
    tx = Tx().save("event", event, condition=EventItem.id.does_not_exist())
    run_transaction(lambda: tx, lambda _tx, _names: None)
    store.create_delivery(endpoint, event.id, event.type)
    queue_delivery(endpoint.id, event.id)
    return event


def list_attempts(principal: Principal, endpoint_id: str, page: PageRequest) -> Page:
    principal.require(Action.VIEW)
    endpoint = _own(principal, endpoint_id)
    return store.attempts_page(endpoint.id, page)


def replay(principal: Principal, endpoint_id: str, event_id: str) -> EventItem:
    """Send an event (one this endpoint may receive) to it again, with the same webhook-id."""
    principal.require(Action.MANAGE_ALERTS)
    endpoint = _own(principal, endpoint_id)
    event = event_store.reload(event_id) if len(event_id) <= 64 else None
    if event is None or not event.path.startswith(endpoint.path):
        raise NotFound.of("Event", event_id)
    store.requeue_delivery(endpoint, event.id, event.type)
    queue_delivery(endpoint.id, event.id)
    return event


# --- delivery --------------------------------------------------------------------------------


def queue_delivery(endpoint_id: str, event_id: str, due: datetime | None = None) -> None:
    message: dict[str, Any] = {"delivery": {"endpointId": endpoint_id, "eventId": event_id}}
    delay = 0
    if due is not None:
        message["due"] = clock.iso(due)
        delay = rules.queue_delay(due, clock.now())
    try:
        notification_queue.enqueue(message, delay)
    except Exception as exc:  # the delivery stays due: the sweep queues it again
        log_warning("delivery not queued", endpoint_id=endpoint_id, error=type(exc).__name__)


def payload(event: EventItem) -> bytes:
    body = {"type": event.type, "timestamp": event.at, "data": json.loads(event.data)}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def signing_secrets(endpoint: WebhookEndpointItem, now: datetime) -> list[str]:
    secrets = [sealed.unseal(endpoint.secret_box, endpoint.id)]
    until = clock.parse_iso(endpoint.previous_until) if endpoint.previous_until else None
    if endpoint.previous_secret_box and rules.secret_overlaps(until, now):
        secrets.append(sealed.unseal(endpoint.previous_secret_box, endpoint.id))
    return secrets


def signed_headers(
    event_id: str, body: bytes, secrets: list[str], sent_at: datetime
) -> dict[str, str]:
    signatures = " ".join(Webhook(s).sign(event_id, sent_at, body) for s in secrets)
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(int(sent_at.timestamp())),
        "webhook-signature": signatures,
    }


def _wall_clock() -> datetime:
    """The receiver checks ``webhook-timestamp`` against its own clock: the real time of
    sending, not the project's (``chalicelib.clock``), which tests may pin."""
    return datetime.fromtimestamp(time.time(), UTC)


def attempt(endpoint_id: str, event_id: str) -> str:
    """One delivery attempt (the worker's job); answers what happened."""
    endpoint = store.reload(endpoint_id)
    if endpoint is None:
        return "endpoint gone"
    token = str(uuid.uuid4())
    now = clock.now()
    delivery = store.claim_delivery(endpoint_id, event_id, token, now)
    if delivery is None:
        return "skipped"
    number = int(delivery.attempts)
    event = event_store.reload(event_id)
    if event is None or not endpoint.enabled:
        reason = "event no longer stored" if event is None else "endpoint disabled"
        store.log_attempt(delivery, number, None, reason, 0, now)
        store.settle_delivery(delivery, token, "failed", None)
        return reason
    settings = get_settings()
    body = payload(event)
    headers = signed_headers(event.id, body, signing_secrets(endpoint, now), _wall_clock())
    result = webhook_http.post(
        endpoint.url,
        body,
        headers,
        timeout=settings.webhook_timeout_seconds,
        allow_private=settings.webhook_allow_private,
    )
    store.log_attempt(delivery, number, result.status, result.error, result.latency_ms, now)
    store.record_outcome(endpoint, result.ok, now)
    log_info(
        "webhook attempt",
        endpoint_id=endpoint.id,
        event_id=event.id,
        attempt=number,
        status=result.status,
        error=result.error,
        latency_ms=result.latency_ms,
    )
    if result.ok:
        store.settle_delivery(delivery, token, "succeeded", None)
        return "delivered"
    delay = rules.retry_delay(settings.webhook_retry_schedule, number)
    if delay is None:
        store.settle_delivery(delivery, token, "failed", None)
        outcome = "gave up"
    else:
        due = clock.now() + timedelta(seconds=delay)
        store.settle_delivery(delivery, token, "pending", clock.iso(due))
        queue_delivery(endpoint.id, event.id, due)
        outcome = "retrying"
    _disable_if_failing_too_long(endpoint, now)
    return outcome


def _disable_if_failing_too_long(endpoint: WebhookEndpointItem, now: datetime) -> None:
    fresh = store.reload(endpoint.id)
    if fresh is None or not fresh.enabled:
        return
    since = clock.parse_iso(fresh.failing_since) if fresh.failing_since else None
    if not rules.should_disable(since, now):
        return
    reason = f"Every delivery failed since {fresh.failing_since}."
    subject = "A webhook endpoint was disabled after 5 days of failed deliveries"
    body = (
        f"The webhook endpoint {fresh.url} ({fresh.id}) has not accepted a delivery since "
        f"{fresh.failing_since} and was disabled. Fix the receiver, then enable it again on the "
        "Alerts page (or PATCH /v1/webhook-endpoints/{id} with enabled: true) and replay the "
        "events it missed from its delivery log.\n"
    )
    mails = [
        outbox.build(
            "webhook.disabled", email, None, subject, body, message_id=f"{fresh.id}:{i}:{now}"
        )
        for i, email in enumerate(recipients.admins_of(fresh.org_id))
    ]
    if store.disable_for_failures(system_principal("webhook-delivery"), fresh, reason, mails):
        for mail in mails:
            queue_mail(mail.id)


def sweep_deliveries(now: str | None = None) -> int:
    """Queue every delivery whose time has come (a lost message or a lost worker)."""
    now = now or clock.iso(clock.now())
    queued = 0
    page = PageRequest(limit=100)
    while True:
        batch = store.due_deliveries(now, page)
        for item in batch.items:
            queue_delivery(item.endpoint_id, item.event_id)
            queued += 1
        if batch.next_key is None:
            return queued
        page = PageRequest(limit=100, start_key=batch.next_key)


def attempt_view(item: WebhookDeliveryItem) -> dict[str, Any]:
    return {
        "event_id": item.event_id,
        "event_type": item.event_type,
        "attempt": int(item.attempt or 0),
        "http_status": int(item.http_status) if item.http_status is not None else None,
        "error": item.error,
        "latency_ms": int(item.latency_ms or 0),
        "at": item.at,
    }
