"""People and credentials: users, e-mail claims, sessions, second-factor tickets, API keys, login
attempts and the outbox. (A part of ``chalicelib.store.models``.)
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
)
from pynamodb.indexes import GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib.store.base import index_meta as _index
from chalicelib.store.base import table_meta


class UsersByOrganization(GlobalSecondaryIndex):
    Meta = _index("organization-index")
    org_id = UnicodeAttribute(hash_key=True)
    email_lower = UnicodeAttribute(range_key=True)


class UserItem(Model):
    """A console user. ``session_epoch`` is bumped to revoke every session at once."""

    Meta = table_meta("users")
    id = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute()
    email_lower = UnicodeAttribute()
    name = UnicodeAttribute(default="")
    role = UnicodeAttribute()
    org_id = UnicodeAttribute()
    path = UnicodeAttribute()
    org_type = UnicodeAttribute()
    password_hash = UnicodeAttribute()
    session_epoch = NumberAttribute(default=0)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    # second factor (see ``domain/mfa.py``): the TOTP secret sealed with the server secret, the
    # last time step used (a code is accepted once), a started enrolment awaiting its first
    # code, keyed hashes of the unused recovery codes, and how many passkeys the person has.
    totp_secret = UnicodeAttribute(null=True)
    totp_last_step = NumberAttribute(null=True)
    totp_enabled_at = UnicodeAttribute(null=True)
    totp_pending = UnicodeAttribute(null=True)
    totp_pending_at = UnicodeAttribute(null=True)
    recovery_codes = UnicodeSetAttribute(null=True)
    passkey_count = NumberAttribute(default=0)
    # invited (see ``domain/invitations.py``): the expiry of the invitation link in force and
    # that link's id; both removed when the person sets their password.
    invited_until = UnicodeAttribute(null=True)
    invitation_link = UnicodeAttribute(null=True)
    #: the console language the person chose (``domain.locales.SUPPORTED``); absent: the
    #: browser's ``Accept-Language`` decides
    locale = UnicodeAttribute(null=True)

    by_organization = UsersByOrganization()


class EmailClaimItem(Model):
    """``email#<lower-cased email>`` -> user id, in the users table: makes emails unique
    system-wide (a conditional put in the same transaction as the user)."""

    Meta = table_meta("users")
    id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()


class SessionItem(Model):
    """A console session, keyed by the SHA-256 of its token (the token itself is never stored)."""

    Meta = table_meta("sessions")
    id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    epoch = NumberAttribute(default=0)
    created_at = UnicodeAttribute()
    last_seen_at = UnicodeAttribute()
    expires_at = UnicodeAttribute()
    source_ip = UnicodeAttribute(default="")
    ttl = TTLAttribute(null=True)
    #: Opened while the organization required a second factor the person did not have: it may
    #: only enrol one (until the person has one).
    enrol_only = BooleanAttribute(default=False)


class MfaTicketItem(Model):
    """``mfa#<SHA-256 of the token>`` in the sessions table: a password was right and the
    person must now prove a second factor. Short-lived, single-use (deleted with a condition
    when used), bound to the person and the source address. ``challenge`` is the WebAuthn
    challenge offered for it, if any."""

    Meta = table_meta("sessions")
    id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    source_ip = UnicodeAttribute()
    expires_at = UnicodeAttribute()
    challenge = UnicodeAttribute(null=True)
    ttl = TTLAttribute(null=True)


class WebAuthnChallengeItem(Model):
    """``webauthn#<challenge>`` in the sessions table: a passkey ceremony the server started
    (``purpose`` ``register`` for ``user_id``, or ``login`` for anyone: discoverable sign-in).
    Deleted with a condition when answered (single use), short-lived."""

    Meta = table_meta("sessions")
    id = UnicodeAttribute(hash_key=True)
    purpose = UnicodeAttribute()
    user_id = UnicodeAttribute(null=True)
    expires_at = UnicodeAttribute()
    ttl = TTLAttribute(null=True)


class ApiKeysByOrganization(GlobalSecondaryIndex):
    Meta = _index("organization-index")
    org_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ApiKeyItem(Model):
    """An organization's API key; only an HMAC of its secret is stored."""

    Meta = table_meta("api-keys")
    id = UnicodeAttribute(hash_key=True)
    org_id = UnicodeAttribute()
    path = UnicodeAttribute()
    org_type = UnicodeAttribute()
    role = UnicodeAttribute()
    description = UnicodeAttribute()
    secret_hash = UnicodeAttribute()
    created_by = UnicodeAttribute()
    created_by_label = UnicodeAttribute()
    owner_user_id = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    expires_at = UnicodeAttribute()
    last_used_at = UnicodeAttribute(null=True)
    ttl = TTLAttribute(null=True)

    by_organization = ApiKeysByOrganization()


class LoginAttemptItem(Model):
    """Failed-login counters (``fail#<pair>#<window>``) and lockouts (``lock#<pair>``) for one
    email + source address pair, hashed."""

    Meta = table_meta("login-attempts")
    id = UnicodeAttribute(hash_key=True)
    failures = NumberAttribute(default=0)
    locked_until = UnicodeAttribute(null=True)
    ttl = TTLAttribute(null=True)


class OutboxDue(GlobalSecondaryIndex):
    """Sparse: only messages still to send carry ``queue``; the sweep re-queues the due ones
    (``due_at <= now``) with one Query, so a lost queue message never loses an e-mail."""

    Meta = _index("due-index")
    queue = UnicodeAttribute(hash_key=True)
    due_at = UnicodeAttribute(range_key=True)


class OutboxItem(Model):
    """An e-mail to a person, recorded before it is sent (in the same transaction as its cause
    where there is one). ``status``: ``pending`` -> ``sending`` (a worker's claim, with
    ``claim_token`` and a lease: ``due_at`` is then the lease's end) -> ``sent`` once, or back
    to ``pending`` with ``due_at`` = the next attempt after a failure; ``failed`` after
    ``MAIL_MAX_ATTEMPTS``. ``queue`` is set exactly while it still has to be sent."""

    Meta = table_meta("outbox")
    id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute()
    recipient = UnicodeAttribute()
    user_id = UnicodeAttribute(null=True)
    subject = UnicodeAttribute()
    body = UnicodeAttribute()
    status = UnicodeAttribute()
    created_at = UnicodeAttribute()
    sent_at = UnicodeAttribute(null=True)
    queue = UnicodeAttribute(null=True)
    due_at = UnicodeAttribute(null=True)
    attempts = NumberAttribute(default=0)
    claim_token = UnicodeAttribute(null=True)
    last_error = UnicodeAttribute(null=True)
    message_id = UnicodeAttribute(null=True)
    ttl = TTLAttribute(null=True)

    due = OutboxDue()
