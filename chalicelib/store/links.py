"""Single-use links that set a person's password (reset, invitation): stored as a keyed hash,
with the e-mail that carries them in the same transaction (the outbox), and used once."""

from __future__ import annotations

from chalicelib import clock
from chalicelib.domain.principal import Principal
from chalicelib.errors import Conflict
from chalicelib.store import audit, outbox
from chalicelib.store.base import Tx, run_transaction
from chalicelib.store.models import OutboxItem, SignInLinkItem, UserItem
from chalicelib.store.scoped import get_unscoped


def create(link: SignInLinkItem, mail: OutboxItem) -> None:
    tx = Tx().save("link", link, condition=SignInLinkItem.id.does_not_exist())
    outbox.add(tx, mail)
    run_transaction(lambda: tx, lambda _t, _n: None)


def get(link_id: str) -> SignInLinkItem | None:
    return get_unscoped(SignInLinkItem, link_id)


def use(
    principal: Principal, link: SignInLinkItem, user: UserItem, password_hash: str, action: str
) -> None:
    """Set the password and end every session of the person, deleting the link, in one
    transaction with its audit record; a link already used fails the condition."""
    tx = (
        Tx()
        .delete("link", link, condition=SignInLinkItem.id.exists())
        .update(
            "user",
            user,
            [
                UserItem.password_hash.set(password_hash),
                UserItem.session_epoch.set(int(user.session_epoch) + 1),
            ],
            condition=UserItem.session_epoch == int(user.session_epoch),
        )
    )
    audit.audited(
        tx,
        principal,
        action,
        target_type="member",
        target_id=user.id,
        path=user.path,
        after={"passwordChanged": True, "sessionsEnded": True},
    )

    def failed(_tx: Tx, names: set[str]) -> None:
        raise Conflict(
            "This link was already used or has been replaced; ask for a new one.",
            code="link_used",
        )

    run_transaction(lambda: tx, failed)


def resend_invitation(
    principal: Principal,
    user: UserItem,
    link: SignInLinkItem,
    mail: OutboxItem,
) -> None:
    """Replace an invited member's link by ``link`` (the old one is deleted and stops working)
    with its e-mail, in one transaction: only while the invitation being replaced is still the
    one in force (not accepted, not re-sent by someone else in the meantime)."""
    tx = Tx().update(
        "user",
        user,
        [
            UserItem.invitation_link.set(link.id),
            UserItem.invited_until.set(link.expires_at),
            UserItem.updated_at.set(clock.iso(clock.now())),
        ],
        condition=UserItem.invitation_link == (user.invitation_link or ""),
    )
    if user.invitation_link:
        tx.delete("old", SignInLinkItem(id=user.invitation_link))
    tx.save("link", link, condition=SignInLinkItem.id.does_not_exist())
    outbox.add(tx, mail)
    audit.audited(
        tx,
        principal,
        "member.invitation_resend",
        target_type="member",
        target_id=user.id,
        path=user.path,
        before={"invitedUntil": user.invited_until},
        after={"invitedUntil": link.expires_at},
    )

    def failed(_tx: Tx, names: set[str]) -> None:
        raise Conflict(
            f"{user.email} has accepted the invitation or it was re-sent in the meantime; "
            "reload the list.",
            code="invitation_changed",
        )

    run_transaction(lambda: tx, failed)


def accept_invitation(
    principal: Principal, link: SignInLinkItem, user: UserItem, password_hash: str
) -> None:
    """Set the invited person's password and end the invitation, deleting its link, in one
    transaction with the audit record: works once, and only with the link in force."""
    tx = (
        Tx()
        .delete("link", link, condition=SignInLinkItem.id.exists())
        .update(
            "user",
            user,
            [
                UserItem.password_hash.set(password_hash),
                UserItem.session_epoch.set(int(user.session_epoch) + 1),
                UserItem.invited_until.remove(),
                UserItem.invitation_link.remove(),
                UserItem.updated_at.set(clock.iso(clock.now())),
            ],
            condition=UserItem.invitation_link == link.id,
        )
    )
    audit.audited(
        tx,
        principal,
        "member.invitation_accept",
        target_type="member",
        target_id=user.id,
        path=user.path,
        after={"email": user.email, "passwordSet": True},
    )

    def failed(_tx: Tx, names: set[str]) -> None:
        raise Conflict(
            "This invitation was already accepted or has been replaced; sign in, or ask for "
            "a new invitation.",
            code="link_used",
        )

    run_transaction(lambda: tx, failed)
