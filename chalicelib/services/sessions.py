"""Opening a session once every check passed, and what the sign-in paths share: the per-(email,
address) attempt budget with its lock-out (``guarded_check``), whether a person has a second
factor, and whether an organization's enforced single sign-on lets a password sign-in through.

The password login (``services/auth.py``), the second step (``services/mfa.py``), passkeys
(``services/passkeys.py``) and single sign-on (``services/sso.py``) all end here, and this
module needs none of them: the sign-in services sit above it, so none imports another in a
circle.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from chalicelib import clock
from chalicelib.domain import mfa as mfa_rules
from chalicelib.domain import sso as sso_rules
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import OrgType, Role
from chalicelib.errors import AppError, Forbidden, TooManyRequests, Unauthorized
from chalicelib.services import credentials as secrets
from chalicelib.services.notifications import notify
from chalicelib.settings import get_settings
from chalicelib.store import credentials as store
from chalicelib.store import organizations as orgs
from chalicelib.store import sso as sso_store
from chalicelib.store.models import SessionItem, UserItem

ORG_GONE = "The organization of these credentials no longer exists."


@dataclass(frozen=True)
class LoginResult:
    token: str
    expires_at: str
    idle_timeout_minutes: int
    user: UserItem


def user_principal(
    user: UserItem,
    *,
    session_id: str | None,
    request_id: str = "",
    source_ip: str = "",
    enrolment_only: bool = False,
) -> Principal:
    return Principal(
        kind="user",
        actor_id=user.id,
        actor_label=user.email,
        org_id=user.org_id,
        org_path=user.path,
        org_type=OrgType(user.org_type),
        role=Role(user.role),
        user_id=user.id,
        user_name=user.name,
        session_id=session_id,
        request_id=request_id,
        source_ip=source_ip,
        enrolment_only=enrolment_only,
        locale=user.locale,
    )


# --- second factors and enforced single sign-on ---------------------------------------------


def totp_enabled(user: UserItem) -> bool:
    return bool(user.totp_secret)


def methods_of(user: UserItem) -> list[str]:
    return mfa_rules.methods(totp_enabled(user), int(user.passkey_count or 0))


def has_second_factor(user: UserItem) -> bool:
    return bool(methods_of(user))


SSO_REQUIRED = (
    'Your organization signs in with single sign-on: use "Sign in with SSO" with your work '
    "email. (Its admins with a second factor can still sign in with their password.)"
)


def require_password_allowed(user: UserItem, has_second_factor: bool) -> bool:
    """Refuse a sign-in without the identity provider for a member of an organization that
    enforces single sign-on, except the break-glass path (``domain/sso.py``). Answers True when
    the sign-in is the break-glass path (to be recorded as such)."""
    if not sso_store.enforced(user.org_id):
        return False
    if not sso_rules.password_login_allowed(True, user.role, has_second_factor):
        raise Forbidden(SSO_REQUIRED, code="sso_required")
    return True


# --- the attempt budget ----------------------------------------------------------------------


def retry_after(until: datetime, now: datetime) -> int:
    return max(1, math.ceil((until - now).total_seconds()))


def locked_out(minutes: int, seconds: int) -> TooManyRequests:
    return TooManyRequests(
        f"Too many failed logins for this email from your address; try again in "
        f"{max(1, math.ceil(seconds / 60))} minute(s) (locked for {minutes} minutes).",
        retry_after_seconds=seconds,
    )


def counting_window(now: datetime) -> tuple[str, datetime]:
    """The pair's current counting window and when its counter may be forgotten."""
    window_seconds = get_settings().login_failure_window_minutes * 60
    window = str(int(now.timestamp()) // window_seconds)
    return window, now + timedelta(seconds=2 * window_seconds)


def lock_out(user: UserItem | None, pair: str, now: datetime, ip: str, request_id: str) -> NoReturn:
    s = get_settings()
    until = now + timedelta(minutes=s.login_lockout_minutes)
    store.lock(pair, until, user, ip, request_id)
    if user is not None:
        notify(
            "login_lockout",
            user.email,
            user.id,
            "Partner Console: sign-in locked after failed attempts",
            f"There were {s.login_max_failures} failed attempts to sign in to your Partner "
            f"Console account from the address {ip}. Sign-in from that address is blocked until "
            f"{clock.iso(until)}. If this was not you, tell your administrator and change your "
            "password once you can sign in.",
        )
    raise locked_out(s.login_lockout_minutes, retry_after(until, now))


@dataclass(frozen=True)
class Attempt:
    """A numbered slot of an (email, address) pair's attempt budget, claimed at ``now``."""

    pair: str
    window: str
    slot: int
    now: datetime


def claim_attempt(pair: str, locked: str | None, now: datetime) -> Attempt:
    """Claim a slot of ``pair``'s budget before checking anything it sends (one conditional
    counter update), so a burst cannot check more than ``LOGIN_MAX_FAILURES`` answers per
    window: 429 while the pair is locked out (``locked``: until when, as read) or when no slot
    is left."""
    s = get_settings()
    if locked and clock.parse_iso(locked) > now:
        raise locked_out(s.login_lockout_minutes, retry_after(clock.parse_iso(locked), now))
    window, forget_at = counting_window(now)
    slot = store.reserve_attempt(pair, window, s.login_max_failures, forget_at)
    if slot is None:
        raise locked_out(s.login_lockout_minutes, s.login_lockout_minutes * 60)
    return Attempt(pair, window, slot, now)


def settle_attempt(
    attempt: Attempt, passed: bool, user: UserItem | None, ip: str, request_id: str
) -> bool:
    """After the check: a right answer gives its slot back; a wrong one that used the last
    slot locks the pair out (and raises the 429). Answers ``passed``."""
    if passed:
        store.release_attempt(attempt.pair, attempt.window)
    elif attempt.slot == get_settings().login_max_failures:
        lock_out(user, attempt.pair, attempt.now, ip, request_id)
    return passed


# --- sessions ------------------------------------------------------------------------------


def open_session(
    user: UserItem, *, source_ip: str, request_id: str, via_sso: bool = False
) -> LoginResult:
    """A new session for a person whose credentials were all checked. A sign-in without the
    identity provider of an organization that enforces single sign-on must be the break-glass
    path (``require_password_allowed``), and is recorded as ``auth.sso_break_glass``."""
    if not store.organization_exists(user.org_id):
        raise Unauthorized(ORG_GONE, code="invalid_credentials")
    break_glass = not via_sso and require_password_allowed(user, has_second_factor(user))

    s = get_settings()
    now = clock.now()
    token = secrets.new_token(secrets.SESSION_PREFIX, user.id)
    expires = now + timedelta(days=s.session_lifetime_days)
    enrol_only = not has_second_factor(user) and orgs.requires_mfa(user.org_id)
    session = SessionItem(
        id=secrets.session_key(token),
        user_id=user.id,
        epoch=int(user.session_epoch),
        created_at=clock.iso(now),
        last_seen_at=clock.iso(now),
        expires_at=clock.iso(expires),
        source_ip=source_ip,
        ttl=expires,
        enrol_only=enrol_only,
    )
    principal = user_principal(
        user, session_id=session.id, request_id=request_id, source_ip=source_ip
    )
    store.create_session(
        session, principal, action="auth.sso_break_glass" if break_glass else "auth.login"
    )
    return LoginResult(
        token=token,
        expires_at=session.expires_at,
        idle_timeout_minutes=s.session_idle_minutes,
        user=user,
    )


def guarded_check(
    user: UserItem,
    source_ip: str,
    request_id: str,
    check: Callable[[], bool],
    wrong: AppError,
) -> None:
    """Run one more check of something only the person knows (a second-factor code, their
    password to remove a factor) under the same per-(email, address) attempt budget as the
    password at login: a slot is claimed before ``check`` runs, so a burst cannot check more
    than ``LOGIN_MAX_FAILURES`` answers per window; the check that uses the last slot and fails
    locks the pair out. A right answer gives its slot back."""
    pair = secrets.pair_key(user.email, source_ip)
    attempt = claim_attempt(pair, store.lockout_until(pair), clock.now())
    if not settle_attempt(attempt, check(), user, source_ip, request_id):
        raise wrong
