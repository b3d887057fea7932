"""Webhook endpoints and their deliveries.

A delivery (``d#<eventId>`` under its endpoint) is created once per (endpoint, event) with a
condition, claimed by one worker at a time (``claim_token``, lease in ``due_at``), and settled
with conditional writes; each attempt is also logged as its own item (``a#…``), listed newest
first with one Query. Disabling an endpoint after days of failures and the e-mail to its admins
are one transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.exceptions import PutError, UpdateError

from chalicelib import clock
from chalicelib.domain.principal import Principal
from chalicelib.paging import Page, PageRequest
from chalicelib.store import audit, outbox
from chalicelib.store.base import Tx, not_found_on_failure, run_transaction
from chalicelib.store.models import OutboxItem, WebhookDeliveryItem, WebhookEndpointItem
from chalicelib.store.scoped import every_item, get_in_scope, get_unscoped, query_page

WHAT = "Webhook endpoint"
QUEUE = "pending"
#: A worker holds a delivery for at most this long (10 s timeout, plus margin).
LEASE = timedelta(seconds=60)
RETENTION = timedelta(days=30)


def snapshot(endpoint: WebhookEndpointItem) -> dict:
    return {
        "url": endpoint.url,
        "description": endpoint.description,
        "eventTypes": list(endpoint.event_types or []),
        "enabled": bool(endpoint.enabled),
    }


def _audited(tx: Tx, principal: Principal, action: str, endpoint, **snap) -> Tx:
    return audit.audited(
        tx,
        principal,
        action,
        target_type="webhook_endpoint",
        target_id=endpoint.id,
        path=endpoint.path,
        **snap,
    )


# --- endpoints -------------------------------------------------------------------------------


def get(principal: Principal, endpoint_id: str) -> WebhookEndpointItem:
    return get_in_scope(WebhookEndpointItem, endpoint_id, principal, WHAT)


def reload(endpoint_id: str) -> WebhookEndpointItem | None:
    return get_unscoped(WebhookEndpointItem, endpoint_id)


def list_for_org(
    org_id: str, page: PageRequest, *, descending: bool = False
) -> Page[WebhookEndpointItem]:
    """One page of the organization's endpoints, oldest first (``descending``: newest first)."""
    return query_page(
        WebhookEndpointItem.by_organization.query, org_id, page, newest_first=descending
    )


def position(endpoint: WebhookEndpointItem) -> dict:
    """Where ``endpoint`` stands on ``organization-index`` (a start key either way)."""
    return {
        "id": {"S": endpoint.id},
        "org_id": {"S": endpoint.org_id},
        "created_at": {"S": endpoint.created_at},
    }


def every_endpoint_of(org_id: str):
    return every_item(WebhookEndpointItem.by_organization.query, org_id)


def create(principal: Principal, endpoint: WebhookEndpointItem) -> WebhookEndpointItem:
    tx = Tx().save("endpoint", endpoint, condition=WebhookEndpointItem.id.does_not_exist())
    _audited(tx, principal, "webhook_endpoint.create", endpoint, after=snapshot(endpoint))
    run_transaction(lambda: tx, not_found_on_failure(WHAT, endpoint.id))
    return endpoint


def update(principal: Principal, endpoint: WebhookEndpointItem, changes: dict) -> None:
    """``changes``: attribute name -> new value (``None`` removes it)."""
    before = snapshot(endpoint)
    actions = []
    for name, value in changes.items():
        attribute = getattr(WebhookEndpointItem, name)
        actions.append(attribute.remove() if value is None else attribute.set(value))
        setattr(endpoint, name, value)
    now = clock.iso(clock.now())
    actions.append(WebhookEndpointItem.updated_at.set(now))
    endpoint.updated_at = now
    tx = Tx().update("endpoint", endpoint, actions, condition=WebhookEndpointItem.id.exists())
    _audited(
        tx, principal, "webhook_endpoint.update", endpoint, before=before, after=snapshot(endpoint)
    )
    run_transaction(lambda: tx, not_found_on_failure(WHAT, endpoint.id))


def delete(principal: Principal, endpoint: WebhookEndpointItem) -> None:
    tx = Tx().delete("endpoint", endpoint, condition=WebhookEndpointItem.id.exists())
    _audited(tx, principal, "webhook_endpoint.delete", endpoint, before=snapshot(endpoint))
    run_transaction(lambda: tx, not_found_on_failure(WHAT, endpoint.id))


def record_outcome(endpoint: WebhookEndpointItem, success: bool, now: datetime) -> None:
    """A success clears ``failing_since``; a failure sets it if it is not set yet."""
    try:
        if success:
            if endpoint.failing_since:
                endpoint.update(actions=[WebhookEndpointItem.failing_since.remove()])
        elif not endpoint.failing_since:
            endpoint.update(
                actions=[WebhookEndpointItem.failing_since.set(clock.iso(now))],
                condition=WebhookEndpointItem.failing_since.does_not_exist()
                & WebhookEndpointItem.id.exists(),
            )
    except UpdateError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise


def disable_for_failures(
    principal: Principal, endpoint: WebhookEndpointItem, reason: str, mails: list[OutboxItem]
) -> bool:
    """Disables a failing endpoint and records the e-mails to its admins, in one transaction,
    once (False when it was already disabled or has succeeded since)."""
    before = snapshot(endpoint)
    tx = Tx().update(
        "endpoint",
        endpoint,
        [
            WebhookEndpointItem.enabled.set(False),
            WebhookEndpointItem.disabled_reason.set(reason),
            WebhookEndpointItem.updated_at.set(clock.iso(clock.now())),
        ],
        condition=(WebhookEndpointItem.enabled == True)  # noqa: E712 - a DynamoDB condition
        & WebhookEndpointItem.failing_since.exists(),
    )
    for mail in mails:
        outbox.add(tx, mail)
    endpoint.enabled = False
    _audited(
        tx,
        principal,
        "webhook_endpoint.disabled",
        endpoint,
        before=before,
        after={**snapshot(endpoint), "reason": reason},
    )
    return run_transaction(lambda: tx, lambda _tx, _names: False) is None


# --- deliveries ------------------------------------------------------------------------------


def delivery_key(event_id: str) -> str:
    return f"d#{event_id}"


def get_delivery(endpoint_id: str, event_id: str) -> WebhookDeliveryItem | None:
    try:
        return WebhookDeliveryItem.get(endpoint_id, delivery_key(event_id), consistent_read=True)
    except WebhookDeliveryItem.DoesNotExist:
        return None


def create_delivery(endpoint: WebhookEndpointItem, event_id: str, event_type: str) -> bool:
    """The delivery of one event to one endpoint, once; False when it exists already."""
    now = clock.now()
    item = WebhookDeliveryItem(
        endpoint_id=endpoint.id,
        sk=delivery_key(event_id),
        event_id=event_id,
        event_type=event_type,
        path=endpoint.path,
        status="pending",
        attempts=0,
        queue=QUEUE,
        due_at=clock.iso(now),
        ttl=now + RETENTION,
    )
    try:
        item.save(condition=WebhookDeliveryItem.sk.does_not_exist())
    except PutError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def requeue_delivery(endpoint: WebhookEndpointItem, event_id: str, event_type: str) -> None:
    """A replay: the delivery (new or settled) becomes pending again, attempts counting on."""
    now = clock.now()
    item = WebhookDeliveryItem(endpoint_id=endpoint.id, sk=delivery_key(event_id))
    item.update(
        actions=[
            WebhookDeliveryItem.event_id.set(event_id),
            WebhookDeliveryItem.event_type.set(event_type),
            WebhookDeliveryItem.path.set(endpoint.path),
            WebhookDeliveryItem.status.set("pending"),
            WebhookDeliveryItem.queue.set(QUEUE),
            WebhookDeliveryItem.due_at.set(clock.iso(now)),
            WebhookDeliveryItem.ttl.set(now + RETENTION),
        ],
    )


def claim_delivery(endpoint_id: str, event_id: str, token: str, now: datetime):
    """Take a pending delivery whose time has come (or whose worker's lease ran out)."""
    item = WebhookDeliveryItem(endpoint_id=endpoint_id, sk=delivery_key(event_id))
    at = clock.iso(now)
    condition = (
        WebhookDeliveryItem.sk.exists()
        & (WebhookDeliveryItem.due_at <= at)
        & ((WebhookDeliveryItem.status == "pending") | (WebhookDeliveryItem.status == "sending"))
    )
    try:
        item.update(
            actions=[
                WebhookDeliveryItem.status.set("sending"),
                WebhookDeliveryItem.claim_token.set(token),
                WebhookDeliveryItem.due_at.set(clock.iso(now + LEASE)),
                WebhookDeliveryItem.attempts.add(1),
            ],
            condition=condition,
        )
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return None
        raise
    return item


def settle_delivery(item: WebhookDeliveryItem, token: str, status: str, retry_at: str | None):
    """``succeeded`` or ``failed`` (off the queue), or ``pending`` again until ``retry_at``."""
    actions = [WebhookDeliveryItem.status.set(status)]
    if status == "pending" and retry_at:
        actions.append(WebhookDeliveryItem.due_at.set(retry_at))
    else:
        actions += [WebhookDeliveryItem.queue.remove(), WebhookDeliveryItem.due_at.remove()]
    try:
        item.update(
            actions=actions,
            condition=(WebhookDeliveryItem.status == "sending")
            & (WebhookDeliveryItem.claim_token == token),
        )
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def log_attempt(
    delivery: WebhookDeliveryItem,
    attempt: int,
    http_status: int | None,
    error: str | None,
    latency_ms: int,
    at: datetime,
) -> WebhookDeliveryItem:
    stamp = clock.iso(at)
    item = WebhookDeliveryItem(
        endpoint_id=delivery.endpoint_id,
        sk=f"a#{stamp}#{delivery.event_id}#{attempt}",
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        path=delivery.path,
        attempt=attempt,
        http_status=http_status,
        error=error,
        latency_ms=latency_ms,
        at=stamp,
        ttl=at + RETENTION,
    )
    item.save()
    return item


def attempts_page(endpoint_id: str, page: PageRequest) -> Page[WebhookDeliveryItem]:
    """The endpoint's delivery attempts, newest first."""
    return query_page(
        WebhookDeliveryItem.query,
        endpoint_id,
        page,
        range_key_condition=WebhookDeliveryItem.sk.startswith("a#"),
        newest_first=True,
    )


def due_deliveries(now: str, page: PageRequest) -> Page[WebhookDeliveryItem]:
    return query_page(
        WebhookDeliveryItem.due.query,
        QUEUE,
        page,
        range_key_condition=WebhookDeliveryItem.due_at <= now,
    )
