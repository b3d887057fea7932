"""Logging in and out, and turning an ``Authorization`` header into a ``Principal``.

Authentication costs two DynamoDB round trips: a session token is checked with one BatchGetItem
of the session and its user (so a role change, a deleted user or a password change takes effect
on the next request) and one GetItem of the user's organization; an API key with one GetItem of
the key and one BatchGetItem of its organization and its creator (a key never acts above its
creator's current role). Credentials of an organization that no longer exists are refused at
once. Activity timestamps are written at most once a minute (sessions) or every five minutes
(API keys), never on every request.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from chalicelib import clock
from chalicelib.domain.passwords import require_console_password
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import OrgType, Role, effective_key_role
from chalicelib.errors import (
    Forbidden,
    Unauthorized,
    ValidationFailed,
)
from chalicelib.services import credentials as secrets
from chalicelib.services import mfa
from chalicelib.services.sessions import (
    ORG_GONE,
    claim_attempt,
    has_second_factor,
    open_session,
    require_password_allowed,
    settle_attempt,
    user_principal,
)
from chalicelib.settings import get_settings
from chalicelib.store import credentials as store
from chalicelib.store import organizations as orgs
from chalicelib.store import users
from chalicelib.store.models import OrganizationItem, UserItem

SESSION_TOUCH_INTERVAL = timedelta(seconds=60)
API_KEY_TOUCH_INTERVAL = timedelta(minutes=5)
MISSING_HEADER = "Authorization header is missing"


#: What an enrolment-only session may do: see who it is, set up a second factor, log out.
ENROLMENT_ROUTES = frozenset(
    {
        ("/v1/me", "GET"),
        ("/v1/me/mfa", "GET"),
        ("/v1/me/mfa/totp", "POST"),
        ("/v1/me/mfa/totp/confirm", "POST"),
        ("/v1/me/passkeys", "GET"),
        ("/v1/me/passkeys", "POST"),
        ("/v1/me/passkeys/options", "POST"),
        ("/v1/auth/logout", "POST"),
    }
)
ENROLMENT_REQUIRED = (
    "Your organization requires a second factor: set up an authenticator app or a passkey "
    "(POST /v1/me/mfa/totp or POST /v1/me/passkeys/options) before anything else."
)


def require_enrolled(principal: Principal, route: str, method: str) -> None:
    """An enrolment-only session may use ``ENROLMENT_ROUTES`` and nothing else."""
    if principal.enrolment_only and (route, method) not in ENROLMENT_ROUTES:
        raise Forbidden(ENROLMENT_REQUIRED, code="mfa_enrollment_required")


# --- login -----------------------------------------------------------------------------------


def login(email: str, password: str, *, source_ip: str, request_id: str) -> Any:
    """Check a password, at most ``LOGIN_MAX_FAILURES`` times per (email, address) and window;
    answer a ``LoginResult``, or an ``mfa.Challenge`` when the person has a second factor.

    Each attempt first claims a numbered slot with one conditional counter update; only a
    request holding a slot gets its password checked, so a burst of parallel guesses cannot
    check more than the limit. The request whose failed check used the last slot locks the
    pair out; a correct password gives its slot back.
    """
    pair = secrets.pair_key(email, source_ip)
    locked, user = store.login_lookup(pair, email)  # the lockout and the user: one batch read
    attempt = claim_attempt(pair, locked, clock.now())
    if user is None:
        secrets.burn_verification_time(password)
        valid = False
    else:
        valid = secrets.verify_password(user.password_hash, password)
    if not settle_attempt(attempt, valid, user, source_ip, request_id):
        raise Unauthorized("The email or password is incorrect.", code="invalid_credentials")
    if secrets.needs_rehash(user.password_hash):
        users.rehash_password(user, secrets.hash_password(password))
    has_factor = has_second_factor(user)
    require_password_allowed(user, has_factor)  # before the second step is even offered
    if has_factor:
        return mfa.challenge(user, source_ip)
    return open_session(user, source_ip=source_ip, request_id=request_id)


def logout(principal: Principal) -> None:
    if principal.session_id is None:
        raise Forbidden("API keys have no session to log out of; revoke the key instead.")
    store.end_session(principal, principal.session_id)


# --- authentication --------------------------------------------------------------------------


def _invalid(message: str, code: str) -> Unauthorized:
    return Unauthorized(message, code=code)


def _session_principal(token: str, user_id: str, ctx: Any) -> Principal:
    session_id = secrets.session_key(token)
    session, user = store.read_session_and_user(session_id, user_id)
    if (
        session is None
        or user is None
        or session.user_id != user.id
        or int(session.epoch) != int(user.session_epoch)
    ):
        raise _invalid(
            "The session is not valid (it may have been revoked); log in again.", "invalid_session"
        )
    if not store.organization_exists(user.org_id):
        raise _invalid(ORG_GONE, "invalid_session")
    now = clock.now()
    if now >= clock.parse_iso(session.expires_at):
        raise _invalid("The session has expired; log in again.", "session_expired")
    idle = timedelta(minutes=get_settings().session_idle_minutes)
    last_seen = clock.parse_iso(session.last_seen_at)
    if now - last_seen >= idle:
        store.delete_session(session_id)
        raise _invalid(
            f"The session ended after {int(idle.total_seconds() // 60)} minutes without "
            "activity; log in again.",
            "session_expired",
        )
    if now - last_seen >= SESSION_TOUCH_INTERVAL:
        store.touch_session(session_id, now)
    return user_principal(
        user,
        session_id=session_id,
        request_id=ctx.request_id,
        source_ip=ctx.source_ip,
        enrolment_only=bool(session.enrol_only) and not has_second_factor(user),
    )


def _api_key_principal(key_id: str, secret: str, ctx: Any) -> Principal:
    key = store.get_api_key(key_id)
    if key is None or not secrets.api_key_matches(key.secret_hash, secret):
        raise _invalid("The API key is not valid (it may have been revoked).", "invalid_api_key")
    now = clock.now()
    if now >= clock.parse_iso(key.expires_at):
        raise _invalid(f"The API key expired at {key.expires_at}.", "api_key_expired")
    org_exists, creator = store.read_key_context(key.org_id, key.owner_user_id or key.created_by)
    if not org_exists:
        raise _invalid(ORG_GONE, "invalid_api_key")
    role = effective_key_role(
        Role(key.role), Role(creator.role) if creator else None, OrgType(key.org_type)
    )
    if role is None:
        raise Forbidden(
            "The person who created this metering key may no longer create one; ask an admin "
            "of the provider for a new key."
        )
    if (
        key.last_used_at is None
        or now - clock.parse_iso(key.last_used_at) >= API_KEY_TOUCH_INTERVAL
    ):
        store.mark_api_key_used(key.id, now, now - API_KEY_TOUCH_INTERVAL)
    return Principal(
        kind="api_key",
        actor_id=key.id,
        actor_label=f"API key '{key.description}'",
        org_id=key.org_id,
        org_path=key.path,
        org_type=OrgType(key.org_type),
        role=role,
        request_id=ctx.request_id,
        source_ip=ctx.source_ip,
        on_behalf_of=key.owner_user_id or key.created_by,
    )


def authenticate(header: str | None, ctx: Any) -> Principal:
    if not header or not header.strip():
        raise Unauthorized(MISSING_HEADER, code="missing_authorization")
    scheme, _, credential = header.strip().partition(" ")
    credential = credential.strip()
    if scheme.lower() != "bearer" or not credential:
        raise _invalid(
            "The Authorization header must be 'Bearer <session token or API key>'.",
            "invalid_authorization",
        )
    parsed = secrets.parse_token(credential)
    if parsed is None:
        raise _invalid("The credentials are not valid.", "invalid_credentials")
    prefix, record_id, secret = parsed
    if prefix == secrets.SESSION_PREFIX:
        return _session_principal(credential, record_id, ctx)
    return _api_key_principal(record_id, secret, ctx)


# --- own password ----------------------------------------------------------------------------


def change_own_password(principal: Principal, current: str, new: str) -> None:
    if principal.kind != "user" or principal.user_id is None:
        raise Forbidden("Only a person logged in with a session can change their password.")
    user = users.get(principal, principal.user_id)
    if not secrets.verify_password(user.password_hash, current):
        raise ValidationFailed(
            "The current password is incorrect.",
            details=[{"field": "currentPassword", "location": "body", "message": "Incorrect."}],
        )
    require_console_password(new, user.email, field="newPassword")
    if new == current:
        raise ValidationFailed(
            "The new password must differ from the current one.",
            details=[{"field": "newPassword", "location": "body", "message": "Unchanged."}],
        )
    users.update(
        principal,
        user,
        password_hash=secrets.hash_password(new),
        keep_session=principal.session_id,
        action="member.password_change",
    )


def set_own_locale(principal: Principal, locale: str | None) -> UserItem:
    """The console language a person chose (``None``: follow the browser's)."""
    if principal.kind != "user" or principal.user_id is None:
        raise Forbidden("Only a person logged in with a session can choose a console language.")
    return users.set_locale(users.get(principal, principal.user_id), locale)


def whoami(principal: Principal) -> OrganizationItem:
    """The caller's organization (the person or key is the principal itself)."""
    return orgs.get(principal, principal.org_id)
