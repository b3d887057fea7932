"""Passkeys (WebAuthn credentials) and the challenges of their ceremonies.

* A challenge is used once: it is deleted with a condition before its answer is verified.
* A passkey is registered with the person's ``passkey_count`` + 1 (bounded by
  ``MAX_PASSKEYS``) and its audit record in one transaction; removed the same way.
* A sign-in moves ``sign_count`` forward only from the value it read (a conditional update),
  so two uses of one assertion cannot both succeed.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DeleteError, UpdateError

from chalicelib import clock
from chalicelib.domain.mfa import MAX_PASSKEYS
from chalicelib.domain.principal import Principal
from chalicelib.errors import Conflict, NotFound
from chalicelib.paging import Page, PageRequest
from chalicelib.store import audit
from chalicelib.store.base import Tx, run_transaction
from chalicelib.store.models import MfaTicketItem, PasskeyItem, UserItem, WebAuthnChallengeItem
from chalicelib.store.scoped import get_unscoped, query_page


def _conditional(change) -> bool:
    try:
        change()
    except (UpdateError, DeleteError) as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def challenge_key(challenge: str) -> str:
    return f"webauthn#{challenge}"


def save_challenge(item: WebAuthnChallengeItem) -> None:
    item.save(condition=WebAuthnChallengeItem.id.does_not_exist())


def take_challenge(challenge: str) -> WebAuthnChallengeItem | None:
    """The challenge's record, deleted (single use); None if unknown or already taken."""
    item = get_unscoped(WebAuthnChallengeItem, challenge_key(challenge))
    if item is None:
        return None
    taken = _conditional(lambda: item.delete(condition=WebAuthnChallengeItem.id.exists()))
    return item if taken else None


def take_ticket_challenge(ticket_id: str, challenge: str) -> bool:
    """A second-factor ticket's passkey challenge, used once."""
    return _conditional(
        lambda: MfaTicketItem(id=ticket_id).update(
            actions=[MfaTicketItem.challenge.remove()],
            condition=MfaTicketItem.challenge == challenge,
        )
    )


def get(passkey_id: str) -> PasskeyItem | None:
    return get_unscoped(PasskeyItem, passkey_id)


def list_for_user(user_id: str, page: PageRequest) -> Page[PasskeyItem]:
    """``user_id`` is the signed-in person's own id."""
    return query_page(PasskeyItem.by_user.query, user_id, page)


def every_for_user(user_id: str) -> list[PasskeyItem]:
    return list(PasskeyItem.by_user.query(user_id, limit=MAX_PASSKEYS * 2))


def _event(tx: Tx, principal: Principal, action: str, user: UserItem, passkey: PasskeyItem, **snap):
    return audit.audited(
        tx, principal, action, target_type="member", target_id=user.id, path=user.path, **snap
    )


def create(principal: Principal, user: UserItem, passkey: PasskeyItem) -> None:
    tx = (
        Tx()
        .save("passkey", passkey, condition=PasskeyItem.id.does_not_exist())
        .update(
            "user",
            user,
            [UserItem.passkey_count.add(1)],
            condition=UserItem.id.exists()
            & (UserItem.passkey_count.does_not_exist() | (UserItem.passkey_count < MAX_PASSKEYS)),
        )
    )
    _event(tx, principal, "member.passkey_add", user, passkey, after={"passkey": passkey.name})

    def failed(_tx: Tx, names: set[str]) -> None:
        if "passkey" in names:
            raise Conflict("This passkey is already registered.", code="passkey_exists")
        raise Conflict(
            f"You have {MAX_PASSKEYS} passkeys, the most one person may have; remove one first.",
            code="too_many_passkeys",
        )

    run_transaction(lambda: tx, failed)


def delete(principal: Principal, user: UserItem, passkey: PasskeyItem) -> None:
    tx = (
        Tx()
        .delete("passkey", passkey, condition=PasskeyItem.user_id == user.id)
        .update(
            "user", user, [UserItem.passkey_count.add(-1)], condition=UserItem.passkey_count > 0
        )
    )
    _event(tx, principal, "member.passkey_remove", user, passkey, before={"passkey": passkey.name})

    def failed(_tx: Tx, _names: set[str]) -> None:
        raise NotFound.of("Passkey", passkey.id)

    run_transaction(lambda: tx, failed)


def record_use(passkey: PasskeyItem, new_count: int, at: datetime) -> bool:
    """Move the sign count forward from the value read; False if someone else moved it."""
    return _conditional(
        lambda: passkey.update(
            actions=[
                PasskeyItem.sign_count.set(new_count),
                PasskeyItem.last_used_at.set(clock.iso(at)),
            ],
            condition=PasskeyItem.sign_count == int(passkey.sign_count),
        )
    )
