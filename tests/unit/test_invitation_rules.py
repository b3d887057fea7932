"""Invitation rules (``domain/invitations.py``) as tables."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.domain import invitations as rules
from chalicelib.errors import ValidationFailed

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("password", "invite", "expected"),
    [
        ("Initial-Passw0rd!", False, "password"),
        (None, True, "invitation"),
        ("", True, "invitation"),
        ("Initial-Passw0rd!", True, ValidationFailed),
        (None, False, ValidationFailed),
        ("", False, ValidationFailed),
    ],
)
def test_a_member_is_added_with_a_password_or_an_invitation(password, invite, expected):
    if expected is ValidationFailed:
        with pytest.raises(ValidationFailed) as caught:
            rules.how_added(password, invite)
        assert caught.value.details[0]["field"] == "password"
    else:
        assert rules.how_added(password, invite) == expected


def test_an_invitation_lasts_seven_days():
    assert rules.expires(NOW) == datetime(2026, 12, 11, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("invited_until", "status"),
    [
        (None, "active"),
        ("", "active"),
        ("2026-12-11T12:00:00Z", "invited"),
        ("2026-12-04T12:00:01Z", "invited"),
        ("2026-12-04T12:00:00Z", "invitation_expired"),
        ("2026-11-30T00:00:00Z", "invitation_expired"),
    ],
)
def test_member_status(invited_until, status):
    assert rules.member_status(invited_until, NOW) == status


@pytest.mark.parametrize(
    ("purpose", "wanted", "expires_at", "in_force", "usable"),
    [
        ("invite", "invite", "2026-12-11T12:00:00Z", True, True),
        ("invite", "invite", "2026-12-11T12:00:00Z", False, False),  # re-sent: replaced
        ("invite", "invite", "2026-12-04T12:00:00Z", True, False),  # expired this instant
        ("reset", "invite", "2026-12-11T12:00:00Z", True, False),  # wrong purpose
        ("invite", "reset", "2026-12-11T12:00:00Z", True, False),
        ("reset", "reset", "2026-12-04T12:59:59Z", True, True),
    ],
)
def test_a_link_works_for_its_purpose_until_it_expires(
    purpose, wanted, expires_at, in_force, usable
):
    assert rules.link_usable(purpose, wanted, expires_at, NOW, in_force) is usable


@pytest.mark.parametrize(
    ("invited_until", "reset", "revocable"),
    [(None, True, False), ("2026-12-11T12:00:00Z", False, True)],
)
def test_reset_links_and_revocation_follow_the_invitation(invited_until, reset, revocable):
    assert rules.may_get_reset_link(invited_until) is reset
    assert rules.revocable(invited_until) is revocable
