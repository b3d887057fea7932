"""``GET /v1/events``: what happened in your organization and below it, newest first."""

from __future__ import annotations

import json
from datetime import date, datetime

from pydantic import Field

from chalicelib.api.http import Router
from chalicelib.api.models import QueryModel, ResponseModel
from chalicelib.services import events

router = Router(__name__, "Events and alerts")


class EventQuery(QueryModel):
    type: str | None = Field(default=None, description="One event type, e.g. `quota.enforced`.")
    from_: date | datetime | None = Field(
        default=None, alias="from", description="Start (date or RFC 3339 time), inclusive."
    )
    to: date | datetime | None = Field(default=None, description="End, inclusive.")


class EventOut(ResponseModel):
    id: str = Field(description="Also the `webhook-id` of every delivery of this event.")
    type: str
    timestamp: str = Field(description="When it happened (RFC 3339 UTC).")
    organization_id: str = Field(description="The organization the event belongs to.")
    data: dict


def event_out(item) -> EventOut:
    return EventOut(
        id=item.id,
        type=item.type,
        timestamp=item.at,
        organization_id=item.org_id,
        data=json.loads(item.data),
    )


@router.route(
    "/v1/events",
    "GET",
    summary="List events in my organization's tree",
    description="Events of your organization and every organization below it (never a "
    "sibling's), newest first. Filters: `type`, `from`/`to` (date or RFC 3339 time, inclusive).",
    query=EventQuery,
    response=EventOut,
    paginated=True,
)
def list_events(ctx, query: EventQuery):
    page = events.list_events(
        ctx.principal, ctx.page, event_type=query.type, since=query.from_, until=query.to
    )
    return page.map(event_out)
