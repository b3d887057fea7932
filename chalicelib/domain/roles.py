"""Who may do what: the permission table of DESIGN §2, encoded once.

| action in scope                                              | admin | staff | viewer |
|--------------------------------------------------------------|-------|-------|--------|
| view everything, export CSV                                  | yes   | yes   | yes    |
| create/update partners, storage accounts, allocations,       | yes   | yes   | no     |
|   transfers; schedule deletions                              |       |       |        |
| create a partner's console users                             | yes   | yes   | no     |
| update or delete a partner's console users                   | yes   | no    | no     |
| manage own team members                                      | yes   | no    | no     |
| create/delete API keys                                       | yes   | yes   | no     |
| register deals                                               | yes   | yes   | no     |

Provider admin/staff additionally create distributors, direct channel partners and contracts,
and review deals (``MANAGE_CHANNEL``). The ``metering`` role (API keys only, created by the
provider) may do exactly one thing: post usage samples. Only the provider's admins run the
scheduled jobs on demand (``RUN_JOBS``).
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"
    VIEWER = "viewer"
    METERING = "metering"


class OrgType(StrEnum):
    PROVIDER = "provider"
    DISTRIBUTOR = "distributor"
    PARTNER = "partner"


class Action(StrEnum):
    VIEW = "view everything and export CSV"
    MANAGE_RESOURCES = (
        "create or update partners, storage accounts, allocations and transfers, "
        "and schedule deletions"
    )
    CREATE_CHILD_USERS = "create a partner's console users"
    MANAGE_CHILD_USERS = "update or delete a partner's console users"
    MANAGE_TEAM = "manage your own team members"
    MANAGE_API_KEYS = "create or delete API keys"
    REGISTER_DEALS = "register deals"
    MANAGE_CHANNEL = "create distributors, direct channel partners and contracts, and review deals"
    POST_USAGE = "post usage samples"
    MANAGE_ALERTS = "manage alert rules and webhook endpoints"
    RUN_JOBS = "run scheduled jobs on demand"


#: The console roles a person can hold, from most to least powerful.
MEMBER_ROLES = (Role.ADMIN, Role.STAFF, Role.VIEWER)

_ALL = frozenset(MEMBER_ROLES)
_WRITERS = frozenset({Role.ADMIN, Role.STAFF})
_ADMINS = frozenset({Role.ADMIN})

PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.VIEW: _ALL,
    Action.MANAGE_RESOURCES: _WRITERS,
    Action.CREATE_CHILD_USERS: _WRITERS,
    Action.MANAGE_CHILD_USERS: _ADMINS,
    Action.MANAGE_TEAM: _ADMINS,
    Action.MANAGE_API_KEYS: _WRITERS,
    Action.REGISTER_DEALS: _WRITERS,
    Action.MANAGE_CHANNEL: _WRITERS,
    Action.POST_USAGE: frozenset({Role.METERING}),
    Action.MANAGE_ALERTS: _WRITERS,
    Action.RUN_JOBS: _ADMINS,
}

#: Actions only principals of the provider organization may perform.
PROVIDER_ONLY = frozenset({Action.MANAGE_CHANNEL, Action.POST_USAGE, Action.RUN_JOBS})


def is_allowed(role: Role, org_type: OrgType, action: Action) -> bool:
    if action in PROVIDER_ONLY and org_type != OrgType.PROVIDER:
        return False
    return role in PERMISSIONS[action]


def rank(role: Role) -> int:
    """Higher is more powerful; ``metering`` is outside the console ladder (rank 0)."""
    return {Role.ADMIN: 3, Role.STAFF: 2, Role.VIEWER: 1}.get(role, 0)


def key_role_allowed(creator_role: Role, creator_org: OrgType, key_role: Role) -> bool:
    """An API key acts with a role no higher than its creator's; only the provider's
    admin/staff may mint ``metering`` keys."""
    if key_role == Role.METERING:
        return creator_org == OrgType.PROVIDER and creator_role in _WRITERS
    return rank(key_role) <= rank(creator_role)


def effective_key_role(key_role: Role, creator_role: Role | None, org_type: OrgType) -> Role | None:
    """The role an API key acts with now: its own, but never above its creator's *current*
    role while the creator exists (a demoted person's key is demoted with them); the key's own
    once the creator is gone (it is the organization's). None: a ``metering`` key whose
    creator may no longer mint one acts with no role at all."""
    if creator_role is None or key_role_allowed(creator_role, org_type, key_role):
        return key_role
    if key_role == Role.METERING:
        return None
    return creator_role
