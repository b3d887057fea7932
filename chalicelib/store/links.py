"""Single-use links that set a person's password (reset, invitation): stored as a keyed hash,
with the e-mail that carries them in the same transaction (the outbox), and used once."""

from __future__ import annotations

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
