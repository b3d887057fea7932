"""Second factors on the person's record, and the tickets between a right password and a second
factor. Every "use once" is one conditional write: a TOTP time step is stored only if it is later
than the last one used, a recovery code is removed from the set only if it is still in it, and a
ticket is deleted only if it still exists.
"""

from __future__ import annotations

import contextlib
from datetime import datetime

from pynamodb.exceptions import DeleteError, UpdateError

from chalicelib import clock
from chalicelib.domain.principal import Principal
from chalicelib.errors import Conflict
from chalicelib.store import audit
from chalicelib.store.base import Tx, run_transaction
from chalicelib.store.models import MfaTicketItem, PasskeyItem, UserItem
from chalicelib.store.scoped import get_unscoped


def _failed_if(_tx: Tx, names: set[str], message: str, code: str):
    raise Conflict(message, code=code)


def _conditional(update) -> bool:
    try:
        update()
    except (UpdateError, DeleteError) as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


# --- tickets ---------------------------------------------------------------------------------


def save_ticket(ticket: MfaTicketItem) -> None:
    ticket.save(condition=MfaTicketItem.id.does_not_exist())


def get_ticket(ticket_id: str) -> MfaTicketItem | None:
    return get_unscoped(MfaTicketItem, ticket_id)


def set_ticket_challenge(ticket_id: str, challenge: str) -> bool:
    return _conditional(
        lambda: MfaTicketItem(id=ticket_id).update(
            actions=[MfaTicketItem.challenge.set(challenge)],
            condition=MfaTicketItem.id.exists(),
        )
    )


def use_ticket(ticket_id: str) -> bool:
    """Consume a ticket; False when someone else already did (or it never existed)."""
    return _conditional(
        lambda: MfaTicketItem(id=ticket_id).delete(condition=MfaTicketItem.id.exists())
    )


# --- TOTP ------------------------------------------------------------------------------------


def start_totp(user: UserItem, sealed_secret: str, at: datetime) -> bool:
    """Record a started enrolment; False when TOTP is already on."""
    return _conditional(
        lambda: user.update(
            actions=[
                UserItem.totp_pending.set(sealed_secret),
                UserItem.totp_pending_at.set(clock.iso(at)),
            ],
            condition=UserItem.id.exists() & UserItem.totp_secret.does_not_exist(),
        )
    )


def enable_totp(
    principal: Principal, user: UserItem, step: int, recovery_hashes: set[str], at: datetime
) -> None:
    """Turn the started enrolment on, with its recovery codes, audited, in one transaction."""
    tx = Tx().update(
        "user",
        user,
        [
            UserItem.totp_secret.set(user.totp_pending),
            UserItem.totp_last_step.set(step),
            UserItem.totp_enabled_at.set(clock.iso(at)),
            UserItem.recovery_codes.set(recovery_hashes),
            UserItem.totp_pending.remove(),
            UserItem.totp_pending_at.remove(),
        ],
        condition=(UserItem.totp_pending == user.totp_pending)
        & UserItem.totp_secret.does_not_exist(),
    )
    audit.audited(
        tx,
        principal,
        "member.mfa_enable",
        target_type="member",
        target_id=user.id,
        path=user.path,
        after={"method": "totp"},
    )
    run_transaction(
        lambda: tx,
        lambda t, n: _failed_if(
            t,
            n,
            "This enrolment was already confirmed or replaced; start again.",
            "totp_enrolment_changed",
        ),
    )


def use_totp_step(user_id: str, step: int) -> bool:
    """Claim time step ``step`` for the person; False if it (or a later one) was already used."""
    return _conditional(
        lambda: UserItem(id=user_id).update(
            actions=[UserItem.totp_last_step.set(step)],
            condition=UserItem.totp_secret.exists()
            & (UserItem.totp_last_step.does_not_exist() | (UserItem.totp_last_step < step)),
        )
    )


def use_recovery_code(user_id: str, code_hash: str) -> bool:
    """Remove one recovery code; False if it is not (or no longer) one of the person's."""
    return _conditional(
        lambda: UserItem(id=user_id).update(
            actions=[UserItem.recovery_codes.delete({code_hash})],
            condition=UserItem.recovery_codes.contains(code_hash),
        )
    )


def disable_totp(principal: Principal, user: UserItem, action: str = "member.mfa_disable") -> None:
    tx = Tx().update(
        "user",
        user,
        [
            UserItem.totp_secret.remove(),
            UserItem.totp_last_step.remove(),
            UserItem.totp_enabled_at.remove(),
            UserItem.totp_pending.remove(),
            UserItem.totp_pending_at.remove(),
            UserItem.recovery_codes.remove(),
        ],
        condition=UserItem.totp_secret.exists(),
    )
    audit.audited(
        tx,
        principal,
        action,
        target_type="member",
        target_id=user.id,
        path=user.path,
        before={"method": "totp"},
    )
    run_transaction(
        lambda: tx,
        lambda t, n: _failed_if(
            t, n, "The authenticator app was already removed.", "totp_not_enabled"
        ),
    )


def get_user(user_id: str) -> UserItem | None:
    return get_unscoped(UserItem, user_id)


def forget_pending(user: UserItem) -> None:
    with contextlib.suppress(UpdateError):
        user.update(
            actions=[UserItem.totp_pending.remove(), UserItem.totp_pending_at.remove()],
            condition=UserItem.totp_secret.does_not_exist(),
        )


def reset_factors(principal: Principal, user: UserItem, passkey_ids: list[str]) -> None:
    """An admin removes every second factor of a person: the app, the recovery codes and the
    passkeys go, and every session of the person ends (``session_epoch`` + 1), in one
    transaction with its audit record."""
    tx = Tx().update(
        "user",
        user,
        [
            UserItem.totp_secret.remove(),
            UserItem.totp_last_step.remove(),
            UserItem.totp_enabled_at.remove(),
            UserItem.totp_pending.remove(),
            UserItem.totp_pending_at.remove(),
            UserItem.recovery_codes.remove(),
            UserItem.passkey_count.set(0),
            UserItem.session_epoch.set(int(user.session_epoch) + 1),
        ],
        condition=UserItem.session_epoch == int(user.session_epoch),
    )
    for passkey_id in passkey_ids:
        tx.delete(f"passkey {passkey_id}", PasskeyItem(id=passkey_id))
    audit.audited(
        tx,
        principal,
        "member.mfa_reset",
        target_type="member",
        target_id=user.id,
        path=user.path,
        before={
            "totp": bool(user.totp_secret),
            "passkeys": int(user.passkey_count or 0),
        },
        after={"totp": False, "passkeys": 0, "sessionsEnded": True},
    )
    run_transaction(
        lambda: tx,
        lambda t, n: _failed_if(
            t,
            n,
            "This person was changed by someone else at the same moment; nothing was changed. "
            "Reload and try again.",
            "concurrent_change",
        ),
    )


def passkey_ids(user_id: str) -> list[str]:
    """Every passkey id of a person (at most ``MAX_PASSKEYS``, one Query)."""
    return [p.id for p in PasskeyItem.by_user.query(user_id, limit=100)]
