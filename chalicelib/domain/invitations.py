"""Invitations (pure): a person added without a password gets a single-use link, valid
``INVITATION_DAYS``, to a page where they choose their own.

* A new member is created either with a password (scripts; the ICMC operation requires one) or
  with an invitation, never both and never neither (``how_added``).
* While invited, the member exists (their email is theirs, an admin sees them as ``invited``
  with the link's expiry) but cannot sign in: their stored password is an unguessable random
  one, and a "Forgot password?" link is not sent to them (``may_get_reset_link``).
* Re-sending replaces the link (the old one stops working: the member record names the one
  link in force); revoking removes the member while still invited; accepting sets the
  password and ends the invitation, once.
* A link is for one purpose: a reset link does not accept an invitation and an invitation link
  does not reset a password (``link_usable``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from chalicelib.errors import ValidationFailed

INVITATION_DAYS = 7

MemberStatus = Literal["active", "invited", "invitation_expired"]


def expires(now: datetime) -> datetime:
    return now + timedelta(days=INVITATION_DAYS)


def how_added(password: str | None, invite: bool) -> Literal["password", "invitation"]:
    """A member is added with an initial password or with an invitation: exactly one."""
    if invite and password:
        raise ValidationFailed(
            "Choose one: send an invitation (the person sets their own password) or set an "
            "initial password, not both.",
            details=[
                {
                    "field": "password",
                    "location": "body",
                    "message": "Leave the password out when you send an invitation.",
                }
            ],
        )
    if not invite and not password:
        raise ValidationFailed(
            "Set an initial password, or send an invitation so the person sets their own.",
            details=[
                {
                    "field": "password",
                    "location": "body",
                    "message": "Enter an initial password, or choose to send an invitation.",
                }
            ],
        )
    return "invitation" if invite else "password"


def member_status(invited_until: str | None, now: datetime) -> MemberStatus:
    """``invited_until`` is the RFC 3339 expiry of the link in force (None once accepted)."""
    if not invited_until:
        return "active"
    until = datetime.fromisoformat(invited_until.replace("Z", "+00:00"))
    return "invited" if now < until else "invitation_expired"


def may_get_reset_link(invited_until: str | None) -> bool:
    """An invited person's way in is their invitation (an admin re-sends it when it expired);
    a reset link would outlive the invitation's expiry."""
    return not invited_until


def link_usable(
    purpose: str, wanted: str, expires_at: str, now: datetime, in_force: bool = True
) -> bool:
    """A stored link works for ``wanted`` until it expires; an invitation link only while the
    member record still names it (``in_force``: a re-sent invitation replaces it)."""
    if purpose != wanted:
        return False
    if now >= datetime.fromisoformat(expires_at.replace("Z", "+00:00")):
        return False
    return in_force


def revocable(invited_until: str | None) -> bool:
    """Only an invitation not yet accepted can be revoked (an active member is removed)."""
    return bool(invited_until)
