"""Console users and the system-wide uniqueness of their email addresses."""

from __future__ import annotations

import contextlib

from pynamodb.exceptions import UpdateError

from chalicelib import clock
from chalicelib.domain.principal import Principal
from chalicelib.errors import Conflict, NotFound
from chalicelib.paging import Page, PageRequest
from chalicelib.store import audit, outbox
from chalicelib.store.base import Tx, not_found_on_failure, run_transaction
from chalicelib.store.models import (
    EmailClaimItem,
    OrganizationItem,
    OutboxItem,
    SessionItem,
    SignInLinkItem,
    UserItem,
)
from chalicelib.store.scoped import every_item, get_in_scope, get_unscoped, query_page


def claim_key(email: str) -> str:
    return f"email#{email.strip().lower()}"


def snapshot(user: UserItem) -> dict:
    return {"email": user.email, "name": user.name, "role": user.role, "orgId": user.org_id}


def get(principal: Principal, user_id: str) -> UserItem:
    if user_id.startswith("email#"):
        raise NotFound.of("Member", user_id)
    return get_in_scope(UserItem, user_id, principal, "Member")


def find_by_email(email: str) -> UserItem | None:
    """For login only: the user owning ``email`` (case-insensitive), unscoped."""
    claim = get_unscoped(EmailClaimItem, claim_key(email))
    return get_unscoped(UserItem, claim.user_id) if claim else None


def find_in_scope_by_email(principal: Principal, email: str) -> UserItem | None:
    """The user owning ``email`` when they belong to the caller's organization or below it;
    None otherwise (whether or not the address exists elsewhere)."""
    user = find_by_email(email)
    return user if user is not None and principal.sees(user.path) else None


def list_for_org(org_id: str, page: PageRequest, *, descending: bool = False) -> Page[UserItem]:
    """One page of the organization's people by e-mail address (``organization-index``, read
    backwards when ``descending``). ``org_id`` must come from a scoped read of the
    organization."""
    return query_page(UserItem.by_organization.query, org_id, page, newest_first=descending)


def email_position(user: UserItem) -> dict:
    """Where ``user`` stands on ``organization-index`` (a start key for either direction)."""
    return {
        "id": {"S": user.id},
        "org_id": {"S": user.org_id},
        "email_lower": {"S": user.email_lower},
    }


def set_locale(user: UserItem, locale: str | None) -> UserItem:
    """Store the person's console language (``None`` removes it); ``user`` comes from a scoped
    read. A preference, not an audited change."""
    action = UserItem.locale.set(locale) if locale else UserItem.locale.remove()
    try:
        user.update(actions=[action], condition=UserItem.id.exists())
    except UpdateError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise
        raise NotFound("Your session has ended; log in again.") from exc
    return user


def email_taken(email: str) -> Conflict:
    return Conflict(f"A user with the email {email} already exists.", code="email_taken")


def _member_event(tx: Tx, principal: Principal, action: str, user: UserItem, **snap) -> Tx:
    return audit.audited(
        tx, principal, action, target_type="member", target_id=user.id, path=user.path, **snap
    )


def create(
    principal: Principal,
    user: UserItem,
    invitation: tuple[SignInLinkItem, OutboxItem] | None = None,
) -> UserItem:
    """The user, the claim of their email and the audit record in one transaction; with an
    ``invitation``, also its link and the e-mail that carries it (the outbox)."""
    tx = (
        Tx()
        .save(
            "claim",
            EmailClaimItem(id=claim_key(user.email), user_id=user.id),
            condition=EmailClaimItem.id.does_not_exist(),
        )
        .save("user", user, condition=UserItem.id.does_not_exist())
        .check("org", OrganizationItem, user.org_id, OrganizationItem.id.exists())
    )
    if invitation is not None:
        link, mail = invitation
        tx.save("link", link, condition=SignInLinkItem.id.does_not_exist())
        outbox.add(tx, mail)
        after = {**snapshot(user), "invitedUntil": user.invited_until}
        _member_event(tx, principal, "member.invite", user, after=after)
    else:
        _member_event(tx, principal, "member.create", user, after=snapshot(user))

    def failed(_tx: Tx, names: set[str]) -> None:
        if "org" in names:
            raise NotFound.of("Organization", user.org_id)
        raise email_taken(user.email)

    run_transaction(lambda: tx, failed)
    return user


def update(
    principal: Principal,
    user: UserItem,
    *,
    name: str | None = None,
    role: str | None = None,
    password_hash: str | None = None,
    keep_session: str | None = None,
    action: str = "member.update",
) -> UserItem:
    """Change name, role and/or password. A new password revokes every session of the user
    (``session_epoch`` + 1) except ``keep_session``, which moves to the new epoch."""
    before = snapshot(user)
    now = clock.iso(clock.now())
    actions = [UserItem.updated_at.set(now)]
    if name is not None:
        actions.append(UserItem.name.set(name))
    if role is not None:
        actions.append(UserItem.role.set(role))
    epoch = int(user.session_epoch)
    if password_hash is not None:
        epoch += 1
        actions += [UserItem.password_hash.set(password_hash), UserItem.session_epoch.set(epoch)]
        if user.invitation_link:  # a password set for an invited person ends the invitation
            actions += [UserItem.invited_until.remove(), UserItem.invitation_link.remove()]
    after = {**before, **({"name": name} if name is not None else {})}
    if role is not None:
        after["role"] = role
    if password_hash is not None:
        after["passwordChanged"] = True

    tx = Tx().update(
        "user",
        user,
        actions,
        condition=UserItem.id.exists() & (UserItem.session_epoch == int(user.session_epoch)),
    )
    if password_hash is not None and user.invitation_link:
        tx.delete("link", SignInLinkItem(id=user.invitation_link))
    if keep_session and password_hash is not None:
        tx.update(
            "session",
            SessionItem(id=keep_session),
            [SessionItem.epoch.set(epoch)],
            condition=SessionItem.id.exists(),
        )
    _member_event(tx, principal, action, user, before=before, after=after)

    def failed(_tx: Tx, names: set[str]) -> None:
        if "user" in names:
            raise Conflict(
                "This user was changed by someone else at the same moment; nothing was changed. "
                "Reload and try again.",
                code="concurrent_change",
            )
        raise NotFound("Your session has ended; log in again.")

    run_transaction(lambda: tx, failed)
    if name is not None:
        user.name = name
    if role is not None:
        user.role = role
    if password_hash is not None:
        user.password_hash, user.session_epoch = password_hash, epoch
        user.invited_until = user.invitation_link = None
    user.updated_at = now
    return user


def rehash_password(user: UserItem, password_hash: str) -> None:
    """Upgrade a hash made with older argon2 parameters (after a successful login)."""
    with contextlib.suppress(UpdateError):
        user.update(
            actions=[UserItem.password_hash.set(password_hash)],
            condition=UserItem.password_hash == user.password_hash,
        )


def delete(principal: Principal, user: UserItem, *, only_invited: bool = False) -> None:
    """Remove the user, their email claim and their invitation link if any. ``only_invited``
    (revoking an invitation): only while the invitation is still the one in force, so a person
    who accepted it in the meantime is not removed (409)."""
    condition = UserItem.id.exists()
    if only_invited:
        condition &= UserItem.invitation_link == (user.invitation_link or "")
    tx = (
        Tx()
        .delete("user", user, condition=condition)
        .delete("claim", EmailClaimItem(id=claim_key(user.email)))
    )
    if user.invitation_link:
        tx.delete("link", SignInLinkItem(id=user.invitation_link))
    action = "member.invitation_revoke" if only_invited else "member.delete"
    _member_event(tx, principal, action, user, before=snapshot(user))
    if only_invited:

        def failed(_tx: Tx, names: set[str]) -> None:
            raise Conflict(
                f"{user.email} has accepted the invitation or it was re-sent in the meantime; "
                "reload the list (to remove a member who has joined, remove them).",
                code="invitation_changed",
            )

        run_transaction(lambda: tx, failed)
        return
    run_transaction(lambda: tx, not_found_on_failure("Member", user.id))


def delete_all_in_org(principal: Principal, org_id: str) -> None:
    """Remove every user of an organization being deleted (their sessions die with them)."""
    for user in every_item(UserItem.by_organization.query, org_id):
        with contextlib.suppress(NotFound):
            delete(principal, user)
