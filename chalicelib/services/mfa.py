"""Second factors: TOTP enrolment with recovery codes, and the login step after the password.

* Enrolment: ``start_totp`` makes a secret (sealed at rest with the server secret) and its
  ``otpauth://`` URI; ``confirm_totp`` turns it on with the first right code and answers ten
  recovery codes, once (only keyed hashes are stored); ``delete_totp`` needs a current code or
  the password, checked under the login attempt budget.
* Login: a right password for a person with a second factor gets a ticket
  (``Challenge.mfa_token``), not a session. ``complete`` takes the ticket and a code, a
  recovery code or a passkey assertion; the ticket is short-lived, bound to the person and
  the source address, and deleted when used. Wrong answers count toward the same lockout as
  wrong passwords (``sessions.guarded_check``).
"""

from __future__ import annotations

import hashlib
import secrets as random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from chalicelib import clock
from chalicelib.domain import mfa as rules
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action
from chalicelib.errors import Conflict, Forbidden, NotFound, Unauthorized, ValidationFailed
from chalicelib.services import credentials as passwords
from chalicelib.services import sessions
from chalicelib.services.passkey_checks import second_factor_check
from chalicelib.services.sealed import seal, token_hash, unseal
from chalicelib.services.sessions import has_second_factor, methods_of, totp_enabled
from chalicelib.store import mfa as store
from chalicelib.store import users
from chalicelib.store.models import MfaTicketItem, UserItem

TICKET_PREFIX = "pcm"
TICKET_MINUTES = 5
ISSUER = "Partner Console"


@dataclass(frozen=True)
class Challenge:
    """What a right password answers for a person with a second factor."""

    mfa_token: str
    methods: list[str]
    expires_at: str
    user: UserItem


@dataclass(frozen=True)
class TotpEnrolment:
    secret: str
    otpauth_uri: str


def _bound(user: UserItem) -> str:
    return f"totp|{user.id}"


def _recovery_hash(user_id: str, code: str) -> str:
    return token_hash("recovery", f"{user_id}|{rules.normalise_recovery_code(code)}")


def _ticket_id(token: str) -> str:
    return "mfa#" + hashlib.sha256(token.encode()).hexdigest()


# --- the login step --------------------------------------------------------------------------


def challenge(user: UserItem, source_ip: str) -> Challenge:
    now = clock.now()
    expires = now + timedelta(minutes=TICKET_MINUTES)
    token = f"{TICKET_PREFIX}_{random.token_urlsafe(32)}"
    store.save_ticket(
        MfaTicketItem(
            id=_ticket_id(token),
            user_id=user.id,
            source_ip=source_ip,
            expires_at=clock.iso(expires),
            ttl=expires + timedelta(hours=1),
        )
    )
    return Challenge(
        mfa_token=token, methods=methods_of(user), expires_at=clock.iso(expires), user=user
    )


INVALID_TICKET = (
    "This sign-in step has expired or was already used; log in again with your password."
)


def ticket_of(token: str, source_ip: str) -> tuple[MfaTicketItem, UserItem]:
    """The ticket behind ``token`` and its person, if it is still valid from this address."""
    ticket = store.get_ticket(_ticket_id(token)) if token.startswith(TICKET_PREFIX + "_") else None
    if (
        ticket is None
        or ticket.source_ip != source_ip
        or clock.now() >= clock.parse_iso(ticket.expires_at)
    ):
        raise Unauthorized(INVALID_TICKET, code="invalid_mfa_token")
    user = store.get_user(ticket.user_id)
    if user is None:
        raise Unauthorized(INVALID_TICKET, code="invalid_mfa_token")
    return ticket, user


def _totp_check(user: UserItem, code: str):
    def check() -> bool:
        if not totp_enabled(user):
            return False
        secret = unseal(user.totp_secret, _bound(user))
        step = rules.accepted_step(secret, code, clock.now(), user.totp_last_step)
        return step is not None and store.use_totp_step(user.id, step)

    return check


def _recovery_check(user: UserItem, code: str):
    def check() -> bool:
        if not totp_enabled(user) or not rules.normalise_recovery_code(code):
            return False
        return store.use_recovery_code(user.id, _recovery_hash(user.id, code))

    return check


def complete(
    mfa_token: str,
    *,
    code: str | None = None,
    recovery_code: str | None = None,
    credential: dict[str, Any] | None = None,
    source_ip: str,
    request_id: str,
    origin: str = "",
) -> sessions.LoginResult:
    """Finish a login with a second factor; answers the session."""
    ticket, user = ticket_of(mfa_token, source_ip)
    if code is not None:
        check, what = _totp_check(user, code), "The code is not valid (each code works once)."
    elif recovery_code is not None:
        check = _recovery_check(user, recovery_code)
        what = "The recovery code is not valid (each recovery code works once)."
    elif credential is not None:
        check = second_factor_check(user, ticket, credential, origin)
        what = "The passkey could not be verified."
    else:
        raise ValidationFailed(
            "Send one of code, recoveryCode or credential.",
            details=[{"field": "code", "location": "body", "message": "Missing."}],
        )
    sessions.guarded_check(
        user, source_ip, request_id, check, Unauthorized(what, code="invalid_mfa_code")
    )
    if not store.use_ticket(ticket.id):
        raise Unauthorized(INVALID_TICKET, code="invalid_mfa_token")
    return sessions.open_session(user, source_ip=source_ip, request_id=request_id)


# --- enrolment -------------------------------------------------------------------------------


def person(principal: Principal) -> UserItem:
    """The signed-in person's own record (second factors belong to people, not API keys)."""
    if principal.kind != "user" or principal.user_id is None or principal.session_id is None:
        raise Forbidden("Only a person signed in with a session can manage their second factors.")
    user = store.get_user(principal.user_id)
    if user is None:
        raise Unauthorized("Your session has ended; log in again.", code="invalid_session")
    return user


def start_totp(principal: Principal) -> TotpEnrolment:
    user = person(principal)
    secret = rules.new_totp_secret()
    if not store.start_totp(user, seal(secret, _bound(user)), clock.now()):
        raise Conflict(
            "An authenticator app is already set up; remove it first to set up another.",
            code="totp_already_enabled",
        )
    return TotpEnrolment(secret=secret, otpauth_uri=rules.otpauth_uri(secret, user.email, ISSUER))


def pending_totp(principal: Principal) -> TotpEnrolment | None:
    """The started enrolment still waiting for its first code (for the console's QR code)."""
    user = person(principal)
    if not user.totp_pending or totp_enabled(user) or _pending_expired(user):
        return None
    secret = unseal(user.totp_pending, _bound(user))
    return TotpEnrolment(secret=secret, otpauth_uri=rules.otpauth_uri(secret, user.email, ISSUER))


def _pending_expired(user: UserItem) -> bool:
    started = clock.parse_iso(user.totp_pending_at or "1970-01-01T00:00:00Z")
    return clock.now() - started > timedelta(minutes=rules.TOTP_PENDING_MINUTES)


def _code_problem(message: str) -> ValidationFailed:
    return ValidationFailed(
        message, details=[{"field": "code", "location": "body", "message": message}]
    )


def confirm_totp(principal: Principal, code: str) -> list[str]:
    """Turn TOTP on with its first code; answers the recovery codes (the only time they are
    shown)."""
    user = person(principal)
    if totp_enabled(user):
        raise Conflict("The authenticator app is already set up.", code="totp_already_enabled")
    if not user.totp_pending or _pending_expired(user):
        raise Conflict(
            f"Start the set-up first (it stays open {rules.TOTP_PENDING_MINUTES} minutes).",
            code="totp_not_started",
        )
    secret = unseal(user.totp_pending, _bound(user))
    step = rules.accepted_step(secret, code, clock.now(), None)
    if step is None:
        raise _code_problem(
            "The code does not match; enter the 6 digits your app shows now (check the "
            "device's clock if it keeps failing)."
        )
    codes = rules.new_recovery_codes()
    store.enable_totp(
        principal, user, step, {_recovery_hash(user.id, c) for c in codes}, clock.now()
    )
    return codes


def delete_totp(principal: Principal, code: str | None, password: str | None) -> None:
    """Remove the authenticator app (and its recovery codes); needs a current code or the
    password, checked under the login attempt budget."""
    user = person(principal)
    if not totp_enabled(user):
        raise Conflict("No authenticator app is set up.", code="totp_not_enabled")
    reauthenticate(principal, user, code, password, "the authenticator app was kept")
    store.disable_totp(principal, user)


def reauthenticate(
    principal: Principal, user: UserItem, code: str | None, password: str | None, kept: str
) -> None:
    """Before a sign-in method is removed: a current code from the authenticator app (when the
    person has one) or the password, checked under the same attempt budget as logins (a wrong
    one counts toward the lockout). ``kept`` ends the refusal's sentence ("… so ``kept``")."""
    if code and totp_enabled(user):
        check, field = _totp_check(user, code), "code"
    elif password:

        def check() -> bool:
            return passwords.verify_password(user.password_hash, password)

        field = "password"
    else:
        ask = (
            "a current code from the app, or your password"
            if totp_enabled(user)
            else ("your password")
        )
        missing = "password" if not totp_enabled(user) else "code"
        raise ValidationFailed(
            f"Confirm it is you: send {ask}.",
            details=[{"field": missing, "location": "body", "message": "Missing."}],
        )
    message = f"The {field} is not right, so {kept}."
    sessions.guarded_check(
        user,
        principal.source_ip,
        principal.request_id,
        check,
        ValidationFailed(
            message, details=[{"field": field, "location": "body", "message": message}]
        ),
    )


def recovery_codes_left(user: UserItem) -> int:
    return len(user.recovery_codes or ())


# --- administration --------------------------------------------------------------------------


def reset_member(principal: Principal, member_id: str) -> None:
    """``DELETE /v1/team-members/{id}/mfa``: an admin removes a team member's second factors
    (app, recovery codes, passkeys); the member's sessions end; audited."""
    principal.require(Action.MANAGE_TEAM)
    user = users.get(principal, member_id)
    if user.org_id != principal.org_id:
        raise NotFound.of("Member", member_id)
    if principal.is_person(user.id):
        raise Forbidden(
            "Remove your own second factors on your Security page (it asks for a code or your "
            "password)."
        )
    if not has_second_factor(user) and not user.totp_pending:
        raise Conflict(f"{user.email} has no second factor to remove.", code="no_second_factor")
    store.reset_factors(principal, user, store.passkey_ids(user.id))
