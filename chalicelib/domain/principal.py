"""The authenticated caller and the tenant-isolation rule.

Every stored record carries the path of the organization that owns it (``/prov/dist/part/``).
A principal of organization O may act only on records whose path starts with O's path; anything
else is "not found". ``Principal.sees`` is that rule, and the store's scoped reads are the only
place that applies it.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.roles import Action, OrgType, Role, is_allowed
from chalicelib.errors import Forbidden


def child_path(parent_path: str, org_id: str) -> str:
    return f"{parent_path}{org_id}/"


def path_ids(path: str) -> list[str]:
    """``/a/b/c/`` -> ``["a", "b", "c"]`` (the organization ids from the root down)."""
    return [part for part in path.split("/") if part]


@dataclass(frozen=True)
class Principal:
    kind: str  # "user" | "api_key" | "system"
    actor_id: str
    actor_label: str
    org_id: str
    org_path: str
    org_type: OrgType
    role: Role
    user_id: str | None = None
    user_name: str = ""
    session_id: str | None = None
    request_id: str = ""
    source_ip: str = ""
    #: For an API key: the person it ultimately acts for (whoever created it, or the person
    #: behind the key that created it). A key never changes that person's role, password or
    #: existence, so a demoted admin cannot lift themselves back with a key they made.
    on_behalf_of: str | None = None
    #: A person whose organization requires a second factor they do not have yet: this session
    #: may only enrol one (``services.auth.ENROLMENT_ROUTES``).
    enrolment_only: bool = False
    #: The console language the person chose (None: follow the browser).
    locale: str | None = None

    def is_person(self, user_id: str) -> bool:
        """True when ``user_id`` is the caller, or the person the calling key acts for."""
        return user_id in (self.user_id, self.on_behalf_of)

    def sees(self, path: str | None) -> bool:
        """True when a record owned by ``path`` is inside this principal's organization tree."""
        return bool(path) and path.startswith(self.org_path)

    def can(self, action: Action) -> bool:
        return is_allowed(self.role, self.org_type, action)

    def require(self, action: Action) -> None:
        if not self.can(action):
            raise Forbidden(f"Your role ({self.role}) does not allow you to {action}.")

    @property
    def is_provider(self) -> bool:
        return self.org_type == OrgType.PROVIDER


SYSTEM_ROOT = "/"


def system_principal(label: str = "system", request_id: str = "", source_ip: str = "") -> Principal:
    """For bootstrap and scheduled jobs: sees the whole tree, acts as admin."""
    return Principal(
        kind="system",
        actor_id=label,
        actor_label=label,
        org_id="",
        org_path=SYSTEM_ROOT,
        org_type=OrgType.PROVIDER,
        role=Role.ADMIN,
        request_id=request_id,
        source_ip=source_ip,
    )
