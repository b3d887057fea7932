"""API keys: owned by the organization, shown once, stored as a keyed hash, revocable."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from chalicelib import clock
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action, OrgType, Role, key_role_allowed
from chalicelib.errors import Forbidden, NotFound, ValidationFailed
from chalicelib.paging import Page, PageRequest
from chalicelib.services import credentials as secrets
from chalicelib.settings import get_settings
from chalicelib.store import credentials as store
from chalicelib.store.models import ApiKeyItem
from chalicelib.store.scoped import get_in_scope

#: How long an expired key stays listed before DynamoDB's TTL removes it.
EXPIRED_KEY_RETENTION = timedelta(days=30)


def _expiry_problem(message: str) -> ValidationFailed:
    return ValidationFailed(
        f"expiresAt {message}.",
        details=[{"field": "expiresAt", "location": "body", "message": message}],
    )


def create_key(
    principal: Principal, description: str, expires_at: datetime, role: Role | None
) -> tuple[ApiKeyItem, str]:
    """Create a key; returns the record and the secret token (never retrievable again)."""
    principal.require(Action.MANAGE_API_KEYS)
    role = role or principal.role
    if not key_role_allowed(principal.role, principal.org_type, role):
        if role == Role.METERING:
            raise Forbidden("Only the provider's admins and staff can create metering keys.")
        raise Forbidden(f"An API key cannot have a role above yours ({principal.role}).")
    now = clock.now()
    expires = expires_at if expires_at.tzinfo else expires_at.replace(tzinfo=UTC)
    max_days = get_settings().api_key_max_days
    if expires <= now:
        raise _expiry_problem("must be in the future")
    if expires > now + timedelta(days=max_days):
        raise _expiry_problem(f"must be at most {max_days} days from now")
    key_id = str(uuid.uuid4())
    token = secrets.new_token(secrets.API_KEY_PREFIX, key_id)
    key = ApiKeyItem(
        id=key_id,
        org_id=principal.org_id,
        path=principal.org_path,
        org_type=str(OrgType(principal.org_type)),
        role=str(role),
        description=description,
        secret_hash=secrets.api_key_hash(token.split("_", 2)[2]),
        created_by=principal.actor_id,
        created_by_label=principal.actor_label,
        owner_user_id=principal.user_id or principal.on_behalf_of,
        created_at=clock.iso(now),
        expires_at=clock.iso(expires),
        ttl=expires + EXPIRED_KEY_RETENTION,
    )
    store.create_api_key(principal, key)
    return key, token


def list_keys(
    principal: Principal,
    page: PageRequest,
    created_by: str | None = None,
    *,
    oldest_first: bool = False,
) -> Page[ApiKeyItem]:
    """The organization's keys, newest first; ``created_by`` keeps those a person made (or
    that act for them), so an admin who demotes someone sees the keys that person holds."""
    principal.require(Action.VIEW)
    return store.list_api_keys(principal.org_id, page, created_by, oldest_first=oldest_first)


def position(key: ApiKeyItem) -> dict:
    """Where ``key`` stands in the keys' order (a start key for either direction)."""
    return store.api_key_position(key)


def revoke_key(principal: Principal, key_id: str) -> None:
    key = get_in_scope(ApiKeyItem, key_id, principal, "API key")
    if key.org_id != principal.org_id:
        raise NotFound.of("API key", key_id)
    principal.require(Action.MANAGE_API_KEYS)
    if key.id == principal.actor_id:
        raise Forbidden(
            "An API key cannot revoke itself; revoke it in the console or with a login."
        )
    store.revoke_api_key(principal, key)
