"""Console users of an organization: your own team, or the users of an organization below you.

Who may do it is the DESIGN table: in your own organization, managing people is for admins; in an
organization below yours, admins and staff create users and only admins change or remove them.
"""

from __future__ import annotations

import secrets
import uuid

from chalicelib import clock
from chalicelib.domain import invitations as invites
from chalicelib.domain.passwords import require_console_password
from chalicelib.domain.principal import Principal
from chalicelib.domain.roles import Action
from chalicelib.errors import Conflict, Forbidden, NotFound
from chalicelib.paging import Page, PageRequest
from chalicelib.services import password_links
from chalicelib.services.credentials import hash_password
from chalicelib.services.notifications import queue_mail
from chalicelib.store import links, users
from chalicelib.store import organizations as orgs
from chalicelib.store.models import OrganizationItem, UserItem

_KEY_CREATOR = (
    "An API key cannot change the role, password or existence of the person who created it; "
    "ask another admin to log in and do it."
)


def _organization(principal: Principal, org_id: str, partner_only: bool) -> OrganizationItem:
    return orgs.get_partner(principal, org_id) if partner_only else orgs.get(principal, org_id)


def _require(principal: Principal, org: OrganizationItem, change: str) -> None:
    if org.id == principal.org_id:
        principal.require(Action.MANAGE_TEAM)
    elif change == "create":
        principal.require(Action.CREATE_CHILD_USERS)
    else:
        principal.require(Action.MANAGE_CHILD_USERS)


def _member_of(principal: Principal, org: OrganizationItem, member_id: str) -> UserItem:
    user = users.get(principal, member_id)
    if user.org_id != org.id:
        raise NotFound.of("Member", member_id)
    return user


def list_members(
    principal: Principal,
    org_id: str,
    page: PageRequest,
    *,
    partner_only: bool = False,
    descending: bool = False,
) -> Page[UserItem]:
    """One page of the organization's people by e-mail address (``descending``: backwards,
    for a console table's "Previous")."""
    principal.require(Action.VIEW)
    org = _organization(principal, org_id, partner_only)
    return users.list_for_org(org.id, page, descending=descending)


def position(user: UserItem) -> dict:
    """Where ``user`` stands in e-mail order (a start key for either direction)."""
    return users.email_position(user)


def create_member(
    principal: Principal,
    org_id: str,
    *,
    email: str,
    name: str,
    role: str,
    password: str | None = None,
    invite: bool = False,
    base_url: str = "",
    partner_only: bool = False,
) -> UserItem:
    """With ``password`` the person can sign in at once; with ``invite`` they get an e-mail
    with a single-use link (7 days) to choose their own, and are listed as invited until then."""
    org = _organization(principal, org_id, partner_only)
    _require(principal, org, "create")
    how = invites.how_added(password, invite)
    if how == "password":
        require_console_password(password or "", email)
    else:
        # unguessable and never told to anyone: the person cannot sign in until they accept
        password = secrets.token_urlsafe(32)
    now = clock.iso(clock.now())
    user = UserItem(
        id=str(uuid.uuid4()),
        email=email,
        email_lower=email.lower(),
        name=name,
        role=role,
        org_id=org.id,
        path=org.path,
        org_type=org.type,
        password_hash=hash_password(password),
        session_epoch=0,
        created_at=now,
        updated_at=now,
    )
    if how == "password":
        return users.create(principal, user)
    link, mail = password_links.new_invitation(user, org.name, _inviter(principal), base_url)
    user.invited_until, user.invitation_link = link.expires_at, link.id
    users.create(principal, user, (link, mail))
    queue_mail(mail.id)
    return user


def _inviter(principal: Principal) -> str:
    if principal.kind == "user":
        return principal.user_name or principal.actor_label
    return principal.actor_label


def resend_invitation(
    principal: Principal, org_id: str, member_id: str, *, base_url: str, partner_only: bool = False
) -> UserItem:
    """A new link (7 days from now) in a new e-mail; the previous link stops working."""
    org = _organization(principal, org_id, partner_only)
    user = _member_of(principal, org, member_id)
    _require(principal, org, "create")
    if not invites.revocable(user.invited_until):
        raise Conflict(
            f"{user.email} has already accepted the invitation and can sign in.",
            code="not_invited",
        )
    link, mail = password_links.new_invitation(user, org.name, _inviter(principal), base_url)
    links.resend_invitation(principal, user, link, mail)
    queue_mail(mail.id)
    user.invited_until, user.invitation_link = link.expires_at, link.id
    return user


def revoke_invitation(
    principal: Principal, org_id: str, member_id: str, *, partner_only: bool = False
) -> None:
    """Remove a member who has not accepted their invitation yet (their link stops working)."""
    org = _organization(principal, org_id, partner_only)
    user = _member_of(principal, org, member_id)
    _require(principal, org, "delete")
    if not invites.revocable(user.invited_until):
        raise Conflict(
            f"{user.email} has already accepted the invitation; remove the member instead.",
            code="not_invited",
        )
    users.delete(principal, user, only_invited=True)


def update_member(
    principal: Principal,
    org_id: str,
    member_id: str,
    *,
    name: str | None = None,
    role: str | None = None,
    password: str | None = None,
    partner_only: bool = False,
) -> UserItem:
    org = _organization(principal, org_id, partner_only)
    user = _member_of(principal, org, member_id)
    _require(principal, org, "update")
    changes_access = (role is not None and role != user.role) or password is not None
    if principal.kind == "api_key" and principal.is_person(user.id) and changes_access:
        raise Forbidden(_KEY_CREATOR)
    if role is not None and role != user.role and user.id == principal.user_id:
        raise Conflict("You cannot change your own role; ask another admin.", code="own_role")
    if password is not None:
        require_console_password(password, user.email)
    return users.update(
        principal,
        user,
        name=name,
        role=role,
        password_hash=hash_password(password) if password is not None else None,
    )


def delete_member(
    principal: Principal, org_id: str, member_id: str, *, partner_only: bool = False
) -> None:
    org = _organization(principal, org_id, partner_only)
    user = _member_of(principal, org, member_id)
    _require(principal, org, "delete")
    if principal.kind == "api_key" and principal.is_person(user.id):
        raise Forbidden(_KEY_CREATOR)
    if user.id == principal.user_id:
        raise Conflict("You cannot delete your own account; ask another admin.", code="own_account")
    users.delete(principal, user)
