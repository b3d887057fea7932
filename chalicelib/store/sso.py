"""Single sign-on records: an organization's identity provider, the email domains it claims, and
the started sign-ins waiting for the provider's answer.

* A configuration is written with its domain claims, the organization's ``sso_enforced`` flag
  and the audit record in one transaction. Each newly listed domain is a conditional put of
  ``sso-domain#<domain>`` (absent, or already this organization's), so two organizations can
  never both claim a domain, however close together they ask; a domain no longer listed is
  deleted with the condition that it is still this organization's.
* A started sign-in is deleted with a condition when it is answered (single use).
"""

from __future__ import annotations

import contextlib

from pynamodb.exceptions import DeleteError

from chalicelib import clock
from chalicelib.domain.principal import Principal
from chalicelib.errors import Conflict, NotFound
from chalicelib.store import audit
from chalicelib.store.base import Tx, run_transaction
from chalicelib.store.models import (
    EmailClaimItem,
    OrganizationItem,
    SsoConfigItem,
    SsoDomainClaimItem,
    SsoStateItem,
    UserItem,
)
from chalicelib.store.scoped import get_unscoped


def config_key(org_id: str) -> str:
    return f"sso#{org_id}"


def domain_key(domain: str) -> str:
    return f"sso-domain#{domain}"


def get_config(org_id: str) -> SsoConfigItem | None:
    """``org_id`` comes from a scoped read of the organization, or from a domain claim."""
    return get_unscoped(SsoConfigItem, config_key(org_id))


def claim_for(domain: str) -> SsoDomainClaimItem | None:
    return get_unscoped(SsoDomainClaimItem, domain_key(domain))


def snapshot(config: SsoConfigItem) -> dict:
    """What an audit record keeps of a configuration (never the client secret)."""
    return {
        "issuer": config.issuer,
        "clientId": config.client_id,
        "emailDomains": list(config.email_domains),
        "roleClaim": config.role_claim,
        "roleMapping": config.role_mapping,
        "defaultRole": config.default_role,
        "jit": bool(config.jit),
        "enforce": bool(config.enforce),
    }


def save_config(
    principal: Principal,
    org: OrganizationItem,
    config: SsoConfigItem,
    previous: SsoConfigItem | None,
) -> SsoConfigItem:
    """Create or replace ``org``'s configuration (``previous`` is what was read, or None)."""
    now = clock.iso(clock.now())
    old_domains = set(previous.email_domains) if previous else set()
    new_domains = set(config.email_domains)
    if previous is None:
        condition = SsoConfigItem.id.does_not_exist()
    else:
        condition = SsoConfigItem.version == int(previous.version)
    tx = Tx().save("config", config, condition=condition)
    for domain in sorted(new_domains - old_domains):
        tx.save(
            f"domain {domain}",
            SsoDomainClaimItem(id=domain_key(domain), org_id=org.id, claimed_at=now),
            condition=SsoDomainClaimItem.id.does_not_exist()
            | (SsoDomainClaimItem.org_id == org.id),
        )
    for domain in sorted(old_domains - new_domains):
        tx.delete(
            f"release {domain}",
            SsoDomainClaimItem(id=domain_key(domain)),
            condition=SsoDomainClaimItem.org_id == org.id,
        )
    tx.update(
        "org",
        org,
        [OrganizationItem.sso_enforced.set(bool(config.enforce))],
        condition=OrganizationItem.id.exists(),
    )
    audit.audited(
        tx,
        principal,
        "organization.sso_configure",
        target_type="organization",
        target_id=org.id,
        path=org.path,
        before=snapshot(previous) if previous else None,
        after=snapshot(config),
    )

    def failed(_tx: Tx, names: set[str]) -> None:
        claimed = sorted(n.split(" ", 1)[1] for n in names if n.startswith("domain "))
        if claimed:
            raise Conflict(
                f"The email domain {claimed[0]} is already claimed by another organization's "
                "single sign-on; a domain can belong to one organization only.",
                code="domain_claimed",
                details=[
                    {"field": "emailDomains", "location": "body", "message": f"{d} is taken."}
                    for d in claimed
                ],
            )
        if "org" in names:
            raise NotFound.of("Organization", org.id)
        raise Conflict(
            "The single sign-on settings were changed by someone else at the same moment; "
            "nothing was changed. Reload and try again.",
            code="concurrent_change",
        )

    run_transaction(lambda: tx, failed)
    return config


def delete_config(principal: Principal, org: OrganizationItem, config: SsoConfigItem) -> None:
    """Remove the configuration, release its domains and lift "enforce", in one transaction."""
    tx = Tx().delete("config", config, condition=SsoConfigItem.version == int(config.version))
    for domain in sorted(set(config.email_domains)):
        tx.delete(
            f"release {domain}",
            SsoDomainClaimItem(id=domain_key(domain)),
            condition=SsoDomainClaimItem.org_id == org.id,
        )
    tx.update(
        "org",
        org,
        [OrganizationItem.sso_enforced.set(False)],
        condition=OrganizationItem.id.exists(),
    )
    audit.audited(
        tx,
        principal,
        "organization.sso_remove",
        target_type="organization",
        target_id=org.id,
        path=org.path,
        before=snapshot(config),
    )

    def failed(_tx: Tx, _names: set[str]) -> None:
        raise Conflict(
            "The single sign-on settings were changed by someone else at the same moment; "
            "nothing was changed. Reload and try again.",
            code="concurrent_change",
        )

    run_transaction(lambda: tx, failed)


def enforced(org_id: str) -> bool:
    """For sign-in: is password sign-in restricted to break-glass for this organization?"""
    org = get_unscoped(OrganizationItem, org_id)
    return bool(org and org.sso_enforced)


# --- started sign-ins ------------------------------------------------------------------------


def save_state(item: SsoStateItem) -> None:
    item.save(condition=SsoStateItem.id.does_not_exist())


def take_state(key: str) -> SsoStateItem | None:
    """The started sign-in, deleted (single use); None if unknown or already taken."""
    item = get_unscoped(SsoStateItem, key)
    if item is None:
        return None
    try:
        item.delete(condition=SsoStateItem.id.exists())
    except DeleteError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return None
        raise
    return item


def forget_state(key: str) -> None:
    with contextlib.suppress(DeleteError):
        SsoStateItem(id=key).delete()


# --- people created at their first sign-in ---------------------------------------------------


def create_user(principal: Principal, user: UserItem, issuer: str) -> UserItem:
    """A person created by single sign-on ("just in time"): the email claim, the user and the
    audit record in one transaction; a concurrent first sign-in of the same email loses."""
    tx = (
        Tx()
        .save(
            "claim",
            EmailClaimItem(id=f"email#{user.email_lower}", user_id=user.id),
            condition=EmailClaimItem.id.does_not_exist(),
        )
        .save("user", user, condition=UserItem.id.does_not_exist())
        .check("org", OrganizationItem, user.org_id, OrganizationItem.id.exists())
    )
    audit.audited(
        tx,
        principal,
        "member.sso_create",
        target_type="member",
        target_id=user.id,
        path=user.path,
        after={
            "email": user.email,
            "name": user.name,
            "role": user.role,
            "orgId": user.org_id,
            "issuer": issuer,
        },
    )

    def failed(_tx: Tx, names: set[str]) -> None:
        if "org" in names:
            raise NotFound.of("Organization", user.org_id)
        raise Conflict(f"A user with the email {user.email} already exists.", code="email_taken")

    run_transaction(lambda: tx, failed)
    return user
