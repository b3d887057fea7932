"""``/v1/api-keys``: keys for scripts, owned by the organization, shown once."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from chalicelib.api.http import Router
from chalicelib.api.models import QueryModel, RequestModel, ResponseModel
from chalicelib.domain.roles import Role
from chalicelib.services import api_keys

router = Router(__name__, "API keys")


class ApiKeyIn(RequestModel):
    description: str = Field(min_length=1, max_length=200)
    expires_at: datetime = Field(description="Mandatory; RFC 3339 (UTC if no offset).")
    role: Literal["admin", "staff", "viewer", "metering"] | None = Field(
        default=None, description="Defaults to your own role; never above it."
    )


class ApiKeyOut(ResponseModel):
    id: str
    description: str
    role: str
    created_at: str
    created_by: str = Field(description="Who created it (email or API key).")
    created_by_id: str | None = Field(
        description="The person the key acts for: its creator, or the person behind the key "
        "that created it. A key never changes this person's role, password or existence."
    )
    expires_at: str
    last_used_at: str | None


class ApiKeyQuery(QueryModel):
    created_by: str | None = Field(
        default=None, max_length=200, description="Only the keys that act for this person (id)."
    )


class ApiKeyCreatedOut(ApiKeyOut):
    key: str = Field(description="The secret. Shown this once; store it now.")


def _fields(key) -> dict:
    return {
        "id": key.id,
        "description": key.description,
        "role": key.role,
        "created_at": key.created_at,
        "created_by": key.created_by_label,
        "created_by_id": key.owner_user_id or key.created_by,
        "expires_at": key.expires_at,
        "last_used_at": key.last_used_at,
    }


@router.route(
    "/v1/api-keys",
    "GET",
    summary="List my organization's API keys (never their secrets)",
    response=ApiKeyOut,
    query=ApiKeyQuery,
    paginated=True,
)
def list_keys(ctx, query: ApiKeyQuery):
    page = api_keys.list_keys(ctx.principal, ctx.page, query.created_by)
    return page.map(lambda k: ApiKeyOut(**_fields(k)))


@router.route(
    "/v1/api-keys",
    "POST",
    summary="Create an API key; the secret is in this response only",
    body=ApiKeyIn,
    response=ApiKeyCreatedOut,
    status=201,
    errors=(403,),
)
def create_key(ctx, body: ApiKeyIn) -> ApiKeyCreatedOut:
    role = Role(body.role) if body.role else None
    key, token = api_keys.create_key(ctx.principal, body.description, body.expires_at, role)
    return ApiKeyCreatedOut(**_fields(key), key=token)


@router.route(
    "/v1/api-keys/{id}",
    "DELETE",
    summary="Revoke an API key (effective immediately)",
    status=204,
    errors=(403,),
)
def revoke_key(ctx, id: str) -> None:
    api_keys.revoke_key(ctx.principal, id)
