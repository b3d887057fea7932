"""``GET /v1/audit-events``: every change in your organization and below it, newest first."""

from __future__ import annotations

import json
from datetime import date, datetime

from pydantic import Field

from chalicelib.api.http import Router
from chalicelib.api.models import QueryModel, ResponseModel
from chalicelib.services import audit

router = Router(__name__, "Audit")


class AuditQuery(QueryModel):
    from_: date | datetime | None = Field(
        default=None, alias="from", description="Start (date or RFC 3339 time), inclusive."
    )
    to: date | datetime | None = Field(default=None, description="End, inclusive.")
    action: str | None = Field(default=None, description="e.g. `member.create`")
    actor: str | None = Field(default=None, description="User id or API key id.")
    target_id: str | None = Field(
        default=None, description="The changed record's id (organization, deal, contract, …)."
    )
    target_type: str | None = Field(default=None, description="e.g. `deal`, `contract`.")


class ActorOut(ResponseModel):
    type: str
    id: str
    label: str


class AuditEventOut(ResponseModel):
    id: str
    at: str
    organization_id: str
    actor: ActorOut
    action: str
    target_type: str
    target_id: str
    before: dict | None
    after: dict | None
    request_id: str
    source_ip: str


def event_out(item) -> AuditEventOut:
    return AuditEventOut(
        id=item.id,
        at=item.at,
        organization_id=item.org_id,
        actor=ActorOut(type=item.actor_type, id=item.actor_id, label=item.actor_label),
        action=item.action,
        target_type=item.target_type,
        target_id=item.target_id,
        before=json.loads(item.before) if item.before else None,
        after=json.loads(item.after) if item.after else None,
        request_id=item.request_id,
        source_ip=item.source_ip,
    )


@router.route(
    "/v1/audit-events",
    "GET",
    summary="List audit events in my organization's tree",
    description="Filters combine: `from`/`to` (date or RFC 3339 time, inclusive), `action`, "
    "`actor` (user or API key id), `targetId`, `targetType`.",
    query=AuditQuery,
    response=AuditEventOut,
    paginated=True,
)
def list_events(ctx, query: AuditQuery):
    page = audit.list_events(
        ctx.principal,
        ctx.page,
        since=query.from_,
        until=query.to,
        action=query.action,
        actor=query.actor,
        target_id=query.target_id,
        target_type=query.target_type,
    )
    return page.map(event_out)
