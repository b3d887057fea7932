"""``/v1/webhook-endpoints``: where an organization's events are delivered, signed as Standard
Webhooks; the delivery log, replays and test pings."""

from __future__ import annotations

from pydantic import Field

from chalicelib.api.http import Router
from chalicelib.api.models import RequestModel, ResponseModel
from chalicelib.services import webhooks

router = Router(__name__, "Webhooks")


class EndpointIn(RequestModel):
    url: str = Field(min_length=1, max_length=2000, description="https:// (http:// locally).")
    description: str = Field(default="", max_length=500)
    event_types: list[str] = Field(
        min_length=1, max_length=20, description="Event types, or `*` for every type."
    )
    enabled: bool = True


class EndpointPatch(RequestModel):
    url: str | None = Field(default=None, min_length=1, max_length=2000)
    description: str | None = Field(default=None, max_length=500)
    event_types: list[str] | None = Field(default=None, min_length=1, max_length=20)
    enabled: bool | None = Field(default=None, description="true re-enables a disabled one.")


class ReplayIn(RequestModel):
    event_id: str = Field(min_length=1, max_length=64)


class EndpointOut(ResponseModel):
    id: str
    organization_id: str
    url: str
    description: str
    event_types: list[str]
    enabled: bool
    disabled_reason: str | None = None
    failing_since: str | None = None
    secret_rotated_until: str | None = Field(
        default=None, description="Until when the previous secret also signs."
    )
    created_at: str
    secret: str | None = Field(
        default=None, description="`whsec_…`: only in the answer to create and rotate-secret."
    )


class DeliveryAttemptOut(ResponseModel):
    event_id: str
    event_type: str
    attempt: int
    http_status: int | None
    error: str | None
    latency_ms: int
    at: str


class PingOut(ResponseModel):
    event_id: str
    status: str = Field(description="`queued`: see the delivery log for the outcome.")


def endpoint_out(item, secret: str | None = None) -> EndpointOut:
    return EndpointOut(
        id=item.id,
        organization_id=item.org_id,
        url=item.url,
        description=item.description or "",
        event_types=list(item.event_types or []),
        enabled=bool(item.enabled),
        disabled_reason=item.disabled_reason,
        failing_since=item.failing_since,
        secret_rotated_until=item.previous_until,
        created_at=item.created_at,
        secret=secret,
    )


@router.route(
    "/v1/webhook-endpoints",
    "GET",
    summary="List my organization's webhook endpoints",
    response=EndpointOut,
    paginated=True,
)
def list_endpoints(ctx):
    return webhooks.list_endpoints(ctx.principal, ctx.page).map(endpoint_out)


@router.route(
    "/v1/webhook-endpoints",
    "POST",
    summary="Create a webhook endpoint (its secret is shown once)",
    description="Receives the events of your organization and every organization below it, "
    "of the subscribed types. https only on deployed stages; link-local and metadata addresses "
    "never.",
    body=EndpointIn,
    response=EndpointOut,
    status=201,
)
def create_endpoint(ctx, body: EndpointIn):
    created = webhooks.create_endpoint(
        ctx.principal, body.url, body.description, body.event_types, body.enabled
    )
    return endpoint_out(created.endpoint, created.secret)


@router.route(
    "/v1/webhook-endpoints/{id}", "GET", summary="Get a webhook endpoint", response=EndpointOut
)
def get_endpoint(ctx, id: str):
    return endpoint_out(webhooks.get_endpoint(ctx.principal, id))


@router.route(
    "/v1/webhook-endpoints/{id}",
    "PATCH",
    summary="Change a webhook endpoint (URL, types, description, enabled)",
    body=EndpointPatch,
    response=EndpointOut,
)
def patch_endpoint(ctx, id: str, body: EndpointPatch):
    changes = body.model_dump(exclude_unset=True)
    return endpoint_out(webhooks.update_endpoint(ctx.principal, id, changes))


@router.route(
    "/v1/webhook-endpoints/{id}", "DELETE", summary="Delete a webhook endpoint", status=204
)
def delete_endpoint(ctx, id: str):
    webhooks.delete_endpoint(ctx.principal, id)


@router.route(
    "/v1/webhook-endpoints/{id}/rotate-secret",
    "POST",
    summary="Rotate the signing secret (the old one also signs for 24 hours)",
    response=EndpointOut,
)
def rotate_secret(ctx, id: str):
    rotated = webhooks.rotate_secret(ctx.principal, id)
    return endpoint_out(rotated.endpoint, rotated.secret)


@router.route(
    "/v1/webhook-endpoints/{id}/test",
    "POST",
    summary="Send a ping event to this endpoint",
    response=PingOut,
    status=202,
)
def test_endpoint(ctx, id: str):
    event = webhooks.send_test(ctx.principal, id)
    return PingOut(event_id=event.id, status="queued")


@router.route(
    "/v1/webhook-endpoints/{id}/deliveries",
    "GET",
    summary="The endpoint's delivery attempts, newest first",
    response=DeliveryAttemptOut,
    paginated=True,
)
def list_deliveries(ctx, id: str):
    page = webhooks.list_attempts(ctx.principal, id, ctx.page)
    return page.map(lambda item: DeliveryAttemptOut(**webhooks.attempt_view(item)))


@router.route(
    "/v1/webhook-endpoints/{id}/replay",
    "POST",
    summary="Deliver an event to this endpoint again (same webhook-id)",
    body=ReplayIn,
    response=PingOut,
    status=202,
)
def replay(ctx, id: str, body: ReplayIn):
    event = webhooks.replay(ctx.principal, id, body.event_id)
    return PingOut(event_id=event.id, status="queued")
