"""Sessions, API keys, failed-login counters and lockouts."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta

from pynamodb.exceptions import DeleteError, UpdateError

from chalicelib import clock
from chalicelib.domain.principal import Principal, system_principal
from chalicelib.errors import NotFound
from chalicelib.paging import Page, PageRequest
from chalicelib.store import audit
from chalicelib.store.base import (
    Tx,
    not_found_on_failure,
    retry_on_failure,
    run_transaction,
)
from chalicelib.store.batch import get_models
from chalicelib.store.models import (
    ApiKeyItem,
    EmailClaimItem,
    LoginAttemptItem,
    OrganizationItem,
    SessionItem,
    UserItem,
)
from chalicelib.store.scoped import every_item, get_unscoped, query_page
from chalicelib.store.users import claim_key

# --- sessions --------------------------------------------------------------------------------


def read_session_and_user(
    session_id: str, user_id: str
) -> tuple[SessionItem | None, UserItem | None]:
    """Both records of a session token in one BatchGetItem (one DynamoDB round trip)."""
    session, user = get_models((SessionItem, session_id), (UserItem, user_id))
    return session, user


def organization_exists(org_id: str) -> bool:
    """Authentication refuses the credentials of an organization that no longer exists, at
    once, whatever is left of its people and keys while the deletion cascade runs."""
    return get_unscoped(OrganizationItem, org_id) is not None


def read_key_context(org_id: str, creator_id: str | None) -> tuple[bool, UserItem | None]:
    """For an API key, in one BatchGetItem: does its organization still exist, and its
    creator's current record (None once the person is gone)."""
    if not creator_id:
        return organization_exists(org_id), None
    org, creator = get_models((OrganizationItem, org_id), (UserItem, creator_id))
    if creator is not None and creator.org_id != org_id:
        creator = None
    return org is not None, creator


def _session_event(tx: Tx, principal: Principal, action: str, after: dict | None = None) -> Tx:
    return audit.audited(
        tx,
        principal,
        action,
        target_type="session",
        target_id=principal.user_id or "",
        path=principal.org_path,
        after=after,
    )


def create_session(session: SessionItem, principal: Principal, action: str = "auth.login") -> None:
    """Store the session and record the login, in one transaction."""
    after = {"sourceIp": principal.source_ip, "expiresAt": session.expires_at}
    tx = Tx().save("session", session, condition=SessionItem.id.does_not_exist())
    run_transaction(lambda: _session_event(tx, principal, action, after), retry_on_failure)


def end_session(principal: Principal, session_id: str) -> None:
    """Log out: the session goes, the logout is recorded."""
    tx = Tx().delete("session", SessionItem(id=session_id))
    run_transaction(lambda: _session_event(tx, principal, "auth.logout"), retry_on_failure)


def touch_session(session_id: str, at: datetime) -> None:
    with contextlib.suppress(UpdateError):
        SessionItem(id=session_id).update(
            actions=[SessionItem.last_seen_at.set(clock.iso(at))],
            condition=SessionItem.id.exists(),
        )


def delete_session(session_id: str) -> None:
    with contextlib.suppress(DeleteError):
        SessionItem(id=session_id).delete()


# --- API keys --------------------------------------------------------------------------------


def get_api_key(key_id: str) -> ApiKeyItem | None:
    return get_unscoped(ApiKeyItem, key_id)


def list_api_keys(
    org_id: str, page: PageRequest, owner: str | None = None, *, oldest_first: bool = False
) -> Page[ApiKeyItem]:
    """One page of the organization's keys, newest first (``oldest_first``: backwards, for a
    console table's "Previous")."""
    condition = None
    if owner is not None:
        condition = (ApiKeyItem.owner_user_id == owner) | (ApiKeyItem.created_by == owner)
    return query_page(
        ApiKeyItem.by_organization.query,
        org_id,
        page,
        filter_condition=condition,
        newest_first=not oldest_first,
    )


def api_key_position(key: ApiKeyItem) -> dict:
    """Where ``key`` stands on the keys' ``organization-index`` (a start key either way)."""
    return {
        "id": {"S": key.id},
        "org_id": {"S": key.org_id},
        "created_at": {"S": key.created_at},
    }


def api_key_snapshot(key: ApiKeyItem) -> dict:
    return {"description": key.description, "role": key.role, "expiresAt": key.expires_at}


def _key_event(tx: Tx, principal: Principal, action: str, key: ApiKeyItem, **snap: dict) -> Tx:
    return audit.audited(
        tx, principal, action, target_type="api_key", target_id=key.id, path=key.path, **snap
    )


def create_api_key(principal: Principal, key: ApiKeyItem) -> None:
    """Only while the organization exists: a key cannot be added to a partner being deleted
    (whatever was added just before, the delete's reconciler removes)."""
    tx = (
        Tx()
        .save("key", key, condition=ApiKeyItem.id.does_not_exist())
        .check("org", OrganizationItem, key.org_id, OrganizationItem.id.exists())
    )
    after = api_key_snapshot(key)

    def failed(_tx: Tx, names: set[str]) -> None:
        if "org" in names:
            raise NotFound.of("Organization", key.org_id)
        retry_on_failure(_tx, names)

    run_transaction(lambda: _key_event(tx, principal, "api_key.create", key, after=after), failed)


def revoke_api_key(principal: Principal, key: ApiKeyItem) -> None:
    tx = Tx().delete("key", key, condition=ApiKeyItem.id.exists())
    before = api_key_snapshot(key)
    run_transaction(
        lambda: _key_event(tx, principal, "api_key.revoke", key, before=before),
        not_found_on_failure("API key", key.id),
    )


def mark_api_key_used(key_id: str, at: datetime, not_since: datetime) -> None:
    """Record use at most once per interval: the write only happens when the stored
    ``last_used_at`` is older than ``not_since``."""
    with contextlib.suppress(UpdateError):
        ApiKeyItem(id=key_id).update(
            actions=[ApiKeyItem.last_used_at.set(clock.iso(at))],
            condition=ApiKeyItem.id.exists()
            & (
                ApiKeyItem.last_used_at.does_not_exist()
                | (ApiKeyItem.last_used_at < clock.iso(not_since))
            ),
        )


def delete_api_keys_of_org(principal: Principal, org_id: str) -> None:
    """Revoke every key of an organization being deleted."""
    for key in every_item(ApiKeyItem.by_organization.query, org_id):
        with contextlib.suppress(NotFound):
            revoke_api_key(principal, key)


# --- brute-force protection ------------------------------------------------------------------


def login_lookup(pair: str, email: str) -> tuple[str | None, UserItem | None]:
    """For a login: the pair's lockout (if any) and the user owning ``email``, in two reads
    (the lockout and the email's claim together, then the user)."""
    lock, claim = get_models((LoginAttemptItem, f"lock#{pair}"), (EmailClaimItem, claim_key(email)))
    user = get_unscoped(UserItem, claim.user_id) if claim else None
    return (lock.locked_until if lock else None), user


def lockout_until(pair: str) -> str | None:
    """When the pair's lockout ends, if it has one (for checks after the password, e.g. a
    second-factor code)."""
    lock = get_unscoped(LoginAttemptItem, f"lock#{pair}")
    return lock.locked_until if lock else None


def reserve_attempt(pair: str, window: str, limit: int, expires: datetime) -> int | None:
    """Claim one of the ``limit`` password checks the pair has in this window, atomically, before
    the password is verified; return the claim's number (1..limit), or None when all are taken.

    The claim is one conditional ``ADD``: however many requests arrive at once, at most ``limit``
    of them get a number, so at most ``limit`` passwords are ever checked per pair and window.
    """
    item = LoginAttemptItem(id=f"fail#{pair}#{window}")
    try:
        item.update(
            actions=[LoginAttemptItem.failures.add(1), LoginAttemptItem.ttl.set(expires)],
            condition=LoginAttemptItem.failures.does_not_exist()
            | (LoginAttemptItem.failures < limit),
        )
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return None
        raise
    return int(item.failures)


def release_attempt(pair: str, window: str) -> None:
    """Give back a claim whose password was right: a successful login is not a failure."""
    with contextlib.suppress(UpdateError):
        LoginAttemptItem(id=f"fail#{pair}#{window}").update(
            actions=[LoginAttemptItem.failures.add(-1)],
            condition=LoginAttemptItem.failures > 0,
        )


def lock(
    pair: str, until: datetime, user: UserItem | None, source_ip: str, request_id: str
) -> None:
    """Lock the pair out; when the email belongs to someone, their organization's audit log
    records it in the same transaction."""
    item = LoginAttemptItem(
        id=f"lock#{pair}", locked_until=clock.iso(until), ttl=until + timedelta(hours=1)
    )
    tx = Tx().save("lock", item)
    if user is not None:
        audit.audited(
            tx,
            system_principal("login protection", request_id=request_id, source_ip=source_ip),
            "auth.lockout",
            target_type="member",
            target_id=user.id,
            path=user.path,
            after={"sourceIp": source_ip, "lockedUntil": item.locked_until},
        )
    run_transaction(lambda: tx, retry_on_failure)
