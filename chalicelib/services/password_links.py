"""Single-use links that let a person set their password: "Forgot password?" (1 hour) and
invitations (7 days, ``domain/invitations.py``).

* Asking always answers the same, whether or not the email belongs to someone, and is limited
  per email and address (``RESET_REQUESTS_PER_WINDOW`` per login counting window, claimed
  atomically like login attempts).
* The link carries a random token; only its keyed hash is stored, with the e-mail in the same
  transaction (the outbox sends it). Using it sets the password, ends every session of the
  person, deletes the link (so it works once) and is audited.
"""

from __future__ import annotations

import secrets as random
from datetime import timedelta

from chalicelib import clock
from chalicelib.domain import invitations as invites
from chalicelib.domain import mfa as rules
from chalicelib.domain.passwords import require_console_password
from chalicelib.domain.principal import system_principal
from chalicelib.errors import TooManyRequests, ValidationFailed
from chalicelib.services import credentials as secrets
from chalicelib.services.notifications import queue_mail
from chalicelib.services.sealed import token_hash
from chalicelib.settings import get_settings
from chalicelib.store import credentials as attempts
from chalicelib.store import links, outbox, users
from chalicelib.store import mfa as people
from chalicelib.store.models import OutboxItem, SignInLinkItem, UserItem

SENT = (
    "If this email belongs to a console user, a link to set a new password is on its way; "
    "it works once, within an hour."
)
INVALID = "This link is not valid: it may have expired or been used already. Ask for a new one."
INVALID_INVITATION = (
    "This invitation is not valid: it may have expired, been replaced by a newer one or been "
    "used already. Ask the person who invited you to send it again."
)


def _link_id(token: str) -> str:
    return "link#" + token_hash("link", token)


def _mail(user: UserItem, url: str) -> tuple[str, str]:
    subject = "Partner Console: set a new password"
    body = (
        f"Someone (we hope you) asked to set a new password for {user.email} on the Partner "
        f"Console.\n\nOpen this link within {rules.RESET_LINK_MINUTES} minutes to choose one "
        f"(it works once):\n\n{url}\n\nSetting a new password signs you out everywhere. If you "
        "did not ask for this, ignore this message: your password stays as it is."
    )
    return subject, body


def request_reset(email: str, *, source_ip: str, base_url: str) -> str:
    """Send a reset link if ``email`` is someone's; answers the sentence to show either way."""
    window_seconds = get_settings().login_failure_window_minutes * 60
    now = clock.now()
    window = str(int(now.timestamp()) // window_seconds)
    pair = secrets.pair_key(f"reset:{email}", source_ip)
    slot = attempts.reserve_attempt(
        pair, window, rules.RESET_REQUESTS_PER_WINDOW, now + timedelta(seconds=2 * window_seconds)
    )
    if slot is None:
        raise TooManyRequests(
            "Too many password reset requests for this email from your address; try again "
            f"in {get_settings().login_failure_window_minutes} minutes.",
            retry_after_seconds=window_seconds,
        )
    user = users.find_by_email(email)
    if user is None or not invites.may_get_reset_link(user.invited_until):
        return SENT
    token = random.token_urlsafe(32)
    expires = now + timedelta(minutes=rules.RESET_LINK_MINUTES)
    url = f"{base_url}/console/reset-password?token={token}"
    subject, body = _mail(user, url)
    mail = outbox.build("password_reset", user.email, user.id, subject, body)
    link = SignInLinkItem(
        id=_link_id(token),
        purpose="reset",
        user_id=user.id,
        expires_at=clock.iso(expires),
        ttl=expires + timedelta(days=1),
    )
    links.create(link, mail)
    queue_mail(mail.id)
    return SENT


def _valid(token: str, purpose: str = "reset") -> tuple[SignInLinkItem, UserItem]:
    link = links.get(_link_id(token)) if token else None
    user = people.get_user(link.user_id) if link else None
    usable = (
        link is not None
        and user is not None
        and invites.link_usable(
            link.purpose,
            purpose,
            link.expires_at,
            clock.now(),
            in_force=purpose != "invite" or user.invitation_link == link.id,
        )
    )
    if not usable:
        raise ValidationFailed(
            INVALID if purpose == "reset" else INVALID_INVITATION,
            code="invalid_link",
            details=[{"field": "token", "location": "body", "message": "Expired or used."}],
        )
    return link, user


def check(token: str) -> UserItem:
    """The person a link is for, if it is still valid (for the console's form)."""
    return _valid(token)[1]


def set_password(token: str, password: str, *, source_ip: str, request_id: str) -> UserItem:
    link, user = _valid(token)
    require_console_password(password, user.email)
    actor = system_principal("password link", request_id=request_id, source_ip=source_ip)
    links.use(actor, link, user, secrets.hash_password(password), "member.password_reset")
    return user


# --- invitations -----------------------------------------------------------------------------


def new_invitation(
    user: UserItem, organization: str, inviter: str, base_url: str
) -> tuple[SignInLinkItem, OutboxItem]:
    """A fresh invitation link for ``user`` (valid ``INVITATION_DAYS``) and the e-mail that
    carries it; the caller writes both in the transaction that creates or re-invites the
    person, then queues the mail (``queue_mail``)."""
    token = random.token_urlsafe(32)
    expires = invites.expires(clock.now())
    url = f"{base_url}/console/accept-invitation?token={token}"
    subject = f"Partner Console: {inviter} invited you to {organization}"
    body = (
        f"{inviter} added you ({user.email}) as {user.role} of {organization} on the Partner "
        f"Console.\n\nOpen this link within {invites.INVITATION_DAYS} days to choose your "
        f"password (it works once):\n\n{url}\n\nIf you did not expect this, ignore this "
        "message: nobody can sign in as you without it."
    )
    mail = outbox.build("invitation", user.email, user.id, subject, body)
    link = SignInLinkItem(
        id=_link_id(token),
        purpose="invite",
        user_id=user.id,
        expires_at=clock.iso(expires),
        ttl=expires + timedelta(days=1),
    )
    return link, mail


def check_invitation(token: str) -> UserItem:
    """The invited person, if the link is the one in force and has not expired."""
    return _valid(token, "invite")[1]


def accept_invitation(token: str, password: str, *, source_ip: str, request_id: str) -> UserItem:
    """Set the invited person's own password (the console rule); the invitation ends. They
    then sign in like anyone (and enrol a second factor if their organization requires one)."""
    link, user = _valid(token, "invite")
    require_console_password(password, user.email)
    actor = system_principal("invitation link", request_id=request_id, source_ip=source_ip)
    links.accept_invitation(actor, link, user, secrets.hash_password(password))
    user.invited_until = user.invitation_link = None
    return user
