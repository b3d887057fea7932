"""Who is e-mailed on behalf of an organization: its admins (one Query on the users'
organization index, paged through)."""

from __future__ import annotations

from chalicelib.store.models import UserItem
from chalicelib.store.scoped import every_item


def admins_of(org_id: str) -> list[str]:
    return [
        user.email
        for user in every_item(UserItem.by_organization.query, org_id)
        if user.role == "admin"
    ]
